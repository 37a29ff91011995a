import { Injectable } from '@nestjs/common';
import { InferenceEngine, type RepositoryIndexEntry } from '../engine/inference-engine';
import { type ModelVersionStatistics } from '../metrics/model-statistics';
import { invalidInput } from '../errors/inference-error';
import { type V2InferenceResponse, decodeV2Inputs, encodeV2Outputs } from './v2-tensor.codec';

export interface V2ServerMetadata {
  name: string;
  version: string;
  extensions: string[];
}

export interface V2ModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: Array<{ name: string; datatype: string; shape: number[] }>;
  outputs: Array<{ name: string; datatype: string; shape: number[] }>;
  /** Not in the V2 spec (clients ignore it): where the model runs and what else model.json says. */
  parameters: { execution_provider: string; labels?: Record<string, string[]>; preprocessing?: Record<string, unknown> };
}

/** Translates Open Inference Protocol V2 (+ Triton repository and statistics extensions) to engine calls. */
@Injectable()
export class V2ProtocolService {
  constructor(private readonly engine: InferenceEngine) {}

  serverMetadata(): V2ServerMetadata {
    return { name: 'verticals-inference', version: '1.0.0', extensions: ['model_repository', 'statistics'] };
  }

  serverReady(): boolean {
    return this.engine.ready();
  }

  modelReady(model: string, version?: string): boolean {
    return this.engine.isReady(model, parseVersion(version));
  }

  modelMetadata(model: string, version?: string): V2ModelMetadata {
    const config = this.engine.config(model, parseVersion(version));
    const served = this.engine.models().find((m) => m.name === model)?.versions.find((v) => v.version === config.version);
    const labels = Object.fromEntries(config.outputs.flatMap((o) => (o.labels ? [[o.name, o.labels]] : [])));
    return {
      name: model,
      versions: this.engine.versions(model).map(String),
      platform: 'onnxruntime_onnx',
      inputs: config.inputs.map((i) => ({ name: i.name, datatype: i.dtype, shape: i.shape })),
      outputs: config.outputs.map((o) => ({ name: o.name, datatype: o.dtype, shape: o.shape })),
      parameters: {
        execution_provider: served?.executionProvider ?? 'cpu',
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(config.preprocessing ? { preprocessing: config.preprocessing } : {}),
      },
    };
  }

  async infer(model: string, version: string | undefined, body: unknown, signal: AbortSignal): Promise<V2InferenceResponse> {
    const config = this.engine.config(model, parseVersion(version));
    const request = body as { id?: unknown; parameters?: { timeout?: unknown }; outputs?: Array<{ name: string }> };
    const inputs = decodeV2Inputs(config, body);
    const timeoutMicros = request.parameters?.timeout;
    if (timeoutMicros !== undefined && (typeof timeoutMicros !== 'number' || timeoutMicros <= 0)) throw invalidInput('parameters.timeout must be a positive number of microseconds');
    const result = await this.engine.inferDetailed(model, inputs, {
      version: config.version,
      signal,
      deadline: typeof timeoutMicros === 'number' ? Date.now() + timeoutMicros / 1000 : undefined,
    });
    return {
      model_name: result.modelName,
      model_version: String(result.modelVersion),
      ...(typeof request.id === 'string' ? { id: request.id } : {}),
      outputs: encodeV2Outputs(config, result.outputs, Array.isArray(request.outputs) ? request.outputs : undefined),
    };
  }

  statistics(model?: string, version?: string): { model_stats: ModelVersionStatistics[] } {
    return { model_stats: this.engine.statistics(model, parseVersion(version)) };
  }

  repositoryIndex(body: unknown): Promise<RepositoryIndexEntry[]> {
    return this.engine.repositoryIndex((body as { ready?: unknown } | undefined)?.ready === true);
  }

  load(model: string): Promise<void> {
    return this.engine.load(model);
  }

  unload(model: string): Promise<void> {
    return this.engine.unload(model);
  }
}

function parseVersion(version: string | undefined): number | undefined {
  if (version === undefined || version === '') return undefined;
  if (!/^[1-9][0-9]*$/.test(version)) throw invalidInput(`model version '${version}' is not a positive integer`);
  return Number(version);
}
