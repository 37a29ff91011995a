import { Counter, Gauge, type Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge(registry: Registry, name: string, help: string, labelNames: string[]): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}

/** The messaging counters and gauges, registered once per Registry (reused when already there). */
export class MessagingMetrics {
  readonly produced: Counter<string>;
  readonly consumed: Counter<string>;
  readonly duplicates: Counter<string>;
  readonly failed: Counter<string>;
  readonly retried: Counter<string>;
  readonly deadLettered: Counter<string>;
  readonly consumerLag: Gauge<string>;
  readonly databaseWaits: Counter<string>;
  readonly outboxBacklog: Gauge<string>;
  readonly outboxOldestAge: Gauge<string>;
  readonly outboxPublished: Counter<string>;

  constructor(readonly registry: Registry) {
    this.produced = counter(registry, 'messaging_events_produced_total', 'Events written to Kafka (direct and via the outbox relay)', ['topic']);
    this.consumed = counter(registry, 'messaging_events_consumed_total', 'Events whose handler committed', ['topic', 'group']);
    this.duplicates = counter(registry, 'messaging_events_duplicates_total', 'Redelivered events skipped by the inbox', ['topic', 'group']);
    this.failed = counter(registry, 'messaging_events_failed_total', 'Handler attempts that failed', ['topic', 'group']);
    this.retried = counter(registry, 'messaging_events_retried_total', 'Retries scheduled after a failed attempt', ['topic', 'group']);
    this.deadLettered = counter(registry, 'messaging_events_dead_lettered_total', 'Events sent to <topic>.dlq', ['topic', 'group', 'reason']);
    this.consumerLag = gauge(registry, 'messaging_consumer_lag', 'Records behind the high watermark, per partition', ['topic', 'partition', 'group']);
    this.databaseWaits = counter(registry, 'messaging_consumer_database_waits_total', 'Times a consumer paused because the database was unavailable', ['group']);
    this.outboxBacklog = gauge(registry, 'messaging_outbox_backlog', 'Outbox events not yet published', []);
    this.outboxOldestAge = gauge(registry, 'messaging_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox event', []);
    this.outboxPublished = counter(registry, 'messaging_outbox_published_total', 'Outbox events published by the relay', ['topic']);
  }
}
