import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { type SessionWorkerData, type WireTensor, type WorkerReply, type WorkerRequest } from './worker-protocol';

export interface WorkerRunResult {
  outputs: Record<string, WireTensor>;
  computeNs: number;
}

interface PendingRun {
  resolve: (result: WorkerRunResult) => void;
  reject: (error: Error) => void;
}

const WORKER_ENTRY = path.join(__dirname, `session.worker${path.extname(__filename)}`);
// From TypeScript sources (tests, tools/run.cjs) the worker registers SWC itself; built JS loads directly.
const WORKER_BOOTSTRAP = WORKER_ENTRY.endsWith('.ts')
  ? `require('@swc-node/register'); require(${JSON.stringify(WORKER_ENTRY)});`
  : `require(${JSON.stringify(WORKER_ENTRY)});`;

/** A worker thread owning one ORT session; runs one batch at a time. */
export class SessionWorker {
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 1;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    readonly executionProvider: string,
    readonly fallbackReason: string | undefined,
  ) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error.message));
    worker.on('exit', (code) => {
      this.exited = true;
      this.failAll(`session worker exited with code ${code}`);
    });
  }

  static spawn(data: SessionWorkerData): Promise<SessionWorker> {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: data });
    return new Promise<SessionWorker>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`session worker exited with code ${code} while loading`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (reply: WorkerReply) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (reply.type === 'ready') {
          resolve(new SessionWorker(worker, reply.executionProvider, reply.fallbackReason));
        } else {
          void worker.terminate();
          reject(new Error(reply.type === 'load-error' ? reply.message : `unexpected worker reply '${reply.type}' while loading`));
        }
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Buffers in `transfer` move to the worker (the caller must not reuse them). */
  run(feeds: Record<string, WireTensor>, transfer: ArrayBuffer[]): Promise<WorkerRunResult> {
    if (this.exited) return Promise.reject(new InferenceError(InferenceErrorCode.INTERNAL, 'session worker is not running'));
    const id = this.nextId++;
    return new Promise<WorkerRunResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: WorkerRequest = { type: 'run', id, feeds };
      this.worker.postMessage(request, transfer);
    });
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    await this.worker.terminate();
  }

  private settle(reply: WorkerReply): void {
    if (reply.type !== 'result' && reply.type !== 'run-error') return;
    const run = this.pending.get(reply.id);
    if (!run) return;
    this.pending.delete(reply.id);
    if (reply.type === 'result') run.resolve({ outputs: reply.outputs, computeNs: reply.computeNs });
    else run.reject(new InferenceError(InferenceErrorCode.INTERNAL, `inference failed: ${reply.message}`));
  }

  private failAll(message: string): void {
    for (const run of this.pending.values()) run.reject(new InferenceError(InferenceErrorCode.INTERNAL, message));
    this.pending.clear();
  }
}
