import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { EventConsumer } from '../consumer/event-consumer';
import { type EventHandler } from '../consumer/event-handler.types';
import { createMessagingFixture, counterValue, orderTopic, readTopic, type MessagingFixture } from '../testing/messaging-fixture';
import { createTestDatabase, startTestInfrastructure, waitFor, type TestInfrastructure } from '../testing';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

type OrderTopic = ReturnType<typeof orderTopic>;
const run = promisify(execFile);

describe('transactional outbox and relay', () => {
  let infra: TestInfrastructure;
  let databaseUrl: string;
  const closers: (() => Promise<void>)[] = [];
  const outbox = new Outbox({ source: 'orders', defaultTenantId: 'tenant-a' });

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    databaseUrl = await createTestDatabase(infra.databaseUrl);
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  afterAll(() => infra.stop());

  async function setup(topic: OrderTopic, schema?: string): Promise<MessagingFixture> {
    const fixture = await createMessagingFixture(databaseUrl, infra.kafkaBrokers, [topic], schema);
    closers.push(() => fixture.close());
    return fixture;
  }

  async function startRelay(fixture: MessagingFixture, batchSize = 100): Promise<OutboxRelay> {
    const relay = new OutboxRelay(fixture.dataSource, fixture.producer, fixture.metrics, { batchSize, pollIntervalMs: 200 });
    await relay.start();
    closers.push(() => relay.stop());
    return relay;
  }

  async function startConsumer(fixture: MessagingFixture, topic: OrderTopic): Promise<void> {
    const consumer = new EventConsumer(fixture.kafka, fixture.dataSource, fixture.producer, fixture.metrics, {
      groupId: `group-${randomBytes(4).toString('hex')}`,
      maxWaitTimeInMs: 50,
      heartbeatIntervalMs: 500,
      sessionTimeoutMs: 6_000,
    });
    const handler: EventHandler<OrderTopic> = async (event, { manager }) => {
      await manager.query(`INSERT INTO ${fixture.effectsTable} (event_id, order_id, sequence) VALUES ($1, $2, $3)`, [event.id, event.data.orderId, event.data.sequence]);
    };
    consumer.register(topic, handler);
    await consumer.start();
    closers.push(() => consumer.stop());
  }

  async function effectCount(fixture: MessagingFixture, minimum: number): Promise<{ order_id: string; sequence: number }[]> {
    return waitFor(async () => {
      const rows: { order_id: string; sequence: number }[] = await fixture.dataSource.query(
        `SELECT order_id, sequence FROM ${fixture.effectsTable} WHERE sequence > 0 ORDER BY applied_at`,
      );
      return rows.length >= minimum ? rows : undefined;
    }, `${minimum} effects`);
  }

  it('rolls the event back with the state change it follows', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    await expect(
      fixture.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, topic, 'o-1', { orderId: 'o-1', sequence: 1 });
        throw new Error('business rule violated');
      }),
    ).rejects.toThrow('business rule violated');
    await expect(fixture.dataSource.query(`SELECT count(*)::int AS n FROM "${fixture.schema}".messaging_outbox`)).resolves.toEqual([{ n: 0 }]);
    await expect(fixture.dataSource.transaction((manager) => outbox.enqueue(manager, topic, 'o-1', { orderId: 'o-1', sequence: -1 }))).rejects.toThrow(/invalid payload/);
  });

  it('wakes the relay of this process when its outbox rows commit, in a transaction or as one statement, without polling', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    const relay = new OutboxRelay(fixture.dataSource, fixture.producer, fixture.metrics, { pollIntervalMs: 600_000 });
    await relay.start();
    closers.push(() => relay.stop());
    const sent = (n: number) => async () => {
      const [row]: { n: number }[] = await fixture.dataSource.query(`SELECT count(*)::int AS n FROM "${fixture.schema}".messaging_outbox WHERE sent_at IS NOT NULL`);
      return row && row.n >= n ? row.n : undefined;
    };
    await fixture.dataSource.transaction((manager) => outbox.enqueue(manager, topic, 'o-tx', { orderId: 'o-tx', sequence: 1 }));
    await waitFor(sent(1), "the transaction's event published", 10_000);

    const insert = outbox.insertIntoStatement(fixture.dataSource, [{ topic, data: { orderId: 'o-stmt', sequence: 1 } }], 1);
    await fixture.dataSource.query(`WITH events AS (${insert.sql} RETURNING id) SELECT count(*) FROM events`, insert.values);
    outbox.statementCommitted(fixture.dataSource);
    await expect(waitFor(sent(2), "the statement's event published", 10_000)).resolves.toBe(2);
    // No NOTIFY trigger is left to fire on every writing transaction.
    await expect(
      fixture.dataSource.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = '"${fixture.schema}".messaging_outbox'::regclass AND NOT tgisinternal`),
    ).resolves.toEqual([]);
  });

  it('publishes after restart an event committed by a service killed before publishing', async () => {
    const topic = orderTopic(3);
    const schema = `svc_${randomBytes(4).toString('hex')}`;
    const child = resolve(__dirname, '../testing/crash-after-commit.child.ts');
    const crashed = await run(process.execPath, [resolve(__dirname, '../../../../tools/run.cjs'), child, databaseUrl, infra.kafkaBrokers, schema, topic.name, 'o-crash']).catch(
      (error: { stdout: string; signal: string }) => error,
    );
    expect('signal' in crashed ? crashed.signal : undefined).toBe('SIGKILL');
    const eventId = crashed.stdout.trim();

    const fixture = await setup(topic, schema);
    await expect(fixture.dataSource.query(`SELECT event_id FROM "${schema}".messaging_outbox WHERE sent_at IS NULL`)).resolves.toEqual([{ event_id: eventId }]);
    const relay = await startRelay(fixture);
    const [record] = await readTopic(fixture.kafka, topic.name, 1);
    expect(JSON.parse(record.value!.toString())).toMatchObject({ id: eventId, source: 'crashing-service', data: { orderId: 'o-crash', sequence: 1 } });
    expect(record.key?.toString()).toBe('o-crash');
    await waitFor(async () => ((await relay.backlog()).count === 0 ? true : undefined), 'outbox drained');
  });

  it('keeps each key in order with two relays publishing at once', async () => {
    const topic = orderTopic(3);
    const fixture = await setup(topic);
    await startConsumer(fixture, topic);
    const keys = Array.from({ length: 12 }, (_, i) => `order-${i}`);
    const perKey = 20;
    for (let sequence = 1; sequence <= perKey; sequence++) {
      await fixture.dataSource.transaction((manager) =>
        outbox.enqueueMany(
          manager,
          keys.map((orderId) => ({ topic, data: { orderId, sequence } })),
        ),
      );
    }
    await startRelay(fixture, 7);
    await startRelay(fixture, 11);
    const rows = await effectCount(fixture, keys.length * perKey);
    for (const key of keys) {
      expect(rows.filter((row) => row.order_id === key).map((row) => row.sequence)).toEqual(Array.from({ length: perKey }, (_, i) => i + 1));
    }
  });

  it('absorbs the duplicates of a relay that published but did not mark its batch', async () => {
    const topic = orderTopic(2);
    const fixture = await setup(topic);
    await startConsumer(fixture, topic);
    await fixture.dataSource.transaction((manager) =>
      outbox.enqueueMany(
        manager,
        [1, 2, 3].map((sequence) => ({ topic, data: { orderId: 'o-dup', sequence } })),
      ),
    );
    const relay = new OutboxRelay(fixture.dataSource, fixture.producer, fixture.metrics);
    await expect(relay.relayOnce()).resolves.toBe(3);
    await effectCount(fixture, 3);
    // The state a crash between publishing and committing "sent" leaves behind.
    await fixture.dataSource.query(`UPDATE "${fixture.schema}".messaging_outbox SET sent_at = NULL`);
    await expect(relay.relayOnce()).resolves.toBe(3);
    await waitFor(async () => ((await counterValue(fixture.metrics.registry, 'messaging_events_duplicates_total')) === 3 ? true : undefined), 'duplicates skipped');
    const rows = await effectCount(fixture, 3);
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3]);
    await expect(relay.backlog()).resolves.toEqual({ count: 0, oldestAgeSeconds: 0 });
  });
});
