import { type Histogram, type Registry } from 'prom-client';

/** One sample as prom-client's registry renders it (the shape its own metrics' get() returns). */
export interface HistogramSample {
  metricName: string;
  labels: Record<string, string | number>;
  /** The label set; rendered after `labels` (prom-client puts `le` first the same way). */
  sharedLabels: Record<string, string>;
  value: number;
}

/** The counts of one label set; `observe` is two array writes and a short scan of the bounds. */
export class HistogramChild {
  /** Per bucket (not cumulative); the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly upperBounds: readonly number[]) {
    this.counts = new Float64Array(upperBounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.upperBounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/**
 * A Prometheus histogram for values observed once per request on the service thread. prom-client's
 * Histogram validates and hashes the label values on every observe (~0.25 us, a tenth of the engine's
 * whole per-request budget at 400k requests/s); here a label set is resolved once (`labels()`) and
 * an observation only increments numbers. It registers in a prom-client Registry like any metric and
 * renders the same text (`_bucket` with `le`, `_sum`, `_count`).
 */
export class LocalHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly children = new Map<string, { labels: Record<L, string>; child: HistogramChild }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    private readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    // The registry only calls name, get(), reset() and aggregator; its TypeScript type lists prom-client's classes.
    registry.registerMetric(this as unknown as Histogram<L>);
  }

  labels(labels: Record<L, string>): HistogramChild {
    const key = this.key(labels);
    let entry = this.children.get(key);
    if (!entry) this.children.set(key, (entry = { labels: { ...labels }, child: new HistogramChild(this.upperBounds) }));
    return entry.child;
  }

  remove(labels: Record<L, string>): void {
    this.children.delete(this.key(labels));
  }

  reset(): void {
    this.children.clear();
  }

  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: HistogramSample[] }> {
    const values: HistogramSample[] = [];
    for (const { labels, child } of this.children.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((bound, i) => {
        cumulative += child.counts[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { le: bound }, sharedLabels: labels, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf' }, sharedLabels: labels, value: child.count });
      values.push({ metricName: `${this.name}_sum`, labels: {}, sharedLabels: labels, value: child.sum });
      values.push({ metricName: `${this.name}_count`, labels: {}, sharedLabels: labels, value: child.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  private key(labels: Record<L, string>): string {
    return this.labelNames.map((n) => labels[n]).join('\u0000');
  }
}
