import { type DataSource, type EntityManager } from 'typeorm';
import { type EventEnvelope, type TopicDefinition, type TopicPayload } from '@verticals/contracts';
import { buildEvent, type EnvelopeOptions } from '../envelope/envelope-builder';
import { messagingTables } from '../persistence/messaging-tables';
import { markOutboxWritten, outboxCommitted } from './outbox-commit-signal';

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
    if (entries.length === 0) {
      assertInTransaction(manager);
      return [];
    }
    const insert = this.insertOf(manager, entries, 1);
    await manager.query(insert.sql, insert.values);
    return insert.envelopes;
  }

  /**
   * What `enqueueMany` would run, for a caller that folds it into a statement of its own (e.g. a data-modifying
   * CTE: `WITH events AS (<sql> RETURNING id) ...`) to save a round trip. `sql` uses the placeholders
   * `$firstParameter` .. `$firstParameter + 4`, bound to `values`. The caller must run it through `manager` in the
   * same transaction as the state it belongs to; validation and envelopes are exactly enqueueMany's.
   * `onlyIf`: a SQL condition of that statement (e.g. `EXISTS (SELECT 1 FROM updated)`) without which no row is inserted.
   */
  insertOf(manager: EntityManager, entries: readonly OutboxEntry[], firstParameter: number, onlyIf?: string): OutboxInsert {
    assertInTransaction(manager);
    // The relays of this process wake when this transaction commits.
    markOutboxWritten(manager.queryRunner);
    return this.buildInsert(manager.connection, entries, firstParameter, onlyIf);
  }

  /**
   * insertOf for a write that is one statement outside any explicit transaction: PostgreSQL applies a single
   * statement, data-modifying CTEs included, atomically, so the events commit exactly when the state they
   * follow does. `sql` must be folded into that statement; it is never a statement of its own. Call
   * `statementCommitted` once the statement has succeeded, so that this process's relays publish the events now
   * rather than at their next poll.
   */
  insertIntoStatement(dataSource: DataSource, entries: readonly OutboxEntry[], firstParameter: number, onlyIf?: string): OutboxInsert {
    return this.buildInsert(dataSource, entries, firstParameter, onlyIf);
  }

  /** The single statement an `insertIntoStatement` was folded into has succeeded: wakes this process's relays. */
  statementCommitted(dataSource: DataSource): void {
    outboxCommitted(dataSource);
  }

  private buildInsert(dataSource: DataSource, entries: readonly OutboxEntry[], firstParameter: number, onlyIf: string | undefined): OutboxInsert {
    const built = entries.map((entry) =>
      buildEvent(entry.topic, entry.data, this.options.source, { ...entry.options, key: entry.key, defaultTenantId: this.options.defaultTenantId }),
    );
    const table = messagingTables(dataSource).outbox;
    const p = (i: number): string => `$${firstParameter + i}`;
    return {
      sql: `INSERT INTO ${table} (event_id, topic, key, payload, headers)
       SELECT event_id, topic, key, payload, headers
       FROM unnest(${p(0)}::uuid[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::jsonb[]) WITH ORDINALITY AS t(event_id, topic, key, payload, headers, n)${onlyIf ? `
       WHERE ${onlyIf}` : ''}
       ORDER BY n`,
      values: [
        built.map((event) => event.envelope.id),
        built.map((event) => event.record.topic),
        built.map((event) => event.record.key),
        built.map((event) => event.record.value),
        built.map((event) => JSON.stringify(event.record.headers)),
      ],
      envelopes: built.map((event) => event.envelope),
    };
  }
}

/** An outbox INSERT to fold into the caller's statement (see Outbox.insertOf). */
export interface OutboxInsert {
  sql: string;
  values: unknown[];
  envelopes: EventEnvelope[];
}

function assertInTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('outbox.enqueue needs the entity manager of an open transaction (dataSource.transaction(manager => ...))');
  }
}
