import { Registry } from 'prom-client';
import { type InferOptions } from '../batching/pending-request';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { InferenceMetrics } from '../metrics/inference-metrics';
import { type ModelVersionStatistics } from '../metrics/model-statistics';
import { type ModelConfig } from '../repository/model-config.schema';
import { DEFAULT_VERSION_POLICY, ModelRepository, type VersionPolicy } from '../repository/model-repository';
import { type InferenceLogger, consoleInferenceLogger } from '../runtime/inference-logger';
import { validateRequestInputs } from '../runtime/input-validation';
import { ServedModelVersion, type ServedVersionStatus } from '../runtime/served-model-version';
import { type TensorInputs, type TensorRecord } from '../runtime/tensor';

export interface InferenceEngineOptions {
  /** Folder laid out as `<name>/<version>/{model.onnx,model.json}`. */
  repositoryPath: string;
  /** Models to load at start; default: every model in the repository. */
  models?: string[];
  /** Versions of each model to serve; default `{ latest: 1 }`. */
  versionPolicy?: VersionPolicy;
  /** Where the nv_* metrics go; default: a private Registry (see `engine.registry`). */
  registry?: Registry;
  logger?: InferenceLogger;
}

export interface InferenceResult {
  modelName: string;
  modelVersion: number;
  outputs: TensorRecord;
}

export interface ModelStatus {
  name: string;
  /** READY when the latest version serves (loaded, with at least one running instance). */
  state: 'READY' | 'UNAVAILABLE';
  versions: ServedVersionStatus[];
  /** Why the last load failed, if it did. */
  reason?: string;
}

export interface RepositoryIndexEntry {
  name: string;
  version?: string;
  state?: string;
  reason?: string;
}

interface ModelEntry {
  versions: Map<number, ServedModelVersion>;
  latest?: ServedModelVersion;
  reason?: string;
}

/** Creates the engine and loads its models (a model that fails to load is logged, reported, not fatal). */
export async function createInferenceEngine(options: InferenceEngineOptions): Promise<InferenceEngine> {
  const engine = new InferenceEngine(options);
  await engine.start();
  return engine;
}

/** Serves the models of one repository in worker threads with dynamic batching. */
export class InferenceEngine {
  readonly registry: Registry;
  private readonly repository: ModelRepository;
  private readonly metrics: InferenceMetrics;
  private readonly logger: InferenceLogger;
  private readonly policy: VersionPolicy;
  private readonly entries = new Map<string, ModelEntry>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly retiring = new Set<Promise<void>>();
  private expected: string[] = [];
  private closed = false;

  constructor(private readonly options: InferenceEngineOptions) {
    this.repository = new ModelRepository(options.repositoryPath);
    this.registry = options.registry ?? new Registry();
    this.metrics = new InferenceMetrics(this.registry);
    this.logger = options.logger ?? consoleInferenceLogger;
    this.policy = options.versionPolicy ?? DEFAULT_VERSION_POLICY;
  }

  async start(): Promise<void> {
    this.expected = this.options.models ?? (await this.repository.modelNames());
    await Promise.all(
      this.expected.map((name) =>
        this.load(name).catch((error: unknown) => this.logger.error(`model '${name}' not loaded: ${(error as Error).message}`)),
      ),
    );
  }

  /**
   * Loads the versions the policy selects. New versions serve only after they loaded and warmed up;
   * versions no longer selected finish their accepted requests, then stop. On failure the versions
   * already serving keep serving and the error is thrown.
   */
  load(name: string): Promise<void> {
    return this.exclusive(name, () => this.swapIn(name, false));
  }

  /** Like load, but replaces already-serving versions too (e.g. files changed on disk). */
  reload(name: string): Promise<void> {
    return this.exclusive(name, () => this.swapIn(name, true));
  }

  /** Stops serving a model; requests already accepted still complete. */
  unload(name: string): Promise<void> {
    return this.exclusive(name, async () => {
      const entry = this.entries.get(name);
      if (!entry) throw notFound(name);
      this.entries.delete(name);
      await Promise.all([...entry.versions.values()].map((v) => v.retire()));
    });
  }

