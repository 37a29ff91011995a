import { availableParallelism } from 'node:os';
import { DynamicBatcher } from '../batching/dynamic-batcher';
import { type InferOptions } from '../batching/pending-request';
import { InferenceError, InferenceErrorCode, errorFirstLine } from '../errors/inference-error';
import { type InferenceMetrics, type ModelLoadState } from '../metrics/inference-metrics';
import { ModelStatistics } from '../metrics/model-statistics';
import { type ModelConfig } from '../repository/model-config.schema';
import { type ModelVersionFiles } from '../repository/model-repository';
import { type InferenceLogger } from './inference-logger';
import { planBatchSlab } from './batch-slab';
import { DEFAULT_INLINE_MAX_MICROS, INLINE_MAX_MODEL_BYTES, InlineSession } from './inline-session';
import { SessionPool } from './session-pool';
import { SessionWorker } from './session-worker';
import { ORT_TYPE, type TensorRecord, allocateTensorData, elementCount } from './tensor';
import { type ValidatedRequest } from './input-validation';
import { type SessionWorkerData, type WireTensor } from './worker-protocol';

export interface ServedVersionStatus {
  version: number;
  state: ModelLoadState;
  executionProvider: string;
  /** Configured instances. */
  instances: number;
  /** Instances running now; fewer than `instances` while crashed ones are being restarted. */
  readyInstances: number;
  pendingRows: number;
  /** Rows a batch run on the calling thread may hold (workers idle, or their pipelines full); 0: never inline. */
  inlineMaxRows: number;
}

/** One loaded model version: its session workers, its queue, its statistics. */
export class ServedModelVersion {
  private state: ModelLoadState = 'READY';
  readonly statistics: ModelStatistics;
  private readonly batcher: DynamicBatcher;

  private constructor(
    readonly config: ModelConfig,
    /** Internal (tests reach the workers through it); not part of the public API. */
    readonly pool: SessionPool,
    private readonly metrics: InferenceMetrics,
    private readonly inline: InlineSession | undefined,
  ) {
    this.statistics = new ModelStatistics(config.name, config.version);
    this.batcher = new DynamicBatcher(config, pool, metrics.forVersion(config.name, config.version), this.statistics, inline);
  }

  /** Starts the instances and warms each up; resolves only when the version can serve. */
  static async load(files: ModelVersionFiles, metrics: InferenceMetrics, logger: InferenceLogger): Promise<ServedModelVersion> {
    const { config } = files;
    const label = `model '${config.name}' version ${config.version}`;
    metrics.setLoadState(config.name, config.version, 'LOADING');
    const data = workerDataFor(files);
    // Used for the first load and for every restart: same session options, warmed up before it takes work.
    const spawnWarm = async (): Promise<SessionWorker> => {
      const worker = await SessionWorker.spawn(data, planBatchSlab(config));
      try {
        await worker.run(...warmUpFeeds(config));
      } catch (error) {
        await worker.terminate();
        throw new Error(`warm-up failed: ${(error as Error).message}`);
      }
      return worker;
    };
    const spawned = await Promise.allSettled(Array.from({ length: config.instances ?? 1 }, spawnWarm));
    const workers = spawned.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = spawned.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await Promise.all(workers.map((w) => w.terminate()));
      metrics.setLoadState(config.name, config.version, 'UNAVAILABLE');
      throw new InferenceError(InferenceErrorCode.MODEL_LOAD_FAILED, `${label} failed to load: ${(failure.reason as Error).message}`);
    }
    const versionMetrics = metrics.forVersion(config.name, config.version);
    const pool = new SessionPool(workers, spawnWarm, {
      restarting: (instance, reason, delayMs) => logger.warn(`${label} instance ${instance} stopped (${reason}); restarting in ${delayMs} ms`),
      restartAttempt: () => versionMetrics.workerRestarts.inc(),
      readyChanged: (ready) => versionMetrics.readyInstances.set(ready),
    });
    versionMetrics.readyInstances.set(pool.readyCount);
    const fallback = workers.find((w) => w.fallbackReason)?.fallbackReason;
    if (fallback) logger.warn(`${label}: ${config.executionProviders?.join(',')} requested, running on cpu (${fallback})`);
    metrics.executionProvider.set({ model: config.name, version: String(config.version), provider: pool.executionProvider }, 1);
    const inline = await loadInlineSession(files, data, pool.executionProvider, logger);
    metrics.setLoadState(config.name, config.version, 'READY');
    return new ServedModelVersion(config, pool, metrics, inline);
  }

  get version(): number {
    return this.config.version;
  }

  get executionProvider(): string {
    return this.pool.executionProvider;
  }

  /** READY and at least one instance running (all instances restarting -> not ready). */
  get ready(): boolean {
    return this.state === 'READY' && this.pool.readyCount > 0;
  }

  status(): ServedVersionStatus {
    return { version: this.version, state: this.state, executionProvider: this.executionProvider, instances: this.pool.size, readyInstances: this.pool.readyCount, pendingRows: this.batcher.pendingRows, inlineMaxRows: this.inline?.alive ? this.inline.calibration.maxRows : 0 };
  }

  infer(request: ValidatedRequest, options?: InferOptions): Promise<TensorRecord> {
    return this.batcher.submit(request.inputs, request.rows, options);
  }

  /** Finishes everything already accepted, then stops the workers (version swap, unload). */
  async retire(): Promise<void> {
    this.setState('UNLOADING');
    await this.batcher.drain();
    await Promise.all([this.pool.terminate(), this.inline?.release()]);
    this.setState('UNAVAILABLE');
  }

  /** Fails what is still queued, waits for running batches, stops the workers (shutdown). */
  async close(): Promise<void> {
    this.setState('UNLOADING');
    await this.batcher.close(`model '${this.config.name}' is shutting down`);
    await Promise.all([this.pool.terminate(), this.inline?.release()]);
    this.setState('UNAVAILABLE');
  }

  private setState(state: ModelLoadState): void {
    this.state = state;
    this.metrics.setLoadState(this.config.name, this.config.version, state);
    if (state !== 'UNAVAILABLE') return;
    const labels = { model: this.config.name, version: String(this.config.version) };
    this.metrics.readyInstances.remove(labels);
    this.metrics.executionProvider.remove({ ...labels, provider: this.pool.executionProvider });
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
      allowSpinning: options.allowSpinning ?? false,
    },
  };
}

