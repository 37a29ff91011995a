import { createInferenceEngine } from '../engine/inference-engine';
import { temporaryRepository } from '../engine/test-repository';
import { type ModelVersionConfig, writeModelVersion } from '../repository/model-version.writer';
import { buildLinearClassifierOnnx, buildMlpClassifierOnnx } from './dense-model.builders';

// ORT runs in the engine's worker threads here: in Jest's vm realm onnxruntime-node's own typed-array checks fail.
const card = { description: 'builder test', trainingData: 'none', metrics: {}, intendedUse: 'tests', limitations: 'none' };
const config = (name: string, inputDim: number, output: string, classes: number): ModelVersionConfig => ({
  name,
  version: 1,
  platform: 'onnxruntime',
  inputs: [{ name: 'input', dtype: 'FP32', shape: [-1, inputDim] }],
  outputs: [{ name: output, dtype: 'FP32', shape: [-1, classes] }],
  card,
});

describe('ONNX builders + writeModelVersion', () => {
  it('export models that the engine serves with the expected math', async () => {
    const repo = await temporaryRepository();
    const linear = buildLinearClassifierOnnx({ inputDim: 3, weights: new Float32Array([1, 0, 0, 1, 2, -1]), bias: new Float32Array([0.5, -0.5]), labels: ['no', 'yes'] });
    const written = await writeModelVersion(repo.root, config('linear', 3, 'probabilities', 2), linear);
    expect(written.config.sha256).toMatch(/^[0-9a-f]{64}$/);
    const mlp = buildMlpClassifierOnnx({
      layers: [
        { inputDim: 2, outputDim: 2, weights: new Float32Array([1, -1, 1, -1]) },
        { inputDim: 2, outputDim: 1, weights: new Float32Array([2, 3]), bias: new Float32Array([1]) },
      ],
      labels: ['score'],
      softmax: false,
    });
    await writeModelVersion(repo.root, config('mlp', 2, 'logits', 1), mlp);
    const engine = await createInferenceEngine({ repositoryPath: repo.root, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    try {
      const { probabilities } = await engine.infer('linear', { input: { data: new Float32Array([1, 2, 3]), dims: [1, 3] } });
      const logits = [1 + 6 + 0.5, 2 - 3 - 0.5];
      expect(probabilities.data[0]).toBeCloseTo(Math.exp(logits[0]) / (Math.exp(logits[0]) + Math.exp(logits[1])), 5);
      const out = await engine.infer('mlp', { input: { data: new Float32Array([1, 2]), dims: [1, 2] } });
      expect(Array.from(out.logits.data as Float32Array)).toEqual([2 * 3 + 1]);
    } finally {
      await engine.close();
      await repo.remove();
    }
  });

  it('refuses weights that do not fit the declared dimensions', () => {
    expect(() => buildLinearClassifierOnnx({ inputDim: 3, weights: new Float32Array(5), labels: ['a', 'b'] })).toThrow(/expected 6 values/);
  });
});
