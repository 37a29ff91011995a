import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LinearTextClassifier } from './linear-text-classifier';
import { renderModelCard, type ModelCard } from './model-card';
import { buildLinearClassifierOnnx, FEATURES_INPUT, INDICES_INPUT, PROBABILITIES_OUTPUT, VALUES_INPUT, type TextModelInputKind } from './onnx-linear-exporter';

export interface ModelBatchingPolicy {
  maxBatchSize: number;
  maxQueueDelayMicros: number;
  maxQueueSize: number;
}

export const DEFAULT_BATCHING: ModelBatchingPolicy = { maxBatchSize: 64, maxQueueDelayMicros: 500, maxQueueSize: 2048 };

export interface TextModelInputSpec {
  name: string;
  dtype: 'FP32' | 'INT64';
  shape: number[];
  maxElements?: number;
  padValue?: number;
}

/** Per-request element bound of the sparse inputs: 64 rows of up to 16k non-zero features each. */
export const SPARSE_INPUT_MAX_ELEMENTS = 64 * 16_384;

/**
 * The inputs a text model declares. Sparse inputs are [-1, -1]: the engine pads rows of different requests to
 * the batch's longest with padValue 0 (index 0 with value 0 contributes nothing).
 */
export function textModelInputs(input: TextModelInputKind, dimension: number): TextModelInputSpec[] {
  if (input === 'dense') return [{ name: FEATURES_INPUT, dtype: 'FP32', shape: [-1, dimension] }];
  return [
    { name: INDICES_INPUT, dtype: 'INT64', shape: [-1, -1], maxElements: SPARSE_INPUT_MAX_ELEMENTS, padValue: 0 },
    { name: VALUES_INPUT, dtype: 'FP32', shape: [-1, -1], maxElements: SPARSE_INPUT_MAX_ELEMENTS, padValue: 0 },
  ];
}

/** Which input kind a model.json declares: `sparse` when it has `indices` and `values`, else `dense`. */
export function textModelInputKind(inputs: readonly { name: string }[]): TextModelInputKind {
  const names = new Set(inputs.map((i) => i.name));
  if (names.has(INDICES_INPUT) && names.has(VALUES_INPUT)) return 'sparse';
  if (names.has(FEATURES_INPUT)) return 'dense';
  throw new RangeError(`a text model takes "${INDICES_INPUT}" + "${VALUES_INPUT}" or "${FEATURES_INPUT}"; got ${[...names].join(', ')}`);
}

/** model.json as the shared model repository reads it (see ARCHITECTURE.md, Models). */
export interface TextModelManifest {
  name: string;
  version: number;
  platform: 'onnxruntime';
  inputs: TextModelInputSpec[];
  outputs: { name: string; dtype: 'FP32'; shape: number[]; labels: string[] }[];
  preprocessing: Record<string, unknown>;
  batching: ModelBatchingPolicy;
  executionProviders: string[];
  /** One intra-op thread: a linear model's few hundred multiply-adds gain nothing from splitting, and waking a second thread costs more. */
  sessionOptions: { intraOpNumThreads: number };
  sha256: string;
  card: ModelCard;
}

export function buildTextModelManifest(
  name: string,
  version: number,
  classifier: LinearTextClassifier,
  onnxBytes: Uint8Array,
  card: ModelCard,
  input: TextModelInputKind = 'sparse',
): TextModelManifest {
  return {
    name,
    version,
    platform: 'onnxruntime',
    inputs: textModelInputs(input, classifier.featurizer.dimension),
    outputs: [{ name: PROBABILITIES_OUTPUT, dtype: 'FP32', shape: [-1, classifier.labels.length], labels: [...classifier.labels] }],
    preprocessing: { ...classifier.featurizer.config },
    batching: DEFAULT_BATCHING,
    executionProviders: ['cpu'],
    sessionOptions: { intraOpNumThreads: 1 },
    sha256: createHash('sha256').update(onnxBytes).digest('hex'),
    card,
  };
}

/**
 * Writes <root>/<name>/<version>/{model.onnx, model.json, README.md}. The folder is written under a temporary
 * name and renamed, so a model repository that scans the folder never sees half a version.
 */
export async function writeTextModelVersion(options: {
  root: string;
  name: string;
  version: number;
  classifier: LinearTextClassifier;
  card: ModelCard;
  cardExtra?: string;
  /** Default `sparse`; `dense` writes the format-1 graph (kept for older consumers). */
  input?: TextModelInputKind;
}): Promise<{ directory: string; manifest: TextModelManifest; onnxBytes: number }> {
  const { root, name, version, classifier, card } = options;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) throw new RangeError(`model name "${name}" must be kebab/snake case`);
  if (!Number.isInteger(version) || version < 1) throw new RangeError('version must be a positive integer');
  const input = options.input ?? 'sparse';
  const onnxBytes = buildLinearClassifierOnnx(classifier.model, classifier.labels, name.replace(/-/g, '_'), input);
  const manifest = buildTextModelManifest(name, version, classifier, onnxBytes, card, input);
  const directory = join(root, name, String(version));
  const staging = join(root, name, `.${version}.tmp-${process.pid}`);
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'model.onnx'), onnxBytes);
  await writeFile(join(staging, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = renderModelCard({ name, version, labels: classifier.labels, dimension: classifier.featurizer.dimension, card, extra: options.cardExtra });
  await writeFile(join(staging, 'README.md'), readme);
  await rm(directory, { recursive: true, force: true });
  await rename(staging, directory);
  return { directory, manifest, onnxBytes: onnxBytes.byteLength };
}
