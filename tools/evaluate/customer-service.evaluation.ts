import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { createInferenceEngine } from '@verticals/inference';
import {
  HfSentimentClassifier,
  INTENT_TAXONOMY,
  MODEL_NAMES,
  TextModelPredictor,
  fitInWorker,
  fitLabels,
  listModelVersions,
  parseTrainingSet,
  type TextModelKind,
} from '@verticals/customer-service-nlp';
import { DatasetValidationError, computeClassificationMetrics, formatClassificationReport, type LabelledText } from '@verticals/text-models';

const REPO_MODELS = resolve(__dirname, '..', '..', 'models');
// Test and training files from public benchmarks may be much larger than an API upload.
const FILE_LIMITS = { maxBytes: 512 * 1024 * 1024, maxRows: 2_000_000, maxTextChars: 20_000 };
const CHUNK = 64;
const IN_FLIGHT = 8;

export interface CustomerServiceEvaluation {
  kind: TextModelKind;
  test: string;
  train?: string;
  version?: number;
  models?: string;
  hfModel?: string;
}

export async function evaluateCustomerService(options: CustomerServiceEvaluation): Promise<string> {
  const train = options.train ? await readRows(options.kind, options.train, true) : undefined;
  const customLabels = train !== undefined && options.kind === 'intent' && train.some((r) => !(INTENT_TAXONOMY as readonly string[]).includes(r.label));
  const test = await readRows(options.kind, options.test, customLabels);
  if (options.hfModel) {
    if (options.kind !== 'sentiment') throw new Error('--hf-model is for sentiment');
    const classifier = await HfSentimentClassifier.load(options.hfModel);
    const predicted: string[] = [];
    for (let i = 0; i < test.length; i += CHUNK) predicted.push(...(await classifier.classifyBatch(test.slice(i, i + CHUNK).map((r) => r.text))).map((p) => p.label));
    return report(test, predicted, ['negative', 'neutral', 'positive'], `${classifier.modelId} on ${options.test}`);
  }
  const modelName = MODEL_NAMES[options.kind];
  const temporary = train ? await mkdtemp(join(tmpdir(), 'evaluate-cs-')) : undefined;
  try {
    let repositoryPath = resolve(options.models ?? REPO_MODELS);
    let version = options.version ?? listModelVersions(repositoryPath, modelName).at(-1);
    if (train && temporary) {
      repositoryPath = temporary;
      version = 1;
      const labels = fitLabels(options.kind, train, customLabels);
      process.stderr.write(`fitting ${modelName} on ${train.length} rows of ${options.train} (${labels.length} labels${customLabels ? ', custom' : ''})\n`);
      const fitted = await withProgressBar((update) =>
        fitInWorker({ kind: options.kind, rows: train, labels, repositoryPath, version: 1, source: options.train as string }, update),
      );
      process.stderr.write(`held-out (15% of the training file): accuracy=${fitted.metrics.accuracy} macro_f1=${fitted.metrics.macroF1}\n`);
    }
    if (version === undefined) throw new Error(`no version of ${modelName} in ${repositoryPath}`);
    const engine = await createInferenceEngine({ repositoryPath, models: [modelName], versionPolicy: { specific: [version] }, logger: quietLogger });
    try {
      if (!engine.isReady(modelName, version)) throw new Error(`${modelName} version ${version} did not load: ${engine.models()[0]?.reason ?? 'unknown reason'}`);
      const predictor = new TextModelPredictor(engine);
      const labels = engine.config(modelName, version).outputs[0]?.labels ?? [];
      const predicted = new Array<string>(test.length);
      const chunks: number[] = [];
      for (let i = 0; i < test.length; i += CHUNK) chunks.push(i);
      let next = 0;
      const workers = Array.from({ length: IN_FLIGHT }, async () => {
        while (next < chunks.length) {
          const start = chunks[next++] as number;
          const rows = await predictor.predict(modelName, version as number, test.slice(start, start + CHUNK).map((r) => r.text));
          rows.forEach((row, k) => (predicted[start + k] = row.label));
        }
      });
      await Promise.all(workers);
      return report(test, predicted, labels, `${modelName}@${version}${train ? ` fitted on ${options.train}` : ''} on ${options.test}`);
    } finally {
      await engine.close();
    }
  } finally {
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

async function readRows(kind: TextModelKind, file: string, customLabels: boolean): Promise<LabelledText[]> {
  const content = await readFile(file);
  const format = /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : /\.csv$/i.test(file) ? 'csv' : undefined;
  try {
    return (await parseTrainingSet(kind, content, { format, customLabels, limits: FILE_LIMITS })).rows;
  } catch (error) {
    if (error instanceof DatasetValidationError) {
      const lines = error.issues.slice(0, 20).map((i) => `  ${i.line > 0 ? `line ${i.line}` : file}: ${i.message}`);
      throw new Error(`${file} is not a usable ${kind} file (${error.code}):\n${lines.join('\n')}`);
    }
    throw error;
  }
}

function report(test: readonly LabelledText[], predicted: readonly string[], modelLabels: readonly string[], title: string): string {
  const actual = test.map((r) => r.label);
  const present = new Set([...actual, ...predicted]);
  // Labels in the model's order, then any the model does not know (they count as misses).
  const labels = [...modelLabels.filter((l) => present.has(l)), ...[...present].filter((l) => !modelLabels.includes(l)).sort()];
  return formatClassificationReport(computeClassificationMetrics(labels, actual, predicted), title);
}

async function withProgressBar<T>(work: (update: (fraction: number, stage: string) => void) => Promise<T>): Promise<T> {
  const bar = new SingleBar({ format: 'fitting [{bar}] {percentage}% {stage}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(100, 0, { stage: 'starting' });
  try {
    return await work((fraction, stage) => bar.update(Math.round(fraction * 100), { stage }));
  } finally {
    bar.update(100, { stage: 'done' });
    bar.stop();
  }
}

const quietLogger = { info: (): void => undefined, warn: (m: string): void => void process.stderr.write(`${m}\n`), error: (m: string): void => void process.stderr.write(`${m}\n`) };
