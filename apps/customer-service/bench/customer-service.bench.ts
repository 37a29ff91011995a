import 'reflect-metadata';
import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { messageReceivedTopic, replySentTopic } from '@verticals/contracts';
import { EventProducer, MessagingMetrics, createKafkaClient } from '@verticals/messaging';
import { startCustomerService } from '../src/testing/customer-service.fixture';
import { type RestLoadPlan, type RestLoadResult, uniqueText } from './rest-load.client';

const REST_MESSAGES = Number(process.env['BENCH_REST_MESSAGES'] ?? 3000);
const REST_CONVERSATIONS = Number(process.env['BENCH_REST_CONVERSATIONS'] ?? 300);
/**
 * Callers in flight. 16 is enough to keep the 2 cores saturated (measured 2026-11-23, alternating runs: 432-507
 * msgs/s at 16 vs 458-460 at 32); more callers only queue, and by Little's law 32 in flight at 500 msgs/s mean
 * 64 ms of waiting per request whatever the service does. `BENCH_CONCURRENCY=32` shows that case.
 */
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const KAFKA_MESSAGES = Number(process.env['BENCH_KAFKA_MESSAGES'] ?? 2000);
const REST_ROUNDS = Number(process.env['BENCH_REST_ROUNDS'] ?? 3);
const WARMUP = 200;
/**
 * Whole rounds run first and not counted: the first ~3,000 messages of a fresh process run while V8 is still
 * compiling the hot paths (its compiler threads took ~0.5 ms of CPU per message more in the first round than in
 * the next ones), which a running service has long finished.
 */
const WARMUP_ROUNDS = Number(process.env['BENCH_WARMUP_ROUNDS'] ?? 1);

const TEXTS = [
  'Where is my order? It has not arrived yet.',
  'I want to return these shoes and get a refund',
  'How do I reset my password, I cannot log in',
  'Thanks a lot, that helped!',
  'Why was I charged twice on my card?',
  'Does this jacket come in size M?',
  'The delivery is late again, this is annoying',
  'Hi there',
];

const ARTICLES = [
  { title: 'Track your order', body: 'Use the tracking link in your shipping email.', questions: ['where is my order', 'my package has not arrived', 'track my parcel'] },
  { title: 'Returns and refunds', body: 'Return within 30 days for a full refund.', questions: ['how do I return an item', 'I want a refund', 'send it back'] },
  { title: 'Reset your password', body: 'Use "Forgot password" on the sign-in page.', questions: ['I forgot my password', 'cannot log in', 'reset password'] },
  { title: 'Double charges', body: 'A second charge is a pre-authorisation and disappears within 3 days.', questions: ['charged twice', 'double charge on my card'] },
  { title: 'Sizes', body: 'Every size is listed on the product page.', questions: ['what sizes are available', 'does it come in medium'] },
];

/** Counts every statement the server's pg clients send (pool, listeners, relay). */
const sqlStatements = { count: 0 };
const originalQuery = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
  sqlStatements.count++;
  return originalQuery.apply(this, args);
} as typeof Client.prototype.query;

/** Command name and CPU seconds (user + system) of one /proc/<pid>[/task/<tid>]/stat line; ticks are 1/100 s. */
function parseProcStat(stat: string): { command: string; cpuSeconds: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
}

/** CPU seconds used so far by every PostgreSQL process on this machine (Linux /proc; 0 elsewhere). */
function databaseCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return 0;
  let seconds = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (stat.command === 'postgres') seconds += stat.cpuSeconds;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return seconds;
}

const EVENT_LOOP = 'event loop';

