import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type KafkaBroker } from './index';
import { uniqueName } from './testing/broker-test-kit';

const run = promisify(execFile);
const KCAT = '/usr/bin/kcat';
const PYTHON = '/usr/bin/python3';
const hasKcat = fs.existsSync(KCAT);
const hasKafkaPython = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import kafka']).status === 0;

/** Runs the test when its client is installed; otherwise skips it and says why in its name. */
function itWhen(available: boolean, reason: string): (name: string, fn: () => Promise<void>) => void {
  return available ? (name, fn) => it(name, fn, 60_000) : (name, fn) => it.skip(`${name} [skipped: ${reason}]`, fn);
}

const withKcat = itWhen(hasKcat, `${KCAT} not found (apt-get install -y kcat)`);
const withKafkaPython = itWhen(hasKafkaPython, `${PYTHON} cannot import kafka (apt-get install -y python3-kafka)`);

function kcat(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(KCAT, args, { timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    child.stdin?.end(input ?? '');
  });
}

describe('other Kafka clients', () => {
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, logLevel: 'silent' });
  });

  afterAll(() => broker.stop());

  withKcat('librdkafka (kcat) produces gzip and plain batches and consumes them, standalone and in a group', async () => {
    const topic = uniqueName('kcat');
    await kcat(['-b', broker.brokers, '-t', topic, '-P', '-z', 'gzip'], 'g1\ng2\ng3\n');
    await kcat(['-b', broker.brokers, '-t', topic, '-P'], 'p1\np2\n');
    const standalone = await kcat(['-b', broker.brokers, '-t', topic, '-C', '-o', 'beginning', '-e', '-q']);
    expect(standalone.trim().split('\n')).toEqual(['g1', 'g2', 'g3', 'p1', 'p2']);
    const groupId = uniqueName('kcat-group');
    const grouped = await kcat(['-b', broker.brokers, '-G', groupId, topic, '-o', 'beginning', '-e', '-q', '-X', 'enable.auto.commit=true', '-X', 'auto.commit.interval.ms=100']);
    expect(grouped.trim().split('\n').sort()).toEqual(['g1', 'g2', 'g3', 'p1', 'p2']);
  });

  withKafkaPython('kafka-python produces with acks=all, consumes in a group and commits offsets kafkajs can read', async () => {
    const topic = uniqueName('python');
    const groupId = uniqueName('python-group');
    const script = `
import sys
from kafka import KafkaProducer, KafkaConsumer
servers, topic, group = sys.argv[1:4]
producer = KafkaProducer(bootstrap_servers=servers, acks='all', compression_type='gzip')
for i in range(7):
    producer.send(topic, ('py-%d' % i).encode()).get(timeout=20)
producer.close()
consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=group, auto_offset_reset='earliest', enable_auto_commit=False, consumer_timeout_ms=4000)
values = [m.value.decode() for m in consumer]
consumer.commit()
consumer.close()
print(','.join(values))
`;
    const { stdout } = await run(PYTHON, ['-c', script, broker.brokers, topic, groupId], { timeout: 60_000 });
    expect(stdout.trim()).toBe(Array.from({ length: 7 }, (_, i) => `py-${i}`).join(','));
    const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets[0].partitions[0].offset).toBe('7');
    await admin.disconnect();
  });
});
