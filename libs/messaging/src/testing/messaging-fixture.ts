import { randomBytes } from 'node:crypto';
import { type Kafka, type KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { z } from 'zod';
import { type TopicDefinition } from '@verticals/contracts';
import { createServiceDataSource, initializeServiceDataSource } from '@verticals/persistence';
import { createKafkaClient } from '../kafka/kafka-connection.options';
import { provisionTopics } from '../kafka/topic-provisioner';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import { messagingEntities, messagingMigrations } from '../persistence/messaging-tables';
import { EventProducer } from '../producer/event-producer';
import { waitFor } from './wait-for';

export const orderPlacedV1 = z.object({ orderId: z.string().min(1), sequence: z.number().int().min(0), note: z.string().optional() });

/** A topic of its own per test, so tests sharing a broker never see each other's records. */
export function orderTopic(partitions = 3, name = `t${randomBytes(4).toString('hex')}.order.placed`) {
  return {
    name,
    keyField: 'orderId',
    versions: { 1: orderPlacedV1 },
    currentVersion: 1,
    provisioning: { partitions, retentionMs: 3_600_000 },
    deadLetterProvisioning: { partitions: 1, retentionMs: 3_600_000 },
  } as const satisfies TopicDefinition;
}

/** The side effect test handlers apply: one row per application (a duplicate would show twice). */
export class CreateTestEffects1763856000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    await queryRunner.query(`CREATE TABLE "${schema}".test_effects (event_id uuid NOT NULL, order_id text NOT NULL, sequence integer NOT NULL, correlation_id text, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(): Promise<void> {
    return undefined;
  }
}

export interface MessagingFixture {
  dataSource: DataSource;
  kafka: Kafka;
  metrics: MessagingMetrics;
  producer: EventProducer;
  schema: string;
  effectsTable: string;
  close(): Promise<void>;
}

/** A service schema with the messaging tables and test_effects, a Kafka client and a connected producer. */
export async function createMessagingFixture(
  databaseUrl: string,
  kafkaBrokers: string,
  topics: readonly TopicDefinition[],
  schema = `svc_${randomBytes(4).toString('hex')}`,
): Promise<MessagingFixture> {
  const options = { url: databaseUrl, schema, entities: messagingEntities, migrations: [...messagingMigrations, CreateTestEffects1763856000001], poolSize: 8 };
  const dataSource = createServiceDataSource(options);
  await initializeServiceDataSource(dataSource, options);
  const kafka = createKafkaClient({ brokers: [kafkaBrokers], clientId: `test-${schema}` });
  await provisionTopics(kafka, topics);
  const metrics = new MessagingMetrics(new Registry());
  const producer = new EventProducer(kafka, { source: 'test-service', defaultTenantId: 'tenant-a' }, metrics);
  await producer.connect();
  return {
    dataSource,
    kafka,
    metrics,
    producer,
    schema,
    effectsTable: `"${schema}".test_effects`,
    close: async () => {
      await producer.disconnect();
      await dataSource.destroy();
    },
  };
}

/** Reads `count` records of `topic` from the beginning with a throw-away group. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(() => (messages.length >= count ? true : undefined), `${count} records on ${topic}`, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export async function counterValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))
    .reduce((sum, value) => sum + value.value, 0);
}
