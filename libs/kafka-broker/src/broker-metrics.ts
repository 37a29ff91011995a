import { Counter, Gauge, type Registry } from 'prom-client';

type Labels<L extends string> = Partial<Record<L, string | number>>;

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): Counter<L> {
  // Reuse a metric already registered under this name (two brokers on one registry, hot reload)
  // instead of letting prom-client throw on duplicate registration.
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: existing ? [] : [registry] });
}

function gauge(registry: Registry, name: string, help: string, collect: () => number): Gauge {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Gauge) return existing;
  return new Gauge({
    name,
    help,
    registers: existing ? [] : [registry],
    collect() {
      this.set(collect());
    },
  });
}

export interface BrokerGaugeSources {
  readonly connections: () => number;
  readonly topics: () => number;
  readonly partitions: () => number;
  readonly groups: () => number;
}

/** Prometheus metrics of one broker, registered on the given registry. */
export class BrokerMetrics {
  private readonly requests: Counter<'api'>;
  private readonly errors: Counter<'api' | 'code'>;
  private readonly bytesIn: Counter<string>;
  private readonly bytesOut: Counter<string>;
  private readonly closedConnections: Counter<'reason'>;
  private readonly totals = { requests: 0, errors: 0, bytesIn: 0, bytesOut: 0 };

  constructor(registry: Registry, sources: BrokerGaugeSources) {
    this.requests = counter(registry, 'kafka_broker_requests_total', 'Requests handled, by API', ['api']);
    this.errors = counter(registry, 'kafka_broker_errors_total', 'Error codes answered, by API and code', ['api', 'code']);
    this.bytesIn = counter(registry, 'kafka_broker_bytes_in_total', 'Request bytes received', []);
    this.bytesOut = counter(registry, 'kafka_broker_bytes_out_total', 'Response bytes sent', []);
    this.closedConnections = counter(registry, 'kafka_broker_connections_closed_total', 'Connections closed by the broker, by reason', ['reason']);
    gauge(registry, 'kafka_broker_connections', 'Open client connections', sources.connections);
    gauge(registry, 'kafka_broker_topics', 'Topics', sources.topics);
    gauge(registry, 'kafka_broker_partitions', 'Partitions', sources.partitions);
    gauge(registry, 'kafka_broker_groups', 'Consumer groups', sources.groups);
  }

  request(api: string, bytes: number): void {
    this.requests.inc({ api } satisfies Labels<'api'>);
    this.bytesIn.inc(bytes);
    this.totals.requests++;
    this.totals.bytesIn += bytes;
  }

  response(bytes: number): void {
    this.bytesOut.inc(bytes);
    this.totals.bytesOut += bytes;
  }

  error(api: string, code: number): void {
    this.errors.inc({ api, code: String(code) });
    this.totals.errors++;
  }

  connectionClosed(reason: string): void {
    this.closedConnections.inc({ reason });
  }

  snapshot(): Readonly<typeof this.totals> {
    return { ...this.totals };
  }
}
