import { type Batch, type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage } from 'kafkajs';
import { type DataSource, type EntityManager } from 'typeorm';
import { runWithContext } from '@verticals/context';
import { type EventEnvelope, type TopicDefinition } from '@verticals/contracts';
import { decodeEvent, type DeadLetterReason, type DecodeResult } from '../envelope/envelope-decoder';
import { runInEventScope } from '../envelope/event-scope';
import { deadLetterTopicName } from '../kafka/topic-provisioner';
import { type MessagingLogger, silentLogger } from '../messaging-logger';
import { type MessagingMetrics } from '../metrics/messaging.metrics';
import { messagingTables, type MessagingTables } from '../persistence/messaging-tables';
import { type EventProducer } from '../producer/event-producer';
import { describeError, isDatabaseUnavailable, PermanentEventError } from './consumer-errors';
import { deadLetterHeaders } from './dead-letter.headers';
import { type CommittedEvent, type EventHandler, type EventHandlerOptions } from './event-handler.types';
import { backoffDelay, type BackoffPolicy, defaultRetryBackoff } from './retry-backoff';

export interface EventConsumerOptions {
  groupId: string;
  /** Attempts before a failing event is dead-lettered (counted durably). Default 5. */
  maxAttempts?: number;
  retryBackoff?: BackoffPolicy;
  /** How long to wait between database probes while it is down. */
  databaseBackoff?: BackoffPolicy;
  /** Partitions processed in parallel by this instance. Default 3. */
  partitionsConsumedConcurrently?: number;
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Where a group without committed offsets starts. Default: the beginning. */
  fromBeginning?: boolean;
  /** Called after a transaction with handled events committed (benchmarks, tests, tracing). */
  onCommitted?: (events: readonly CommittedEvent[]) => void;
  logger?: MessagingLogger;
}

interface Registration {
  topic: TopicDefinition;
  handler: EventHandler;
  acceptVersions: number[];
}

interface DecodedRecord {
  message: KafkaMessage;
  decoded: DecodeResult;
}

type RunOutcome = { ok: true; committed: CommittedEvent[] } | { ok: false; index: number; error: unknown };

class HandlerFailure extends Error {
  constructor(
    readonly index: number,
    readonly failure: unknown,
  ) {
    super('handler failed');
  }
}

/**
 * At-least-once consumption with exactly-once effects. Per partition batch: validate each record,
 * run the handlers of a run of valid records in one DB transaction that also inserts their ids into
 * the inbox (duplicates skipped), commit, then commit the Kafka offset. A failing record is retried
 * with backoff, its attempt count kept in messaging_consumer_attempts; invalid records and records
 * out of attempts go to `<topic>.dlq` and the partition moves on. While the database is down the
 * partition waits (no attempts counted, no spinning).
 */
