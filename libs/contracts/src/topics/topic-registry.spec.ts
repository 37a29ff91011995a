import { eventEnvelopeSchema, topicNamePattern } from '../envelope/event-envelope.schema';
import { messageReceivedTopic } from './customer-service-message-received';
import { topicRegistry } from './topic-registry';

describe('topic registry', () => {
  it('names every topic <domain>.<entity>.<past-tense-verb> and registers it under its name', () => {
    for (const [name, topic] of Object.entries(topicRegistry)) {
      expect(topic.name).toBe(name);
      expect(name).toMatch(topicNamePattern);
      expect(name.split('.')[2]).toMatch(/ed$|sent$/);
      expect(topic.versions[topic.currentVersion]).toBeDefined();
    }
  });

  it('bounds message text at 4000 characters and restricts channels', () => {
    const schema = messageReceivedTopic.versions[1];
    expect(schema.safeParse({ customerId: 'c', channel: 'sms', text: 'x'.repeat(4000) }).success).toBe(true);
    expect(schema.safeParse({ customerId: 'c', channel: 'sms', text: 'x'.repeat(4001) }).success).toBe(false);
    expect(schema.safeParse({ customerId: 'c', channel: 'pager', text: 'hi' }).success).toBe(false);
  });

  it('requires the envelope fields and an ISO-8601 time', () => {
    const envelope = { id: '9b2f1c52-4f8e-4a3b-9d7e-2c1a0b3c4d5e', type: 'customer-service.reply.sent', source: 'customer-service', time: '2026-11-23T10:00:00.000Z', tenantId: 't', correlationId: 'c', schemaVersion: 1, data: {} };
    expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(eventEnvelopeSchema.safeParse({ ...envelope, time: 'yesterday' }).success).toBe(false);
    expect(eventEnvelopeSchema.safeParse({ ...envelope, type: 'Reply Sent' }).success).toBe(false);
  });
});
