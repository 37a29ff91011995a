import { type EntityManager } from 'typeorm';
import { type EventEnvelope, type TopicDefinition, type TopicPayloadAnyVersion } from '@verticals/contracts';

export interface EventHandlerContext {
  /** The transaction that also records the event as processed: write the effect through it. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandler<TTopic extends TopicDefinition = TopicDefinition> = (
  event: EventEnvelope<TopicPayloadAnyVersion<TTopic>>,
  context: EventHandlerContext,
) => Promise<void>;

export interface EventHandlerOptions {
  /** Schema versions this handler understands; others are dead-lettered. Default: all in the definition. */
  acceptVersions?: number[];
}

/** An event whose handler committed, with its place in the log. */
export interface CommittedEvent {
  envelope: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
}
