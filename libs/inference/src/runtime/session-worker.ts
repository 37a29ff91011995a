import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { type BatchExecutor, type BatchRunResult } from './batch-executor';
import { type BatchSlabLayout, BatchSlot, CLOSING_CRASH, CLOSING_ORDERLY, Control, SLOT_COUNT, SlotState, elementsFits } from './batch-slab';
import { type NumericTensorData, type TensorData, elementCount } from './tensor';
import { workerBootstrap } from './worker-bootstrap';
import { type SessionWorkerData, type WireTensor, type WorkerReply, type WorkerRequest } from './worker-protocol';

interface PendingRun {
  resolve: (result: BatchRunResult) => void;
  reject: (error: Error) => void;
}

/** How long a stopping worker may take to finish its current run before it is terminated. */
const STOP_TIMEOUT_MS = 30_000;

const WORKER_BOOTSTRAP = workerBootstrap(path.join(__dirname, `session.worker${path.extname(__filename)}`));

/** awaitSlot polls for POLL_COMPUTE_FACTOR x the typical compute time + POLL_MARGIN_MS, at most MAX_POLL_MS. */
const POLL_COMPUTE_FACTOR = 1.5;
const POLL_MARGIN_MS = 0.02;
const MAX_POLL_MS = 0.2;
const COMPUTE_WEIGHT = 0.1;

interface SlabChannel {
  control: Int32Array;
  slots: BatchSlot[];
  pending: Array<PendingRun | undefined>;
  /** Slot the next batch goes into (slots are used strictly in turn, as the worker reads them). */
  next: number;
}

/** A worker thread owning one ORT session; runs one batch at a time, up to SLOT_COUNT queued. */
export class SessionWorker implements BatchExecutor {
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 1;
  private exited = false;
  /** Set by terminate(): the exit that follows is orderly, not a crash. */
  private stopping = false;
  private lastError: string | undefined;
  /** Running average of the worker's compute time per batch: how long awaitSlot polls before it sleeps. */
  private typicalComputeNs = 0;
  /** Called once when the thread ends without terminate() (uncaught error, native crash, process.exit). */
  onUnexpectedExit: (reason: string) => void = () => undefined;
  /** Called once per event-loop turn (check phase, after the turn's I/O) while the engine watches a computing batch of this worker. */
  onWaiting: () => void = () => undefined;

