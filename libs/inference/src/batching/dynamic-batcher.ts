import { performance } from 'node:perf_hooks';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { type VersionMetrics } from '../metrics/inference-metrics';
import { type ModelStatistics } from '../metrics/model-statistics';
import { type ModelConfig } from '../repository/model-config.schema';
import { type SessionPool } from '../runtime/session-pool';
import { type BatchExecutor } from '../runtime/batch-executor';
import { type SessionWorker } from '../runtime/session-worker';
import { type InlineSession } from '../runtime/inline-session';
import { type Tensor, type TensorRecord } from '../runtime/tensor';
import { assembleBatch, splitBatchOutputs } from './batch-assembler';
import { type InferOptions, PendingRequest } from './pending-request';

const NO_OPTIONS: InferOptions = Object.freeze({});
let capturedResolve: (outputs: TensorRecord) => void = () => undefined;
let capturedReject: (error: Error) => void = () => undefined;
/** Promise executors run synchronously, so submit() reads what this stored right after `new Promise`. */
function captureSettlers(resolve: (outputs: TensorRecord) => void, reject: (error: Error) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** Queue bound for models without a batching policy (rows). */
const UNBATCHED_QUEUE_SIZE = 1024;
/** Batches a worker may hold at once: one running, two waiting in its shared slots (SLOT_COUNT). */
const PIPELINE_DEPTH = 3;

/**
 * Per model version: a bounded FIFO of requests, formed into batches whenever a session worker is
 * idle. Under load a busy worker lets the queue fill, so batches grow with no added delay; when idle,
 * a partial batch waits at most maxQueueDelayMicros for company (or ships at a preferred size).
 */
export class DynamicBatcher {
  private queue: PendingRequest[] = [];
  private head = 0;
  private queuedRows = 0;
  private inflight = 0;
  private accepting = true;
  private dispatchScheduled = false;
  private inlineWhileWaiting = false;
  private delayArmed = false;
  private idleWaiters: Array<() => void> = [];
  private pendingRequests = 0;
  private readonly stopTrackingPending: () => void;
  private readonly maxBatchSize: number;
  private readonly maxQueueSize: number;
  private readonly preferredSizes: number[];

  constructor(
    private readonly config: ModelConfig,
    private readonly pool: SessionPool,
    private readonly metrics: VersionMetrics,
    private readonly stats: ModelStatistics,
    /** Runs small batches on this thread while no batch is running (see InlineSession). */
    private readonly inline?: InlineSession,
  ) {
    this.maxBatchSize = config.batching?.maxBatchSize ?? 1;
    this.maxQueueSize = config.batching?.maxQueueSize ?? UNBATCHED_QUEUE_SIZE;
    this.stopTrackingPending = metrics.trackPending(() => this.pendingRequests);
    this.preferredSizes = [...(config.batching?.preferredBatchSizes ?? [])].filter((s) => s <= this.maxBatchSize).sort((a, b) => b - a);
    // A restarted instance picks up what queued while it was down.
    pool.onInstanceReady = () => this.scheduleDispatch();
    pool.onWaiting = () => this.runInlineWhileWaiting();
  }

  get pendingRows(): number {
    return this.queuedRows;
  }

  submit(inputs: Record<string, Tensor>, rows: number, options: InferOptions = NO_OPTIONS): Promise<TensorRecord> {
    if (!this.accepting) return Promise.reject(new InferenceError(InferenceErrorCode.MODEL_NOT_READY, `model '${this.config.name}' version ${this.config.version} is unloading`, 1));
    if (options.signal?.aborted) return Promise.reject(cancelled());
    const deadline = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
    if (deadline !== undefined && deadline <= Date.now()) return Promise.reject(deadlineExceeded());
    if (this.queuedRows + rows > this.maxQueueSize) {
      this.metrics.failure(InferenceErrorCode.QUEUE_FULL);
      return Promise.reject(new InferenceError(InferenceErrorCode.QUEUE_FULL, `queue of model '${this.config.name}' is full (${this.maxQueueSize} rows); retry later`, 1));
    }
    // The executor stores the settle functions in module variables: no closure and context per request.
    const promise = new Promise<TensorRecord>(captureSettlers);
    const request = new PendingRequest(inputs, rows, performance.now(), capturedResolve, capturedReject);
    if (deadline !== undefined || options.signal) this.watch(request, deadline, options.signal);
    this.queue.push(request);
    this.queuedRows += rows;
    this.pendingRequests++;
    this.scheduleDispatch();
    return promise;
  }

  /** Drops the request when its deadline passes or its caller aborts, if it has not run by then. */
  private watch(request: PendingRequest, deadline: number | undefined, signal: AbortSignal | undefined): void {
    if (deadline !== undefined) request.timer = setTimeout(() => this.drop(request, deadlineExceeded(), true), deadline - Date.now());
    if (signal) {
      request.signal = signal;
      request.onAbort = () => this.drop(request, cancelled(), false);
      signal.addEventListener('abort', request.onAbort, { once: true });
    }
  }

  /** Stops accepting; resolves once every queued and running request has finished. */
  drain(): Promise<void> {
    this.accepting = false;
    this.scheduleDispatch();
    return this.whenIdle().then(this.stopTrackingPending);
  }

  /** Stops accepting, fails queued requests, and waits for running batches. */
  close(reason: string): Promise<void> {
    this.accepting = false;
    for (const request of this.queue.slice(this.head)) this.fail(request, new InferenceError(InferenceErrorCode.MODEL_NOT_READY, reason, 1));
    return this.whenIdle().then(this.stopTrackingPending);
  }

  private whenIdle(): Promise<void> {
    if (this.queue.length === this.head && this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settle(request: PendingRequest): void {
    request.settled = true;
    request.release();
    this.pendingRequests--;
    if (!request.queued) return;
    request.queued = false;
    const index = this.queue.indexOf(request, this.head);
    if (index >= 0) this.queue.splice(index, 1);
    this.queuedRows -= request.rows;
  }

  private fail(request: PendingRequest, error: Error): void {
    if (request.settled) return;
    this.settle(request);
    this.metrics.failure(error instanceof InferenceError ? error.code : InferenceErrorCode.INTERNAL);
    this.stats.recordFailure((performance.now() - request.enqueuedAt) * 1e6);
    request.reject(error);
  }

  /** A deadline only drops requests still queued; a batch already computing is allowed to finish. */
  private drop(request: PendingRequest, error: InferenceError, onlyIfQueued: boolean): void {
    if (onlyIfQueued && !request.queued) return;
    this.fail(request, error);
    this.notifyIfIdle();
  }

  // Requests submitted in the same tick (e.g. Promise.all) join one batch before it is formed.
  private scheduleDispatch(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    queueMicrotask(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > this.head) {
      if (this.inline && this.inflight === 0 && this.inline.accepts(this.queuedRows, () => this.queuedInputElements())) {
        const limit = this.batchLimit();
        if (limit === 0) return;
        void this.execute(this.inline, this.takeBatch(limit));
        continue;
      }
      let worker = this.pool.acquire(1);
      let limit: number;
      if (worker) {
        limit = this.batchLimit();
        if (limit === 0) {
          this.pool.release(worker);
          return;
        }
      } else {
        // Every worker is busy. A full batch may still queue behind a running one, so the worker
        // starts it without waiting for this thread to wake up; partial batches keep filling instead.
        if (!this.config.batching || this.queuedRows < this.maxBatchSize) return;
        worker = this.pool.acquire(PIPELINE_DEPTH);
        if (!worker) return;
        limit = this.maxBatchSize;
      }
      void this.execute(worker, this.takeBatch(limit), worker);
    }
    this.notifyIfIdle();
  }

  /**
   * Called once per event-loop turn while this thread watches a worker's batch compute (after the turn's
   * I/O). When every worker already holds PIPELINE_DEPTH batches and rows are queued, the thread runs
   * the next rows inline instead of waiting: up to the calibrated inline size, one batch at a time.
   * Measured on the 256x256 test model (scratch load generator): 600 -> 630-730k rows/s when cross-core copies are cheap,
   * 470 -> 515-590k when not. Models without a batching policy keep one request per worker execution.
   */
  private runInlineWhileWaiting(): void {
    const inline = this.inline;
    if (!inline?.alive || !this.config.batching || this.inlineWhileWaiting || this.queue.length === this.head) return;
    // A batching model's inputs have fixed non-batch dims (inline eligibility): rows bound the elements.
    if (this.queue[this.head].rows > inline.calibration.maxRows) return;
    const worker = this.pool.acquire(PIPELINE_DEPTH);
    if (worker) {
      // A worker can still queue a batch: dispatch() sends it full ones; a partial one keeps filling.
      this.pool.release(worker);
      return;
    }
    this.inlineWhileWaiting = true;
    void this.execute(inline, this.takeBatch(inline.calibration.maxRows)).finally(() => (this.inlineWhileWaiting = false));
  }

  /** Elements of the first input over every queued request (asked only when few rows are queued). */
  private queuedInputElements(): number {
    const name = this.config.inputs[0].name;
    let elements = 0;
    for (let i = this.head; i < this.queue.length; i++) elements += this.queue[i].inputs[name].data.length;
    return elements;
  }

  /** Rows to ship now, or 0 to wait for more (bounded by maxQueueDelayMicros). */
  private batchLimit(): number {
    const policy = this.config.batching;
    if (!policy) return 1;
    if (this.queuedRows >= this.maxBatchSize) return this.maxBatchSize;
    const preferred = this.preferredSizes.find((s) => s <= this.queuedRows);
    if (preferred !== undefined) return preferred;
    const waitedMicros = (performance.now() - this.queue[this.head].enqueuedAt) * 1000;
    if (!this.accepting || waitedMicros >= policy.maxQueueDelayMicros) return this.maxBatchSize;
    this.armDelay(policy.maxQueueDelayMicros - waitedMicros);
    return 0;
  }

  private armDelay(micros: number): void {
    if (this.delayArmed) return;
    this.delayArmed = true;
    const fire = () => {
      this.delayArmed = false;
      this.dispatch();
    };
    // setTimeout cannot wait less than 1 ms; sub-millisecond delays re-check once per loop turn.
    if (micros < 1000) setImmediate(fire);
    else setTimeout(fire, micros / 1000);
  }

  private takeBatch(limit: number): PendingRequest[] {
    const batch: PendingRequest[] = [];
    let rows = 0;
    while (this.queue.length > this.head) {
      const next = this.queue[this.head];
      if (batch.length > 0 && (!this.config.batching || rows + next.rows > limit)) break;
      next.queued = false;
      batch.push(next);
      rows += next.rows;
      this.head++;
    }
    this.queuedRows -= rows;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  /** `pooled`: the worker acquired from the pool for this batch (released back to it). */
  private async execute(worker: BatchExecutor, batch: PendingRequest[], pooled?: SessionWorker): Promise<void> {
    this.inflight++;
    let held = true;
    // Called as soon as the worker has answered: its next batch is formed and handed over before this
    // batch's callers resume (their continuations would otherwise run first and leave the worker idle).
    const release = (): void => {
      if (!held) return;
      held = false;
      this.inflight--;
      if (pooled) this.pool.release(pooled);
      this.dispatch();
    };
    try {
      await this.run(worker, batch, release);
    } catch (error) {
      // One bad request must not fail its batch-mates: retry each alone, so only the culprit fails.
      if (held && batch.length > 1 && worker.alive) {
        for (const request of batch) {
          if (!request.settled) await this.run(worker, [request]).catch((e: unknown) => this.fail(request, asInferenceError(e)));
        }
      } else {
        for (const request of batch) this.fail(request, asInferenceError(error));
      }
    } finally {
      release();
    }
  }

  private async run(worker: BatchExecutor, batch: PendingRequest[], release?: () => void): Promise<void> {
    const started = performance.now();
    let rows = 0;
    for (const request of batch) {
      this.stats.recordQueue((started - request.enqueuedAt) * 1e6);
      rows += request.rows;
    }
    // One histogram observation per batch (its oldest request's wait): ~0.3 us saved per request.
    this.metrics.queue.observe((started - batch[0].enqueuedAt) * 1000);
    // Inputs are written straight into the worker's shared slot when they fit: no copy or transfer later.
    const { feeds, transfer } = assembleBatch(this.config, batch, (spec, elements) => worker.inputBuffer(spec.name, elements, spec.dtype));
    const assembled = performance.now();
    const result = await worker.run(feeds, transfer);
    release?.();
    const received = performance.now();
    const outputs = splitBatchOutputs(result.outputs, batch, this.config.batching !== undefined);
    // Counters move once per batch; only the latency histograms see each request.
    this.metrics.executions.inc();
    if (worker === this.inline) this.metrics.inlineExecutions.inc();
    this.metrics.inferences.inc(rows);
    this.metrics.batchSize.observe(rows);
    this.metrics.compute.observe(result.computeNs / 1000);
    this.stats.recordExecution(rows, (assembled - started) * 1e6, result.computeNs, (performance.now() - received) * 1e6);
    const finished = performance.now();
    let succeeded = 0;
    for (let i = 0; i < batch.length; i++) {
      const request = batch[i];
      if (request.settled) continue;
      this.settle(request);
      const micros = (finished - request.enqueuedAt) * 1000;
      this.metrics.request.observe(micros);
      this.stats.recordSuccess(micros * 1000);
      succeeded++;
      request.resolve(outputs[i]);
    }
    this.metrics.success.inc(succeeded);
  }

  private notifyIfIdle(): void {
    if (this.queue.length > this.head || this.inflight > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}

function cancelled(): InferenceError {
  return new InferenceError(InferenceErrorCode.CANCELLED, 'request cancelled by the caller before it ran');
}

function deadlineExceeded(): InferenceError {
  return new InferenceError(InferenceErrorCode.DEADLINE_EXCEEDED, 'deadline passed before the request ran');
}

function asInferenceError(error: unknown): InferenceError {
  return error instanceof InferenceError ? error : new InferenceError(InferenceErrorCode.INTERNAL, error instanceof Error ? error.message : String(error));
}
