import * as ort from 'onnxruntime-node';

/** The session options of the engine's test models (one intra-op thread, sequential): raw baselines use the same. */
export const RAW_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };

/** Milliseconds per `run()` over `runs` calls, after 500 uncounted ones. */
export async function msPerRun(run: () => unknown, runs: number): Promise<number> {
  for (let i = 0; i < 500; i++) await run();
  const started = performance.now();
  for (let i = 0; i < runs; i++) await run();
  return (performance.now() - started) / runs;
}

/** Raw `session.run` of `batch` rows of `dim` values, ms per call. */
export function rawMsPerRun(session: ort.InferenceSession, batch: number, dim: number, runs: number): Promise<number> {
  const input = new ort.Tensor('float32', new Float32Array(batch * dim).fill(0.5), [batch, dim]);
  return msPerRun(() => session.run({ input }), runs);
}
