// Runs in a worker thread started by inline-session.int-spec.ts: inline sessions need a realm whose typed
// arrays are the native addon's (Jest's sandbox is not one), which a worker thread has.
import { parentPort } from 'node:worker_threads';
import { Registry } from 'prom-client';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInferenceEngine } from '../engine/inference-engine';
import { COMMITTED_MODELS, temporaryRepository, writeScaledIdentityModel } from '../engine/test-repository';
import { parseModelConfig } from '../repository/model-repository';
import { writeModelVersion } from '../repository/model-version.writer';
import { type InferenceLogger } from './inference-logger';
import { createOrtSession, ortRuntime, syncSessionsAvailable } from './ort-sync-session';

const DIM = 8;
const row = (seed: number) => Float32Array.from({ length: DIM }, (_, i) => ((seed * 7 + i) % 5) - 1);

async function metricValue(registry: Registry, name: string, model: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).filter((v) => v.labels.model === model).reduce((sum, v) => sum + v.value, 0);
}

async function main(): Promise<Record<string, unknown>> {
  const repo = await temporaryRepository();
  const logs: string[] = [];
  const logger: InferenceLogger = { info: (m) => logs.push(m), warn: (m) => logs.push(`WARN ${m}`), error: (m) => logs.push(`ERROR ${m}`) };
  await writeScaledIdentityModel(repo.root, { version: 3 }, DIM);
  await writeScaledIdentityModel(repo.root, { name: 'scaled-workers-only', version: 3, inline: { maxMicros: 0 } }, DIM);
  await writeScaledIdentityModel(repo.root, { name: 'scaled-too-slow', version: 3, inline: { maxMicros: 1 } }, DIM);
  await writeScaledIdentityModel(repo.root, { name: 'scaled-unbatched', version: 3, batching: undefined }, DIM);
  // The committed 256x256 model with a generous inline bound: calibration must pass even while other test
  // suites load both cores.
  const matmul = path.join(COMMITTED_MODELS, 'test-matmul', '1');
  const matmulConfig = parseModelConfig(await readFile(path.join(matmul, 'model.json'), 'utf8'));
  const matmulBytes = await readFile(path.join(matmul, 'model.onnx'));
  await writeModelVersion(repo.root, { ...matmulConfig, inline: { maxMicros: 1000 } }, matmulBytes);
  const registry = new Registry();
  const engine = await createInferenceEngine({ repositoryPath: repo.root, registry, logger });
  try {
    const inlineMaxRows = Object.fromEntries(engine.models().map((m) => [m.name, m.versions[0].inlineMaxRows]));
    // One request at a time: the workers are idle, so each runs inline.
    const sequential: number[][] = [];
    for (let i = 0; i < 20; i++) sequential.push(Array.from((await engine.infer('scaled', { input: { data: row(i), dims: [1, DIM] } })).output.data as Float32Array));
    const inlineAfterSequential = await metricValue(registry, 'nv_inference_inline_exec_count', 'scaled');
    // A burst of 200 requests in one tick: dispatch hands the worker its first 3 batches (its pipeline)
    // at once; later batches run wherever is free, the worker or this thread while it waits.
    const rowsBeforeBurst = await metricValue(registry, 'nv_inference_count', 'scaled');
    const executionsBeforeBurst = await metricValue(registry, 'nv_inference_exec_count', 'scaled');
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => engine.infer('scaled', { input: { data: row(i % 20), dims: [1, DIM] } })));
    const burstRows = (await metricValue(registry, 'nv_inference_count', 'scaled')) - rowsBeforeBurst;
    const burstWorkerExecutions =
      (await metricValue(registry, 'nv_inference_exec_count', 'scaled')) - executionsBeforeBurst - ((await metricValue(registry, 'nv_inference_inline_exec_count', 'scaled')) - inlineAfterSequential);
    const workersOnly: number[][] = [];
    for (let i = 0; i < 20; i++) workersOnly.push(Array.from((await engine.infer('scaled-workers-only', { input: { data: row(i), dims: [1, DIM] } })).output.data as Float32Array));
    // Without batching a request may still hold many rows: over the calibrated size (one row) it goes to the worker.
    const wide = await engine.infer('scaled-unbatched', { input: { data: new Float32Array(16 * DIM).fill(2), dims: [16, DIM] } });
    const inlineUnbatchedAfterWide = await metricValue(registry, 'nv_inference_inline_exec_count', 'scaled-unbatched');
    const narrow = await engine.infer('scaled-unbatched', { input: { data: row(1), dims: [1, DIM] } });
    // 256 callers on the 256x256 model: the worker's pipeline stays full, so batches also run inline
    // while this thread would otherwise wait for it. Results must not depend on where a batch ran.
    const matmulRow = (i: number) => Float32Array.from({ length: 256 }, (_, j) => Math.sin(i * 7 + j));
    const reference = new Map<number, Float32Array>();
    for (let i = 0; i < 16; i++) reference.set(i, (await engine.infer('test-matmul', { input: { data: matmulRow(i), dims: [1, 256] } })).output.data as Float32Array);
    const matmulInlineBefore = await metricValue(registry, 'nv_inference_inline_exec_count', 'test-matmul');
    const matmulExecBefore = await metricValue(registry, 'nv_inference_exec_count', 'test-matmul');
    let issued = 0;
    let mismatches = 0;
    await Promise.all(
      Array.from({ length: 256 }, async () => {
        while (issued < 30_000) {
          const i = issued++ % 16;
          const out = (await engine.infer('test-matmul', { input: { data: matmulRow(i), dims: [1, 256] } })).output.data as Float32Array;
          if (out.some((v, j) => v !== reference.get(i)?.[j])) mismatches++;
        }
      }),
    );
    const matmulInline = (await metricValue(registry, 'nv_inference_inline_exec_count', 'test-matmul')) - matmulInlineBefore;
    const matmulExecutions = (await metricValue(registry, 'nv_inference_exec_count', 'test-matmul')) - matmulExecBefore;
    // The public-API fallback of ort-sync-session gives the same outputs as the native fast path.
    const [viaNative, viaPublic] = await Promise.all([createOrtSession(matmulBytes, {}), createOrtSession(matmulBytes, {}, true)]);
    const probe = { input: new (ortRuntime().Tensor)('float32', matmulRow(3), [1, 256]) };
    const nativeOut = viaNative.runSync ? Array.from(viaNative.runSync(probe).output.data as Float32Array) : [];
    const publicOut = Array.from((await viaPublic.run(probe)).output.data as Float32Array);
    const fallback = { publicIsAsyncOnly: viaPublic.runSync === undefined, same: nativeOut.length === 256 && nativeOut.every((v, j) => v === publicOut[j]) };
    await Promise.all([viaNative.release(), viaPublic.release()]);
    return {
      fallback,
      loadMismatches: mismatches,
      loadInlineExecutions: matmulInline,
      loadWorkerExecutions: matmulExecutions - matmulInline,
      syncSessions: syncSessionsAvailable(),
      inlineMaxRows,
      sequential,
      workersOnly,
      expected: Array.from({ length: 20 }, (_, i) => Array.from(row(i), (v) => Math.max(0, 3 * v))),
      burstMatches: burst.every((out, i) => Array.from(out.output.data as Float32Array).every((v, j) => v === sequential[i % 20][j])),
      wide: wide.output.dims.join('x') === `16x${DIM}` && Array.from(wide.output.data as Float32Array).every((v) => v === 6),
      narrow: Array.from(narrow.output.data as Float32Array),
      inlineUnbatchedAfterWide,
      inlineUnbatched: await metricValue(registry, 'nv_inference_inline_exec_count', 'scaled-unbatched'),
      inlineAfterSequential,
      burstRows,
      burstWorkerExecutions,
      workersOnlyInline: await metricValue(registry, 'nv_inference_inline_exec_count', 'scaled-workers-only'),
      logs,
    };
  } finally {
    await engine.close();
    await repo.remove();
  }
}

main().then(
  (result) => parentPort?.postMessage({ result }),
  (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
);
