import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { startBroker, type KafkaBroker } from './index';
import { eventually, uniqueName } from './testing/broker-test-kit';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface TrackedConsumer {
  readonly consumer: Consumer;
  partitions: number[];
  readonly received: string[];
}

describe('consumer groups', () => {
  let broker: KafkaBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, logLevel: 'silent' });
    kafka = new Kafka({ brokers: [broker.brokers], clientId: 'groups', logLevel: logLevel.NOTHING });
  });

  afterAll(() => broker.stop());

  async function createTopic(partitions: number): Promise<string> {
    const topic = uniqueName('shared');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    await admin.disconnect();
    return topic;
  }

  async function member(topic: string, groupId: string): Promise<TrackedConsumer> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 3000, heartbeatInterval: 200, maxWaitTimeInMs: 100, rebalanceTimeout: 10_000 });
    const tracked: TrackedConsumer = { consumer, partitions: [], received: [] };
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      tracked.partitions = [...(event.payload.memberAssignment[topic] ?? [])].sort();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void tracked.received.push(message.value!.toString()) });
    return tracked;
  }

  const split = (a: TrackedConsumer, b: { partitions: number[] }) => [...a.partitions, ...b.partitions].sort().join(',');

  it('splits partitions between two members and gives all back to the survivor when one leaves', async () => {
    const topic = await createTopic(4);
    const groupId = uniqueName('pair');
    const first = await member(topic, groupId);
    await eventually(() => (first.partitions.length === 4 ? true : undefined), 20_000, 'first member owning all partitions');
    const second = await member(topic, groupId);
    await eventually(() => (first.partitions.length === 2 && second.partitions.length === 2 ? true : undefined), 20_000, 'a 2/2 split');
    expect(split(first, second)).toBe('0,1,2,3');

    await second.consumer.disconnect();
    await eventually(() => (first.partitions.length === 4 ? true : undefined), 20_000, 'survivor owning all partitions');
    const group = broker.stats().groups.find((g) => g.groupId === groupId)!;
    expect(group.members).toHaveLength(1);
    await first.consumer.disconnect();
  });

  it('evicts a member that dies without leaving once its session times out', async () => {
    const topic = await createTopic(4);
    const groupId = uniqueName('mortal');
    const survivor = await member(topic, groupId);
    await eventually(() => (survivor.partitions.length === 4 ? true : undefined), 20_000, 'survivor owning all partitions');

    const doomed = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/run.cjs'), path.join(__dirname, 'testing/consumer-child.ts'), broker.brokers, topic, groupId], { stdio: ['ignore', 'pipe', 'inherit'] });
    const doomedState = { partitions: [] as number[] };
    doomed.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().trim().split('\n')) {
        const { assignment } = JSON.parse(line) as { assignment: Record<string, number[]> };
        doomedState.partitions = [...(assignment[topic] ?? [])].sort();
      }
    });
    await eventually(() => (survivor.partitions.length === 2 && doomedState.partitions.length === 2 ? true : undefined), 30_000, 'a 2/2 split with the child');
    expect(split(survivor, doomedState)).toBe('0,1,2,3');

    doomed.kill('SIGKILL');
    await eventually(() => (survivor.partitions.length === 4 ? true : undefined), 20_000, 'eviction of the dead member');
    expect(broker.stats().groups.find((g) => g.groupId === groupId)!.members).toHaveLength(1);
    await survivor.consumer.disconnect();
  });

  it('resumes from committed offsets after a consumer restarts', async () => {
    const topic = await createTopic(1);
    const groupId = uniqueName('resumer');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `before-${i}` })) });

    const first = await member(topic, groupId);
    await eventually(() => (first.received.length === 10 ? true : undefined));
    await first.consumer.disconnect();

    await producer.send({ topic, acks: -1, messages: Array.from({ length: 5 }, (_, i) => ({ value: `after-${i}` })) });
    const second = await member(topic, groupId);
    await eventually(() => (second.received.length >= 5 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.received).toEqual(Array.from({ length: 5 }, (_, i) => `after-${i}`));
    await second.consumer.disconnect();
    await producer.disconnect();
  });
});
