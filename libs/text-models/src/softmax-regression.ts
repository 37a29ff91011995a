import { type SparseVector } from './feature-hashing';
import { createSeededRandom } from './seeded-random';

/** Multinomial logistic regression: p = softmax(x W + b), W stored feature-major [dimension, classCount]. */
export interface SoftmaxModel {
  dimension: number;
  classCount: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface FitProgress {
  /** Fraction of the epoch budget done, in [0, 1]. */
  fraction: number;
  epoch: number;
  trainLoss?: number;
  validationLoss?: number;
}

export interface SoftmaxFitOptions {
  /** L2 penalty on the weights (not the bias), per example. */
  l2: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  seed: number;
  /** Per-class loss weights (e.g. balanced: n / (C * n_c)). */
  classWeights?: readonly number[];
  validation?: { rows: readonly SparseVector[]; targets: readonly number[] };
  onProgress?: (progress: FitProgress) => void;
}

export interface SoftmaxFitResult {
  model: SoftmaxModel;
  epochsRun: number;
  bestEpoch: number;
  history: { epoch: number; trainLoss: number; validationLoss?: number }[];
}

export const DEFAULT_FIT_OPTIONS: SoftmaxFitOptions = {
  l2: 1e-5,
  learningRate: 0.02,
  batchSize: 64,
  maxEpochs: 30,
  patience: 3,
  seed: 1,
};

export function predictProbabilities(model: SoftmaxModel, row: SparseVector, out = new Float64Array(model.classCount)): Float64Array {
  const { classCount: c, weights, bias } = model;
  for (let k = 0; k < c; k++) out[k] = bias[k] as number;
  for (let i = 0; i < row.indices.length; i++) {
    const base = (row.indices[i] as number) * c;
    const x = row.values[i] as number;
    for (let k = 0; k < c; k++) out[k] = (out[k] as number) + x * (weights[base + k] as number);
  }
  let max = -Infinity;
  for (let k = 0; k < c; k++) max = Math.max(max, out[k] as number);
  let sum = 0;
  for (let k = 0; k < c; k++) {
    out[k] = Math.exp((out[k] as number) - max);
    sum += out[k] as number;
  }
  for (let k = 0; k < c; k++) out[k] = (out[k] as number) / sum;
  return out;
}

function meanLogLoss(model: SoftmaxModel, rows: readonly SparseVector[], targets: readonly number[]): number {
  const p = new Float64Array(model.classCount);
  let loss = 0;
  rows.forEach((row, i) => {
    predictProbabilities(model, row, p);
    loss -= Math.log(Math.max(1e-12, p[targets[i] as number] as number));
  });
  return rows.length > 0 ? loss / rows.length : 0;
}

/** Mini-batch Adam on the weighted cross-entropy with L2, early stopping on the validation loss. */
export function fitSoftmaxRegression(
  rows: readonly SparseVector[],
  targets: readonly number[],
  dimension: number,
  classCount: number,
  options: Partial<SoftmaxFitOptions> = {},
): SoftmaxFitResult {
  const opts: SoftmaxFitOptions = { ...DEFAULT_FIT_OPTIONS, ...options };
  if (rows.length !== targets.length) throw new RangeError('rows and targets differ in length');
  if (rows.length === 0) throw new RangeError('no training rows');
  const size = dimension * classCount;
  const model: SoftmaxModel = { dimension, classCount, weights: new Float32Array(size), bias: new Float32Array(classCount) };
  const best = { weights: new Float32Array(size), bias: new Float32Array(classCount) };
  const grad = new Float32Array(size);
  const gradBias = new Float64Array(classCount);
  const m = new Float32Array(size);
  const v = new Float32Array(size);
  const mb = new Float64Array(classCount);
  const vb = new Float64Array(classCount);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const classWeights = opts.classWeights ?? new Array<number>(classCount).fill(1);
  const rng = createSeededRandom(opts.seed);
  const order = rows.map((_, i) => i);
  const p = new Float64Array(classCount);
  const stepsPerEpoch = Math.ceil(rows.length / opts.batchSize);
  const history: SoftmaxFitResult['history'] = [];
  let step = 0;
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let epochsRun = 0;

  for (let epoch = 1; epoch <= opts.maxEpochs; epoch++) {
    rng.shuffle(order);
    let trainLoss = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const batch = order.slice(s * opts.batchSize, (s + 1) * opts.batchSize);
      grad.fill(0);
      gradBias.fill(0);
      for (const r of batch) {
        const row = rows[r] as SparseVector;
        const target = targets[r] as number;
        const w = classWeights[target] as number;
        predictProbabilities(model, row, p);
        trainLoss -= w * Math.log(Math.max(1e-12, p[target] as number));
        for (let k = 0; k < classCount; k++) {
          const delta = w * ((p[k] as number) - (k === target ? 1 : 0));
          gradBias[k] = (gradBias[k] as number) + delta;
          for (let i = 0; i < row.indices.length; i++) {
            const at = (row.indices[i] as number) * classCount + k;
            grad[at] = (grad[at] as number) + delta * (row.values[i] as number);
          }
        }
      }
      step++;
      const scale = 1 / batch.length;
      const lr = (opts.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      for (let j = 0; j < size; j++) {
        const g = (grad[j] as number) * scale + opts.l2 * (model.weights[j] as number);
        const mj = beta1 * (m[j] as number) + (1 - beta1) * g;
        const vj = beta2 * (v[j] as number) + (1 - beta2) * g * g;
        m[j] = mj;
        v[j] = vj;
        model.weights[j] = (model.weights[j] as number) - (lr * mj) / (Math.sqrt(vj) + eps);
      }
      for (let k = 0; k < classCount; k++) {
        const g = (gradBias[k] as number) * scale;
        mb[k] = beta1 * (mb[k] as number) + (1 - beta1) * g;
        vb[k] = beta2 * (vb[k] as number) + (1 - beta2) * g * g;
        model.bias[k] = (model.bias[k] as number) - (lr * (mb[k] as number)) / (Math.sqrt(vb[k] as number) + eps);
      }
      if (opts.onProgress && s % 20 === 0) {
        opts.onProgress({ fraction: Math.min(1, (epoch - 1 + s / stepsPerEpoch) / opts.maxEpochs), epoch });
      }
    }
    epochsRun = epoch;
    trainLoss /= rows.length;
    const validationLoss = opts.validation ? meanLogLoss(model, opts.validation.rows, opts.validation.targets) : trainLoss;
    history.push({ epoch, trainLoss, ...(opts.validation ? { validationLoss } : {}) });
    opts.onProgress?.({ fraction: epoch / opts.maxEpochs, epoch, trainLoss, validationLoss });
    if (validationLoss < bestLoss - 1e-5) {
      bestLoss = validationLoss;
      bestEpoch = epoch;
      best.weights.set(model.weights);
      best.bias.set(model.bias);
    } else if (epoch - bestEpoch >= opts.patience) {
      break;
    }
  }
  model.weights.set(best.weights);
  model.bias.set(best.bias);
  opts.onProgress?.({ fraction: 1, epoch: epochsRun });
  return { model, epochsRun, bestEpoch, history };
}
