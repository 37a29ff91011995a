import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defaultTextFeaturizerConfig } from './featurizer-config';
import { writeTextModelVersion } from './model-version-writer';
import { parseTextFeaturizerConfig } from './featurizer-config';
import { TextFeaturizer } from './text-featurizer';
import { trainTextClassifier } from './text-classifier-trainer';

interface Feed {
  type: 'float32' | 'int64';
  data: number[];
  dims: number[];
}

/**
 * Runs the model in a plain Node process: onnxruntime-node builds its output arrays in Node's own realm,
 * which Jest's sandboxed Float32Array does not recognise.
 */
async function runOnnx(modelPath: string, feeds: Record<string, Feed>): Promise<{ dims: number[]; data: number[] }> {
  const script = `
    const ort = require('onnxruntime-node');
    const [modelPath, feeds] = JSON.parse(process.argv[1]);
    const tensors = {};
    for (const [name, f] of Object.entries(feeds)) {
      const data = f.type === 'int64' ? BigInt64Array.from(f.data.map(BigInt)) : Float32Array.from(f.data);
      tensors[name] = new ort.Tensor(f.type, data, f.dims);
    }
    ort.InferenceSession.create(modelPath).then(async (session) => {
      const out = await session.run(tensors);
      process.stdout.write(JSON.stringify({ dims: out.probabilities.dims, data: Array.from(out.probabilities.data) }));
    });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, JSON.stringify([modelPath, feeds])], {
    cwd: process.cwd(),
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { dims: number[]; data: number[] };
}

const rows = [
  ...['love it', 'great service', 'thank you so much', 'works perfectly', 'amazing quality', 'very happy'].map((text) => ({ text, label: 'positive' })),
  ...['terrible service', 'it broke', 'never again', 'worst purchase', 'so disappointed', 'awful quality'].map((text) => ({ text, label: 'negative' })),
  ...['where is my order', 'what time do you open', 'my order number is 5', 'do you ship to spain', 'update my address', 'is it in stock'].map((text) => ({ text, label: 'neutral' })),
];

describe('ONNX export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'text-models-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const featurizer = defaultTextFeaturizerConfig({ buckets: 512, lexicon: { sources: ['vader', 'afinn'], weight: 1 } });
  const card = { description: 'test', trainingData: 'toy', metrics: {}, intendedUse: 'tests', limitations: 'toy' };
  const texts = ['the service was not good', 'thanks, love it 😍 @shop #NeverAgain', 'where is order #123?', ''];

  it('writes a sparse model version (indices + values) whose ONNX probabilities equal the TypeScript model', async () => {
    const { classifier } = trainTextClassifier(rows, { featurizer, seed: 2, testFraction: 0.2, fit: { maxEpochs: 10 } });
    const written = await writeTextModelVersion({ root: dir, name: 'toy-sentiment', version: 3, classifier, card });

    const onnxBytes = await readFile(join(written.directory, 'model.onnx'));
    const manifest = JSON.parse(await readFile(join(written.directory, 'model.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'toy-sentiment',
      version: 3,
      platform: 'onnxruntime',
      inputs: [
        { name: 'indices', dtype: 'INT64', shape: [-1, -1], padValue: 0 },
        { name: 'values', dtype: 'FP32', shape: [-1, -1], padValue: 0 },
      ],
      outputs: [{ name: 'probabilities', dtype: 'FP32', shape: [-1, 3], labels: ['negative', 'neutral', 'positive'] }],
      batching: { maxBatchSize: 64, maxQueueDelayMicros: 500, maxQueueSize: 2048 },
      executionProviders: ['cpu'],
      sha256: createHash('sha256').update(onnxBytes).digest('hex'),
    });
    await expect(readFile(join(written.directory, 'README.md'), 'utf8')).resolves.toContain('# toy-sentiment v3');

    // The model's own featurizer, rebuilt from model.json alone, feeds the ONNX session.
    const served = new TextFeaturizer(parseTextFeaturizerConfig(manifest.preprocessing));
    const batch = served.transformSparseBatch(texts);
    // The empty text has no features: its row is all padding and must give softmax(b).
    expect(batch.dims[1]).toBeGreaterThan(1);
    const probabilities = await runOnnx(join(written.directory, 'model.onnx'), {
      indices: { type: 'int64', data: Array.from(batch.indices, Number), dims: batch.dims },
      values: { type: 'float32', data: Array.from(batch.values), dims: batch.dims },
    });
    expect(probabilities.dims).toEqual([4, 3]);
    texts.forEach((text, row) => {
      classifier.probabilities(text).forEach((p, k) => expect(Math.abs(p - (probabilities.data[row * 3 + k] as number))).toBeLessThan(1e-5));
    });
  });

  it('still writes the dense format (features FP32 [n, D]) on request, with the same probabilities', async () => {
    const { classifier } = trainTextClassifier(rows, { featurizer, seed: 2, testFraction: 0.2, fit: { maxEpochs: 10 } });
    const written = await writeTextModelVersion({ root: dir, name: 'toy-sentiment', version: 4, classifier, card, input: 'dense' });
    const manifest = JSON.parse(await readFile(join(written.directory, 'model.json'), 'utf8'));
    expect(manifest.inputs).toEqual([{ name: 'features', dtype: 'FP32', shape: [-1, 512 + 9] }]);
    const served = new TextFeaturizer(parseTextFeaturizerConfig(manifest.preprocessing));
    const probabilities = await runOnnx(join(written.directory, 'model.onnx'), {
      features: { type: 'float32', data: Array.from(served.transformBatch(texts)), dims: [texts.length, served.dimension] },
    });
    texts.forEach((text, row) => {
      classifier.probabilities(text).forEach((p, k) => expect(Math.abs(p - (probabilities.data[row * 3 + k] as number))).toBeLessThan(1e-5));
    });
  });
});
