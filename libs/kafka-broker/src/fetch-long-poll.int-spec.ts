import { decode as decodeFetchResponse } from 'kafkajs/src/protocol/requests/fetch/v11/response';
import { ApiKey } from './api-keys';
import { startBroker, type KafkaBroker } from './index';
import { ProtocolWriter } from './protocol-writer';
import { encodeBatch } from './testing/batch-oracle';
import { uniqueName } from './testing/broker-test-kit';
import { RawKafkaConnection } from './testing/raw-kafka-connection';

interface FetchSpec {
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly partitions: readonly { readonly topic: string; readonly partition: number; readonly offset: number }[];
}

function fetchBody(spec: FetchSpec): Buffer {
  const topics = [...new Set(spec.partitions.map((p) => p.topic))];
  return new ProtocolWriter()
    .int32(-1).int32(spec.maxWaitMs).int32(spec.minBytes).int32(spec.maxBytes).int8(1).int32(0).int32(-1)
    .array(topics, (w, topic) =>
      w.string(topic).array(spec.partitions.filter((p) => p.topic === topic), (pw, p) => pw.int32(p.partition).int32(-1).int64(p.offset).int64(-1).int32(1 << 20)),
    )
    .array([], () => undefined)
    .string('')
    .toBuffer();
}

function produceBody(topic: string, partition: number, batch: Buffer): Buffer {
  return new ProtocolWriter()
    .nullableString(null).int16(-1).int32(1000)
    .array([topic], (w, t) => w.string(t).array([batch], (pw, b) => pw.int32(partition).bytes(b)))
    .toBuffer();
}

async function messagesIn(response: Buffer): Promise<Record<string, string[]>> {
  const decoded = await decodeFetchResponse(response);
  const result: Record<string, string[]> = {};
  for (const topic of decoded.responses) {
    for (const partition of topic.partitions) result[`${topic.topicName}/${partition.partition}`] = partition.messages.map((m) => m.value?.toString() ?? '');
  }
  return result;
}

/** Resolves true if `promise` is still pending after the event loop turned a few times. */
async function stillPending(promise: Promise<unknown>, turns = 20): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return !settled;
}

describe('fetch', () => {
  let broker: KafkaBroker;
  let producer: RawKafkaConnection;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 2, logLevel: 'silent' });
    producer = await RawKafkaConnection.connect(broker.port);
  });

  afterAll(async () => {
    producer.close();
    await broker.stop();
  });

  async function produce(topic: string, partition: number, values: string[]): Promise<void> {
    await producer.request(ApiKey.Produce, 7, produceBody(topic, partition, await encodeBatch({ values })));
  }

  it('waits for data up to max_wait_ms and answers as soon as a produce arrives', async () => {
    const topic = uniqueName('poll');
    await produce(topic, 0, ['warm-up']);
    const consumer = await RawKafkaConnection.connect(broker.port);
    const pending = consumer.request(ApiKey.Fetch, 11, fetchBody({ maxWaitMs: 60_000, minBytes: 1, maxBytes: 1 << 20, partitions: [{ topic, partition: 0, offset: 1 }] }));
    await expect(stillPending(pending)).resolves.toBe(true);
    await produce(topic, 0, ['wake-up']);
    await expect(pending.then(messagesIn)).resolves.toEqual({ [`${topic}/0`]: ['wake-up'] });
    consumer.close();
  });

  it('answers empty when max_wait_ms passes without data', async () => {
    const topic = uniqueName('quiet');
    await produce(topic, 0, ['only']);
    const consumer = await RawKafkaConnection.connect(broker.port);
    const response = await consumer.request(ApiKey.Fetch, 11, fetchBody({ maxWaitMs: 50, minBytes: 1, maxBytes: 1 << 20, partitions: [{ topic, partition: 0, offset: 1 }] }));
    await expect(messagesIn(response)).resolves.toEqual({ [`${topic}/0`]: [] });
    consumer.close();
  });

  it('keeps waiting until min_bytes have accumulated', async () => {
    const topic = uniqueName('min-bytes');
    await produce(topic, 0, ['seed']);
    const consumer = await RawKafkaConnection.connect(broker.port);
    const pending = consumer.request(ApiKey.Fetch, 11, fetchBody({ maxWaitMs: 60_000, minBytes: 600, maxBytes: 1 << 20, partitions: [{ topic, partition: 0, offset: 1 }] }));
    await produce(topic, 0, ['small']);
    await expect(stillPending(pending)).resolves.toBe(true);
    await produce(topic, 0, ['x'.repeat(700)]);
    await expect(pending.then(messagesIn)).resolves.toEqual({ [`${topic}/0`]: ['small', 'x'.repeat(700)] });
    consumer.close();
  });

  it('serves several topics and partitions in one request and honours max_bytes, always returning one batch', async () => {
    const first = uniqueName('multi-a');
    const second = uniqueName('multi-b');
    for (const topic of [first, second]) for (const partition of [0, 1]) await produce(topic, partition, [`${topic}-${partition}-a`, `${topic}-${partition}-b`]);
    const partitions = [first, second].flatMap((topic) => [0, 1].map((partition) => ({ topic, partition, offset: 0 })));
    const consumer = await RawKafkaConnection.connect(broker.port);
    const everything = await messagesIn(await consumer.request(ApiKey.Fetch, 11, fetchBody({ maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, partitions })));
    expect(Object.values(everything).flat()).toHaveLength(8);
    expect(everything[`${second}/1`]).toEqual([`${second}-1-a`, `${second}-1-b`]);
    const tiny = await messagesIn(await consumer.request(ApiKey.Fetch, 11, fetchBody({ maxWaitMs: 0, minBytes: 1, maxBytes: 1, partitions })));
    expect(Object.values(tiny).flat()).toEqual([`${first}-0-a`, `${first}-0-b`]);
    consumer.close();
  });

  it('reports an offset beyond the log end as out of range', async () => {
    const topic = uniqueName('range');
    await produce(topic, 0, ['one']);
    const consumer = await RawKafkaConnection.connect(broker.port);
    const decoded = await decodeFetchResponse(await consumer.request(ApiKey.Fetch, 11, fetchBody({ maxWaitMs: 1000, minBytes: 1, maxBytes: 1000, partitions: [{ topic, partition: 0, offset: 5 }] })));
    expect(decoded.responses[0].partitions[0].errorCode).toBe(1);
    consumer.close();
  });
});
