import { type ModelConfig } from '../repository/model-config.schema';
import { validateRequestInputs } from './input-validation';

const config = (allowNonFinite?: boolean): ModelConfig => ({
  name: 'm',
  version: 1,
  platform: 'onnxruntime',
  inputs: [{ name: 'x', dtype: 'FP32', shape: [-1, 7], allowNonFinite }],
  outputs: [{ name: 'y', dtype: 'FP32', shape: [-1, 7] }],
  batching: { maxBatchSize: 8, maxQueueDelayMicros: 0, maxQueueSize: 64 },
  sha256: '0'.repeat(64),
  card: { description: '', trainingData: '', metrics: {}, intendedUse: '', limitations: '' },
});

describe('validateRequestInputs: finite FP32 values', () => {
  // 7 columns x 2 rows: positions in the unrolled part and in the tail of the scan.
  const positions = Array.from({ length: 14 }, (_, i) => i);

  it.each([NaN, Infinity, -Infinity])('rejects %s at every position, naming the element', (bad) => {
    for (const position of positions) {
      const data = new Float32Array(14).fill(1.5);
      data[position] = bad;
      expect(() => validateRequestInputs(config(), { x: { data, dims: [2, 7] } })).toThrow(`input 'x': element ${position} is ${bad}; NaN and Infinity are not allowed`);
    }
  });

  it('accepts finite extremes, negatives and zeros', () => {
    const data = Float32Array.from([3.4028234e38, -3.4028234e38, 1e-45, -1e-45, 0, -0, -7, 1, 2, 3, 4, 5, 6, 7]);
    expect(validateRequestInputs(config(), { x: { data, dims: [2, 7] } }).rows).toBe(2);
  });

  it('lets NaN through where the input allows non-finite values', () => {
    const data = new Float32Array(7).fill(NaN);
    expect(validateRequestInputs(config(true), { x: { data, dims: [1, 7] } }).rows).toBe(1);
  });
});
