/** Something /health/ready asks before the service takes traffic: the database, Kafka, models. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when healthy; rejects (or resolves false) with what is wrong. */
  check(): Promise<boolean | void>;
}

export interface ReadinessResult {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down'; latencyMs: number; error?: string }>;
}

/** Collects the checks that modules register at startup; flips to not-ready on shutdown. */
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  constructor(private readonly timeoutMs = 3_000) {}

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async evaluate(): Promise<ReadinessResult> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (check) => {
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          const outcome = await Promise.race([
            check.check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
            }),
          ]);
          if (outcome === false) throw new Error('reported not ready');
          return [check.name, { status: 'up' as const, latencyMs: Math.round(performance.now() - started) }] as const;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return [
            check.name,
            { status: 'down' as const, latencyMs: Math.round(performance.now() - started), error: message },
          ] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks: ReadinessResult['checks'] = Object.fromEntries(entries);
    if (this.shuttingDown) checks['shutdown'] = { status: 'down', latencyMs: 0, error: 'service is shutting down' };
    const healthy = Object.values(checks).every((c) => c.status === 'up');
    return { status: healthy ? 'ok' : 'error', checks };
  }
}
