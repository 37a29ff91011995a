import { Kafka, logLevel } from 'kafkajs';
import { ApiKey } from './api-keys';
import { crc32c } from './crc32c';
import { ErrorCode } from './error-codes';
import { startBroker, type KafkaBroker } from './index';
import { ProtocolReader } from './protocol-reader';
import { ProtocolWriter } from './protocol-writer';
import { encodeBatch } from './testing/batch-oracle';
import { eventually, uniqueName } from './testing/broker-test-kit';
import { RawKafkaConnection } from './testing/raw-kafka-connection';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

function produceRequest(topic: string, batch: Buffer): Buffer {
  return new ProtocolWriter()
    .nullableString(null)
    .int16(-1)
    .int32(5000)
    .array([topic], (w, name) => w.string(name).array([batch], (pw, records) => pw.int32(0).bytes(records)))
    .toBuffer();
}

function produceOutcome(response: Buffer): { errorCode: number; baseOffset: number } {
  const reader = new ProtocolReader(response);
  reader.int32(); // topics count
  reader.string();
  reader.int32(); // partitions count
  reader.int32();
  return { errorCode: reader.int16(), baseOffset: reader.int64() };
}

describe('idempotent producing', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, logLevel: 'silent' });
  });

  afterAll(() => broker.stop());

  it('answers a retried batch with its original offset instead of appending it twice', async () => {
    const topic = uniqueName('retried');
    const connection = await RawKafkaConnection.connect(broker.port);
    const producerId = 777_000;
    const first = await encodeBatch({ values: ['a', 'b', 'c'], producerId, firstSequence: 0 });
    const second = await encodeBatch({ values: ['d'], producerId, firstSequence: 3 });

    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, first)))).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, second)))).toEqual({ errorCode: 0, baseOffset: 3 });
    // The network "lost" both acknowledgements: the client retries the same batches.
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, first)))).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, second)))).toEqual({ errorCode: 0, baseOffset: 3 });
    expect(broker.stats().topics.find((t) => t.name === topic)!.partitions[0].logEndOffset).toBe(4);

    const gap = await encodeBatch({ values: ['z'], producerId, firstSequence: 9 });
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, gap))).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const fenced = await encodeBatch({ values: ['y'], producerId, producerEpoch: -1, firstSequence: 4 });
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, fenced))).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    connection.close();
  });

  it('refuses corrupt batches and unknown codecs with protocol errors', async () => {
    const topic = uniqueName('checked');
    const connection = await RawKafkaConnection.connect(broker.port);
    const corrupt = await encodeBatch({ values: ['x'] });
    corrupt[corrupt.length - 1] ^= 0x01;
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, corrupt))).errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    const unknownCodec = await encodeBatch({ values: ['x'] });
    unknownCodec.writeInt16BE(6, 21); // attributes: codec 6 does not exist (the CRC is recomputed below)
    unknownCodec.writeUInt32BE(crc32c(unknownCodec, 21), 17);
    expect(produceOutcome(await connection.request(ApiKey.Produce, 7, produceRequest(topic, unknownCodec))).errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    connection.close();
  });

  it('lets a kafkajs idempotent producer deliver every message exactly once', async () => {
    const topic = uniqueName('exactly-once');
    const kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 10; i++) await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, j) => ({ value: `${i}-${j}` })) });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueName('checker'), maxWaitTimeInMs: 100 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await eventually(() => (seen.length >= 100 ? true : undefined));
    await consumer.disconnect();
    expect(new Set(seen).size).toBe(100);
    expect(seen).toHaveLength(100);
  });
});
