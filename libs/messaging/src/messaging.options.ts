import { type Registry } from 'prom-client';
import { type TopicDefinition } from '@verticals/contracts';
import { type EventConsumerOptions } from './consumer/event-consumer';
import { type KafkaConnectionOptions } from './kafka/kafka-connection.options';
import { type MessagingLogger } from './messaging-logger';
import { type OutboxRelayOptions } from './outbox/outbox-relay';

export interface MessagingModuleOptions {
  kafka: KafkaConnectionOptions;
  /** The service name: envelope `source` and default consumer group. */
  source: string;
  /** Tenant of events produced outside any request or event. */
  defaultTenantId?: string;
  /** Topics (and their `.dlq`) provisioned at startup: those the service produces or consumes. */
  topics: readonly TopicDefinition[];
  /** -1 (broker default) unless the cluster needs otherwise. */
  replicationFactor?: number;
  consumer?: Omit<EventConsumerOptions, 'groupId' | 'logger'> & { groupId?: string };
  /** false: this replica does not relay the outbox. */
  relay?: OutboxRelayOptions | false;
  metricsRegistry?: Registry;
  logger?: MessagingLogger;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
