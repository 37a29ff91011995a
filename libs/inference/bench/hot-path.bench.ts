// The per-call costs behind the engine's design notes, each next to what it replaced:
// - onnxruntime-node's public session.run (Promise + setImmediate) vs the native session's synchronous run,
//   256x256 MatMul at batch 1, alternating blocks (ort-sync-session.ts);
// - request validation of one 256-float row, and its NaN/Inf scan vs a compare per element (input-validation.ts);
// - one observation / increment of prom-client's Histogram and Counter children vs LocalHistogram / LocalCounter.
// Usage: node tools/run.cjs libs/inference/bench/hot-path.bench.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { Counter, Histogram, Registry } from 'prom-client';
import { parseModelConfig } from '../src';
import { LocalCounter, LocalHistogram } from '../src/metrics/local-metrics';
import { validateRequestInputs } from '../src/runtime/input-validation';
import { createOrtSession } from '../src/runtime/ort-sync-session';
import { RAW_SESSION_OPTIONS, msPerRun, rawMsPerRun } from './raw-ort';

const MODEL_DIR = path.join(__dirname, '..', '..', '..', 'models', 'test-matmul', '1');
const ROUNDS = 3;

/** Microseconds per call of a synchronous `call`, over `calls` calls after as many uncounted ones. */
function microsPerCall(call: (i: number) => unknown, calls: number): number {
  for (let i = 0; i < calls; i++) call(i);
  const started = performance.now();
  for (let i = 0; i < calls; i++) call(i);
  return ((performance.now() - started) * 1000) / calls;
}

/** The scan input-validation.ts used before: one compare per element. */
function compareEachElement(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return false;
  return true;
}

async function main(): Promise<void> {
  const bytes = readFileSync(path.join(MODEL_DIR, 'model.onnx'));
  const config = parseModelConfig(readFileSync(path.join(MODEL_DIR, 'model.json'), 'utf8'));
  const publicSession = await ort.InferenceSession.create(bytes, RAW_SESSION_OPTIONS);
  const native = await createOrtSession(bytes, RAW_SESSION_OPTIONS);
  const runSync = native.runSync;
  if (!runSync) throw new Error('the native synchronous session is not available');
  const input = new ort.Tensor('float32', new Float32Array(256).fill(0.5), [1, 256]);
  for (let round = 1; round <= ROUNDS; round++) {
    let publicMs = 0;
    let nativeMs = 0;
    for (let block = 0; block < 10; block++) {
      publicMs += await rawMsPerRun(publicSession, 1, 256, 2000);
      nativeMs += await msPerRun(() => runSync({ input }), 2000);
    }
    console.log(`round ${round}: session.run batch 1, public ${((publicMs / 10) * 1000).toFixed(1)} us, native synchronous ${((nativeMs / 10) * 1000).toFixed(1)} us`);
  }

  const row = new Float32Array(256).fill(0.5);
  const registry = new Registry();
  const labels = { model: 'm', version: '1' };
  const promHistogram = new Histogram({ name: 'prom_h', help: 'h', labelNames: ['model', 'version'], buckets: [50, 100, 250, 500, 1000, 2500, 5000, 10000], registers: [registry] }).labels(labels);
  const localHistogram = new LocalHistogram('local_h', 'h', ['model', 'version'], [50, 100, 250, 500, 1000, 2500, 5000, 10000], registry).labels(labels);
  const promCounter = new Counter({ name: 'prom_c', help: 'c', labelNames: ['model', 'version'], registers: [registry] }).labels(labels);
  const localCounter = new LocalCounter('local_c', 'c', ['model', 'version'], registry).labels(labels);
  let sink = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const validate = microsPerCall(() => (sink += validateRequestInputs(config, { input: { data: row, dims: [1, 256] } }).rows), 500_000);
    const compareScan = microsPerCall(() => (sink += compareEachElement(row) ? 1 : 0), 500_000);
    const promObserve = microsPerCall((i) => promHistogram.observe(i % 3000), 1_000_000);
    const localObserve = microsPerCall((i) => localHistogram.observe(i % 3000), 1_000_000);
    const promInc = microsPerCall(() => promCounter.inc(), 1_000_000);
    const localInc = microsPerCall(() => localCounter.inc(), 1_000_000);
    console.log(
      `round ${round}: validate one 256-float row ${validate.toFixed(3)} us (a compare-per-element scan alone: ${compareScan.toFixed(3)} us); ` +
        `histogram observe prom-client ${promObserve.toFixed(3)} us, local ${localObserve.toFixed(3)} us; counter inc prom-client ${promInc.toFixed(3)} us, local ${localInc.toFixed(3)} us`,
    );
  }
  if (sink < 0) console.log(sink);
  await Promise.all([publicSession.release(), native.release()]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
