import { type EntityManager } from 'typeorm';
import { type EventEnvelope, type TopicDefinition, type TopicPayload } from '@verticals/contracts';
import { buildEvent, type EnvelopeOptions } from '../envelope/envelope-builder';
import { messagingTables } from '../persistence/messaging-tables';

export interface OutboxOptions {
  /** Envelope `source`: the producing service's name. */
  source: string;
  defaultTenantId?: string;
}

export interface OutboxEntry<TTopic extends TopicDefinition = TopicDefinition> {
  topic: TTopic;
  /** Record key; default the payload's key field. */
  key?: string;
  data: TopicPayload<TTopic>;
  options?: Omit<EnvelopeOptions, 'key'>;
}

/**
 * Writes events in the caller's transaction, so state and the events that follow it commit or
 * roll back together. The OutboxRelay publishes them afterwards.
 */
export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  /** Validates and stores one event using `manager` (the caller's transaction). */
  async enqueue<TTopic extends TopicDefinition>(
    manager: EntityManager,
    topic: TTopic,
    key: string | undefined,
    data: TopicPayload<TTopic>,
    options: Omit<EnvelopeOptions, 'key'> = {},
  ): Promise<EventEnvelope<TopicPayload<TTopic>>> {
    const [envelope] = await this.enqueueMany(manager, [{ topic, key, data, options }]);
    return envelope as EventEnvelope<TopicPayload<TTopic>>;
  }

  /** Stores several events in one INSERT, in the given order. */
  async enqueueMany(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<EventEnvelope[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('outbox.enqueue needs the entity manager of an open transaction (dataSource.transaction(manager => ...))');
    }
    if (entries.length === 0) return [];
    const built = entries.map((entry) =>
      buildEvent(entry.topic, entry.data, this.options.source, { ...entry.options, key: entry.key, defaultTenantId: this.options.defaultTenantId }),
    );
    const table = messagingTables(manager.connection).outbox;
    await manager.query(
      `INSERT INTO ${table} (event_id, topic, key, payload, headers)
       SELECT event_id, topic, key, payload, headers
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) WITH ORDINALITY AS t(event_id, topic, key, payload, headers, n)
       ORDER BY n`,
      [
        built.map((event) => event.envelope.id),
        built.map((event) => event.record.topic),
        built.map((event) => event.record.key),
        built.map((event) => event.record.value),
        built.map((event) => JSON.stringify(event.record.headers)),
      ],
    );
    return built.map((event) => event.envelope);
  }
}
