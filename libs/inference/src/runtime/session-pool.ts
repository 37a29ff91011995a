import { type SessionWorker } from './session-worker';

/** First restart delay; it doubles per consecutive failure of the same instance, up to the cap. */
export const RESTART_BACKOFF_START_MS = 100;
export const RESTART_BACKOFF_MAX_MS = 30_000;

/** Delay before restart attempt `failures` (0-based) of one instance: 100 ms, 200 ms, ... 30 s. */
export function restartDelayMs(failures: number): number {
  return Math.min(RESTART_BACKOFF_MAX_MS, RESTART_BACKOFF_START_MS * 2 ** Math.min(failures, 20));
}

export interface SessionPoolEvents {
  /** An instance's worker exited unexpectedly (or its replacement failed to start); a restart is scheduled. */
  restarting(instance: number, reason: string, delayMs: number): void;
  /** A replacement is about to be spawned. */
  restartAttempt(instance: number): void;
  /** The number of instances able to take work changed. */
  readyChanged(ready: number): void;
}

interface Instance {
  worker?: SessionWorker;
  /** Consecutive failures (crash or failed restart) without a healthy run in between. */
  failures: number;
  startedAt: number;
  timer?: NodeJS.Timeout;
}

/**
 * The instances of one model version, with how many batches each has in flight. An instance whose
 * worker exits unexpectedly is replaced by a fresh, warmed-up worker after an exponential backoff.
 */
export class SessionPool {
  private readonly inflight = new Map<SessionWorker, number>();
  private readonly instances: Instance[];
  private readonly spawning = new Set<Promise<unknown>>();
  private provider: string;
  private closed = false;
  /** Called when a replacement worker can take work (the batcher dispatches its queue). */
  onInstanceReady: () => void = () => undefined;
  /** Called while the engine's thread waits for a batch of one of these workers (see SessionWorker.onWaiting). */
  onWaiting: () => void = () => undefined;

  constructor(
    workers: SessionWorker[],
    private readonly spawn: () => Promise<SessionWorker>,
    private readonly events: SessionPoolEvents,
  ) {
    this.provider = workers[0]?.executionProvider ?? 'cpu';
    this.instances = workers.map(() => ({ failures: 0, startedAt: Date.now() }));
    workers.forEach((worker, index) => this.attach(index, worker));
  }

  /** Configured instances. */
  get size(): number {
    return this.instances.length;
  }

  /** Instances whose worker is running and can take work. */
  get readyCount(): number {
    return this.instances.filter((i) => i.worker?.alive).length;
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
    const load = this.inflight.get(worker);
    if (load !== undefined) this.inflight.set(worker, Math.max(0, load - 1));
  }

  get executionProvider(): string {
    return this.provider;
  }

  /** Test hook: the running workers, by instance (a crash is simulated with `worker.simulateCrash()`). */
  liveWorkers(): SessionWorker[] {
    return this.instances.flatMap((i) => (i.worker?.alive ? [i.worker] : []));
  }

  async terminate(): Promise<void> {
    this.closed = true;
    for (const instance of this.instances) clearTimeout(instance.timer);
    await Promise.allSettled([...this.spawning]);
    await Promise.all(this.instances.map((i) => i.worker?.terminate()));
  }

  private attach(index: number, worker: SessionWorker): void {
    worker.onWaiting = () => this.onWaiting();
    const instance = this.instances[index];
    instance.worker = worker;
    instance.startedAt = Date.now();
    this.inflight.set(worker, 0);
    worker.onUnexpectedExit = (reason) => this.crashed(index, worker, reason);
  }

  private crashed(index: number, worker: SessionWorker, reason: string): void {
    const instance = this.instances[index];
    this.inflight.delete(worker);
    if (instance.worker !== worker) return;
    instance.worker = undefined;
    this.events.readyChanged(this.readyCount);
    if (this.closed) return;
    // A worker that served for longer than the longest backoff counts as healthy: restart quickly.
    if (Date.now() - instance.startedAt > RESTART_BACKOFF_MAX_MS) instance.failures = 0;
    this.schedule(index, reason);
  }

  private schedule(index: number, reason: string): void {
    const instance = this.instances[index];
    const delay = restartDelayMs(instance.failures);
    instance.failures++;
    this.events.restarting(index, reason, delay);
    instance.timer = setTimeout(() => this.restart(index), delay);
    instance.timer.unref();
  }

  private restart(index: number): void {
    if (this.closed) return;
    this.events.restartAttempt(index);
    const attempt = this.spawn().then(
      (worker) => {
        if (this.closed) return worker.terminate();
        this.provider = worker.executionProvider;
        this.attach(index, worker);
        this.events.readyChanged(this.readyCount);
        this.onInstanceReady();
      },
      (error: unknown) => {
        if (!this.closed) this.schedule(index, `restart failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    const tracked = attempt.finally(() => this.spawning.delete(tracked));
    this.spawning.add(tracked);
  }
}
