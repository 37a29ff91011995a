import { randomBytes, randomUUID } from 'node:crypto';
import { currentContext, runWithContext } from '@verticals/context';
import { replayDeadLetters } from '../cli/dead-letter-replay';
import { deadLetterTopicName } from '../kafka/topic-provisioner';
import { createMessagingFixture, counterValue, orderTopic, readTopic, type MessagingFixture } from '../testing/messaging-fixture';
import { createTestDatabase, startTestInfrastructure, waitFor, type TestInfrastructure } from '../testing';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { PermanentEventError } from './consumer-errors';
import { deadLetterHeader, headerText } from './dead-letter.headers';
import { type EventHandler } from './event-handler.types';

type OrderTopic = ReturnType<typeof orderTopic>;

describe('EventConsumer with the embedded broker and PostgreSQL', () => {
  let infra: TestInfrastructure;
  let databaseUrl: string;
  const fixtures: MessagingFixture[] = [];
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    databaseUrl = await createTestDatabase(infra.databaseUrl);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await Promise.all(fixtures.splice(0).map((fixture) => fixture.close()));
  });

  afterAll(() => infra.stop());

  async function setup(topic: OrderTopic): Promise<MessagingFixture> {
    const fixture = await createMessagingFixture(databaseUrl, infra.kafkaBrokers, [topic]);
    fixtures.push(fixture);
    return fixture;
  }

  function consumer(fixture: MessagingFixture, topic: OrderTopic, handler: EventHandler<OrderTopic>, options: Partial<EventConsumerOptions> = {}): EventConsumer {
    const created = new EventConsumer(fixture.kafka, fixture.dataSource, fixture.producer, fixture.metrics, {
      groupId: options.groupId ?? `group-${randomBytes(4).toString('hex')}`,
      maxAttempts: 3,
      retryBackoff: { initialMs: 20, maxMs: 100, multiplier: 2 },
      maxWaitTimeInMs: 50,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 500,
      ...options,
    });
    created.register(topic, handler);
    consumers.push(created);
    return created;
  }

  const applyEffect: EventHandler<OrderTopic> = async (event, { manager }) => {
    await manager.query(`INSERT INTO ${currentTable} (event_id, order_id, sequence, correlation_id) VALUES ($1, $2, $3, $4)`, [
      event.id,
      event.data.orderId,
      event.data.sequence,
      currentContext()?.correlationId ?? null,
    ]);
  };
  let currentTable = '';

  async function effects(fixture: MessagingFixture): Promise<{ event_id: string; order_id: string; sequence: number; correlation_id: string | null }[]> {
    return fixture.dataSource.query(`SELECT event_id, order_id, sequence, correlation_id FROM ${fixture.effectsTable} ORDER BY applied_at, sequence`);
  }

  async function waitForEffects(fixture: MessagingFixture, count: number) {
    return waitFor(async () => {
      const rows = await effects(fixture);
      return rows.length >= count ? rows : undefined;
    }, `${count} effects`);
  }

  it('retries a handler that crashes mid-way and applies its effect exactly once', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    currentTable = fixture.effectsTable;
    let calls = 0;
    const subscriber = consumer(fixture, topic, async (event, context) => {
      calls++;
      await applyEffect(event, context);
      if (calls === 1) throw new Error('crashed after writing its effect');
    });
    await subscriber.start();
    const sent = await fixture.producer.publish(topic, { orderId: 'o-1', sequence: 1 });
    const rows = await waitForEffects(fixture, 1);
    await waitFor(async () => ((await counterValue(fixture.metrics.registry, 'messaging_events_consumed_total')) === 1 ? true : undefined), 'consumed metric');
    expect(calls).toBe(2);
    expect(rows.map((row) => row.event_id)).toEqual([sent.id]);
    await expect(counterValue(fixture.metrics.registry, 'messaging_events_retried_total')).resolves.toBe(1);
    const attemptsLeft = await fixture.dataSource.query(`SELECT count(*)::int AS n FROM "${fixture.schema}".messaging_consumer_attempts`);
    expect(attemptsLeft[0].n).toBe(0);
  });

  it('skips a redelivered event that the inbox already holds', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    currentTable = fixture.effectsTable;
    const subscriber = consumer(fixture, topic, applyEffect);
    await subscriber.start();
    const sent = await fixture.producer.publish(topic, { orderId: 'o-2', sequence: 1 });
    await fixture.producer.sendRecords([{ topic: topic.name, key: 'o-2', value: JSON.stringify(sent), headers: {} }]);
    await fixture.producer.publish(topic, { orderId: 'o-2', sequence: 2 });
    await waitFor(async () => ((await counterValue(fixture.metrics.registry, 'messaging_events_duplicates_total')) === 1 ? true : undefined), 'duplicate skipped');
    const rows = await waitForEffects(fixture, 2);
    expect(rows.map((row) => row.sequence)).toEqual([1, 2]);
  });

  it('dead-letters an invalid event and a repeatedly failing one with their reasons, and processes later events', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    currentTable = fixture.effectsTable;
    const subscriber = consumer(fixture, topic, async (event, context) => {
      if (event.data.note === 'poison') throw new Error('cannot apply poison order');
      if (event.data.note === 'permanent') throw new PermanentEventError('order belongs to a closed account');
      await applyEffect(event, context);
    });
    await subscriber.start();
    await fixture.producer.sendRecords([{ topic: topic.name, key: 'o-3', value: '{"not":"an envelope"}', headers: { 'x-origin': 'test' } }]);
    const unsupported = { id: randomUUID(), type: topic.name, source: 'newer-service', time: new Date().toISOString(), tenantId: 't', correlationId: 'c', schemaVersion: 2, data: {} };
    await fixture.producer.sendRecords([{ topic: topic.name, key: 'o-3', value: JSON.stringify(unsupported), headers: {} }]);
    await fixture.producer.publish(topic, { orderId: 'o-3', sequence: 1, note: 'poison' });
    await fixture.producer.publish(topic, { orderId: 'o-3', sequence: 2, note: 'permanent' });
    await fixture.producer.publish(topic, { orderId: 'o-3', sequence: 3 });

    const rows = await waitForEffects(fixture, 1);
    expect(rows.map((row) => row.sequence)).toEqual([3]);
    const deadLetters = await readTopic(fixture.kafka, deadLetterTopicName(topic.name), 4);
    const summary = deadLetters.map((message) => ({
      reason: headerText(message.headers, deadLetterHeader.reason),
      attempts: headerText(message.headers, deadLetterHeader.attempts),
      offset: headerText(message.headers, deadLetterHeader.originalOffset),
    }));
    expect(summary).toEqual([
      { reason: 'invalid-envelope', attempts: '0', offset: '0' },
      { reason: 'unsupported-version', attempts: '0', offset: '1' },
      { reason: 'handler-failed', attempts: '3', offset: '2' },
      { reason: 'permanent-failure', attempts: '1', offset: '3' },
    ]);
    expect(deadLetters[0].value?.toString()).toBe('{"not":"an envelope"}');
    expect(headerText(deadLetters[0].headers, 'x-origin')).toBe('test');
    expect(headerText(deadLetters[1].headers, deadLetterHeader.error)).toMatch(/schemaVersion 2 is not accepted/);
    expect(headerText(deadLetters[2].headers, deadLetterHeader.error)).toMatch(/cannot apply poison order/);
  });

  it('keeps the attempt count across a consumer restart', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    const groupId = `group-${randomBytes(4).toString('hex')}`;
    let calls = 0;
    const failing: EventHandler<OrderTopic> = async () => {
      calls++;
      throw new Error(`attempt ${calls} failed`);
    };
    const options = { groupId, maxAttempts: 3, retryBackoff: { initialMs: 5_000, maxMs: 5_000, multiplier: 1 } };
    const first = consumer(fixture, topic, failing, options);
    await first.start();
    await fixture.producer.publish(topic, { orderId: 'o-4', sequence: 1 });
    await waitFor(() => (calls >= 1 ? true : undefined), 'first attempt');
    await first.stop();
    expect(calls).toBe(1);

    const second = consumer(fixture, topic, failing, { ...options, retryBackoff: { initialMs: 20, maxMs: 20, multiplier: 1 } });
    await second.start();
    const [deadLetter] = await readTopic(fixture.kafka, deadLetterTopicName(topic.name), 1);
    expect(calls).toBe(3);
    expect(headerText(deadLetter.headers, deadLetterHeader.attempts)).toBe('3');
  });

  it('resumes from committed offsets after a restart and runs handlers in the event context', async () => {
    const topic = orderTopic(2);
    const fixture = await setup(topic);
    currentTable = fixture.effectsTable;
    const groupId = `group-${randomBytes(4).toString('hex')}`;
    const first = consumer(fixture, topic, applyEffect, { groupId });
    await first.start();
    await runWithContext({ requestId: 'r-1', correlationId: 'corr-from-http' }, () => fixture.producer.publish(topic, { orderId: 'o-5', sequence: 1 }));
    await fixture.producer.publish(topic, { orderId: 'o-6', sequence: 1 });
    await waitForEffects(fixture, 2);
    await first.stop();

    await fixture.producer.publish(topic, { orderId: 'o-5', sequence: 2 });
    const second = consumer(fixture, topic, applyEffect, { groupId });
    await second.start();
    const rows = await waitForEffects(fixture, 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await effects(fixture)).toHaveLength(3);
    await expect(counterValue(fixture.metrics.registry, 'messaging_events_duplicates_total')).resolves.toBe(0);
    expect(rows.find((row) => row.order_id === 'o-5' && row.sequence === 1)?.correlation_id).toBe('corr-from-http');
  });

  it('replays dead letters to the original topic after a fix, once', async () => {
    const topic = orderTopic(1);
    const fixture = await setup(topic);
    currentTable = fixture.effectsTable;
    let fixed = false;
    const subscriber = consumer(fixture, topic, async (event, context) => {
      if (!fixed) throw new PermanentEventError('missing reference data');
      await applyEffect(event, context);
    });
    await subscriber.start();
    const sent = await fixture.producer.publish(topic, { orderId: 'o-7', sequence: 1 });
    await readTopic(fixture.kafka, deadLetterTopicName(topic.name), 1);

    const listed: string[] = [];
    await expect(replayDeadLetters(fixture.kafka, fixture.producer, { topic: deadLetterTopicName(topic.name), dryRun: true, onRecord: (r) => listed.push(`${r.eventId} ${r.reason}`) })).resolves.toEqual({
      replayed: 1,
      dryRun: true,
    });
    expect(listed).toEqual([`${sent.id} permanent-failure`]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await effects(fixture)).toHaveLength(0);

    fixed = true;
    await expect(replayDeadLetters(fixture.kafka, fixture.producer, { topic: deadLetterTopicName(topic.name) })).resolves.toEqual({ replayed: 1, dryRun: false });
    await waitForEffects(fixture, 1);
    await expect(replayDeadLetters(fixture.kafka, fixture.producer, { topic: deadLetterTopicName(topic.name), fromOffset: 0n, limit: 5 })).resolves.toEqual({ replayed: 1, dryRun: false });
    await waitFor(async () => ((await counterValue(fixture.metrics.registry, 'messaging_events_duplicates_total')) === 1 ? true : undefined), 'second replay skipped');
    expect((await effects(fixture)).map((row) => row.event_id)).toEqual([sent.id]);
  });
});
