import {
  defaultTextFeaturizerConfig,
  parseLabelledDataset,
  summarizeMetrics,
  trainTextClassifier,
  writeTextModelVersion,
  type DatasetFormat,
  type DatasetLimits,
  type EvaluationSummary,
  type LabelledText,
  type ParsedDataset,
  type TextClassifierTrainingResult,
  type TextFeaturizerConfig,
} from '@verticals/text-models';
import { normalizeSentimentLabel } from '../analysis/sentiment-label-aliases';
import { INTENT_TAXONOMY, MODEL_NAMES, SENTIMENT_LABELS, type TextModelKind } from '../model-kinds';

/** The featurizer each kind is fitted with: the same settings as the default models (tools/models/customer-service). */
export const FIT_FEATURIZERS: Record<TextModelKind, TextFeaturizerConfig> = {
  sentiment: defaultTextFeaturizerConfig({ buckets: 1 << 16, lexicon: { sources: ['vader', 'afinn'], weight: 1 }, charWeight: 0.5 }),
  intent: defaultTextFeaturizerConfig({ buckets: 1 << 15, lexicon: { sources: ['vader'], weight: 0.5 }, charWeight: 0.6 }),
};

// sentiment 0.01 was still improving the validation loss at the epoch cap on the version-2 corpus.
export const FIT_LEARNING_RATE: Record<TextModelKind, number> = { sentiment: 0.02, intent: 0.03 };
export const FIT_SEED = 20261123;

export type FitProgressStage = 'featurizing' | 'fitting' | 'evaluating' | 'writing' | 'done';

export interface FitTextModelInput {
  kind: TextModelKind;
  rows: readonly LabelledText[];
  /** Output labels in order; default: the kind's standard labels (sentiment classes or the intent taxonomy). */
  labels?: readonly string[];
  onProgress?: (fraction: number, stage: FitProgressStage) => void;
}

/** The standard labels of a kind, or those present in the rows when `custom` (tenants' own intents). */
export function fitLabels(kind: TextModelKind, rows: readonly LabelledText[], custom: boolean): string[] {
  if (custom) return [...new Set(rows.map((r) => r.label))].sort();
  const standard: readonly string[] = kind === 'sentiment' ? SENTIMENT_LABELS : INTENT_TAXONOMY;
  const present = new Set(rows.map((r) => r.label));
  // Standard labels the upload lacks are left out: a class without examples cannot be learned.
  return standard.filter((label) => present.has(label));
}

/**
 * THE fit of a customer-service text model, shared by the training-set API (in a worker thread) and
 * `npm run evaluate -- customer-service ... --train`: same featurizer, split, optimiser settings and seed.
 */
export function fitTextModel(input: FitTextModelInput): TextClassifierTrainingResult {
  return trainTextClassifier(input.rows, {
    featurizer: FIT_FEATURIZERS[input.kind],
    labels: input.labels ?? fitLabels(input.kind, input.rows, false),
    seed: FIT_SEED,
    testFraction: 0.15,
    validationFraction: 0.1,
    fit: { maxEpochs: 25, patience: 3, learningRate: FIT_LEARNING_RATE[input.kind], batchSize: 64, l2: 1e-6 },
    onProgress: (fraction, stage) => input.onProgress?.(fraction * 0.95, stage),
  });
}

export interface FittedVersion {
  version: number;
  labels: string[];
  metrics: EvaluationSummary;
  trainingRows: number;
  directory: string;
}

/** Fits and writes `<repositoryPath>/<model name>/<version>/` (model.onnx, model.json, README.md). */
export async function fitAndWriteTextModel(input: FitTextModelInput & { repositoryPath: string; version: number; source: string }): Promise<FittedVersion> {
  const result = fitTextModel(input);
  input.onProgress?.(0.96, 'writing');
  const metrics = summarizeMetrics(result.heldOut);
  const { directory } = await writeTextModelVersion({
    root: input.repositoryPath,
    name: MODEL_NAMES[input.kind],
    version: input.version,
    classifier: result.classifier,
    card: {
      description: `${input.kind === 'sentiment' ? 'Sentiment' : 'Intent'} classifier fitted from a user training set (${input.source}).`,
      trainingData: `${input.rows.length} labelled rows: ${result.trainingRowCount} fitted, ${result.validationRowCount} for early stopping, ${result.heldOut.count} held out.`,
      metrics: { heldOut: metrics },
      intendedUse: 'The uploading tenant\'s customer-service analysis, once activated.',
      limitations: 'Held-out metrics come from a stratified split of the same upload; they are optimistic when the upload is templated or small.',
    },
  });
  input.onProgress?.(1, 'done');
  return { version: input.version, labels: [...result.classifier.labels], metrics, trainingRows: input.rows.length, directory };
}

/** Parses and validates an upload of a kind: sentiment labels accept aliases (neg/0/...), intents the taxonomy unless custom. */
export function parseTrainingSet(
  kind: TextModelKind,
  content: string | Buffer,
  options: { format?: DatasetFormat; customLabels?: boolean; limits?: Partial<DatasetLimits> } = {},
): Promise<ParsedDataset> {
  if (kind === 'sentiment') {
    return parseLabelledDataset(content, { format: options.format, limits: options.limits, allowedLabels: SENTIMENT_LABELS, normalizeLabel: normalizeSentimentLabel });
  }
  return parseLabelledDataset(content, {
    format: options.format,
    limits: options.limits,
    allowedLabels: options.customLabels ? undefined : INTENT_TAXONOMY,
    normalizeLabel: options.customLabels ? undefined : (label) => label.toLowerCase().replace(/[\s-]+/g, '_'),
  });
}