/**
 * A main-thread session for small batches of a small CPU model (see InlineSession); undefined when the
 * model is off the fast path: policy 0, on an accelerator, over 16 MB, dynamic non-batch dims or BYTES
 * (compute would not scale with rows), or measured slower than the policy's bound.
 */
async function loadInlineSession(files: ModelVersionFiles, data: Omit<SessionWorkerData, 'slab'>, provider: string, logger: InferenceLogger): Promise<InlineSession | undefined> {
  const { config } = files;
  const maxMicros = config.inline?.maxMicros ?? DEFAULT_INLINE_MAX_MICROS;
  if (maxMicros === 0 || provider !== 'cpu' || files.modelBytes.byteLength > INLINE_MAX_MODEL_BYTES || !planBatchSlab(config)) return undefined;
  const label = `model '${config.name}' version ${config.version}`;
  let inline: InlineSession | undefined;
  try {
    inline = await InlineSession.create({
      modelBytes: files.modelBytes,
      sessionOptions: data.sessionOptions,
      zeroBatch: (rows) => warmUpFeeds(config, rows)[0],
      maxRows: config.batching?.maxBatchSize ?? 1,
      maxMicros,
      onDisabled: (reason) => logger.warn(`${label}: no longer runs inline (${reason})`),
    });
  } catch (error) {
    // The workers serve everything; say why inline is off.
    logger.info(`${label}: runs on its workers only (inline session unavailable: ${errorFirstLine(error)})`);
    return undefined;
  }
  if (inline) logger.info(`${label}: idle batches of up to ${inline.calibration.maxRows} rows run inline (one row: ${inline.calibration.microsPerRow.toFixed(1)} us)`);
  return inline;
}

/** `rows` all-zero rows (other dynamic dims = 1): one loads kernels and arenas before real traffic arrives. */
function warmUpFeeds(config: ModelConfig, rows = 1): [Record<string, WireTensor>, ArrayBuffer[]] {
  const feeds: Record<string, WireTensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const spec of config.inputs) {
    const dims = spec.shape.map((d, i) => (d !== -1 ? d : i === 0 ? rows : 1));
    const data = allocateTensorData(spec.dtype, elementCount(dims));
    feeds[spec.name] = { type: ORT_TYPE[spec.dtype], dims, data };
    if (ArrayBuffer.isView(data)) transfer.push(data.buffer as ArrayBuffer);
  }
  return [feeds, transfer];
}
