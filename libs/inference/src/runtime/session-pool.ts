import { type SessionWorker } from './session-worker';

/** The instances of one model version, with how many batches each has in flight. */
export class SessionPool {
  private readonly inflight = new Map<SessionWorker, number>();

  constructor(readonly workers: SessionWorker[]) {
    for (const worker of workers) this.inflight.set(worker, 0);
  }

  get size(): number {
    return this.workers.length;
  }

  /** The least-loaded live worker with fewer than `maxInflight` batches, now counted as one more. */
  acquire(maxInflight = 1): SessionWorker | undefined {
    let best: SessionWorker | undefined;
    let bestLoad = maxInflight;
    for (const [worker, load] of this.inflight) {
      if (worker.alive && load < bestLoad) {
        best = worker;
        bestLoad = load;
      }
    }
    if (best) this.inflight.set(best, bestLoad + 1);
    return best;
  }

  release(worker: SessionWorker): void {
    this.inflight.set(worker, Math.max(0, (this.inflight.get(worker) ?? 1) - 1));
  }

  get executionProvider(): string {
    return this.workers[0]?.executionProvider ?? 'cpu';
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
