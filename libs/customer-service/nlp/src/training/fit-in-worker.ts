import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerBootstrap } from '@verticals/inference';
import { type FitWorkerReply, type FitWorkerRequest } from './fit-worker-protocol';
import { type FitProgressStage, type FittedVersion } from './text-model-fitting';

const WORKER_BOOTSTRAP = workerBootstrap(path.join(__dirname, `fit.worker${path.extname(__filename)}`));

/** Fits and writes a model version in a worker thread, so the service keeps answering meanwhile. */
export function fitInWorker(request: FitWorkerRequest, onProgress: (fraction: number, stage: FitProgressStage) => void): Promise<FittedVersion> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: request });
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      finish();
      void worker.terminate();
    };
    worker.on('message', (reply: FitWorkerReply) => {
      if (reply.type === 'progress') onProgress(reply.fraction, reply.stage);
      else if (reply.type === 'done') settle(() => resolve(reply.fitted));
      else settle(() => reject(new Error(reply.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`fit worker exited with code ${code}`))));
  });
}
