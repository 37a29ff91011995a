import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per service instance (not prom-client's global one), so several
 * services or test apps can live in one process without duplicate-metric errors.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(service: string, collectProcessMetrics = true) {
    this.registry.setDefaultLabels({ service });
    if (collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
