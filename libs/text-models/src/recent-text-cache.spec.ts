import { RecentTextCache } from './recent-text-cache';

describe('RecentTextCache', () => {
  it('computes once per key while the key stays among the most recent', () => {
    const cache = new RecentTextCache<string>(2);
    const compute = jest.fn((key: string) => key.toUpperCase());
    expect(cache.get('a', () => compute('a'))).toBe('A');
    expect(cache.get('a', () => compute('a'))).toBe('A');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('evicts the least recently used key beyond its capacity', () => {
    const cache = new RecentTextCache<number>(2);
    let calls = 0;
    const get = (key: string): number => cache.get(key, () => ++calls);
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // evicts b
    expect(calls).toBe(3);
    get('a');
    expect(calls).toBe(3);
    get('b');
    expect(calls).toBe(4);
  });
});