  /** Runs one request (one or more rows) through the model's queue. */
  infer(name: string, inputs: TensorInputs, options?: InferOptions): Promise<TensorRecord> {
    try {
      const served = this.route(name, options?.version);
      return served.infer(this.validate(served, inputs), options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** infer() plus the version that served it (for the V2 response). */
  async inferDetailed(name: string, inputs: TensorInputs, options: InferOptions = {}): Promise<InferenceResult> {
    const served = this.route(name, options.version);
    const outputs = await served.infer(this.validate(served, inputs), options);
    return { modelName: name, modelVersion: served.version, outputs };
  }

  /** model.json of the serving (or given) version. */
  config(name: string, version?: number): ModelConfig {
    return this.route(name, version, false).config;
  }

  /** Serving versions of a model, highest first. */
  versions(name: string): number[] {
    const entry = this.entries.get(name);
    if (!entry) throw notFound(name);
    return [...entry.versions.keys()].sort((a, b) => b - a);
  }

  isReady(name: string, version?: number): boolean {
    try {
      return this.route(name, version).ready;
    } catch {
      return false;
    }
  }

  models(): ModelStatus[] {
    return [...this.entries.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, entry]) => ({
        name,
        state: entry.latest?.ready ? 'READY' : 'UNAVAILABLE',
        versions: [...entry.versions.values()].map((v) => v.status()),
        ...(entry.reason ? { reason: entry.reason } : {}),
      }));
  }

  /** True when every model asked for at start serves its latest version (some instance running). */
  ready(): boolean {
    return !this.closed && this.expected.every((name) => this.entries.get(name)?.latest?.ready === true);
  }

  statistics(name?: string, version?: number): ModelVersionStatistics[] {
    if (name === undefined) return [...this.entries.values()].flatMap((e) => [...e.versions.values()].map((v) => v.statistics.snapshot()));
    if (version !== undefined) return [this.route(name, version, false).statistics.snapshot()];
    const entry = this.entries.get(name);
    if (!entry) throw notFound(name);
    return [...entry.versions.values()].map((v) => v.statistics.snapshot());
  }

  /** Triton repository index: every model folder with the state of its versions. */
  async repositoryIndex(readyOnly = false): Promise<RepositoryIndexEntry[]> {
    const index: RepositoryIndexEntry[] = [];
    for (const name of await this.repository.modelNames()) {
      const entry = this.entries.get(name);
      if (entry && entry.versions.size > 0) {
        for (const v of entry.versions.values()) index.push({ name, version: String(v.version), state: v.status().state });
      } else if (!readyOnly) {
        index.push({ name, state: 'UNAVAILABLE', ...(entry?.reason ? { reason: entry.reason } : {}) });
      }
    }
    return readyOnly ? index.filter((e) => e.state === 'READY') : index;
  }

  /** Fails queued requests, lets running batches finish, and stops every worker thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.locks.values()]);
    const served = [...this.entries.values()].flatMap((e) => [...e.versions.values()]);
    this.entries.clear();
    await Promise.all([...served.map((v) => v.close()), ...this.retiring]);
  }

  /** NestJS lifecycle hook: the engine closes with the application. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private route(name: string, version: number | undefined, requireReady = true): ServedModelVersion {
    if (this.closed) throw new InferenceError(InferenceErrorCode.MODEL_NOT_READY, 'inference engine is shut down');
    const entry = this.entries.get(name);
    if (!entry) throw notFound(name);
    const served = version === undefined ? entry.latest : entry.versions.get(version);
    if (!served) {
      if (version !== undefined) throw new InferenceError(InferenceErrorCode.MODEL_NOT_FOUND, `model '${name}' version ${version} is not served`);
      throw new InferenceError(InferenceErrorCode.MODEL_NOT_READY, `model '${name}' has no ready version${entry.reason ? `: ${entry.reason}` : ''}`, 5);
    }
    if (requireReady && !served.ready) throw new InferenceError(InferenceErrorCode.MODEL_NOT_READY, `model '${name}' version ${served.version} is not ready`, 1);
    return served;
  }

  private validate(served: ServedModelVersion, inputs: TensorInputs) {
    try {
      return validateRequestInputs(served.config, inputs);
    } catch (error) {
      this.metrics.requestFailure.inc({ model: served.config.name, version: String(served.version), reason: InferenceErrorCode.INVALID_INPUT });
      throw error;
    }
  }

  private async swapIn(name: string, replaceServing: boolean): Promise<void> {
    if (this.closed) throw new InferenceError(InferenceErrorCode.MODEL_NOT_READY, 'inference engine is shut down');
    const selected = await this.repository.selectVersions(name, this.policy);
    const entry = this.entries.get(name) ?? { versions: new Map<number, ServedModelVersion>() };
    if (selected.length === 0) throw notFound(name);
    const toLoad = selected.filter((v) => replaceServing || !entry.versions.has(v));
    const loaded: ServedModelVersion[] = [];
    try {
      for (const version of toLoad) loaded.push(await ServedModelVersion.load(await this.repository.read(name, version), this.metrics, this.logger));
    } catch (error) {
      await Promise.all(loaded.map((v) => v.close()));
      entry.reason = (error as Error).message;
      this.entries.set(name, entry);
      throw error;
    }
    const next = new Map<number, ServedModelVersion>();
    for (const version of selected) {
      const served = loaded.find((v) => v.version === version) ?? entry.versions.get(version);
      if (served) next.set(version, served);
    }
    const retired = [...entry.versions.values()].filter((v) => next.get(v.version) !== v);
    const latest = next.get(Math.max(...next.keys()));
    // The swap is synchronous: a request routes either to the old version or to the new one, never to neither.
    this.entries.set(name, { versions: next, latest });
    if (loaded.length > 0) this.logger.info(`model '${name}' serving versions ${[...next.keys()].join(', ')}`);
    for (const version of retired) {
      const done = version.retire().finally(() => this.retiring.delete(done));
      this.retiring.add(done);
    }
  }

  private exclusive<T>(name: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(operation);
    const tail = current.catch(() => undefined);
    this.locks.set(name, tail);
    void tail.then(() => this.locks.get(name) === tail && this.locks.delete(name));
    return current;
  }
}

function notFound(name: string): InferenceError {
  return new InferenceError(InferenceErrorCode.MODEL_NOT_FOUND, `model '${name}' not found`);
}
