import { eventEnvelopeSchema, type EventEnvelope, type TopicDefinition } from '@verticals/contracts';
import { describeIssues } from './event-validation.error';

export type DeadLetterReason = 'invalid-json' | 'invalid-envelope' | 'wrong-topic' | 'unsupported-version' | 'invalid-payload' | 'handler-failed' | 'permanent-failure';

export type DecodeResult = { ok: true; envelope: EventEnvelope } | { ok: false; reason: DeadLetterReason; error: string };

/**
 * Parses a record value into an envelope and checks `data` against the schema of its
 * `schemaVersion`, which must be one of `acceptedVersions`.
 */
export function decodeEvent(value: Buffer | null, topic: TopicDefinition, acceptedVersions: readonly number[]): DecodeResult {
  let json: unknown;
  try {
    json = JSON.parse(value?.toString('utf8') ?? '');
  } catch (error) {
    return { ok: false, reason: 'invalid-json', error: `record value is not JSON: ${(error as Error).message}` };
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: 'invalid-envelope', error: `invalid envelope: ${describeIssues(envelope.error.issues)}` };
  if (envelope.data.type !== topic.name) {
    return { ok: false, reason: 'wrong-topic', error: `envelope type '${envelope.data.type}' does not match topic '${topic.name}'` };
  }
  const version = envelope.data.schemaVersion;
  const schema = acceptedVersions.includes(version) ? topic.versions[version] : undefined;
  if (!schema) {
    return { ok: false, reason: 'unsupported-version', error: `schemaVersion ${version} is not accepted by this consumer (accepts ${acceptedVersions.join(', ')})` };
  }
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: 'invalid-payload', error: `invalid payload (v${version}): ${describeIssues(data.error.issues)}` };
  return { ok: true, envelope: { ...envelope.data, data: data.data } };
}
