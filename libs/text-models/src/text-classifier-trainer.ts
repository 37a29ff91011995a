import { type ClassificationMetrics } from './classification-metrics';
import { stratifiedSplit } from './dataset-split';
import { type TextFeaturizerConfig } from './featurizer-config';
import { LinearTextClassifier } from './linear-text-classifier';
import { createSeededRandom } from './seeded-random';
import { fitSoftmaxRegression, type SoftmaxFitOptions, type SoftmaxFitResult } from './softmax-regression';
import { TextFeaturizer } from './text-featurizer';

export interface LabelledText {
  text: string;
  label: string;
}

export interface TextClassifierTrainingOptions {
  featurizer: TextFeaturizerConfig;
  /** Label order of the model's output; defaults to the sorted distinct labels. */
  labels?: readonly string[];
  /** Share of each class held out for the reported metrics. */
  testFraction?: number;
  /** Share of the remaining rows used for early stopping. */
  validationFraction?: number;
  classWeights?: 'balanced' | 'none';
  seed?: number;
  fit?: Partial<Omit<SoftmaxFitOptions, 'validation' | 'onProgress' | 'classWeights' | 'seed'>>;
  /** Called with the fraction done in [0, 1] and a stage name, for a progress bar or a job status. */
  onProgress?: (fraction: number, stage: 'featurizing' | 'fitting' | 'evaluating' | 'done') => void;
}

export interface TextClassifierTrainingResult {
  classifier: LinearTextClassifier;
  heldOut: ClassificationMetrics;
  heldOutRows: LabelledText[];
  trainingRowCount: number;
  validationRowCount: number;
  fit: Omit<SoftmaxFitResult, 'model'>;
}

export class TrainingSetError extends Error {
  override readonly name = 'TrainingSetError';
}

export function trainTextClassifier(rows: readonly LabelledText[], options: TextClassifierTrainingOptions): TextClassifierTrainingResult {
  const labels = options.labels ? [...options.labels] : [...new Set(rows.map((r) => r.label))].sort();
  if (labels.length < 2) throw new TrainingSetError('a classifier needs at least two labels');
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const counts = new Array<number>(labels.length).fill(0);
  const targets = rows.map((row, i) => {
    const t = labelIndex.get(row.label);
    if (t === undefined) throw new TrainingSetError(`row ${i + 1}: label "${row.label}" is not one of ${labels.join(', ')}`);
    counts[t] = (counts[t] as number) + 1;
    return t;
  });
  const thin = labels.filter((_, i) => (counts[i] as number) < 3);
  if (thin.length > 0) throw new TrainingSetError(`each label needs at least 3 examples; too few: ${thin.join(', ')}`);

  const seed = options.seed ?? 1;
  const rng = createSeededRandom(seed);
  const progress = options.onProgress ?? ((): void => undefined);
  const split = stratifiedSplit(targets, options.testFraction ?? 0.15, rng);
  const inner = stratifiedSplit(split.kept.map((i) => targets[i] as number), options.validationFraction ?? 0.1, rng);
  const trainIdx = inner.kept.map((j) => split.kept[j] as number);
  const validIdx = inner.heldOut.map((j) => split.kept[j] as number);

  const featurizer = new TextFeaturizer(options.featurizer);
  progress(0, 'featurizing');
  const featurize = (idx: number[]): ReturnType<TextFeaturizer['transformSparse']>[] =>
    idx.map((i, n) => {
      if (n % 500 === 0) progress((0.15 * n) / Math.max(1, rows.length), 'featurizing');
      return featurizer.transformSparse((rows[i] as LabelledText).text);
    });
  const trainRows = featurize(trainIdx);
  const validRows = featurize(validIdx);

  const trainCounts = new Array<number>(labels.length).fill(0);
  for (const i of trainIdx) trainCounts[targets[i] as number]++;
  const classWeights =
    (options.classWeights ?? 'balanced') === 'balanced'
      ? trainCounts.map((n) => (n > 0 ? trainIdx.length / (labels.length * n) : 0))
      : undefined;

  const { model, ...fit } = fitSoftmaxRegression(trainRows, trainIdx.map((i) => targets[i] as number), featurizer.dimension, labels.length, {
    ...options.fit,
    seed,
    classWeights,
    validation: validIdx.length > 0 ? { rows: validRows, targets: validIdx.map((i) => targets[i] as number) } : undefined,
    onProgress: (p) => progress(0.15 + 0.8 * p.fraction, 'fitting'),
  });

  const classifier = new LinearTextClassifier(featurizer, model, labels);
  progress(0.95, 'evaluating');
  const heldOutRows = split.heldOut.map((i) => rows[i] as LabelledText);
  const heldOut = classifier.evaluate(heldOutRows.map((r) => r.text), heldOutRows.map((r) => r.label));
  progress(1, 'done');
  return { classifier, heldOut, heldOutRows, trainingRowCount: trainIdx.length, validationRowCount: validIdx.length, fit };
}
