// Raw onnxruntime-node for inference.bench.ts, in a process of its own: the batched baselines run here so
// that the engine's process runs no ORT session on its main thread before or between its load rounds
// (in most tries the engine's later throughput then dropped from ~610k to 400-500k rows/s; cause not found).
// Protocol (IPC): { model, dim, batch, runs } -> { msPerRun }.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { RAW_SESSION_OPTIONS, rawMsPerRun } from './raw-ort';

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
    created = ort.InferenceSession.create(readFileSync(model), RAW_SESSION_OPTIONS);
    sessions.set(model, created);
  }
  return created;
}

async function msPerRun(request: RawRunRequest): Promise<number> {
  return rawMsPerRun(await session(request.model), request.batch, request.dim, request.runs);
}

process.on('message', (request: RawRunRequest) => {
  msPerRun(request).then(
    (ms) => process.send?.({ msPerRun: ms }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
