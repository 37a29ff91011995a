import { z } from 'zod';

/** Topic names: `<domain>.<entity>.<past-tense-verb>`, lower-case kebab words. */
export const topicNamePattern = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/**
 * The envelope every event travels in, as JSON in the Kafka record value. `data` is checked
 * separately against the schema of (topic, schemaVersion).
 */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  /** The topic name, e.g. `customer-service.message.received`. */
  type: z.string().regex(topicNamePattern),
  /** The producing service, e.g. `customer-service`. */
  source: z.string().min(1).max(100),
  time: z.iso.datetime({ offset: true }),
  tenantId: z.string().min(1).max(100),
  correlationId: z.string().min(1).max(200),
  /** Id of the event (or request) that caused this one. */
  causationId: z.string().min(1).max(200).optional(),
  schemaVersion: z.number().int().min(1),
  data: z.unknown(),
});

export type EventEnvelopeShape = z.infer<typeof eventEnvelopeSchema>;

/** An envelope whose `data` has been validated as `TData`. */
export type EventEnvelope<TData = unknown> = Omit<EventEnvelopeShape, 'data'> & { data: TData };
