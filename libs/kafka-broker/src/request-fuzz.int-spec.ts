import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { ApiKey } from './api-keys';
import { BrokerCore } from './broker-core';
import { BrokerMetrics } from './broker-metrics';
import { brokerSettingsSchema } from './broker-options';
import { startBroker, type KafkaBroker } from './index';
import { ProtocolError } from './protocol-error';
import { ProtocolWriter } from './protocol-writer';
import { dispatchRequest } from './request-dispatcher';
import { encodeBatch } from './testing/batch-oracle';
import { eventually, temporaryDirectory, uniqueName } from './testing/broker-test-kit';
import { RawKafkaConnection, sizePrefix } from './testing/raw-kafka-connection';
import { requestFrame, sampleRequests } from './testing/sample-requests';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** Deterministic PRNG (mulberry32) so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(frame: Buffer, next: () => number): Buffer {
  const choice = Math.floor(next() * 4);
  const copy = Buffer.from(frame);
  if (choice === 0) {
    const flips = 1 + Math.floor(next() * 6);
    for (let i = 0; i < flips && copy.length > 0; i++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
    return copy;
  }
  if (choice === 1) return copy.subarray(0, Math.floor(next() * copy.length));
  if (choice === 2) return Buffer.concat([copy, Buffer.from(Array.from({ length: Math.floor(next() * 40) }, () => Math.floor(next() * 256)))]);
  return Buffer.from(Array.from({ length: Math.floor(next() * 120) }, () => Math.floor(next() * 256)));
}

describe('request decoder fuzzing', () => {
  it('answers or rejects thousands of mutated frames with a protocol error, never anything else', async () => {
    const settings = brokerSettingsSchema.parse({ logLevel: 'silent', groupMinSessionTimeoutMs: 1 });
    const core = new BrokerCore(settings, pino({ level: 'silent' }), new BrokerMetrics(new Registry(), { connections: () => 0, topics: () => 0, partitions: () => 0, groups: () => 0 }));
    const samples = sampleRequests('fuzz-topic', await encodeBatch({ values: ['seed-1', 'seed-2'] }));
    const unexpected: string[] = [];
    const tally = { answered: 0, rejected: 0 };
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const sample = samples[seed % samples.length];
      const frame = mutate(requestFrame(sample, seed), next);
      const closed = new AbortController();
      const outcome = dispatchRequest(core, frame, { clientHost: '127.0.0.1', localHost: '127.0.0.1', closed: closed.signal });
      const timer = setTimeout(() => closed.abort(), 30);
      try {
        await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, 40))]);
        tally.answered++;
      } catch (error) {
        tally.rejected++;
        if (!(error instanceof ProtocolError) && !(error instanceof RangeError)) unexpected.push(`seed ${seed}: ${String(error)}`);
      } finally {
        clearTimeout(timer);
        closed.abort();
      }
    }
    core.close();
    expect(unexpected).toEqual([]);
    // Both paths were exercised: the mutations are neither all fatal nor all harmless.
    expect(tally.answered).toBeGreaterThan(300);
    expect(tally.rejected).toBeGreaterThan(300);
  });
});

describe('connection robustness', () => {
  let broker: KafkaBroker;
  let kafka: Kafka;
  const topic = uniqueName('precious');

  beforeAll(async () => {
    broker = await startBroker({ port: 0, dataDir: temporaryDirectory('fuzz'), maxFrameBytes: 64 * 1024, logLevel: 'silent' });
    kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ value: `keep-${i}` })) });
    await producer.disconnect();
  });

  afterAll(() => broker.stop());

  async function expectHealthy(): Promise<void> {
    const consumer = kafka.consumer({ groupId: uniqueName('health'), maxWaitTimeInMs: 100 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await eventually(() => (seen.length >= 30 ? true : undefined), 20_000, 'the precious messages');
    await consumer.disconnect();
    expect(seen.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => `keep-${i}`));
  }

  it('closes only the offending connection for oversized, negative, malformed and unsupported-version frames', async () => {
    const bystander = await RawKafkaConnection.connect(broker.port);
    const cases: Buffer[] = [
      sizePrefix(10 * 1024 * 1024),
      sizePrefix(-5),
      Buffer.concat([sizePrefix(3), Buffer.from([0, 3, 0])]),
      Buffer.concat([sizePrefix(12), Buffer.from([0x7f, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])]),
      Buffer.concat([sizePrefix(10), Buffer.from([0, 3, 0, 99, 0, 0, 0, 1, 0, 0])]),
      Buffer.concat([sizePrefix(10), Buffer.from([0, 0, 0, 2, 0, 0, 0, 1, 0, 0])]), // Produce v2: below the supported range
    ];
    for (const bytes of cases) {
      const offender = await RawKafkaConnection.connect(broker.port);
      offender.sendRaw(bytes);
      await expect(offender.closesWithin(2000)).resolves.toBe(true);
    }
    const answer = await bystander.request(ApiKey.ApiVersions, 2, Buffer.alloc(0));
    expect(answer.readInt16BE(0)).toBe(0);
    bystander.close();
    await expectHealthy();
  });

  it('answers an ApiVersions version it does not know with UNSUPPORTED_VERSION and the supported table', async () => {
    const connection = await RawKafkaConnection.connect(broker.port);
    const answer = await connection.request(ApiKey.ApiVersions, 3, Buffer.from([0, 0, 0]));
    expect(answer.readInt16BE(0)).toBe(35);
    expect(answer.readInt32BE(2)).toBeGreaterThan(10);
    connection.close();
  });

  it('survives random and mutated frames over TCP, truncated requests and abrupt disconnects', async () => {
    const samples = sampleRequests(topic, await encodeBatch({ values: ['fuzz'] }));
    const next = random(42);
    for (let i = 0; i < 300; i++) {
      const connection = await RawKafkaConnection.connect(broker.port);
      const body = mutate(requestFrame(samples[i % samples.length], i), next);
      const declared = next() < 0.2 ? body.length + Math.floor(next() * 50) : body.length;
      connection.sendRaw(Buffer.concat([sizePrefix(declared), body]));
      if (next() < 0.5) await new Promise((resolve) => setImmediate(resolve));
      connection.close();
    }
    await expectHealthy();
  });

  it('keeps serving others while a client stops reading its responses', async () => {
    const hog = await RawKafkaConnection.connect(broker.port);
    const fetch = new ProtocolWriter()
      .int32(-1).int32(0).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1)
      .array([topic], (x, t) => x.string(t).array([0], (p, index) => p.int32(index).int32(-1).int64(0).int64(-1).int32(1 << 20)))
      .array([], () => undefined)
      .string('')
      .toBuffer();
    const frame = requestFrame({ apiKey: ApiKey.Fetch, version: 11, body: fetch });
    const many = Buffer.concat(Array.from({ length: 2000 }, () => Buffer.concat([sizePrefix(frame.length), frame])));
    hog.sendRaw(many);
    await expectHealthy();
    hog.close();
  });

  it('gives each of many concurrent connections its answers in order', async () => {
    const connections = await Promise.all(Array.from({ length: 20 }, () => RawKafkaConnection.connect(broker.port)));
    const answers = await Promise.all(connections.map((c) => Promise.all(Array.from({ length: 10 }, () => c.request(ApiKey.ApiVersions, 2, Buffer.alloc(0))))));
    expect(answers.flat()).toHaveLength(200);
    connections.forEach((c) => c.close());
  });
});
