import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { errorFirstLine } from '../errors/inference-error';
import { BatchSlot, CLOSING_CRASH, Control, SlotState } from './batch-slab';
import { ortSessionOptions } from './ort-session-options';
import { type OrtOutputs, type OrtSession, createOrtSession, toOrtFeeds } from './ort-sync-session';
import { type NumericTensorData, elementCount } from './tensor';
import { type SessionWorkerData, type WireTensor, type WorkerReply, type WorkerRequest } from './worker-protocol';

// One ORT session per worker thread: session.run() is synchronous and would otherwise block the
// service's event loop for the whole inference.
const init = workerData as SessionWorkerData;
ort.env.logLevel = 'fatal';
if (!parentPort) throw new Error('session.worker runs only as a worker thread');
const port = parentPort;
/** Batches received as messages and answered (see Control.MESSAGES_POSTED). */
let messagesHandled = 0;
/** How long a worker polls its next slot after a batch before it sleeps (bounds the CPU it burns when idle). */
const SPIN_MS = 0.5;
/** Weight of the latest gap between batches in the running average that decides whether to poll at all. */
const GAP_WEIGHT = 0.2;

function createSession(providers: string[]): Promise<OrtSession> {
  return createOrtSession(init.modelBytes, ortSessionOptions(init.sessionOptions, providers));
}

async function start(): Promise<void> {
  let session: OrtSession;
  let executionProvider = init.executionProviders[0];
  let fallbackReason: string | undefined;
  try {
    session = await createSession(init.executionProviders);
  } catch (error) {
    if (init.executionProviders.length < 2 || !init.executionProviders.includes('cpu')) throw error;
    fallbackReason = errorFirstLine(error);
    session = await createSession(['cpu']);
    executionProvider = 'cpu';
  }
  port.on('message', (message: WorkerRequest) => {
    // Messages are handled in order and a native run finishes within its handler, so no run is cut off
    // here (stopping follows a drain; with the public-API fallback a simulated crash may cut one, as a crash would).
    if (message.type === 'close') process.exit(message.crash ? 1 : 0);
    // Counted once answered: the slot loop must not block this thread while a message run awaits ORT.
    void run(session, message).finally(() => messagesHandled++);
  });
  reply({ type: 'ready', executionProvider, fallbackReason });
  if (init.slab) void serveSlots(session, init.slab);
}

/**
 * Runs the shared slots in turn. With nothing to do the thread sleeps in Atomics.wait on the doorbell
 * (no event-loop wake-up); it yields to the event loop only while a batch sent as a message is pending.
 */
async function serveSlots(session: OrtSession, slab: NonNullable<SessionWorkerData['slab']>): Promise<void> {
  const control = new Int32Array(slab.control);
  const slots = slab.slots.map((buffer) => new BatchSlot(buffer, slab.layout));
  // ORT does not accept shared memory: each slot input is copied into a private buffer first.
  const scratch = slots.map((slot) => slab.layout.inputs.map((t) => slot.view(t, t.capacity).slice(0) as NumericTensorData));
  let next = 0;
  let spinUntil = 0;
  let idleSince = performance.now();
  // Polling pays only when batches follow each other within the spin window; on sparse traffic it
  // would take a core from the service itself (on 2 cores, measured: 0.3 of a core at 550 batches/s).
  let averageGapMs = SPIN_MS;
  for (;;) {
    const bell = Atomics.load(control, Control.DOORBELL);
    // Exiting here, between runs: Worker.terminate() during a native run could abort the process.
    const closing = Atomics.load(control, Control.CLOSING);
    if (closing) process.exit(closing === CLOSING_CRASH ? 1 : 0);
    const slot = slots[next];
    if (slot.state === SlotState.SUBMITTED) {
      averageGapMs += GAP_WEIGHT * (performance.now() - idleSince - averageGapMs);
      const running = runSlot(session, slot, scratch[next]);
      if (running) await running;
      idleSince = performance.now();
      spinUntil = 0;
      next = (next + 1) % slots.length;
    } else if (messagesHandled !== Atomics.load(control, Control.MESSAGES_POSTED)) {
      await new Promise((resolve) => setImmediate(resolve));
    } else if (averageGapMs < SPIN_MS && (spinUntil === 0 || performance.now() < spinUntil)) {
      // Busy traffic: the next batch usually arrives within microseconds. Polling briefly spares the
      // engine a futex wake of this thread, which on a loaded VM costs it tens of microseconds.
      if (spinUntil === 0) spinUntil = performance.now() + SPIN_MS;
      for (let i = 0; i < 256 && slot.state !== SlotState.SUBMITTED; i++);
      continue;
    } else {
      Atomics.store(control, Control.SLEEPING, 1);
      if (slot.state !== SlotState.SUBMITTED && messagesHandled === Atomics.load(control, Control.MESSAGES_POSTED)) Atomics.wait(control, Control.DOORBELL, bell);
      Atomics.store(control, Control.SLEEPING, 0);
    }
  }
}

/** Runs one slot; synchronously (no event-loop turn) when the session allows, else returns the pending run. */
function runSlot(session: OrtSession, slot: BatchSlot, scratch: NumericTensorData[]): Promise<void> | undefined {
  try {
    const feeds: Record<string, ort.Tensor> = {};
    slot.layout.inputs.forEach((tensor, i) => {
      const dims = slot.dims(tensor);
      const count = elementCount(dims);
      const data = scratch[i].subarray(0, count) as Float32Array;
      data.set(slot.view(tensor, count) as Float32Array);
      feeds[tensor.name] = new ort.Tensor(tensor.type as 'float32', data, dims);
    });
    const started = process.hrtime.bigint();
    if (session.runSync) {
      publishOutputs(slot, session.runSync(feeds), started);
      return undefined;
    }
    return session.run(feeds).then(
      (results) => publishOutputs(slot, results, started),
      (error: unknown) => publishFailure(slot, error),
    );
  } catch (error) {
    publishFailure(slot, error);
    return undefined;
  }
}

function publishOutputs(slot: BatchSlot, results: OrtOutputs, started: bigint): void {
  slot.computeNanos = Number(process.hrtime.bigint() - started);
  for (const tensor of slot.layout.outputs) {
    const result = results[tensor.name];
    const count = result ? elementCount(result.dims) : 0;
    if (!result || result.type !== tensor.type || count > tensor.capacity || result.dims.length > 8) {
      slot.publish(SlotState.OVERFLOW);
      return;
    }
    (slot.view(tensor, count) as Float32Array).set(result.data as Float32Array);
    slot.setDims(tensor, result.dims);
  }
  slot.publish(SlotState.DONE);
}

function publishFailure(slot: BatchSlot, error: unknown): void {
  slot.error = errorFirstLine(error);
  slot.publish(SlotState.FAILED);
}

async function run(session: OrtSession, message: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  try {
    const feeds = toOrtFeeds(message.feeds);
    const started = process.hrtime.bigint();
    const results = await session.run(feeds);
    const computeNs = Number(process.hrtime.bigint() - started);
    const outputs: Record<string, WireTensor> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, tensor] of Object.entries(results)) {
      const data = tensor.data as WireTensor['data'];
      outputs[name] = { type: tensor.type, dims: [...tensor.dims], data };
      if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) transfer.push(data.buffer);
    }
    reply({ type: 'result', id: message.id, outputs, computeNs }, transfer);
  } catch (error) {
    reply({ type: 'run-error', id: message.id, message: errorFirstLine(error) });
  }
}

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}


start().catch((error: unknown) => reply({ type: 'load-error', message: errorFirstLine(error) }));
