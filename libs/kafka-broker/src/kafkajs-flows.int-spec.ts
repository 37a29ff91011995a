import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { startBroker, type KafkaBroker } from './index';
import { eventually, temporaryDirectory, uniqueName } from './testing/broker-test-kit';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe('kafka broker with kafkajs clients', () => {
  let broker: KafkaBroker;
  let kafka: Kafka;
  const registry = new Registry();

  beforeAll(async () => {
    broker = await startBroker({ port: 0, dataDir: temporaryDirectory('flows'), defaultPartitions: 2, registry, logLevel: 'silent' });
    kafka = new Kafka({ brokers: [broker.brokers], clientId: 'flows', logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  });

  afterAll(() => broker.stop());

  it('delivers produced messages to a consumer in order per partition, uncompressed and gzip', async () => {
    const topic = uniqueName('orders');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 20 }, (_, i) => ({ key: 'same-key', value: `plain-${i}` })) });
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: Array.from({ length: 20 }, (_, i) => ({ key: 'same-key', value: `gzip-${i}` })) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('readers'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    await eventually(() => (values.length >= 40 ? true : undefined), 20_000, '40 messages');
    await consumer.disconnect();
    expect(values).toEqual([...Array.from({ length: 20 }, (_, i) => `plain-${i}`), ...Array.from({ length: 20 }, (_, i) => `gzip-${i}`)]);
  });

  it('creates topics with a partition count, validates without creating, refuses duplicates and deletes', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const topic = uniqueName('created');
    await expect(admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic, numPartitions: 4 }] })).resolves.toBe(true);
    expect(await admin.listTopics()).not.toContain(topic);
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).resolves.toBe(true);
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })).resolves.toBe(false);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(4);
    await expect(admin.createTopics({ topics: [{ topic: 'bad/name', numPartitions: 1 }] })).rejects.toThrow();
    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);
    await admin.disconnect();
  });

  it('answers earliest, latest and by-timestamp offsets', async () => {
    const topic = uniqueName('timed');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const base = Date.now() - 60_000;
    await producer.send({ topic, messages: [0, 1, 2, 3].map((i) => ({ value: `t${i}`, timestamp: String(base + i * 1000) })) });
    await producer.send({ topic, messages: [4, 5].map((i) => ({ value: `t${i}`, timestamp: String(base + i * 1000) })) });
    await producer.disconnect();
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '6', high: '6', low: '0' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, base + 2500)).toEqual([{ partition: 0, offset: '3' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, base + 4000)).toEqual([{ partition: 0, offset: '4' }]);
    await admin.disconnect();
  });

  it('auto-creates topics for producers with the default partition count, but not for admin metadata requests', async () => {
    const topic = uniqueName('auto');
    const admin = kafka.admin();
    await admin.connect();
    await expect(admin.fetchTopicMetadata({ topics: [uniqueName('admin-only')] })).rejects.toThrow(/does not host/);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'first' }] });
    await producer.disconnect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(2);
    await admin.disconnect();
  });

  it('reports groups, members, lag and Prometheus metrics', async () => {
    const topic = uniqueName('observed');
    const groupId = uniqueName('observers');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await eventually(() => (seen >= 2 ? true : undefined));
    const group = await eventually(() => broker.stats().groups.find((g) => g.groupId === groupId && g.totalLag === 0 && g.lag.length > 0));
    expect(group.state).toBe('Stable');
    expect(group.members).toHaveLength(1);
    expect(group.members[0].assignment[0].topic).toBe(topic);
    await producer.send({ topic, messages: [{ value: 'c' }] });
    await consumer.stop();
    await producer.send({ topic, messages: [{ value: 'd' }] });
    const after = broker.stats().groups.find((g) => g.groupId === groupId)!;
    expect(after.totalLag).toBeGreaterThanOrEqual(1);
    expect(broker.stats().topics.find((t) => t.name === topic)!.partitions.reduce((sum, p) => sum + p.logEndOffset, 0)).toBe(4);
    await consumer.disconnect();
    await producer.disconnect();
    const text = await registry.metrics();
    expect(text).toMatch(/kafka_broker_requests_total\{api="Produce"\} \d+/);
    expect(text).toMatch(/kafka_broker_bytes_in_total \d+/);
    expect(text).toMatch(/kafka_broker_topics \d+/);
  });

  it('shares a metrics registry between brokers without duplicate-registration errors', async () => {
    const second = await startBroker({ port: 0, registry, logLevel: 'silent' });
    expect(second.metrics).toBe(registry);
    await second.stop();
  });

  it('refuses unknown topics when auto-creation is off', async () => {
    const strict = await startBroker({ port: 0, autoCreateTopics: false, logLevel: 'silent' });
    const client = new Kafka({ brokers: [strict.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = client.producer();
    await producer.connect();
    await expect(producer.send({ topic: 'nowhere', messages: [{ value: 'x' }] })).rejects.toThrow(/topic|partition/i);
    await producer.disconnect();
    expect(strict.stats().topics).toHaveLength(0);
    await strict.stop();
  });
});
