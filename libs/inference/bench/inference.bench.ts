// Benchmark of the inference engine against raw onnxruntime-node on models/test-matmul (256x256 MatMul+Relu),
// plus the batch-1 overhead and the batched throughput on models/test-matmul-1024 (1024x1024), where compute
// outweighs the thread hand-off and the per-request cost on the service thread.
// Engine and raw figures are taken in alternating blocks (this VM's speed drifts +-20 % from one minute to the
// next, which would otherwise land on one side of a ratio), after uncounted warm-up rounds. The batched raw
// baselines run in a child process (raw-ort.child.ts); (a) compares with session.run in this thread.
// Usage: npm run bench:inference [-- --requests 300000 --memory-requests 1000000]
// Ends with one line: batched_vs_raw=<r> batched_vs_unbatched=<r> overhead_b1=<r> loop_p99_ms=<x> rss_growth_mb=<x>
import { type ChildProcess, fork } from 'node:child_process';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { createInferenceEngine, type InferenceEngine, parseModelConfig, writeModelVersion } from '../src';
import { RAW_SESSION_OPTIONS, msPerRun, rawMsPerRun } from './raw-ort';
import { type RawRunRequest } from './raw-ort.child';

const MODELS = path.join(__dirname, '..', '..', '..', 'models');
const MODEL_DIR = path.join(MODELS, 'test-matmul', '1');
const HEAVY_MODEL_DIR = path.join(MODELS, 'test-matmul-1024', '1');
const DIM = 256;
const HEAVY_DIM = 1024;
const CONCURRENCY = 256;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Raw ORT in its own process: ms per session.run of `batch` rows (after 500 uncounted runs). */
class RawOrtProcess {
  private readonly child: ChildProcess = fork(path.join(__dirname, '..', '..', '..', 'tools', 'run.cjs'), [path.join(__dirname, 'raw-ort.child.ts')]);

  msPerRun(request: RawRunRequest): Promise<number> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (reply: { msPerRun?: number; error?: string }) => (reply.msPerRun === undefined ? reject(new Error(reply.error)) : resolve(reply.msPerRun)));
      this.child.send(request);
    });
  }

  /** Rows per second at `batch`, about `rows` rows in all. */
  async rowsPerSecond(model: string, dim: number, batch: number, rows: number): Promise<number> {
    return (batch * 1000) / (await this.msPerRun({ model, dim, batch, runs: Math.max(200, Math.floor(rows / batch)) }));
  }

  async bestBatch(model: string, dim: number, batches: number[], rowsPerBatchSize: number): Promise<{ batch: number; rowsPerSecond: number }> {
    let best = { batch: 0, rowsPerSecond: 0 };
    for (const batch of batches) {
      const rowsPerSecond = await this.rowsPerSecond(model, dim, batch, rowsPerBatchSize);
      console.log(`raw ORT ${dim}x${dim} batch ${batch}: ${((batch * 1e6) / rowsPerSecond).toFixed(1)} us/run, ${Math.round(rowsPerSecond)} rows/s (own process)`);
      if (rowsPerSecond > best.rowsPerSecond) best = { batch, rowsPerSecond };
    }
    return best;
  }

  stop(): void {
    this.child.disconnect();
  }
}

function engineSequential(engine: InferenceEngine, model: string, runs: number, dim = DIM): Promise<number> {
  const data = new Float32Array(dim).fill(0.5);
  return msPerRun(() => engine.infer(model, { input: { data, dims: [1, dim] } }), runs);
}

/** Batch-1 latency of raw session.run and of the engine in alternating blocks of `perBlock` calls (ms per call). */
async function interleavedBatch1(session: ort.InferenceSession, engine: InferenceEngine, model: string, blocks: number, perBlock: number, dim = DIM): Promise<{ rawMs: number; engineMs: number }> {
  await rawMsPerRun(session, 1, dim, perBlock);
  await engineSequential(engine, model, perBlock, dim);
  let rawMs = 0;
  let engineMs = 0;
  for (let block = 0; block < blocks; block++) {
    rawMs += await rawMsPerRun(session, 1, dim, perBlock);
    engineMs += await engineSequential(engine, model, perBlock, dim);
  }
  return { rawMs: rawMs / blocks, engineMs: engineMs / blocks };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface LoadResult {
  rowsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  loopP99Ms: number;
}

/** CONCURRENCY closed-loop clients, each sending one single-row request after the previous answer. */
async function concurrentLoad(engine: InferenceEngine, model: string, requests: number, dim = DIM): Promise<LoadResult> {
  const data = new Float32Array(dim).fill(0.5);
  const latencies = new Float64Array(requests);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let issued = 0;
  loop.enable();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < requests) {
        const index = issued++;
        const t0 = performance.now();
        await engine.infer(model, { input: { data, dims: [1, dim] } });
        latencies[index] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  latencies.sort();
  return { rowsPerSecond: requests / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), loopP99Ms: loop.percentile(99) / 1e6 };
}

