import { Counter, Gauge, type Registry } from 'prom-client';
import { LocalCounter, LocalHistogram } from './local-metrics';

export type ModelLoadState = 'LOADING' | 'READY' | 'UNLOADING' | 'UNAVAILABLE';
const LOAD_STATES: ModelLoadState[] = ['LOADING', 'READY', 'UNLOADING', 'UNAVAILABLE'];

/** Latency buckets in microseconds: 50 us .. 5 s. */
const MICROS_BUCKETS = [50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000, 5000000];

const PENDING_SOURCES = new WeakMap<Gauge<'model' | 'version'>, Map<string, { labels: Record<'model' | 'version', string>; read: () => number }>>();

/** Triton-compatible metric names, so existing dashboards and alerts carry over. */
export class InferenceMetrics {
  // Local*: updated per request or per batch on the service thread, ~10x cheaper than prom-client's.
  readonly requestSuccess: LocalCounter<'model' | 'version'>;
  readonly requestFailure: Counter<'model' | 'version' | 'reason'>;
  readonly inferenceCount: LocalCounter<'model' | 'version'>;
  readonly execCount: LocalCounter<'model' | 'version'>;
  readonly inlineExecCount: LocalCounter<'model' | 'version'>;
  readonly queueDuration: LocalHistogram<'model' | 'version'>;
  readonly computeDuration: LocalHistogram<'model' | 'version'>;
  readonly requestDuration: LocalHistogram<'model' | 'version'>;
  readonly batchSize: LocalHistogram<'model' | 'version'>;
  readonly pendingRequests: Gauge<'model' | 'version'>;
  readonly loadState: Gauge<'model' | 'version' | 'state'>;
  readonly executionProvider: Gauge<'model' | 'version' | 'provider'>;
  readonly workerRestarts: Counter<'model' | 'version'>;
  readonly readyInstances: Gauge<'model' | 'version'>;

  constructor(registry: Registry) {
    const reuse = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
    const labelNames = ['model', 'version'] as const;
    this.requestSuccess = reuse('nv_inference_request_success', () => new LocalCounter('nv_inference_request_success', 'Successful inference requests', labelNames, registry));
    this.requestFailure = reuse('nv_inference_request_failure', () => new Counter({ name: 'nv_inference_request_failure', help: 'Failed inference requests, by error code', labelNames: ['model', 'version', 'reason'], registers: [registry] }));
    this.inferenceCount = reuse('nv_inference_count', () => new LocalCounter('nv_inference_count', 'Inferences performed (rows; a batch of 8 counts 8)', labelNames, registry));
    this.execCount = reuse('nv_inference_exec_count', () => new LocalCounter('nv_inference_exec_count', 'Model executions (batches) performed', labelNames, registry));
    this.inlineExecCount = reuse('nv_inference_inline_exec_count', () => new LocalCounter('nv_inference_inline_exec_count', 'Model executions (batches) run on the service thread, with the workers idle or their pipelines full (included in nv_inference_exec_count)', labelNames, registry));
    this.queueDuration = reuse('nv_inference_queue_duration_us', () => new LocalHistogram('nv_inference_queue_duration_us', 'Queue wait of the oldest request of each batch, microseconds', labelNames, MICROS_BUCKETS, registry));
    this.computeDuration = reuse('nv_inference_compute_infer_duration_us', () => new LocalHistogram('nv_inference_compute_infer_duration_us', 'Model execution time per batch, microseconds', labelNames, MICROS_BUCKETS, registry));
    this.requestDuration = reuse('nv_inference_request_duration_us', () => new LocalHistogram('nv_inference_request_duration_us', 'End-to-end request time inside the engine, microseconds', labelNames, MICROS_BUCKETS, registry));
    this.batchSize = reuse('nv_inference_batch_size', () => new LocalHistogram('nv_inference_batch_size', 'Rows per model execution', labelNames, [1, 2, 4, 8, 16, 32, 64, 128, 256], registry));
    // Read from the queues at scrape time: nothing to update per request.
    this.pendingRequests = reuse('nv_inference_pending_request_count', () => {
      const sources = new Map<string, { labels: Record<'model' | 'version', string>; read: () => number }>();
      const gauge = new Gauge({
        name: 'nv_inference_pending_request_count',
        help: 'Requests queued or executing',
        labelNames,
        registers: [registry],
        collect() {
          for (const { labels, read } of sources.values()) this.set(labels, read());
        },
      });
      PENDING_SOURCES.set(gauge, sources);
      return gauge;
    });
    this.loadState = reuse('nv_model_load_state', () => new Gauge({ name: 'nv_model_load_state', help: '1 for the current load state of a model version', labelNames: ['model', 'version', 'state'], registers: [registry] }));
    this.workerRestarts = reuse('nv_inference_worker_restarts_total', () => new Counter({ name: 'nv_inference_worker_restarts_total', help: 'Attempts to replace a session worker that exited unexpectedly', labelNames, registers: [registry] }));
    this.readyInstances = reuse('nv_model_ready_instances', () => new Gauge({ name: 'nv_model_ready_instances', help: 'Session instances running (configured minus those being restarted)', labelNames, registers: [registry] }));
    this.executionProvider = reuse('nv_model_execution_provider', () => new Gauge({ name: 'nv_model_execution_provider', help: '1 for the execution provider a model version runs on', labelNames: ['model', 'version', 'provider'], registers: [registry] }));
  }

  setLoadState(model: string, version: number, state: ModelLoadState): void {
    for (const s of LOAD_STATES) this.loadState.set({ model, version: String(version), state: s }, s === state ? 1 : 0);
  }

  /** Per-version children: resolving label values once keeps the per-request cost low. */
  forVersion(model: string, version: number): VersionMetrics {
    const labels = { model, version: String(version) };
    return {
      success: this.requestSuccess.labels(labels),
      inferences: this.inferenceCount.labels(labels),
      executions: this.execCount.labels(labels),
      inlineExecutions: this.inlineExecCount.labels(labels),
      queue: this.queueDuration.labels(labels),
      compute: this.computeDuration.labels(labels),
      request: this.requestDuration.labels(labels),
      batchSize: this.batchSize.labels(labels),
      workerRestarts: this.workerRestarts.labels(labels),
      readyInstances: this.readyInstances.labels(labels),
      trackPending: (read: () => number) => {
        const key = `${model}\u0000${version}`;
        const sources = PENDING_SOURCES.get(this.pendingRequests);
        sources?.set(key, { labels, read });
        return () => {
          if (sources?.get(key)?.read === read) sources.delete(key);
          this.pendingRequests.set(labels, 0);
        };
      },
      failure: (reason: string) => this.requestFailure.inc({ ...labels, reason }),
    };
  }
}

export interface VersionMetrics {
  success: { inc(value?: number): void };
  inferences: { inc(value?: number): void };
  executions: { inc(value?: number): void };
  inlineExecutions: { inc(value?: number): void };
  queue: { observe(value: number): void };
  compute: { observe(value: number): void };
  request: { observe(value: number): void };
  batchSize: { observe(value: number): void };
  workerRestarts: { inc(value?: number): void };
  readyInstances: { set(value: number): void };
  /** Reports `read()` as the pending gauge until the returned function is called. */
  trackPending(read: () => number): () => void;
  failure(reason: string): void;
}