export class EventConsumer {
  private readonly registrations = new Map<string, Registration>();
  private readonly options: Required<Omit<EventConsumerOptions, 'onCommitted' | 'logger'>> & Pick<EventConsumerOptions, 'onCommitted'>;
  private readonly logger: MessagingLogger;
  private readonly knownAttempts = new Set<string>();
  private consumer?: Consumer;
  private tables?: MessagingTables;
  private fatalError?: Error;
  private waitingForDatabase = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly metrics: MessagingMetrics,
    options: EventConsumerOptions,
  ) {
    this.options = {
      maxAttempts: 5,
      retryBackoff: defaultRetryBackoff,
      databaseBackoff: { initialMs: 200, maxMs: 5_000, multiplier: 2 },
      partitionsConsumedConcurrently: 3,
      maxWaitTimeInMs: 200,
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3_000,
      fromBeginning: true,
      ...options,
    };
    this.logger = options.logger ?? silentLogger;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return [...this.registrations.keys()];
  }

  /** Why the consumer is not healthy, if it is not: crashed for good, or waiting for the database. */
  problem(): string | undefined {
    if (this.fatalError) return `consumer stopped: ${this.fatalError.message}`;
    if (this.waitingForDatabase) return 'consumer paused: database unavailable';
    return undefined;
  }

  register<TTopic extends TopicDefinition>(topic: TTopic, handler: EventHandler<TTopic>, options: EventHandlerOptions = {}): void {
    if (this.consumer) throw new Error(`cannot register a handler for ${topic.name} after the consumer started`);
    if (this.registrations.has(topic.name)) throw new Error(`a handler for ${topic.name} is already registered in group ${this.groupId}`);
    const acceptVersions = options.acceptVersions ?? Object.keys(topic.versions).map(Number);
    this.registrations.set(topic.name, { topic, handler: handler as unknown as EventHandler, acceptVersions });
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    if (this.registrations.size === 0) throw new Error(`consumer group ${this.groupId} has no handlers`);
    this.tables = messagingTables(this.dataSource);
    await this.dataSource.query(`DELETE FROM ${this.tables.attempts} WHERE updated_at < now() - interval '30 days'`);
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 200, retries: 10 },
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.logger.error({ err: event.payload.error, group: this.groupId, restart: event.payload.restart }, 'kafka consumer crashed');
      if (!event.payload.restart) this.fatalError = event.payload.error;
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: this.options.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = undefined;
    await consumer.disconnect();
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const registration = this.registrations.get(batch.topic);
    if (!registration) return;
    let records: DecodedRecord[] = batch.messages.map((message) => ({
      message,
      decoded: decodeEvent(message.value, registration.topic, registration.acceptVersions),
    }));
    while (records.length > 0 && payload.isRunning() && !payload.isStale()) {
      const first = records[0];
      if (!first.decoded.ok) {
        await this.deadLetter(batch, first.message, first.decoded.reason, first.decoded.error, 0);
        await this.commit(payload, first.message.offset);
        records = records.slice(1);
        continue;
      }
      const run: { message: KafkaMessage; envelope: EventEnvelope }[] = [];
      for (const record of records) {
        if (!record.decoded.ok) break;
        run.push({ message: record.message, envelope: record.decoded.envelope });
      }
      const outcome = await this.applyRun(batch, registration, run);
      if (outcome.ok) {
        await this.commit(payload, run[run.length - 1].message.offset);
        this.options.onCommitted?.(outcome.committed);
        records = records.slice(run.length);
        continue;
      }
      if (outcome.index > 0) {
        // Effects before the failing record were rolled back with it: apply them on their own.
        const prefix = await this.applyRun(batch, registration, run.slice(0, outcome.index));
        if (!prefix.ok) continue;
        await this.commit(payload, run[outcome.index - 1].message.offset);
        this.options.onCommitted?.(prefix.committed);
        records = records.slice(outcome.index);
      }
      const settled = await this.handleFailure(payload, run[outcome.index].message, outcome.error);
      if (settled) records = records.slice(1);
    }
  }

  private async applyRun(batch: Batch, registration: Registration, run: { message: KafkaMessage; envelope: EventEnvelope }[]): Promise<RunOutcome> {
    const tables = this.tables as MessagingTables;
    const retriedOffsets = run.map((item) => item.message.offset).filter((offset) => this.knownAttempts.has(this.attemptKey(batch, offset)));
    let index = 0;
    try {
      const committed = await this.dataSource.transaction(async (manager: EntityManager) => {
        const claimed: { event_id: string }[] = await manager.query(
          `INSERT INTO ${tables.inbox} (consumer_group, event_id, topic) SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [this.groupId, run.map((item) => item.envelope.id), batch.topic],
        );
        const fresh = new Set(claimed.map((row) => row.event_id));
        const applied: CommittedEvent[] = [];
        for (index = 0; index < run.length; index++) {
          const { envelope, message } = run[index];
          if (!fresh.delete(envelope.id.toLowerCase())) {
            this.metrics.duplicates.inc({ topic: batch.topic, group: this.groupId });
            continue;
          }
          const context = { manager, topic: batch.topic, partition: batch.partition, offset: message.offset };
          const requestContext = { requestId: envelope.id, correlationId: envelope.correlationId, tenantId: envelope.tenantId, principal: `service:${envelope.source}` };
          try {
            await runWithContext(requestContext, () => runInEventScope(envelope, () => registration.handler(envelope, context)));
          } catch (error) {
            throw new HandlerFailure(index, error);
          }
          applied.push({ envelope, topic: batch.topic, partition: batch.partition, offset: message.offset });
        }
        if (retriedOffsets.length > 0) {
          await manager.query(`DELETE FROM ${tables.attempts} WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND "offset" = ANY($4::bigint[])`, [
            this.groupId,
            batch.topic,
            batch.partition,
            retriedOffsets,
          ]);
        }
        return applied;
      });
      retriedOffsets.forEach((offset) => this.knownAttempts.delete(this.attemptKey(batch, offset)));
      this.metrics.consumed.inc({ topic: batch.topic, group: this.groupId }, committed.length);
      return { ok: true, committed };
    } catch (error) {
      if (error instanceof HandlerFailure) return { ok: false, index: error.index, error: error.failure };
      return { ok: false, index: Math.min(index, run.length - 1), error };
    }
  }

  /** Returns true when the record is settled (dead-lettered), false when it should be retried. */
  private async handleFailure(payload: EachBatchPayload, message: KafkaMessage, error: unknown): Promise<boolean> {
    const { batch } = payload;
    if (isDatabaseUnavailable(error)) {
      await this.waitForDatabase(payload, error);
      return false;
    }
    this.metrics.failed.inc({ topic: batch.topic, group: this.groupId });
    let attempts: number;
    try {
      attempts = await this.recordAttempt(batch, message.offset, error);
    } catch (recordError) {
      if (isDatabaseUnavailable(recordError)) {
        await this.waitForDatabase(payload, recordError);
        return false;
      }
      throw recordError;
    }
    const permanent = error instanceof PermanentEventError;
    if (permanent || attempts >= this.options.maxAttempts) {
      await this.deadLetter(batch, message, permanent ? 'permanent-failure' : 'handler-failed', describeError(error), attempts);
      await this.commit(payload, message.offset);
      await this.clearAttempt(batch, message.offset).catch(() => undefined);
      return true;
    }
    this.metrics.retried.inc({ topic: batch.topic, group: this.groupId });
    const delay = backoffDelay(this.options.retryBackoff, attempts);
    this.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, attempts, delayMs: delay, err: error }, 'event handler failed; retrying');
    await this.pause(payload, delay);
    return false;
  }

  private attemptKey(batch: Batch, offset: string): string {
    return `${batch.topic}:${batch.partition}:${offset}`;
  }

  private async recordAttempt(batch: Batch, offset: string, error: unknown): Promise<number> {
    const tables = this.tables as MessagingTables;
    const rows: { attempts: number }[] = await this.dataSource.query(
      `INSERT INTO ${tables.attempts} AS a (consumer_group, topic, partition, "offset", attempts, last_error) VALUES ($1, $2, $3, $4, 1, $5)
       ON CONFLICT (consumer_group, topic, partition, "offset") DO UPDATE SET attempts = a.attempts + 1, last_error = EXCLUDED.last_error, updated_at = now()
       RETURNING attempts`,
      [this.groupId, batch.topic, batch.partition, offset, describeError(error)],
    );
    this.knownAttempts.add(this.attemptKey(batch, offset));
    return rows[0].attempts;
  }

  private async clearAttempt(batch: Batch, offset: string): Promise<void> {
    const tables = this.tables as MessagingTables;
    await this.dataSource.query(`DELETE FROM ${tables.attempts} WHERE consumer_group = $1 AND topic = $2 AND partition = $3 AND "offset" = $4`, [
      this.groupId,
      batch.topic,
      batch.partition,
      offset,
    ]);
    this.knownAttempts.delete(this.attemptKey(batch, offset));
  }

  private async deadLetter(batch: Batch, message: KafkaMessage, reason: DeadLetterReason, error: string, attempts: number): Promise<void> {
    const headers = deadLetterHeaders(message.headers, {
      originalTopic: batch.topic,
      originalPartition: batch.partition,
      originalOffset: message.offset,
      consumerGroup: this.groupId,
      reason,
      error,
      attempts,
    });
    await this.producer.sendRaw(deadLetterTopicName(batch.topic), [{ key: message.key, value: message.value, headers }]);
    this.metrics.deadLettered.inc({ topic: batch.topic, group: this.groupId, reason });
    this.logger.error({ topic: batch.topic, partition: batch.partition, offset: message.offset, reason, error, attempts }, 'event dead-lettered');
  }

  private async commit(payload: EachBatchPayload, offset: string): Promise<void> {
    const { batch } = payload;
    payload.resolveOffset(offset);
    const next = (BigInt(offset) + 1n).toString();
    await payload.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
    const lag = BigInt(batch.highWatermark) - BigInt(next);
    this.metrics.consumerLag.set({ topic: batch.topic, partition: String(batch.partition), group: this.groupId }, Number(lag > 0n ? lag : 0n));
  }

  /** Sleeps up to `ms`, heartbeating so the group keeps this member; returns early on shutdown. */
  private async pause(payload: EachBatchPayload, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && payload.isRunning() && !payload.isStale()) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())));
      await payload.heartbeat();
    }
  }

  private async waitForDatabase(payload: EachBatchPayload, error: unknown): Promise<void> {
    this.metrics.databaseWaits.inc({ group: this.groupId });
    this.waitingForDatabase = true;
    this.logger.warn({ group: this.groupId, err: error }, 'database unavailable; consumer paused');
    try {
      for (let probes = 1; payload.isRunning() && !payload.isStale(); probes++) {
        await this.pause(payload, backoffDelay(this.options.databaseBackoff, probes));
        try {
          await this.dataSource.query('SELECT 1');
          this.logger.info({ group: this.groupId }, 'database available again; consumer resumed');
          return;
        } catch {
          // still down: keep waiting
        }
      }
    } finally {
      this.waitingForDatabase = false;
    }
  }
}
