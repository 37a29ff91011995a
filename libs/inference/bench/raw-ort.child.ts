// Raw onnxruntime-node for inference.bench.ts, in a process of its own: the batched baselines run here so
// that the engine's process runs no ORT session on its main thread before or between its load rounds
// (in most tries the engine's later throughput then dropped from ~610k to 400-500k rows/s; cause not found).
// Protocol (IPC): { model, dim, batch, runs } -> { msPerRun }.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

export interface RawRunRequest {
  model: string;
  dim: number;
  batch: number;
  runs: number;
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function session(model: string): Promise<ort.InferenceSession> {
  let created = sessions.get(model);
  if (!created) {
    // The same session options as the engine's test models: one intra-op thread, sequential.
    created = ort.InferenceSession.create(readFileSync(model), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
    sessions.set(model, created);
  }
  return created;
}

async function msPerRun(request: RawRunRequest): Promise<number> {
  const raw = await session(request.model);
  const input = new ort.Tensor('float32', new Float32Array(request.batch * request.dim).fill(0.5), [request.batch, request.dim]);
  for (let i = 0; i < 500; i++) await raw.run({ input });
  const started = performance.now();
  for (let i = 0; i < request.runs; i++) await raw.run({ input });
  return (performance.now() - started) / request.runs;
}

process.on('message', (request: RawRunRequest) => {
  msPerRun(request).then(
    (ms) => process.send?.({ msPerRun: ms }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
