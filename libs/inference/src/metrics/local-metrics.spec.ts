import { Counter, Histogram, Registry } from 'prom-client';
import { LocalCounter, LocalHistogram } from './local-metrics';

const BUCKETS = [50, 100, 250, 1000];
const VALUES = [0, 12.5, 50, 50.0001, 99, 100, 101, 250, 999.9, 1000, 1000.5, 5e6];

describe('LocalCounter', () => {
  it('renders exactly what a prom-client Counter renders for the same increments', async () => {
    const reference = new Registry();
    const local = new Registry();
    const expected = new Counter({ name: 'runs_total', help: 'Runs', labelNames: ['model', 'version'], registers: [reference] });
    const actual = new LocalCounter('runs_total', 'Runs', ['model', 'version'], local);
    for (const [model, version, amount] of [['a', '1', 1], ['b', '2', 64], ['a', '1', 3]] as const) {
      expected.inc({ model, version }, amount);
      actual.labels({ model, version }).inc(amount);
    }
    expected.inc({ model: 'c', version: '1' });
    actual.labels({ model: 'c', version: '1' }).inc();
    expect(await local.metrics()).toBe(await reference.metrics());
    expect(await local.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
    expect(await local.metrics()).toContain('runs_total{model="a",version="1"} 4');
  });
});

describe('LocalHistogram', () => {
  it('renders exactly what a prom-client Histogram renders for the same observations', async () => {
    const reference = new Registry();
    const local = new Registry();
    const expected = new Histogram({ name: 'latency_us', help: 'Latency', labelNames: ['model', 'version'], buckets: BUCKETS, registers: [reference] });
    const actual = new LocalHistogram('latency_us', 'Latency', ['model', 'version'], BUCKETS, local);
    for (const [model, version] of [['a', '1'], ['b', '2']]) {
      const child = actual.labels({ model, version });
      for (const value of VALUES) {
        expected.observe({ model, version }, value * version.length);
        child.observe(value * version.length);
      }
    }
    expect(await local.metrics()).toBe(await reference.metrics());
    expect(await local.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
    expect(await local.metrics()).toContain('latency_us_bucket{le="100",model="a",version="1"} 6');
  });

  it('keeps one child per label set, and forgets removed ones', async () => {
    const registry = new Registry();
    const histogram = new LocalHistogram('h', 'help', ['model'], BUCKETS, registry);
    histogram.labels({ model: 'a' }).observe(1);
    histogram.labels({ model: 'a' }).observe(2);
    histogram.labels({ model: 'b' }).observe(3);
    expect(await registry.metrics()).toContain('h_count{model="a"} 2');
    histogram.remove({ model: 'a' });
    expect(await registry.metrics()).not.toContain('model="a"');
    expect(registry.getSingleMetric('h')).toBe(histogram);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('h_count');
  });
});
