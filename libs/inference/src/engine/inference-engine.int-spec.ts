import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { type InferenceLogger } from '../runtime/inference-logger';
import { createInferenceEngine, type InferenceEngine } from './inference-engine';
import { COMMITTED_MODELS, temporaryRepository, writeScaledIdentityModel } from './test-repository';

const quietLogger = (): InferenceLogger & { warnings: string[] } => {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
};

const row = (seed: number, dim = 256) => Float32Array.from({ length: dim }, (_, i) => Math.sin(seed * 31 + i) * 0.5);

describe('InferenceEngine on the committed test models', () => {
  let engine: InferenceEngine;
  beforeAll(async () => {
    engine = await createInferenceEngine({ repositoryPath: COMMITTED_MODELS, models: ['test-matmul', 'test-classifier', 'test-token-sum'], logger: quietLogger() });
  });
  afterAll(() => engine.close());

  it('is ready and reports where each model runs', () => {
    expect(engine.ready()).toBe(true);
    expect(engine.models().map((m) => [m.name, m.state, m.versions[0].executionProvider])).toEqual([
      ['test-classifier', 'READY', 'cpu'],
      ['test-matmul', 'READY', 'cpu'],
      ['test-token-sum', 'READY', 'cpu'],
    ]);
  });

  it('gives the same outputs batched as one request at a time', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const alone: number[][] = [];
    for (const r of rows) alone.push(Array.from((await engine.infer('test-matmul', { input: { data: r, dims: [1, 256] } })).output.data as Float32Array));
    const together = await Promise.all(rows.map((r) => engine.infer('test-matmul', { input: { data: r, dims: [1, 256] } })));
    together.forEach((out, i) => {
      expect(out.output.dims).toEqual([1, 256]);
      Array.from(out.output.data as Float32Array).forEach((v, j) => expect(v).toBeCloseTo(alone[i][j], 5));
    });
    const stats = engine.statistics('test-matmul')[0];
    expect(stats.batch_stats.some((b) => b.batch_size > 1)).toBe(true);
  });

  it('counts a multi-row request as several rows and returns its rows in order', async () => {
    const data = new Float32Array(3 * 256);
    [0, 1, 2].forEach((i) => data.set(row(100 + i), i * 256));
    const before = engine.statistics('test-matmul')[0].inference_count;
    const [multi, single] = await Promise.all([
      engine.infer('test-matmul', { input: { data, dims: [3, 256] } }),
      engine.infer('test-matmul', { input: { data: row(101), dims: [1, 256] } }),
    ]);
    expect(multi.output.dims).toEqual([3, 256]);
    expect(Array.from((multi.output.data as Float32Array).subarray(256, 512))).toEqual(Array.from(single.output.data as Float32Array));
    expect(engine.statistics('test-matmul')[0].inference_count - before).toBe(4);
  });

  it('pads variable-length rows so padding does not change results', async () => {
    const ids = (values: number[]) => ({ input_ids: { data: BigInt64Array.from(values.map(BigInt)), dims: [1, values.length] } });
    const [a, b, c] = await Promise.all([engine.infer('test-token-sum', ids([1, 2, 3])), engine.infer('test-token-sum', ids([10])), engine.infer('test-token-sum', ids([4, 4, 4, 4, 4]))]);
    expect([a.sum.data[0], b.sum.data[0], c.sum.data[0]]).toEqual([6, 10, 20]);
    expect(engine.statistics('test-token-sum')[0].batch_stats.map((s) => s.batch_size)).toContain(3);
  });

  it('returns classifier probabilities that sum to one', async () => {
    const out = await engine.infer('test-classifier', { features: { data: new Float32Array([1, 0.5, -1, 2, 0, 0, 0, 0]), dims: [2, 4] } });
    const p = Array.from(out.probabilities.data as Float32Array);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 5);
  });

  it.each([
    [{ wrong: { data: new Float32Array(256), dims: [1, 256] } }, /unknown input 'wrong'.*'input'/],
    [{ input: { data: new Float32Array(128), dims: [1, 128] } }, /input 'input': shape \[1, 128\] does not match expected \[-1, 256\]/],
    [{ input: { data: new Int32Array(256), dims: [1, 256] } }, /input 'input': expected FP32 data, got Int32Array/],
    [{ input: { data: new Float32Array(255), dims: [1, 256] } }, /input 'input': shape \[1, 256\] needs 256 elements, got 255/],
    [{ input: { data: new Float32Array(256).fill(NaN), dims: [1, 256] } }, /input 'input': element 0 is NaN/],
    [{ input: { data: new Float32Array(65 * 256), dims: [65, 256] } }, /batch size 65 is outside 1..64/],
  ])('rejects bad input %# with INVALID_INPUT naming the input', async (inputs, message) => {
    const result = engine.infer('test-matmul', inputs);
    await expect(result).rejects.toMatchObject({ code: InferenceErrorCode.INVALID_INPUT, httpStatus: 400 });
    await expect(result).rejects.toThrow(message);
  });

  it('rejects unknown models and versions with MODEL_NOT_FOUND', async () => {
    await expect(engine.infer('nope', {})).rejects.toMatchObject({ code: InferenceErrorCode.MODEL_NOT_FOUND, httpStatus: 404 });
    await expect(engine.infer('test-matmul', {}, { version: 9 })).rejects.toMatchObject({ code: InferenceErrorCode.MODEL_NOT_FOUND });
  });
});

