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

/**
 * Runs the model in a plain Node process: onnxruntime-node builds its output arrays in Node's own realm,
 * which Jest's sandboxed Float32Array does not recognise.
 */
async function runOnnx(modelPath: string, features: Float32Array, rowCount: number, width: number): Promise<{ dims: number[]; data: number[] }> {
  const script = `
    const ort = require('onnxruntime-node');
    const [modelPath, rowCount, width, features] = JSON.parse(process.argv[1]);
    ort.InferenceSession.create(modelPath).then(async (session) => {
      const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(features), [rowCount, width]) });
      process.stdout.write(JSON.stringify({ dims: out.probabilities.dims, data: Array.from(out.probabilities.data) }));
    });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, JSON.stringify([modelPath, rowCount, width, Array.from(features)])], {
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

  it('writes a model version whose ONNX probabilities equal the TypeScript model', async () => {
    const featurizer = defaultTextFeaturizerConfig({ buckets: 512, lexicon: { sources: ['vader', 'afinn'], weight: 1 } });
    const { classifier } = trainTextClassifier(rows, { featurizer, seed: 2, testFraction: 0.2, fit: { maxEpochs: 10 } });
    const card = { description: 'test', trainingData: 'toy', metrics: {}, intendedUse: 'tests', limitations: 'toy' };
    const written = await writeTextModelVersion({ root: dir, name: 'toy-sentiment', version: 3, classifier, card });

    const onnxBytes = await readFile(join(written.directory, 'model.onnx'));
    const manifest = JSON.parse(await readFile(join(written.directory, 'model.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'toy-sentiment',
      version: 3,
      platform: 'onnxruntime',
      inputs: [{ name: 'features', dtype: 'FP32', shape: [-1, 512 + 9] }],
      outputs: [{ name: 'probabilities', dtype: 'FP32', shape: [-1, 3], labels: ['negative', 'neutral', 'positive'] }],
      batching: { maxBatchSize: 64, maxQueueDelayMicros: 500, maxQueueSize: 2048 },
      executionProviders: ['cpu'],
      sha256: createHash('sha256').update(onnxBytes).digest('hex'),
    });
    await expect(readFile(join(written.directory, 'README.md'), 'utf8')).resolves.toContain('# toy-sentiment v3');

    // The model's own featurizer, rebuilt from model.json alone, feeds the ONNX session.
    const served = new TextFeaturizer(parseTextFeaturizerConfig(manifest.preprocessing));
    const texts = ['the service was not good', 'thanks, love it 😍', 'where is order #123?', ''];
    const probabilities = await runOnnx(join(written.directory, 'model.onnx'), served.transformBatch(texts), texts.length, served.dimension);
    expect(probabilities.dims).toEqual([4, 3]);
    texts.forEach((text, row) => {
      classifier.probabilities(text).forEach((p, k) => expect(Math.abs(p - (probabilities.data[row * 3 + k] as number))).toBeLessThan(1e-5));
    });
  });
});
