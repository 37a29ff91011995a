import { isDatabaseUnavailable } from './consumer-errors';
import { backoffDelay } from './retry-backoff';

describe('retry policy', () => {
  it('backs off exponentially up to the cap, with at most 20% jitter below', () => {
    const policy = { initialMs: 100, maxMs: 1_000, multiplier: 2 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(policy, 2, () => 0)).toBe(160);
  });

  it('tells a database outage from a handler bug', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });
});
