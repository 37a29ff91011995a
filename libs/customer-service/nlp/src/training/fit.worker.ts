// Worker-thread entry: fits one model version off the service's main thread (see fit-in-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type FitWorkerReply, type FitWorkerRequest } from './fit-worker-protocol';
import { fitAndWriteTextModel } from './text-model-fitting';

const request = workerData as FitWorkerRequest;
const post = (reply: FitWorkerReply): void => parentPort?.postMessage(reply);
let lastSent = 0;

fitAndWriteTextModel({
  ...request,
  onProgress: (fraction, stage) => {
    const now = Date.now();
    if (now - lastSent < 200 && fraction < 1) return;
    lastSent = now;
    post({ type: 'progress', fraction, stage });
  },
}).then(
  (fitted) => post({ type: 'done', fitted }),
  (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
