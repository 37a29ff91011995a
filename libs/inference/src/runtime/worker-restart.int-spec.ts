import { Registry } from 'prom-client';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { COMMITTED_MODELS } from '../engine/test-repository';
import { InferenceMetrics } from '../metrics/inference-metrics';
import { ModelRepository } from '../repository/model-repository';
import { type InferenceLogger } from './inference-logger';
import { validateRequestInputs } from './input-validation';
import { ServedModelVersion } from './served-model-version';
import { RESTART_BACKOFF_MAX_MS, restartDelayMs } from './session-pool';
import { type TensorInputs } from './tensor';

const recordingLogger = (): InferenceLogger & { warnings: string[] } => {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(10);
}

async function restarts(registry: Registry, model: string): Promise<number> {
  const metric = await registry.getSingleMetric('nv_inference_worker_restarts_total')?.get();
  return metric?.values.find((v) => v.labels.model === model)?.value ?? 0;
}

// test-matmul runs batches through shared-memory slots; test-token-sum (dynamic length) through messages.
const cases: Array<{ model: string; input: (i: number) => TensorInputs; check: (out: Record<string, { dims: number[] }>) => void }> = [
  {
    model: 'test-matmul',
    input: (i) => ({ input: { data: Float32Array.from({ length: 256 }, (_, j) => Math.sin(i + j)), dims: [1, 256] } }),
    check: (out) => expect(out.output.dims).toEqual([1, 256]),
  },
  {
    model: 'test-token-sum',
    input: (i) => ({ input_ids: { data: BigInt64Array.from([1n, BigInt(i)]), dims: [1, 2] } }),
    check: (out) => expect(out.sum.dims[0]).toBe(1),
  },
];

describe('restartDelayMs', () => {
  it('starts at 100 ms, doubles, and stops at 30 s', () => {
    expect([0, 1, 2, 3].map(restartDelayMs)).toEqual([100, 200, 400, 800]);
    expect(restartDelayMs(9)).toBe(RESTART_BACKOFF_MAX_MS);
    expect(restartDelayMs(1000)).toBe(RESTART_BACKOFF_MAX_MS);
  });
});

describe.each(cases)('a crashed session worker of $model', ({ model, input, check }) => {
  const registry = new Registry();
  const logger = recordingLogger();
  let served: ServedModelVersion;
  const infer = (i: number) => served.infer(validateRequestInputs(served.config, input(i)));

  beforeAll(async () => {
    const files = await new ModelRepository(COMMITTED_MODELS).read(model, 1);
    served = await ServedModelVersion.load({ ...files, config: { ...files.config, instances: 2 } }, new InferenceMetrics(registry), logger);
  });
  afterAll(() => served.close());

  it('fails its in-flight requests with INTERNAL, is replaced, and serves again', async () => {
    expect(served.status()).toMatchObject({ instances: 2, readyInstances: 2 });
    const inflight = Array.from({ length: 40 }, (_, i) => infer(i));
    await Promise.resolve(); // the batcher dispatches in a microtask
    const [victim] = served.pool.liveWorkers();
    await victim.simulateCrash();

    // Every in-flight request settles: computed before the crash, or INTERNAL (never retried, never hung).
    const outcomes = await Promise.allSettled(inflight);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') check(outcome.value);
      else expect(outcome.reason).toMatchObject({ code: InferenceErrorCode.INTERNAL, message: expect.stringContaining('session worker') });
    }
    expect(served.status().readyInstances).toBe(1);
    expect(served.ready).toBe(true); // the other instance still serves

    // Requests accepted while one instance is down are served.
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => infer(100 + i)));
    during.forEach(check);

    await until(() => served.status().readyInstances === 2);
    expect(await restarts(registry, model)).toBe(1);
    expect(logger.warnings).toEqual([expect.stringMatching(new RegExp(`^model '${model}' version 1 instance \\d stopped \\(.+\\); restarting in 100 ms$`))]);
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => infer(200 + i)));
    after.forEach(check);
  });

  it('is not ready while every instance is down, runs what it had accepted once replaced, and backs off on repeated crashes', async () => {
    logger.warnings.length = 0;
    const before = await restarts(registry, model);
    await Promise.all(served.pool.liveWorkers().map((w) => w.simulateCrash()));
    expect(served.status().readyInstances).toBe(0);
    expect(served.ready).toBe(false);

    // Accepted while no instance runs (the engine would answer MODEL_NOT_READY): dispatched once a replacement has warmed up.
    const queued = Promise.all(Array.from({ length: 5 }, (_, i) => infer(300 + i)));
    (await queued).forEach(check);
    await until(() => served.status().readyInstances === 2);
    expect(served.ready).toBe(true);
    expect(await restarts(registry, model)).toBe(before + 2);

    // The instance restarted in the first test crashes again within 30 s of its start: its delay doubles.
    expect(logger.warnings.some((w) => w.endsWith('restarting in 200 ms'))).toBe(true);
    expect(logger.warnings).toHaveLength(2);
  });

  it('does not restart workers it stops itself', async () => {
    const before = await restarts(registry, model);
    await served.close();
    await sleep(250);
    expect(await restarts(registry, model)).toBe(before);
    expect(served.status().readyInstances).toBe(0);
    await expect(infer(0)).rejects.toBeInstanceOf(InferenceError);
  });
});