/** CPU seconds so far of each of this process's threads: `event loop`, else `<name>#<tid>` (Linux /proc; empty elsewhere). */
function threadCpuSeconds(): Map<string, number> {
  const byThread = new Map<string, number>();
  const tasks = `/proc/self/task`;
  if (!existsSync(tasks)) return byThread;
  for (const tid of readdirSync(tasks)) {
    try {
      const stat = parseProcStat(readFileSync(`${tasks}/${tid}/stat`, 'utf8'));
      byThread.set(tid === String(process.pid) ? EVENT_LOOP : `${stat.command}#${tid}`, stat.cpuSeconds);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return byThread;
}

function generateRestLoad(plan: RestLoadPlan): Promise<RestLoadResult> {
  const child = fork(resolve(__dirname, '..', '..', '..', 'tools', 'run.cjs'), [resolve(__dirname, 'rest-load.client.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolveLoad, reject) => {
    child.once('message', (result) => resolveLoad(result as RestLoadResult));
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code} before answering`)));
    child.send(plan);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

interface RestRound {
  msgsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  statementsPerMessage: number;
  serviceCpuMs: number;
  mainThreadCpuMs: number;
  databaseCpuMs: number;
  loadGeneratorCpuMs: number;
  threadCpu: string;
  loopDelay: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** One REST round on REST_CONVERSATIONS fresh conversations (earlier rounds leave theirs escalated or waiting). */
async function restRound(
  round: number,
  post: (path: string, body: unknown) => Promise<{ id: string }>,
  analyze: () => Promise<void>,
  target: { base: string; apiKey: string },
): Promise<RestRound> {
  const conversations: string[] = [];
  for (let i = 0; i < REST_CONVERSATIONS; i++) conversations.push((await post('/v1/conversations', { customerId: `bench-${round}-${i}`, channel: 'chat' })).id);
  // A running database has the statistics autovacuum keeps; a seconds-old one has none, and the planner then
  // finds a conversation by scanning the tenant's rows instead of the primary key (seen with EXPLAIN ANALYZE).
  // Only conversations: analysing the still-empty messages table would plan its reads as sequential scans.
  await analyze();
  // The load generator runs in a child process, so the figures are the server's: on 2 cores it
  // still competes for CPU, but not for this event loop.
  const messages = WARMUP + REST_MESSAGES;
  const statementsBefore = sqlStatements.count;
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const serviceCpuBefore = process.cpuUsage();
  const threadsBefore = threadCpuSeconds();
  const databaseCpuBefore = databaseCpuSeconds();
  const load = await generateRestLoad({ ...target, conversations, texts: TEXTS, warmup: WARMUP, messages: REST_MESSAGES, concurrency: CONCURRENCY, firstText: (round - 1) * messages });
  const serviceCpu = process.cpuUsage(serviceCpuBefore);
  const threadCpuMs = [...threadCpuSeconds()]
    .map(([name, seconds]): [string, number] => [name, ((seconds - (threadsBefore.get(name) ?? 0)) * 1000) / messages])
    .filter(([, ms]) => ms >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  loopDelay.disable();
  const latencies = load.latenciesMs.sort((a, b) => a - b);
  return {
    msgsPerSecond: REST_MESSAGES / load.seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failures: load.failures,
    statementsPerMessage: (sqlStatements.count - statementsBefore) / messages,
    serviceCpuMs: (serviceCpu.user + serviceCpu.system) / 1000 / messages,
    mainThreadCpuMs: threadCpuMs.find(([name]) => name === EVENT_LOOP)?.[1] ?? 0,
    databaseCpuMs: ((databaseCpuSeconds() - databaseCpuBefore) * 1000) / messages,
    loadGeneratorCpuMs: load.cpuMsPerMessage,
    threadCpu: threadCpuMs.map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', '),
    loopDelay: `p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
  };
}

async function main(): Promise<void> {
  const service = await startCustomerService({ DATABASE_POOL_SIZE: '20', RATE_LIMIT_PER_MINUTE: '1000000', METRICS_PUBLIC: 'true', LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'silent' });
  const { app, infra } = service;
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const key = await service.key(['agent']);
  const headers = { 'content-type': 'application/json', 'x-api-key': key };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  for (const article of ARTICLES) await post('/v1/knowledge/articles', article);
  const rounds: RestRound[] = [];
  for (let round = 1; round <= WARMUP_ROUNDS + REST_ROUNDS; round++) {
    const result = await restRound(round, post, async () => void (await app.get(DataSource).query('ANALYZE customer_service.conversations')), { base, apiKey: key });
    const warmingUp = round <= WARMUP_ROUNDS;
    if (!warmingUp) rounds.push(result);
    process.stdout.write(
      `${warmingUp ? `REST warm-up round ${round} (not counted)` : `REST round ${round - WARMUP_ROUNDS}`}: ${REST_MESSAGES} messages over ${REST_CONVERSATIONS} new conversations, concurrency ${CONCURRENCY}: ${result.msgsPerSecond.toFixed(0)} msgs/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, non-201 ${result.failures}, ${result.statementsPerMessage.toFixed(1)} SQL statements per message (all server connections)\n`,
    );
    // CPU per message is steadier than throughput on a shared 2-core VM: other processes' bursts move msgs/s, not this.
    process.stdout.write(`  CPU per message: service ${result.serviceCpuMs.toFixed(2)} ms (all its threads; its event-loop thread ${result.mainThreadCpuMs.toFixed(2)} ms), PostgreSQL ${result.databaseCpuMs.toFixed(2)} ms (all its processes), load generator ${result.loadGeneratorCpuMs.toFixed(2)} ms; service event-loop delay ${result.loopDelay}\n`);
    process.stdout.write(`  service CPU per message by thread (ms): ${result.threadCpu}\n`);
  }
  // The median round: this VM's speed drifts by +-20 % from minute to minute, so one round can mislead either way.
  const restRate = median(rounds.map((r) => r.msgsPerSecond));
  const p99 = median(rounds.map((r) => r.p99));
  process.stdout.write(`REST median of ${rounds.length} rounds: ${restRate.toFixed(0)} msgs/s, p99 ${p99.toFixed(1)} ms\n`);

  const kafka = createKafkaClient({ brokers: [infra.kafkaBrokers], clientId: 'bench-channel' });
  const producer = new EventProducer(kafka, { source: 'bench-channel', defaultTenantId: 'default' }, new MessagingMetrics(new Registry()));
  await producer.connect();
  const benchCustomers = new Set<string>();
  let replies = 0;
  let allReplied: () => void = () => undefined;
  const done = new Promise<void>((resolveDone) => (allReplied = resolveDone));
  const consumer = kafka.consumer({ groupId: `bench-replies-${Date.now()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: replySentTopic.name, fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const customerId = (JSON.parse(message.value?.toString('utf8') ?? '{}') as { data?: { customerId?: string } }).data?.customerId ?? '';
        if (benchCustomers.has(customerId) && ++replies >= KAFKA_MESSAGES) allReplied();
      }
    },
  });
  await new Promise((resolveWait) => setTimeout(resolveWait, 2000));
  const kafkaStarted = performance.now();
  const chunk = 100;
  for (let i = 0; i < KAFKA_MESSAGES; i += chunk) {
    await Promise.all(
      Array.from({ length: Math.min(chunk, KAFKA_MESSAGES - i) }, (_unused, j) => {
        // One new customer per message: every message opens a conversation and gets a reply
        // (a conversation waiting for an agent would get none).
        const customerId = `kafka-bench-${i + j}`;
        benchCustomers.add(customerId);
        return producer.publish(messageReceivedTopic, { customerId, channel: 'email', text: uniqueText(TEXTS, 1_000_000 + i + j) });
      }),
    );
  }
  const timeout = setTimeout(() => allReplied(), 300_000);
  await done;
  clearTimeout(timeout);
  const kafkaSeconds = (performance.now() - kafkaStarted) / 1000;
  const kafkaRate = replies / kafkaSeconds;
  process.stdout.write(`Kafka: ${KAFKA_MESSAGES} message.received -> ${replies} reply.sent in ${kafkaSeconds.toFixed(1)} s: ${kafkaRate.toFixed(0)} msgs/s\n`);

  await consumer.disconnect();
  await producer.disconnect();
  await service.close();
  process.stdout.write(`rest_msgs_s=${restRate.toFixed(0)} rest_p99_ms=${p99.toFixed(1)} kafka_msgs_s=${kafkaRate.toFixed(0)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
