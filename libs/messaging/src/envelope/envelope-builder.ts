import { randomUUID } from 'node:crypto';
import { currentContext } from '@verticals/context';
import { type EventEnvelope, type TopicDefinition, type TopicPayload } from '@verticals/contracts';
import { currentEvent } from './event-scope';
import { describeIssues, EventValidationError } from './event-validation.error';

export interface EnvelopeOptions {
  /** Default: the current request's or event's tenant, else the producer's default tenant. */
  tenantId?: string;
  /** Default: the current request's or event's correlation id, else a new one. */
  correlationId?: string;
  /** Default: the id of the event being handled, else the current request id. */
  causationId?: string;
  /** Default: the payload's key field (the entity id). */
  key?: string;
}

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface BuiltEvent<TData> {
  envelope: EventEnvelope<TData>;
  record: OutgoingRecord;
}

/**
 * Validates `data` against the topic's current schema and wraps it in an envelope whose ids come
 * from the ambient context: an HTTP request (@verticals/context) or the event being handled.
 */
export function buildEvent<TTopic extends TopicDefinition>(
  topic: TTopic,
  data: TopicPayload<TTopic>,
  source: string,
  options: EnvelopeOptions & { defaultTenantId?: string } = {},
): BuiltEvent<TopicPayload<TTopic>> {
  const schema = topic.versions[topic.currentVersion];
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new EventValidationError(topic.name, `invalid payload: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
  const request = currentContext();
  const cause = currentEvent();
  const tenantId = options.tenantId ?? request?.tenantId ?? cause?.tenantId ?? options.defaultTenantId;
  if (!tenantId) throw new EventValidationError(topic.name, 'no tenantId: pass one, run inside a request context, or configure defaultTenantId');
  const keyValue = options.key ?? (parsed.data as Record<string, unknown>)[topic.keyField];
  if (keyValue === undefined || keyValue === null || keyValue === '') {
    throw new EventValidationError(topic.name, `no record key: payload field '${topic.keyField}' is empty and no key was given`);
  }
  const envelope: EventEnvelope<TopicPayload<TTopic>> = {
    id: randomUUID(),
    type: topic.name,
    source,
    time: new Date().toISOString(),
    tenantId,
    correlationId: options.correlationId ?? request?.correlationId ?? cause?.correlationId ?? randomUUID(),
    causationId: options.causationId ?? cause?.id ?? request?.requestId,
    schemaVersion: topic.currentVersion,
    data: parsed.data as TopicPayload<TTopic>,
  };
  return {
    envelope,
    record: {
      topic: topic.name,
      key: String(keyValue),
      value: JSON.stringify(envelope),
      headers: eventHeaders(envelope),
    },
  };
}

/** Headers that let tools route and trace a record without parsing its value. */
export function eventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-event-id': envelope.id,
    'x-event-type': envelope.type,
    'x-schema-version': String(envelope.schemaVersion),
    'x-correlation-id': envelope.correlationId,
  };
}
