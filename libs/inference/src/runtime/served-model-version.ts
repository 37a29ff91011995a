import { availableParallelism } from 'node:os';
import { DynamicBatcher } from '../batching/dynamic-batcher';
import { type InferOptions } from '../batching/pending-request';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { type InferenceMetrics, type ModelLoadState } from '../metrics/inference-metrics';
import { ModelStatistics } from '../metrics/model-statistics';
import { type ModelConfig } from '../repository/model-config.schema';
import { type ModelVersionFiles } from '../repository/model-repository';
import { type InferenceLogger } from './inference-logger';
import { planBatchSlab } from './batch-slab';
import { SessionPool } from './session-pool';
import { SessionWorker } from './session-worker';
import { ORT_TYPE, type TensorRecord, allocateTensorData, elementCount } from './tensor';
import { type ValidatedRequest } from './input-validation';
import { type SessionWorkerData, type WireTensor } from './worker-protocol';

export interface ServedVersionStatus {
  version: number;
  state: ModelLoadState;
  executionProvider: string;
  instances: number;
  pendingRows: number;
}

/** One loaded model version: its session workers, its queue, its statistics. */
export class ServedModelVersion {
  private state: ModelLoadState = 'READY';
  readonly statistics: ModelStatistics;
  private readonly batcher: DynamicBatcher;

  private constructor(
    readonly config: ModelConfig,
    private readonly pool: SessionPool,
    private readonly metrics: InferenceMetrics,
  ) {
    this.statistics = new ModelStatistics(config.name, config.version);
    this.batcher = new DynamicBatcher(config, pool, metrics.forVersion(config.name, config.version), this.statistics);
  }

  /** Starts the instances and warms each up; resolves only when the version can serve. */
  static async load(files: ModelVersionFiles, metrics: InferenceMetrics, logger: InferenceLogger): Promise<ServedModelVersion> {
    const { config } = files;
    metrics.setLoadState(config.name, config.version, 'LOADING');
    const data = workerDataFor(files);
    const spawned = await Promise.allSettled(Array.from({ length: config.instances ?? 1 }, () => SessionWorker.spawn(data, planBatchSlab(config))));
    const workers = spawned.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = spawned.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const pool = new SessionPool(workers);
    try {
      if (failure) throw new InferenceError(InferenceErrorCode.MODEL_LOAD_FAILED, `model '${config.name}' version ${config.version} failed to load: ${(failure.reason as Error).message}`);
      await Promise.all(workers.map((w) => w.run(...warmUpFeeds(config))));
    } catch (error) {
      await pool.terminate();
      metrics.setLoadState(config.name, config.version, 'UNAVAILABLE');
      throw error instanceof InferenceError ? error : new InferenceError(InferenceErrorCode.MODEL_LOAD_FAILED, `model '${config.name}' version ${config.version} failed warm-up: ${(error as Error).message}`);
    }
    const fallback = workers.find((w) => w.fallbackReason)?.fallbackReason;
    if (fallback) logger.warn(`model '${config.name}' version ${config.version}: ${config.executionProviders?.join(',')} requested, running on cpu (${fallback})`);
    metrics.executionProvider.set({ model: config.name, version: String(config.version), provider: pool.executionProvider }, 1);
    metrics.setLoadState(config.name, config.version, 'READY');
    return new ServedModelVersion(config, pool, metrics);
  }

  get version(): number {
    return this.config.version;
  }

  get executionProvider(): string {
    return this.pool.executionProvider;
  }

  get ready(): boolean {
    return this.state === 'READY';
  }

  status(): ServedVersionStatus {
    return { version: this.version, state: this.state, executionProvider: this.executionProvider, instances: this.pool.size, pendingRows: this.batcher.pendingRows };
  }

  infer(request: ValidatedRequest, options?: InferOptions): Promise<TensorRecord> {
    return this.batcher.submit(request.inputs, request.rows, options);
  }

  /** Finishes everything already accepted, then stops the workers (version swap, unload). */
  async retire(): Promise<void> {
    this.setState('UNLOADING');
    await this.batcher.drain();
    await this.pool.terminate();
    this.setState('UNAVAILABLE');
  }

  /** Fails what is still queued, waits for running batches, stops the workers (shutdown). */
  async close(): Promise<void> {
    this.setState('UNLOADING');
    await this.batcher.close(`model '${this.config.name}' is shutting down`);
    await this.pool.terminate();
    this.setState('UNAVAILABLE');
  }

  private setState(state: ModelLoadState): void {
    this.state = state;
    this.metrics.setLoadState(this.config.name, this.config.version, state);
    if (state === 'UNAVAILABLE') this.metrics.executionProvider.remove({ model: this.config.name, version: String(this.config.version), provider: this.pool.executionProvider });
  }
}

function workerDataFor(files: ModelVersionFiles): Omit<SessionWorkerData, 'slab'> {
  const { config } = files;
  const instances = config.instances ?? 1;
  const options = config.sessionOptions ?? {};
  return {
    modelBytes: files.modelBytes,
    executionProviders: config.executionProviders ?? ['cpu'],
    sessionOptions: {
      // Instances share the machine's cores: by default each session gets its share, not all of them.
      intraOpNumThreads: options.intraOpNumThreads ?? Math.max(1, Math.floor(availableParallelism() / instances)),
      interOpNumThreads: options.interOpNumThreads ?? 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      enableCpuMemArena: options.enableCpuMemArena ?? true,
    },
  };
}

/** One all-zero row (dynamic dims = 1): loads kernels and arenas before real traffic arrives. */
function warmUpFeeds(config: ModelConfig): [Record<string, WireTensor>, ArrayBuffer[]] {
  const feeds: Record<string, WireTensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const spec of config.inputs) {
    const dims = spec.shape.map((d) => (d === -1 ? 1 : d));
    const data = allocateTensorData(spec.dtype, elementCount(dims));
    feeds[spec.name] = { type: ORT_TYPE[spec.dtype], dims, data };
    if (ArrayBuffer.isView(data)) transfer.push(data.buffer as ArrayBuffer);
  }
  return [feeds, transfer];
}
