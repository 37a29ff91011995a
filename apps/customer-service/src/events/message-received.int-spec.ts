import { type KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import { messageAnalyzedTopic, messageReceivedTopic, replySentTopic } from '@verticals/contracts';
import { EventProducer, MessagingMetrics, createKafkaClient, deadLetterTopicName } from '@verticals/messaging';
import { waitFor } from '@verticals/messaging/testing';
import { ADMIN_KEY, startCustomerService, type CustomerServiceFixture } from '../testing/customer-service.fixture';

interface Envelope<T> {
  id: string;
  tenantId: string;
  causationId?: string;
  data: T;
}

describe('customer-service over Kafka', () => {
  let cs: CustomerServiceFixture;
  let producer: EventProducer;
  const seen = new Map<string, KafkaMessage[]>();
  const stopReaders: (() => Promise<void>)[] = [];

  const records = <T>(topic: string) => (seen.get(topic) ?? []).map((message) => JSON.parse(message.value?.toString('utf8') ?? '{}') as Envelope<T>);

  beforeAll(async () => {
    cs = await startCustomerService();
    const kafka = createKafkaClient({ brokers: [cs.infra.kafkaBrokers], clientId: 'channel-test' });
    producer = new EventProducer(kafka, { source: 'email-gateway', defaultTenantId: 'default' }, new MessagingMetrics(new Registry()));
    await producer.connect();
    for (const topic of [replySentTopic.name, messageAnalyzedTopic.name, deadLetterTopicName(messageReceivedTopic.name)]) {
      const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.set(topic, [...(seen.get(topic) ?? []), message]) });
      stopReaders.push(() => consumer.disconnect());
    }
  }, 120_000);

  afterAll(async () => {
    for (const stop of stopReaders) await stop();
    await producer?.disconnect();
    await cs?.close();
  });

  it('turns a received message into a conversation, a masked analysis event and a reply', async () => {
    const received = await producer.publish(messageReceivedTopic, {
      customerId: 'kafka-customer-1',
      channel: 'email',
      text: 'Hello, where is my order? Reach me at kafka.person@example.com',
      externalMessageId: '<abc@mail>',
    });
    const reply = await waitFor(
      () => records<{ conversationId: string; customerId: string; inReplyToMessageId: string; author: string; channel: string }>(replySentTopic.name).find((event) => event.data.customerId === 'kafka-customer-1'),
      'reply.sent for kafka-customer-1',
      30_000,
    );
    expect(reply.data).toMatchObject({ inReplyToMessageId: received.id, author: 'bot', channel: 'email' });
    expect(reply.causationId).toBe(received.id);
    const analyzed = await waitFor(() => records<{ messageId: string; maskedText: string; piiKinds: string[] }>(messageAnalyzedTopic.name).find((event) => event.data.messageId === received.id), 'message.analyzed', 30_000);
    expect(analyzed.data.maskedText).not.toContain('kafka.person@example.com');
    expect(analyzed.data.piiKinds).toEqual(['email']);

    const conversation = await cs.http().get(`/v1/conversations/${reply.data.conversationId}`).set('X-API-Key', ADMIN_KEY).expect(200);
    expect(conversation.body).toMatchObject({ customerId: 'kafka-customer-1', channel: 'email', status: 'bot' });
    expect(conversation.body.transcript[0]).toMatchObject({ id: received.id, author: 'customer', text: expect.stringContaining('[email]') });

    // A follow-up from the same customer and channel joins the open conversation.
    await producer.publish(messageReceivedTopic, { customerId: 'kafka-customer-1', channel: 'email', text: 'Thanks a lot!' });
    await waitFor(() => (records(replySentTopic.name).filter((event) => (event.data as { customerId: string }).customerId === 'kafka-customer-1').length >= 2 ? true : undefined), 'second reply', 30_000);
    const after = await cs.http().get(`/v1/conversations/${reply.data.conversationId}`).set('X-API-Key', ADMIN_KEY).expect(200);
    expect(after.body.messageCount).toBe(4);
  });

  it('sends a poison message to the dead-letter topic and keeps consuming', async () => {
    const kafka = createKafkaClient({ brokers: [cs.infra.kafkaBrokers], clientId: 'poison-test' });
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: messageReceivedTopic.name, messages: [{ key: 'poison', value: '{"this is": not json' }] });
    await raw.disconnect();
    const dead = await waitFor(() => seen.get(deadLetterTopicName(messageReceivedTopic.name))?.find((message) => message.key?.toString() === 'poison'), 'dead letter', 30_000);
    expect(dead.headers?.['x-dlq-reason']?.toString()).toBe('invalid-json');

    const unknownConversation = await producer.publish(messageReceivedTopic, { conversationId: 'no-such-conversation', customerId: 'kafka-customer-2', channel: 'chat', text: 'hi' });
    const deadUnknown = await waitFor(
      () => seen.get(deadLetterTopicName(messageReceivedTopic.name))?.find((message) => message.value?.toString().includes(unknownConversation.id)),
      'dead letter for an unknown conversation',
      30_000,
    );
    expect(deadUnknown.headers?.['x-dlq-reason']?.toString()).toBe('permanent-failure');

    await producer.publish(messageReceivedTopic, { customerId: 'kafka-customer-3', channel: 'chat', text: 'Hi there' });
    await waitFor(() => records<{ customerId: string }>(replySentTopic.name).find((event) => event.data.customerId === 'kafka-customer-3'), 'reply after the poison message', 30_000);
  });
});
