import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ModelConfig } from '../repository/model-config.schema';
import { type ModelVersionConfig, writeModelVersion } from '../repository/model-version.writer';
import { buildMatMulReluOnnx } from '../onnx/dense-model.builders';

/** The committed test models (tools/models/test-model/build.ts). */
export const COMMITTED_MODELS = path.join(__dirname, '..', '..', '..', '..', 'models');

/** A throwaway repository for tests that write or change models. */
export async function temporaryRepository(copyModels: string[] = []): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'inference-repo-'));
  for (const name of copyModels) await cp(path.join(COMMITTED_MODELS, name), path.join(root, name), { recursive: true });
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** y = relu(x . (scale * I)) on [batch, dim]: outputs reveal which version served (scale = version). */
export function writeScaledIdentityModel(root: string, overrides: Partial<ModelVersionConfig> & { version: number }, dim = 8): Promise<{ directory: string; config: ModelConfig }> {
  const weights = new Float32Array(dim * dim);
  for (let i = 0; i < dim; i++) weights[i * dim + i] = overrides.version;
  const config: ModelVersionConfig = {
    name: 'scaled',
    platform: 'onnxruntime',
    inputs: [{ name: 'input', dtype: 'FP32', shape: [-1, dim] }],
    outputs: [{ name: 'output', dtype: 'FP32', shape: [-1, dim] }],
    batching: { maxBatchSize: 16, maxQueueDelayMicros: 0, maxQueueSize: 256 },
    sessionOptions: { intraOpNumThreads: 1 },
    card: { description: 'test', trainingData: 'none', metrics: {}, intendedUse: 'tests', limitations: 'none' },
    ...overrides,
  };
  return writeModelVersion(root, config, buildMatMulReluOnnx({ inputDim: dim, outputDim: dim, weights }));
}
