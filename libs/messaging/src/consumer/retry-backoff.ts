export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
}

export const defaultRetryBackoff: BackoffPolicy = { initialMs: 200, maxMs: 30_000, multiplier: 2 };

/** Delay before attempt `failedAttempts + 1`, with up to 20% jitter so replicas do not retry in step. */
export function backoffDelay(policy: BackoffPolicy, failedAttempts: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** Math.max(0, failedAttempts - 1));
  return Math.round(base * (0.8 + 0.2 * random()));
}
