import { SlidingWindowThrottlerStorage } from './sliding-window.storage';

const MINUTE = 60_000;

describe('SlidingWindowThrottlerStorage', () => {
  let now: number;
  let storage: SlidingWindowThrottlerStorage;
  const hit = (key = 'caller', limit = 10, blockDuration = MINUTE) => storage.increment(key, MINUTE, limit, blockDuration, 'default');
  beforeEach(() => {
    now = 1_000_000;
    storage = new SlidingWindowThrottlerStorage(() => now);
  });
  afterEach(() => storage.onModuleDestroy());

  it('allows `limit` hits in a window, blocks the next with the time until the block ends', async () => {
    for (let i = 1; i <= 10; i++) expect(await hit()).toMatchObject({ totalHits: i, isBlocked: false, timeToExpire: 60 });
    now += 1_500;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('counts callers separately', async () => {
    for (let i = 0; i < 10; i++) await hit('a');
    expect((await hit('a')).isBlocked).toBe(true);
    expect((await hit('b')).isBlocked).toBe(false);
  });

  it('weights the previous window by how much of it the sliding window still covers', async () => {
    for (let i = 0; i < 10; i++) await hit();
    // A quarter into the next window 75% of the previous 10 hits still count: with 2 new hits 9.5 < 10 lets a third in, with 3 10.5 blocks the fourth.
    now += MINUTE + MINUTE / 4;
    expect((await hit('caller', 10, 1)).isBlocked).toBe(false);
    expect((await hit('caller', 10, 1)).isBlocked).toBe(false);
    expect((await hit('caller', 10, 1)).isBlocked).toBe(false);
    expect((await hit('caller', 10, 1)).isBlocked).toBe(true);
    // Two windows later nothing of the old hits is left.
    now += 2 * MINUTE;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('tracks one entry per caller however many hits it makes (no per-hit log), and sweeps idle callers', async () => {
    for (let i = 0; i < 100_000; i++) await hit('busy', 1_000_000);
    await hit('idle');
    expect(storage.size).toBe(2);
    now += 2 * MINUTE;
    await hit('busy', 1_000_000);
    storage.sweep();
    expect(storage.size).toBe(1);
  });
});
