// npm run bench:messaging [-- --events 30000 --paced-seconds 5]
// End to end: outbox INSERT (in the writer's transaction) -> relay -> Kafka (embedded broker, child
// process) -> idempotent consumer (inbox + effect in one transaction) -> offset commit.
// Phase 1 measures throughput with writers going flat out; phase 2 measures latency at half that
// rate; in between, 2% of the published rows are re-published to check that duplicates are absorbed.
import { randomBytes } from 'node:crypto';
import { EventConsumer } from '../src/consumer/event-consumer';
import { type EventHandler } from '../src/consumer/event-handler.types';
import { Outbox } from '../src/outbox/outbox';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { createTestDatabase, startTestInfrastructure, waitFor } from '../src/testing';
import { counterValue, createMessagingFixture, orderTopic } from '../src/testing/messaging-fixture';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const totalEvents = argument('events', 30_000);
  const pacedSeconds = argument('paced-seconds', 5);
  const writeBatch = 200;
  const infra = await startTestInfrastructure();
  const topic = orderTopic(6);
  const fixture = await createMessagingFixture(await createTestDatabase(infra.databaseUrl), infra.kafkaBrokers, [topic]);
  const outbox = new Outbox({ source: 'bench', defaultTenantId: 'tenant-bench' });
  const enqueuedAt = new Map<string, number>();
  const latencies: number[] = [];
  let committed = 0;
  let measureLatency = false;

  const consumer = new EventConsumer(fixture.kafka, fixture.dataSource, fixture.producer, fixture.metrics, {
    groupId: `bench-${randomBytes(3).toString('hex')}`,
    partitionsConsumedConcurrently: 6,
    maxWaitTimeInMs: 20,
    onCommitted: (events) => {
      const now = performance.now();
      committed += events.length;
      for (const event of events) {
        const start = enqueuedAt.get(event.envelope.id);
        if (start === undefined) continue;
        enqueuedAt.delete(event.envelope.id);
        if (measureLatency) latencies.push(now - start);
      }
    },
  });
  const handler: EventHandler<typeof topic> = async (event, { manager }) => {
    await manager.query(`INSERT INTO ${fixture.effectsTable} (event_id, order_id, sequence) VALUES ($1, $2, $3)`, [event.id, event.data.orderId, event.data.sequence]);
  };
  consumer.register(topic, handler);
  await consumer.start();
  const relay = new OutboxRelay(fixture.dataSource, fixture.producer, fixture.metrics, { batchSize: 1000, pollIntervalMs: 200 });
  await relay.start();

  async function write(count: number, sequenceBase: number): Promise<void> {
    const started = performance.now();
    const envelopes = await fixture.dataSource.transaction((manager) =>
      outbox.enqueueMany(
        manager,
        Array.from({ length: count }, (_, i) => ({ topic, data: { orderId: `order-${(sequenceBase + i) % 500}`, sequence: sequenceBase + i } })),
      ),
    );
    for (const envelope of envelopes) enqueuedAt.set(envelope.id, started);
  }

  // Warm-up: group joined, connections and statements hot.
  await write(500, 0);
  await waitFor(() => (committed >= 500 ? true : undefined), 'warm-up', 60_000);

  // Phase 1: throughput, two writers flat out.
  const phaseStart = performance.now();
  const base = committed;
  let written = 0;
  const writer = async (): Promise<void> => {
    while (written < totalEvents) {
      const count = Math.min(writeBatch, totalEvents - written);
      written += count;
      await write(count, 1_000 + written);
    }
  };
  await Promise.all([writer(), writer()]);
  await waitFor(() => (committed - base >= totalEvents ? true : undefined), 'phase 1', 300_000);
  const eventsPerSecond = totalEvents / ((performance.now() - phaseStart) / 1000);
  console.log(`throughput: ${totalEvents} events in ${((performance.now() - phaseStart) / 1000).toFixed(2)} s -> ${eventsPerSecond.toFixed(0)} events/s`);

  // Duplicates: re-publish 2% of what was sent, as a relay crash before marking would.
  const republished = Math.round(totalEvents * 0.02);
  await fixture.dataSource.query(
    `UPDATE "${fixture.schema}".messaging_outbox SET sent_at = NULL WHERE id IN (SELECT id FROM "${fixture.schema}".messaging_outbox ORDER BY random() LIMIT $1)`,
    [republished],
  );
  await waitFor(async () => ((await counterValue(fixture.metrics.registry, 'messaging_events_duplicates_total')) >= republished ? true : undefined), 'duplicates', 60_000);

  // Phase 2: latency at half the measured throughput, written every 20 ms.
  measureLatency = true;
  const rate = Math.max(100, Math.floor(eventsPerSecond / 2));
  const perTick = Math.max(1, Math.round(rate / 50));
  const ticks = pacedSeconds * 50;
  const pacedBase = committed;
  for (let tick = 0; tick < ticks; tick++) {
    const due = performance.now() + 20;
    await write(perTick, 10_000_000 + tick * perTick);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await waitFor(() => (committed - pacedBase >= ticks * perTick ? true : undefined), 'phase 2', 120_000);
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(`latency at ${perTick * 50} events/s offered: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${latencies.length} events`);

  const [counts] = await fixture.dataSource.query(`SELECT count(*)::int AS applied, count(DISTINCT event_id)::int AS distinct_events FROM ${fixture.effectsTable}`);
  const duplicatesSkipped = await counterValue(fixture.metrics.registry, 'messaging_events_duplicates_total');
  console.log(`effects: ${counts.applied} applied for ${counts.distinct_events} distinct events; ${duplicatesSkipped} redeliveries skipped by the inbox`);

  await relay.stop();
  await consumer.stop();
  await fixture.close();
  await infra.stop();
  console.log(`events_s=${Math.round(eventsPerSecond)} p50_ms=${p50.toFixed(1)} p99_ms=${p99.toFixed(1)} duplicates_applied=${counts.applied - counts.distinct_events}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
