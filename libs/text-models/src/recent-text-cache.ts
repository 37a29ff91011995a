/**
 * A small least-recently-used memo for per-text work that several consumers repeat on the same text
 * within one request (the sentiment and intent featurizers, the lexicon features). Only pure results
 * are stored, and callers never mutate them, so a hit returns exactly what a recomputation would.
 */
export class RecentTextCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
