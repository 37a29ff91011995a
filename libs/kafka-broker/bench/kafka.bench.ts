// Loopback benchmark: kafkajs producer (1 KB messages, batches of 100, acks=-1) and a kafkajs
// consumer group against the broker CLI in a child process. Prints figures, then one summary line:
// produce_msgs_s=<n> consume_msgs_s=<n> produce_p99_ms=<x> broker_cpu_share=<0..1>
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const BATCH = 100;
const PARTITIONS = 4;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, from /proc/<pid>/stat (fields 14 and 15). */
function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startBrokerProcess(dataDir: string): Promise<{ brokers: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/run.cjs'), path.join(REPO_ROOT, 'libs/kafka-broker/src/cli.ts'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const brokers = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on ([\d.]+:\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`broker exited: ${output}`)));
  });
  return {
    brokers,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-bench-'));
  const broker = await startBrokerProcess(dataDir);
  const kafka = new Kafka({ brokers: [broker.brokers], clientId: 'bench', logLevel: logLevel.WARN });
  const topic = 'bench.messages.produced';
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
  await admin.disconnect();

  const payload = Buffer.alloc(1024, 'x');
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const batches = MESSAGES / BATCH;
  const latencies: number[] = [];
  const cpuStart = { broker: processCpuSeconds(broker.pid), client: process.cpuUsage() };
  const produceStart = performance.now();
  let nextBatch = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let batch = nextBatch++; batch < batches; batch = nextBatch++) {
        const messages = Array.from({ length: BATCH }, (_, i) => ({ key: String(i), value: payload }));
        const sentAt = performance.now();
        await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ ...m, partition: batch % PARTITIONS })) });
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  const produceSeconds = (performance.now() - produceStart) / 1000;
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: 'bench-readers', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  const consumeStart = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        if (consumed >= MESSAGES) resolve();
      },
    });
  });
  const consumeSeconds = (performance.now() - consumeStart) / 1000;
  const wallSeconds = (performance.now() - produceStart) / 1000;
  const brokerCpu = processCpuSeconds(broker.pid) - cpuStart.broker;
  const clientCpuUsage = process.cpuUsage(cpuStart.client);
  const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
  await consumer.disconnect();
  await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  latencies.sort((a, b) => a - b);
  const cores = os.availableParallelism();
  const produceRate = Math.round(MESSAGES / produceSeconds);
  const consumeRate = Math.round(consumed / consumeSeconds);
  const brokerShare = brokerCpu / (wallSeconds * cores);
  process.stdout.write(
    [
      `messages=${MESSAGES} size=1024B batch=${BATCH} partitions=${PARTITIONS} in_flight=${IN_FLIGHT} cores=${cores}`,
      `produce: ${produceSeconds.toFixed(2)} s, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms per batch`,
      `consume: ${consumeSeconds.toFixed(2)} s`,
      `cpu: broker ${brokerCpu.toFixed(2)} s (${((brokerCpu / wallSeconds) * 100).toFixed(0)}% of one core), kafkajs clients ${clientCpu.toFixed(2)} s (${((clientCpu / wallSeconds) * 100).toFixed(0)}% of one core), wall ${wallSeconds.toFixed(2)} s`,
      `produce_msgs_s=${produceRate} consume_msgs_s=${consumeRate} produce_p99_ms=${percentile(latencies, 99).toFixed(2)} broker_cpu_share=${brokerShare.toFixed(3)}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
