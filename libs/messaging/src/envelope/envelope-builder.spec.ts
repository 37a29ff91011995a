import { runWithContext } from '@verticals/context';
import { messageReceivedTopic } from '@verticals/contracts';
import { buildEvent } from './envelope-builder';
import { runInEventScope } from './event-scope';

const message = { customerId: 'c-1', channel: 'chat' as const, text: 'Where is my parcel?' };

describe('buildEvent', () => {
  it('copies correlation id and tenant from the HTTP request context and keys by the entity id', () => {
    const { envelope, record } = runWithContext({ requestId: 'req-1', correlationId: 'corr-1', tenantId: 'acme' }, () =>
      buildEvent(messageReceivedTopic, message, 'customer-service'),
    );
    expect(envelope).toMatchObject({ type: 'customer-service.message.received', source: 'customer-service', tenantId: 'acme', correlationId: 'corr-1', causationId: 'req-1', schemaVersion: 1 });
    expect(record.key).toBe('c-1');
    expect(JSON.parse(record.value)).toEqual(envelope);
    expect(record.headers).toMatchObject({ 'x-event-id': envelope.id, 'x-correlation-id': 'corr-1' });
  });

  it('names the event being handled as the cause of the events its handler produces', () => {
    const cause = buildEvent(messageReceivedTopic, message, 'gateway', { tenantId: 'acme', correlationId: 'corr-2' }).envelope;
    const { envelope } = runInEventScope(cause, () => buildEvent(messageReceivedTopic, message, 'customer-service'));
    expect(envelope).toMatchObject({ causationId: cause.id, correlationId: 'corr-2', tenantId: 'acme' });
  });

  it('refuses payloads that break the schema, and events without a tenant', () => {
    expect(() => buildEvent(messageReceivedTopic, { ...message, text: 'x'.repeat(4001) }, 's', { tenantId: 't' })).toThrow(/invalid payload: text/);
    expect(() => buildEvent(messageReceivedTopic, { ...message, channel: 'fax' as 'chat' }, 's', { tenantId: 't' })).toThrow(/channel/);
    expect(() => buildEvent(messageReceivedTopic, message, 's')).toThrow(/no tenantId/);
  });
});