describe('InferenceEngine queue bounds, deadlines and cancellation', () => {
  let repo: Awaited<ReturnType<typeof temporaryRepository>>;
  let engine: InferenceEngine;
  const input = () => ({ input: { data: new Float32Array(8).fill(1), dims: [1, 8] } });

  beforeAll(async () => {
    repo = await temporaryRepository();
    // A long queue delay keeps partial batches waiting, so queue states are deterministic.
    await writeScaledIdentityModel(repo.root, { version: 1, batching: { maxBatchSize: 8, maxQueueDelayMicros: 400_000, maxQueueSize: 4 } });
    engine = await createInferenceEngine({ repositoryPath: repo.root, logger: quietLogger() });
  });
  afterAll(async () => {
    await engine.close();
    await repo.remove();
  });

  it('fails fast with QUEUE_FULL (503, Retry-After) when the queue is full, and serves the rest', async () => {
    const accepted = [1, 2, 3, 4].map(() => engine.infer('scaled', input()));
    const overflow = engine.infer('scaled', input());
    await expect(overflow).rejects.toMatchObject({ code: InferenceErrorCode.QUEUE_FULL, httpStatus: 503, retryAfterSeconds: 1 });
    const results = await Promise.all(accepted);
    expect(results.map((r) => r.output.data[0])).toEqual([1, 1, 1, 1]);
  });

  it('drops a request whose deadline passes in the queue before it is computed', async () => {
    const executions = engine.statistics('scaled')[0].execution_count;
    const started = Date.now();
    await expect(engine.infer('scaled', input(), { deadline: started + 30 })).rejects.toMatchObject({ code: InferenceErrorCode.DEADLINE_EXCEEDED });
    await new Promise((r) => setTimeout(r, 450));
    expect(engine.statistics('scaled')[0].execution_count).toBe(executions);
  });

  it('rejects a request with a deadline already past without queueing it', async () => {
    await expect(engine.infer('scaled', input(), { deadline: new Date(Date.now() - 1) })).rejects.toMatchObject({ code: InferenceErrorCode.DEADLINE_EXCEEDED });
  });

  it('drops a cancelled request before compute while its batch-mates still run', async () => {
    const controller = new AbortController();
    const kept = engine.infer('scaled', input());
    const cancelled = engine.infer('scaled', input(), { signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: InferenceErrorCode.CANCELLED });
    await expect(kept).resolves.toMatchObject({ output: { dims: [1, 8] } });
    expect(engine.statistics('scaled')[0].batch_stats.find((b) => b.batch_size === 2)).toBeUndefined();
  });
});

