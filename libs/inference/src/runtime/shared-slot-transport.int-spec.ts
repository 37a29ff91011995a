import { createInferenceEngine, type InferenceEngine } from '../engine/inference-engine';
import { temporaryRepository, writeScaledIdentityModel } from '../engine/test-repository';

// Batches of fixed-shape models travel through shared-memory slots sized from model.json; anything
// that does not fit (more rows than declared, outputs larger than declared) must still be served.
describe('shared-memory batch transport', () => {
  let repo: Awaited<ReturnType<typeof temporaryRepository>>;
  let engine: InferenceEngine;
  const rows = (n: number, dim: number) => Float32Array.from({ length: n * dim }, (_, i) => (i % 7) - 2);

  beforeAll(async () => {
    repo = await temporaryRepository();
    // Declares 4 output columns; the model really returns 8, so full batches overflow the output slot.
    await writeScaledIdentityModel(repo.root, { version: 3, outputs: [{ name: 'output', dtype: 'FP32', shape: [-1, 4] }], batching: { maxBatchSize: 16, maxQueueDelayMicros: 0, maxQueueSize: 256 } });
    await writeScaledIdentityModel(repo.root, { name: 'scaled-unbatched', version: 2, batching: undefined });
    engine = await createInferenceEngine({ repositoryPath: repo.root, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  });
  afterAll(async () => {
    await engine.close();
    await repo.remove();
  });

  const expected = (data: Float32Array, scale: number) => Array.from(data, (v) => Math.max(0, v * scale));

  it('serves a batch whose outputs exceed the declared shape by falling back to a message', async () => {
    const data = rows(16, 8);
    const out = await engine.infer('scaled', { input: { data, dims: [16, 8] } });
    expect(out.output.dims).toEqual([16, 8]);
    expect(Array.from(out.output.data as Float32Array)).toEqual(expected(data, 3));
  });

  it('keeps results of consecutive batches apart although the slots are reused', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => Float32Array.from({ length: 8 }, (_, j) => i + j));
    const outs = await Promise.all(inputs.map((data) => engine.infer('scaled', { input: { data, dims: [1, 8] } })));
    outs.forEach((out, i) => expect(Array.from(out.output.data as Float32Array)).toEqual(expected(inputs[i], 3)));
  });

  it('serves an unbatched request with more rows than its one-row slot', async () => {
    const small = await engine.infer('scaled-unbatched', { input: { data: rows(1, 8), dims: [1, 8] } });
    expect(Array.from(small.output.data as Float32Array)).toEqual(expected(rows(1, 8), 2));
    const data = rows(5, 8);
    const large = await engine.infer('scaled-unbatched', { input: { data, dims: [5, 8] } });
    expect(large.output.dims).toEqual([5, 8]);
    expect(Array.from(large.output.data as Float32Array)).toEqual(expected(data, 2));
  });
});