  private constructor(
    private readonly worker: Worker,
    readonly executionProvider: string,
    readonly fallbackReason: string | undefined,
    private readonly slab: SlabChannel | undefined,
  ) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => {
      // An uncaught error ends the thread ('exit' follows): stop routing to it now.
      this.exited = true;
      this.lastError = error.message;
      this.failAll(`session worker crashed while running this request: ${error.message}`);
    });
    worker.on('exit', (code) => {
      this.exited = true;
      this.failAll(`session worker exited unexpectedly (code ${code}) while running this request`);
      if (!this.stopping) this.onUnexpectedExit(this.lastError ?? `exit code ${code}`);
    });
  }

  static spawn(data: Omit<SessionWorkerData, 'slab'>, layout?: BatchSlabLayout): Promise<SessionWorker> {
    const slab = layout
      ? { layout, control: new SharedArrayBuffer(Control.LENGTH * 4), slots: Array.from({ length: SLOT_COUNT }, () => new SharedArrayBuffer(layout.slotBytes)) }
      : undefined;
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { ...data, slab } satisfies SessionWorkerData });
    return new Promise<SessionWorker>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`session worker exited with code ${code} while loading`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (reply.type === 'ready') {
          const channel = slab && { control: new Int32Array(slab.control), slots: slab.slots.map((b) => new BatchSlot(b, layout as BatchSlabLayout)), pending: [], next: 0 };
          resolve(new SessionWorker(worker, reply.executionProvider, reply.fallbackReason, channel));
        } else {
          void worker.terminate();
          reject(new Error(reply.type === 'load-error' ? reply.message : `unexpected worker reply '${reply.type}' while loading`));
        }
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /**
   * Where the next batch's input `name` can be written in place (shared memory, no copy or transfer
   * later), or undefined when it must be a buffer of its own.
   */
  inputBuffer(name: string, elements: number): TensorData | undefined {
    const slab = this.slab;
    if (!slab || this.exited) return undefined;
    const slot = slab.slots[slab.next];
    const tensor = slot.layout.inputs.find((t) => t.name === name);
    if (!tensor || elements > tensor.capacity || slot.state !== SlotState.FREE) return undefined;
    return slot.view(tensor, elements);
  }

  /** Buffers in `transfer` move to the worker (the caller must not reuse them). */
  run(feeds: Record<string, WireTensor>, transfer: ArrayBuffer[]): Promise<BatchRunResult> {
    if (this.exited) return Promise.reject(new InferenceError(InferenceErrorCode.INTERNAL, 'session worker is not running'));
    const slab = this.slab;
    if (slab && this.fitsSlot(slab, feeds)) return this.runInSlot(slab, feeds);
    return this.runByMessage(feeds, transfer);
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    await this.stopThread();
  }

  /** Test hook: the thread ends with exit code 1 without answering what it holds, as a crash does (the pool restarts it). */
  simulateCrash(): Promise<void> {
    return this.stopThread(true);
  }

  /**
   * Asks the thread to exit between two runs and waits for it. Worker.terminate() during a synchronous
   * native run aborted the whole process (node-addon-api rethrowing into a terminating thread: seen
   * under Jest), so it is only the fallback for a thread that does not exit within STOP_TIMEOUT_MS.
   */
  private async stopThread(crash = false): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    if (this.slab) {
      Atomics.store(this.slab.control, Control.CLOSING, crash ? CLOSING_CRASH : CLOSING_ORDERLY);
      this.ringDoorbell(this.slab, true);
    }
    const close: WorkerRequest = { type: 'close', crash };
    this.worker.postMessage(close);
    const fallback = setTimeout(() => void this.worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(fallback);
  }

  private fitsSlot(slab: SlabChannel, feeds: Record<string, WireTensor>): boolean {
    const slot = slab.slots[slab.next];
    if (slot.state !== SlotState.FREE) return false;
    for (const tensor of slot.layout.inputs) {
      const feed = feeds[tensor.name];
      if (!feed || feed.type !== tensor.type || !elementsFits(tensor, feed.dims)) return false;
    }
    return true;
  }

  private runInSlot(slab: SlabChannel, feeds: Record<string, WireTensor>): Promise<BatchRunResult> {
    const index = slab.next;
    const slot = slab.slots[index];
    slab.next = (index + 1) % slab.slots.length;
    for (const tensor of slot.layout.inputs) {
      const feed = feeds[tensor.name];
      const data = feed.data as NumericTensorData;
      if (data.buffer !== slot.buffer) (slot.view(tensor, data.length) as Float32Array).set(data as Float32Array);
      slot.setDims(tensor, feed.dims);
    }
    slot.publish(SlotState.SUBMITTED, false);
    this.ringDoorbell(slab);
    // The worker runs slots in turn: a batch queued behind a running one finishes about a compute later.
    let batchesAhead = 0;
    for (const run of slab.pending) if (run) batchesAhead++;
    return new Promise<BatchRunResult>((resolve, reject) => {
      slab.pending[index] = { resolve, reject };
      this.awaitSlot(slab, index, batchesAhead + 1);
    });
  }

  /**
   * Watches the slot from the event loop (setImmediate) for about as long as a batch usually computes,
   * then sleeps on Atomics.waitAsync. Waking from waitAsync costs this thread ~25 us (measured on 2 cores),
   * more than a small model's whole run; a check per loop turn costs ~1 us. Pending immediates keep the
   * loop from blocking in its I/O poll, so this thread stays busy for that window, but I/O and timers
   * still run in every turn.
   */
  private awaitSlot(slab: SlabChannel, index: number, batches = 1): void {
    const slot = slab.slots[index];
    const pollUntil = performance.now() + Math.min(MAX_POLL_MS * batches, (POLL_COMPUTE_FACTOR * batches * this.typicalComputeNs) / 1e6 + POLL_MARGIN_MS);
    const poll = (): void => {
      if (slot.state !== SlotState.SUBMITTED) this.completeSlot(slab, index);
      else if (performance.now() < pollUntil) {
        this.onWaiting();
        setImmediate(poll);
      }
      else void slot.whenChangedFrom(SlotState.SUBMITTED).then(() => this.completeSlot(slab, index));
    };
    setImmediate(poll);
  }

  /** Copies the outputs out (the slot is reused by the next batch), then frees the slot. */
  private completeSlot(slab: SlabChannel, index: number): void {
    const slot = slab.slots[index];
    const state = slot.state;
    if (state === SlotState.SUBMITTED) return this.awaitSlot(slab, index);
    const run = slab.pending[index];
    slab.pending[index] = undefined;
    if (!run) return;
    if (state === SlotState.DONE) {
      const outputs: Record<string, WireTensor> = {};
      for (const tensor of slot.layout.outputs) {
        const dims = slot.dims(tensor);
        outputs[tensor.name] = { type: tensor.type, dims, data: slot.view(tensor, elementCount(dims)).slice() };
      }
      const computeNs = slot.computeNanos;
      this.typicalComputeNs += COMPUTE_WEIGHT * (computeNs - this.typicalComputeNs);
      slot.publish(SlotState.FREE, false);
      run.resolve({ outputs, computeNs });
    } else if (state === SlotState.OVERFLOW) {
      // Outputs larger than declared: rerun this batch as a message, whose buffers have no size limit.
      const feeds: Record<string, WireTensor> = {};
      for (const tensor of slot.layout.inputs) {
        const dims = slot.dims(tensor);
        feeds[tensor.name] = { type: tensor.type, dims, data: slot.view(tensor, elementCount(dims)).slice() };
      }
      slot.publish(SlotState.FREE, false);
      this.runByMessage(feeds, []).then(run.resolve, run.reject);
    } else {
      const message = state === SlotState.FAILED ? `inference failed: ${slot.error}` : 'session worker stopped';
      if (state === SlotState.FAILED) slot.publish(SlotState.FREE, false);
      run.reject(new InferenceError(InferenceErrorCode.INTERNAL, message));
    }
  }

  private runByMessage(feeds: Record<string, WireTensor>, transfer: ArrayBuffer[]): Promise<BatchRunResult> {
    const id = this.nextId++;
    return new Promise<BatchRunResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: WorkerRequest = { type: 'run', id, feeds };
      this.worker.postMessage(request, transfer);
      if (this.slab) {
        Atomics.add(this.slab.control, Control.MESSAGES_POSTED, 1);
        this.ringDoorbell(this.slab);
      }
    });
  }

  private ringDoorbell(slab: SlabChannel, always = false): void {
    if (!always && Atomics.load(slab.control, Control.SLEEPING) === 0) return;
    Atomics.add(slab.control, Control.DOORBELL, 1);
    Atomics.notify(slab.control, Control.DOORBELL);
  }

  private settle(reply: WorkerReply): void {
    if (reply.type !== 'result' && reply.type !== 'run-error') return;
    const run = this.pending.get(reply.id);
    if (!run) return;
    this.pending.delete(reply.id);
    if (reply.type === 'result') run.resolve({ outputs: reply.outputs, computeNs: reply.computeNs });
    else run.reject(new InferenceError(InferenceErrorCode.INTERNAL, `inference failed: ${reply.message}`));
  }

  private failAll(message: string): void {
    for (const run of this.pending.values()) run.reject(new InferenceError(InferenceErrorCode.INTERNAL, message));
    this.pending.clear();
    if (!this.slab) return;
    this.slab.pending.forEach((run, index) => {
      run?.reject(new InferenceError(InferenceErrorCode.INTERNAL, message));
      // Wakes this thread's pending waitAsync so nothing waits on a stopped worker.
      this.slab?.slots[index].publish(SlotState.CLOSED);
    });
    this.slab.pending = [];
  }
}