describe('InferenceEngine model lifecycle', () => {
  let repo: Awaited<ReturnType<typeof temporaryRepository>>;

  beforeEach(async () => {
    repo = await temporaryRepository();
  });
  afterEach(() => repo.remove());

  it('swaps to a new version under load with zero failed requests', async () => {
    await writeScaledIdentityModel(repo.root, { version: 1 });
    const engine = await createInferenceEngine({ repositoryPath: repo.root, logger: quietLogger() });
    try {
      let stop = false;
      const seen = new Set<number>();
      const failures: unknown[] = [];
      const clients = Array.from({ length: 16 }, async () => {
        while (!stop) {
          try {
            const out = await engine.infer('scaled', { input: { data: new Float32Array(8).fill(1), dims: [1, 8] } });
            seen.add((out.output.data as Float32Array)[0]);
          } catch (error) {
            failures.push(error);
          }
        }
      });
      await new Promise((r) => setTimeout(r, 100));
      await writeScaledIdentityModel(repo.root, { version: 2 });
      await engine.load('scaled');
      await new Promise((r) => setTimeout(r, 100));
      stop = true;
      await Promise.all(clients);
      expect(failures).toEqual([]);
      expect([...seen].sort()).toEqual([1, 2]);
      expect(engine.versions('scaled')).toEqual([2]);
      const after = await engine.infer('scaled', { input: { data: new Float32Array(8).fill(1), dims: [1, 8] } });
      expect(after.output.data[0]).toBe(2);
    } finally {
      await engine.close();
    }
  });

  it('keeps the old version serving when the new one fails its checksum', async () => {
    await writeScaledIdentityModel(repo.root, { version: 1 });
    const engine = await createInferenceEngine({ repositoryPath: repo.root, logger: quietLogger() });
    try {
      const { directory } = await writeScaledIdentityModel(repo.root, { version: 2 });
      const { writeFile } = await import('node:fs/promises');
      await writeFile(`${directory}/model.onnx`, 'corrupted');
      await expect(engine.load('scaled')).rejects.toMatchObject({ code: InferenceErrorCode.MODEL_LOAD_FAILED, message: expect.stringMatching(/checksum mismatch/) });
      expect(engine.versions('scaled')).toEqual([1]);
      await expect(engine.infer('scaled', { input: { data: new Float32Array(8).fill(1), dims: [1, 8] } })).resolves.toMatchObject({ output: { dims: [1, 8] } });
    } finally {
      await engine.close();
    }
  });

  it('runs on cpu with one warning when cuda is asked for but unavailable', async () => {
    await writeScaledIdentityModel(repo.root, { version: 1, executionProviders: ['cuda', 'cpu'], instances: 2 });
    const logger = quietLogger();
    const engine = await createInferenceEngine({ repositoryPath: repo.root, logger });
    try {
      expect(engine.models()[0].versions[0].executionProvider).toBe('cpu');
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/'scaled' version 1: cuda,cpu requested, running on cpu/);
      const metrics = await engine.registry.getSingleMetricAsString('nv_model_execution_provider');
      expect(metrics).toContain('nv_model_execution_provider{model="scaled",version="1",provider="cpu"} 1');
    } finally {
      await engine.close();
    }
  });

  it('unloads a model, then serves it again after load; versions follow the policy', async () => {
    await writeScaledIdentityModel(repo.root, { version: 1 });
    await writeScaledIdentityModel(repo.root, { version: 2 });
    const engine = await createInferenceEngine({ repositoryPath: repo.root, versionPolicy: 'all', logger: quietLogger() });
    try {
      expect(engine.versions('scaled')).toEqual([2, 1]);
      const v1 = await engine.infer('scaled', { input: { data: new Float32Array(8).fill(1), dims: [1, 8] } }, { version: 1 });
      expect(v1.output.data[0]).toBe(1);
      await engine.unload('scaled');
      await expect(engine.infer('scaled', {})).rejects.toBeInstanceOf(InferenceError);
      expect(engine.ready()).toBe(false);
      await engine.load('scaled');
      expect(engine.ready()).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('exports Triton-style metrics into the given registry', async () => {
    await writeScaledIdentityModel(repo.root, { version: 1 });
    const { Registry } = await import('prom-client');
    const registry = new Registry();
    const engine = await createInferenceEngine({ repositoryPath: repo.root, registry, logger: quietLogger() });
    try {
      await engine.infer('scaled', { input: { data: new Float32Array(16).fill(1), dims: [2, 8] } });
      await expect(engine.infer('scaled', { input: { data: new Float32Array(3), dims: [1, 3] } })).rejects.toThrow();
      const text = await registry.metrics();
      expect(text).toContain('nv_inference_request_success{model="scaled",version="1"} 1');
      expect(text).toContain('nv_inference_count{model="scaled",version="1"} 2');
      expect(text).toContain('nv_inference_request_failure{model="scaled",version="1",reason="INVALID_INPUT"} 1');
      expect(text).toContain('nv_model_load_state{model="scaled",version="1",state="READY"} 1');
      expect(text).toMatch(/nv_inference_queue_duration_us_count\{model="scaled",version="1"\} 1/);
    } finally {
      await engine.close();
    }
  });
});

describe('InferenceEngine between requests', () => {
  it('leaves the cores to the service: threads sleep instead of spinning when requests are milliseconds apart', async () => {
    const repository = await temporaryRepository();
    // Two intra-op threads: ORT's pool would busy-wait after every run unless spinning is off (the default).
    await writeScaledIdentityModel(repository.root, { version: 1, sessionOptions: { intraOpNumThreads: 2 } }, 256);
    const engine = await createInferenceEngine({ repositoryPath: repository.root, logger: quietLogger() });
    try {
      const input = { input: { data: row(1), dims: [1, 256] } };
      for (let i = 0; i < 20; i++) await engine.infer('scaled', input);
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      for (let i = 0; i < 60; i++) {
        await engine.infer('scaled', input);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const cpu = process.cpuUsage(cpuBefore);
      const coresUsed = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
      // Spinning threads keep a core busy all along (measured 1.1 cores); sleeping ones use a few percent.
      expect(coresUsed).toBeLessThan(0.5);
    } finally {
      await engine.close();
      await repository.remove();
    }
  });
});
