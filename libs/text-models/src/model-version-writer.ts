import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LinearTextClassifier } from './linear-text-classifier';
import { renderModelCard, type ModelCard } from './model-card';
import { buildLinearClassifierOnnx, FEATURES_INPUT, PROBABILITIES_OUTPUT } from './onnx-linear-exporter';

export interface ModelBatchingPolicy {
  maxBatchSize: number;
  maxQueueDelayMicros: number;
  maxQueueSize: number;
}

export const DEFAULT_BATCHING: ModelBatchingPolicy = { maxBatchSize: 64, maxQueueDelayMicros: 500, maxQueueSize: 2048 };

/** model.json as the shared model repository reads it (see ARCHITECTURE.md, Models). */
export interface TextModelManifest {
  name: string;
  version: number;
  platform: 'onnxruntime';
  inputs: { name: string; dtype: 'FP32'; shape: number[] }[];
  outputs: { name: string; dtype: 'FP32'; shape: number[]; labels: string[] }[];
  preprocessing: Record<string, unknown>;
  batching: ModelBatchingPolicy;
  executionProviders: string[];
  sha256: string;
  card: ModelCard;
}

export function buildTextModelManifest(name: string, version: number, classifier: LinearTextClassifier, onnxBytes: Uint8Array, card: ModelCard): TextModelManifest {
  return {
    name,
    version,
    platform: 'onnxruntime',
    inputs: [{ name: FEATURES_INPUT, dtype: 'FP32', shape: [-1, classifier.featurizer.dimension] }],
    outputs: [{ name: PROBABILITIES_OUTPUT, dtype: 'FP32', shape: [-1, classifier.labels.length], labels: [...classifier.labels] }],
    preprocessing: { ...classifier.featurizer.config },
    batching: DEFAULT_BATCHING,
    executionProviders: ['cpu'],
    sha256: createHash('sha256').update(onnxBytes).digest('hex'),
    card,
  };
}

/**
 * Writes <root>/<name>/<version>/{model.onnx, model.json, README.md}. The folder is written under a temporary
 * name and renamed, so a model repository that scans the folder never sees half a version.
 */
export async function writeTextModelVersion(input: {
  root: string;
  name: string;
  version: number;
  classifier: LinearTextClassifier;
  card: ModelCard;
  cardExtra?: string;
}): Promise<{ directory: string; manifest: TextModelManifest; onnxBytes: number }> {
  const { root, name, version, classifier, card } = input;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) throw new RangeError(`model name "${name}" must be kebab/snake case`);
  if (!Number.isInteger(version) || version < 1) throw new RangeError('version must be a positive integer');
  const onnxBytes = buildLinearClassifierOnnx(classifier.model, classifier.labels, name.replace(/-/g, '_'));
  const manifest = buildTextModelManifest(name, version, classifier, onnxBytes, card);
  const directory = join(root, name, String(version));
  const staging = join(root, name, `.${version}.tmp-${process.pid}`);
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'model.onnx'), onnxBytes);
  await writeFile(join(staging, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = renderModelCard({ name, version, labels: classifier.labels, dimension: classifier.featurizer.dimension, card, extra: input.cardExtra });
  await writeFile(join(staging, 'README.md'), readme);
  await rm(directory, { recursive: true, force: true });
  await rename(staging, directory);
  return { directory, manifest, onnxBytes: onnxBytes.byteLength };
}
