import { messageReceivedTopic } from '@verticals/contracts';
import { buildEvent } from './envelope-builder';
import { decodeEvent } from './envelope-decoder';

const valid = buildEvent(messageReceivedTopic, { customerId: 'c-1', channel: 'email', text: 'Hello' }, 'gateway', { tenantId: 't' });

function decode(value: unknown, versions = [1]) {
  return decodeEvent(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), messageReceivedTopic, versions);
}

describe('decodeEvent', () => {
  it('accepts a valid envelope of a known version', () => {
    expect(decode(valid.envelope)).toEqual({ ok: true, envelope: valid.envelope });
  });

  it.each([
    ['invalid-json', '{oops'],
    ['invalid-envelope', { ...valid.envelope, id: 'not-a-uuid' }],
    ['wrong-topic', { ...valid.envelope, type: 'retail.order.placed' }],
    ['unsupported-version', { ...valid.envelope, schemaVersion: 2 }],
    ['invalid-payload', { ...valid.envelope, data: { customerId: 'c-1', channel: 'email' } }],
  ])('rejects with reason %s', (reason, value) => {
    expect(decode(value)).toMatchObject({ ok: false, reason });
  });

  it('dead-letters versions the consumer does not accept even when the registry knows them', () => {
    expect(decode(valid.envelope, [])).toMatchObject({ ok: false, reason: 'unsupported-version' });
  });
});
