import { type OnModuleDestroy } from '@nestjs/common';
import { type ThrottlerStorage } from '@nestjs/throttler';

/** What ThrottlerGuard reads back (times in seconds); the package's index does not export its name. */
type RateLimitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  ttl: number;
  /** Start of the current fixed window (ms). */
  start: number;
  current: number;
  previous: number;
  blockedUntil: number;
}

/** Keys beyond this are evicted oldest-first (an address scan must not grow memory without bound). */
const MAX_KEYS = 100_000;

/**
 * Rate-limit counters as a sliding window counter: per caller the hits of the current and the previous
 * fixed window, the previous weighted by how much of it still overlaps the sliding window. O(1) time and
 * memory per request. The throttler's default storage keeps every hit's timestamp and filters them all
 * on each request: with a limit of thousands per minute a busy caller paid O(limit) per request
 * (13% of a 1,500 req/s service's CPU, measured), and its Math.min(...hits) overflows the stack at a
 * large enough limit.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepIntervalMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  get size(): number {
    return this.windows.size;
  }

  // The throttler name is already part of `key` (RateLimitGuard.generateKey).
  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName?: string): Promise<RateLimitRecord> {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window) {
      window = { ttl, start: now, current: 0, previous: 0, blockedUntil: 0 };
      this.windows.set(key, window);
      if (this.windows.size > MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string);
    } else if (now >= window.start + ttl) {
      const elapsedWindows = Math.floor((now - window.start) / ttl);
      window.previous = elapsedWindows === 1 ? window.current : 0;
      window.current = 0;
      window.start += elapsedWindows * ttl;
    }
    const timeToExpire = Math.ceil((window.start + ttl - now) / 1000);
    const estimate = window.previous * (1 - (now - window.start) / ttl) + window.current;
    if (window.blockedUntil <= now && estimate >= limit) window.blockedUntil = now + blockDuration;
    if (window.blockedUntil > now) {
      return { totalHits: Math.floor(estimate) + 1, timeToExpire, isBlocked: true, timeToBlockExpire: Math.ceil((window.blockedUntil - now) / 1000) };
    }
    window.current++;
    return { totalHits: Math.floor(estimate) + 1, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Drops callers idle for two windows (their counts can no longer matter) and expired blocks. */
  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.start + 2 * window.ttl <= now && window.blockedUntil <= now) this.windows.delete(key);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