async function main(): Promise<void> {
  const requests = arg('requests', 300_000);
  const memoryRequests = arg('memory-requests', 1_000_000);
  const modelBytes = await readFile(path.join(MODEL_DIR, 'model.onnx'));
  const batchedConfig = parseModelConfig(await readFile(path.join(MODEL_DIR, 'model.json'), 'utf8'));
  const repository = await mkdtemp(path.join(tmpdir(), 'inference-bench-'));
  await writeModelVersion(repository, { ...batchedConfig, name: 'matmul-batched' }, modelBytes);
  await writeModelVersion(repository, { ...batchedConfig, name: 'matmul-unbatched', batching: undefined }, modelBytes);
  const heavyBytes = await readFile(path.join(HEAVY_MODEL_DIR, 'model.onnx'));
  const heavyConfig = parseModelConfig(await readFile(path.join(HEAVY_MODEL_DIR, 'model.json'), 'utf8'));
  await writeModelVersion(repository, { ...heavyConfig, name: 'matmul-1024-unbatched', batching: undefined }, heavyBytes);
  await writeModelVersion(repository, { ...heavyConfig, name: 'matmul-1024-batched' }, heavyBytes);
  // The engine's default for a model this small: idle batches run inline on the calling thread. The
  // workers-only copy shows what the thread hand-off alone costs.
  await writeModelVersion(repository, { ...batchedConfig, name: 'matmul-unbatched-workers', batching: undefined, inline: { maxMicros: 0 } }, modelBytes);
  const engine = await createInferenceEngine({ repositoryPath: repository, logger: { info: () => undefined, warn: console.warn, error: console.error } });
  console.log(`inline batches (rows): ${engine.models().map((m) => `${m.name} ${m.versions[0].inlineMaxRows}`).join(', ')}`);

  const rawProcess = new RawOrtProcess();
  const modelPath = path.join(MODEL_DIR, 'model.onnx');
  const heavyModelPath = path.join(HEAVY_MODEL_DIR, 'model.onnx');

  // (b) Uncounted warm-up rounds, then raw best batch (own process) and engine in alternating rounds. A
  // fresh process needs ~500k requests (~1.5 s) before the engine's throughput stops rising; printed.
  await concurrentLoad(engine, 'matmul-unbatched', 10_000);
  const warmUp: number[] = [];
  for (let round = 0; round < 6; round++) warmUp.push((await concurrentLoad(engine, 'matmul-batched', 100_000)).rowsPerSecond);
  console.log(`(b) warm-up rounds of 100k requests, dynamic batching: ${warmUp.map((r) => Math.round(r)).join(' / ')} rows/s (not counted)`);
  const rawBatched = await rawProcess.bestBatch(modelPath, DIM, [8, 16, 32, 64, 128, 256, 512], 200_000);
  const rounds = 3;
  const batchedRounds: LoadResult[] = [];
  const rawRounds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    rawRounds.push(await rawProcess.rowsPerSecond(modelPath, DIM, rawBatched.batch, 200_000));
    batchedRounds.push(await concurrentLoad(engine, 'matmul-batched', Math.ceil(requests / rounds)));
  }
  const unbatched = await concurrentLoad(engine, 'matmul-unbatched', Math.min(requests, 50_000));
  const ratios = batchedRounds.map((r, i) => r.rowsPerSecond / rawRounds[i]);
  const batched = batchedRounds[ratios.indexOf(median(ratios))];
  const rawBest = { batch: rawBatched.batch, rowsPerSecond: median(rawRounds) };
  const report = (name: string, r: LoadResult) => console.log(`(b) ${name}: ${Math.round(r.rowsPerSecond)} rows/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, loop p99 ${r.loopP99Ms.toFixed(2)} ms`);
  console.log(`(b) raw ORT best batch ${rawBest.batch}: ${rawRounds.map((r) => Math.round(r)).join(' / ')} rows/s in the ${rounds} rounds`);
  console.log(`(b) engine, dynamic batching: ${batchedRounds.map((r) => Math.round(r.rowsPerSecond)).join(' / ')} rows/s in the same rounds, ratios ${ratios.map((r) => r.toFixed(2)).join(' / ')}; median round:`);
  report('engine, dynamic batching', batched);
  const meanBatch = engine.statistics('matmul-batched')[0];
  console.log(`    mean batch size ${(meanBatch.inference_count / meanBatch.execution_count).toFixed(1)}`);
  report('engine, no batching', unbatched);
  // The same load on the 1024x1024 model (~65 us per row): per-row compute now outweighs the engine's
  // per-request cost on the service thread, which bounds the small model's batched throughput.
  await concurrentLoad(engine, 'matmul-1024-batched', 10_000, HEAVY_DIM);
  const heavyBatched = await concurrentLoad(engine, 'matmul-1024-batched', 60_000, HEAVY_DIM);
  const heavyRawBest = await rawProcess.bestBatch(heavyModelPath, HEAVY_DIM, [4, 8, 16], 40_000);
  rawProcess.stop();
  console.log(
    `(b) 1024x1024 model: raw ORT best batch ${heavyRawBest.batch}: ${Math.round(heavyRawBest.rowsPerSecond)} rows/s; engine, dynamic batching: ${Math.round(heavyBatched.rowsPerSecond)} rows/s, p50 ${heavyBatched.p50Ms.toFixed(2)} ms, p99 ${heavyBatched.p99Ms.toFixed(2)} ms; batched_vs_raw_1024=${(heavyBatched.rowsPerSecond / heavyRawBest.rowsPerSecond).toFixed(2)}`,
  );
  console.log(`(c) event-loop delay p99 under batched load: ${batched.loopP99Ms.toFixed(2)} ms`);

  // (a) Raw: the same model and session options, session.run on this thread (blocking it).
  const session = await ort.InferenceSession.create(modelBytes, RAW_SESSION_OPTIONS);
  const b1 = await interleavedBatch1(session, engine, 'matmul-unbatched', 40, 500);
  const overheadB1 = b1.engineMs / b1.rawMs;
  console.log(`(a) batch 1 latency (40 alternating blocks of 500): raw ${(b1.rawMs * 1000).toFixed(1)} us, engine ${(b1.engineMs * 1000).toFixed(1)} us, overhead ${((overheadB1 - 1) * 100).toFixed(0)}%`);
  const b1Workers = await interleavedBatch1(session, engine, 'matmul-unbatched-workers', 20, 500);
  console.log(
    `(a) same, inline off (every request crosses to a worker thread): raw ${(b1Workers.rawMs * 1000).toFixed(1)} us, engine ${(b1Workers.engineMs * 1000).toFixed(1)} us, overhead_b1_workers=${(b1Workers.engineMs / b1Workers.rawMs).toFixed(2)}`,
  );
  await session.release();
  const heavySession = await ort.InferenceSession.create(heavyBytes, RAW_SESSION_OPTIONS);
  const heavyB1 = await interleavedBatch1(heavySession, engine, 'matmul-1024-unbatched', 10, 250, HEAVY_DIM);
  await heavySession.release();
  console.log(`(a) batch 1 latency, 1024x1024 model: raw ${(heavyB1.rawMs * 1000).toFixed(1)} us, engine ${(heavyB1.engineMs * 1000).toFixed(1)} us, overhead_b1_1024=${(heavyB1.engineMs / heavyB1.rawMs).toFixed(2)}`);

  // (d) Memory over 1,000,000 requests, in four quarters: a leak grows with every quarter, warm-up
  // (JIT, arenas, pools) only in the first. Growth is read from the end of the first quarter to the
  // end of the last, after a full GC when the bench runs with --expose-gc (npm run bench:inference does).
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const quarter = Math.ceil(memoryRequests / 4);
  const checkpoints: { rss: number; heap: number }[] = [];
  let rowsPerSecond = 0;
  for (let i = 0; i < 4; i++) {
    rowsPerSecond = (await concurrentLoad(engine, 'matmul-batched', quarter)).rowsPerSecond;
    collect();
    checkpoints.push({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed });
  }
  const [first, , , last] = checkpoints as [typeof checkpoints[0], unknown, unknown, typeof checkpoints[0]];
  const rssGrowthMb = (last.rss - first.rss) / 1048576;
  console.log(
    `(d) ${quarter * 4} requests at ${Math.round(rowsPerSecond)} rows/s: rss after each quarter ${checkpoints.map((c) => (c.rss / 1048576).toFixed(0)).join(' / ')} MB, heap ${checkpoints.map((c) => (c.heap / 1048576).toFixed(0)).join(' / ')} MB; growth over the last three quarters ${rssGrowthMb.toFixed(1)} MB rss, ${((last.heap - first.heap) / 1048576).toFixed(1)} MB heap`,
  );

  await engine.close();
  await rm(repository, { recursive: true, force: true });
  const batchedVsRaw = median(ratios);
  const batchedVsUnbatched = batched.rowsPerSecond / unbatched.rowsPerSecond;
  console.log(
    `batched_vs_raw=${batchedVsRaw.toFixed(2)} batched_vs_unbatched=${batchedVsUnbatched.toFixed(2)} overhead_b1=${overheadB1.toFixed(2)} loop_p99_ms=${batched.loopP99Ms.toFixed(2)} rss_growth_mb=${rssGrowthMb.toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
