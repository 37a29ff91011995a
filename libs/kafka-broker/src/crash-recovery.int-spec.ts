import { Kafka, logLevel } from 'kafkajs';
import { eventually, temporaryDirectory, uniqueName } from './testing/broker-test-kit';
import { killHard, startChildBroker } from './testing/child-broker';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

describe('crash recovery', () => {
  it('keeps every acknowledged message and committed offset across kill -9 and restart', async () => {
    const dataDir = temporaryDirectory('crash');
    const topic = uniqueName('durable');
    const groupId = uniqueName('durable-readers');
    const first = await startChildBroker(['--port', '0', '--data-dir', dataDir, '--partitions', '3']);
    const kafka = new Kafka({ brokers: [first.brokers], logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 } });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const acknowledged: string[] = [];
    let stopped = false;
    const producing = (async () => {
      for (let batch = 0; !stopped; batch++) {
        const values = Array.from({ length: 50 }, (_, i) => `${batch}-${i}`);
        try {
          await producer.send({ topic, acks: -1, messages: values.map((value) => ({ key: value, value })) });
          acknowledged.push(...values);
        } catch {
          return;
        }
      }
    })();

    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const committed = new Map<number, string>();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const next = String(Number(message.offset) + 1);
        if (Number(next) % 20 === 0) {
          await consumer.commitOffsets([{ topic, partition, offset: next }]);
          committed.set(partition, next);
        }
      },
    });
    try {
      await eventually(() => (acknowledged.length >= 2000 && committed.size >= 2 ? true : undefined), 30_000, 'traffic before the crash');
    } finally {
      await killHard(first);
    }
    stopped = true;
    await producing;
    const acknowledgedBeforeCrash = [...acknowledged];
    // A commit in flight at the kill may have landed without its acknowledgement: never lower.
    const acknowledgedCommits = new Map(committed);
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);

    const second = await startChildBroker(['--port', '0', '--data-dir', dataDir]);
    try {
      const again = new Kafka({ brokers: [second.brokers], logLevel: logLevel.NOTHING });
      const admin = again.admin();
      await admin.connect();
      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      for (const [partition, offset] of acknowledgedCommits) {
        const recovered = offsets[0].partitions.find((p) => p.partition === partition)?.offset;
        expect(Number(recovered)).toBeGreaterThanOrEqual(Number(offset));
      }
      await admin.disconnect();

      const reader = again.consumer({ groupId: uniqueName('auditor'), maxWaitTimeInMs: 100 });
      const seen = new Set<string>();
      await reader.connect();
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void seen.add(message.value!.toString()) });
      await eventually(() => (acknowledgedBeforeCrash.every((value) => seen.has(value)) ? true : undefined), 30_000, 'every acknowledged message');
      await reader.disconnect();
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
    // The preset's testTimeout is a global option that Jest ignores per project; its waits need 30 s.
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    const child = await startChildBroker(['--port', '0']);
    child.process.kill('SIGTERM');
    await expect(child.exited).resolves.toBe(0);
  });
});
