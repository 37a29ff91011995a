import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@verticals/messaging/testing';
import { freePort } from '@verticals/persistence/testing';
import { cleanEnv, runEntry, type RunningProcess } from './support/run-process';

const ADMIN_KEY = `vk_${'e'.repeat(43)}`;

/** `npm start`, then a whole support conversation over REST and one message in and its reply out over Kafka. */
describe('customer-service end to end (npm start)', () => {
  let dataDir: string;
  let launcher: RunningProcess;
  let base: string;
  let kafkaPort: number;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { [key: string]: never } };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'verticals-cs-e2e-'));
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    kafkaPort = await freePort();
    const env = cleanEnv({
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      KAFKA_PORT: String(kafkaPort),
      CUSTOMER_SERVICE_PORT: String(port),
      BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
      SERVICES: 'customer-service',
    });
    delete env['DATABASE_URL'];
    delete env['KAFKA_BROKERS'];
    launcher = runEntry('tools/launcher/main.ts', env);
    await launcher.waitFor(new RegExp(`^customer-service http://127\\.0\\.0\\.1:${port}$`, 'm'), 120_000);
    base = `http://127.0.0.1:${port}`;
  }, 150_000);

  afterAll(async () => {
    if (launcher) {
      launcher.signal('SIGINT');
      await launcher.exit;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ready with database, Kafka and models', async () => {
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('drives a conversation from the bot to an agent and to resolution', async () => {
    const article = await call('POST', '/v1/knowledge/articles', { title: 'Track your order', body: 'Use the tracking link in your shipping email.', questions: ['where is my order', 'my parcel has not arrived'] });
    expect(article.status).toBe(201);
    const conversation = await call('POST', '/v1/conversations', { customerId: 'e2e-customer', channel: 'chat' });
    expect(conversation.status).toBe(201);
    const id = conversation.body['id'] as string;

    const answered = await call('POST', `/v1/conversations/${id}/messages`, { text: 'Hi, where is my order? My parcel has not arrived.' });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ reply: { kind: 'answer', citation: { title: 'Track your order' } } });

    const handoff = await call('POST', `/v1/conversations/${id}/messages`, { text: 'I want to talk to a human agent' });
    expect(handoff.body).toMatchObject({ escalation: { status: 'open' }, reply: { kind: 'handoff' } });
    const escalationId = (handoff.body['escalation'] as unknown as { id: string }).id;

    const queue = await call('GET', '/v1/escalations?status=open');
    expect((queue.body['items'] as unknown as { id: string }[]).map((item) => item.id)).toContain(escalationId);
    expect((await call('POST', `/v1/escalations/${escalationId}/claim`)).status).toBe(200);
    expect((await call('POST', `/v1/conversations/${id}/agent-messages`, { text: 'It arrives tomorrow.' })).status).toBe(201);
    const resolved = await call('POST', `/v1/conversations/${id}/resolve`, { resolution: 'Told the date', correctIntent: 'order_status' });
    expect(resolved.body).toMatchObject({ status: 'resolved' });

    const detail = await call('GET', `/v1/conversations/${id}`);
    expect(detail.body).toMatchObject({ status: 'resolved', escalations: [expect.objectContaining({ status: 'resolved' })] });
    const analytics = await call('GET', '/v1/analytics');
    expect(analytics.body).toMatchObject({ timeToAgentClaimMs: { claimed: 1 } });
  });

  it('answers a message that arrives over Kafka with a reply on customer-service.reply.sent', async () => {
    const kafka = new Kafka({ brokers: [`127.0.0.1:${kafkaPort}`], clientId: 'e2e-channel', logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const replies: { data: { customerId: string; inReplyToMessageId: string } }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'customer-service.reply.sent', fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void replies.push(JSON.parse(message.value?.toString('utf8') ?? '{}')) });
    const producer = kafka.producer();
    await producer.connect();
    const eventId = randomUUID();
    const envelope = {
      id: eventId,
      type: 'customer-service.message.received',
      source: 'e2e-mail-gateway',
      time: new Date().toISOString(),
      tenantId: 'default',
      correlationId: randomUUID(),
      schemaVersion: 1,
      data: { customerId: 'e2e-mail-customer', channel: 'email', text: 'Hello, where is my order?' },
    };
    try {
      await producer.send({ topic: 'customer-service.message.received', messages: [{ key: 'e2e-mail-customer', value: JSON.stringify(envelope) }] });
      const reply = await waitFor(() => replies.find((candidate) => candidate.data.inReplyToMessageId === eventId), 'the reply on customer-service.reply.sent', 30_000);
      expect(reply.data.customerId).toBe('e2e-mail-customer');
    } finally {
      await producer.disconnect();
      await consumer.disconnect();
    }
  });
});
