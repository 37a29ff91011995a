import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type TensorInputs, workerBootstrap } from '@verticals/inference';
import { type TextModelInputKind } from '@verticals/text-models';
import { type FeaturizeReply, type FeaturizeRequest } from './featurization-protocol';

const WORKER_BOOTSTRAP = workerBootstrap(path.join(__dirname, `featurization.worker${path.extname(__filename)}`));

/** After the thread fails, texts are featurized by the caller for this long before a new thread is tried. */
const RESTART_DELAY_MS = 5_000;

interface Pending {
  resolve: (inputs: TensorInputs) => void;
  reject: (error: Error) => void;
}

/**
 * Featurizes texts for the text models on a worker thread, so that the service's event loop never spends the
 * milliseconds a long message costs (see featurization.worker.ts). Not required for correctness: while the thread
 * is unavailable `available` is false and callers featurize in-thread; requests in flight when it fails reject.
 */
export class FeaturizationWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Keys whose preprocessing the current thread has received. */
  private readonly known = new Set<string>();
  private nextId = 1;
  private closed = false;
  private unavailableUntil = 0;

  get available(): boolean {
    return !this.closed && Date.now() >= this.unavailableUntil;
  }

  /** The model inputs for `texts`: sparse `indices`/`values`, or dense `features`. */
  featurize(key: string, preprocessing: Record<string, unknown>, input: TextModelInputKind, texts: readonly string[]): Promise<TensorInputs> {
    const worker = this.thread();
    const id = this.nextId++;
    const request: FeaturizeRequest = { id, key, input, texts, preprocessing: this.known.has(key) ? undefined : preprocessing };
    this.known.add(key);
    return new Promise<TensorInputs>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll('featurization worker closed');
    await worker?.terminate();
  }

  /** Test hook: ends the thread the way a crash would. */
  async simulateCrash(): Promise<void> {
    await this.worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true });
    // The thread must not keep a finished process alive; close() ends it on shutdown.
    worker.unref();
    worker.on('message', (reply: FeaturizeReply) => this.settle(reply));
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.known.clear();
      this.unavailableUntil = Date.now() + RESTART_DELAY_MS;
      this.failAll(reason);
    };
    worker.on('error', (error) => lost(`featurization worker failed: ${error.message}`));
    worker.on('exit', (code) => lost(`featurization worker exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private settle(reply: FeaturizeReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if ('error' in reply) pending.reject(new Error(reply.error));
    else pending.resolve(reply.inputs);
  }

  private failAll(reason: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }
}
