import { type DataSource } from 'typeorm';
import { type MessagingLogger, silentLogger } from '../messaging-logger';
import { type MessagingMetrics } from '../metrics/messaging.metrics';
import { messagingTables } from '../persistence/messaging-tables';
import { type EventProducer } from '../producer/event-producer';
import { onOutboxCommitted } from './outbox-commit-signal';

export interface OutboxRelayOptions {
  /** Rows published per transaction. Default 500. */
  batchSize?: number;
  /**
   * Polling for rows this process was not told about (written by another replica or process, or left by one
   * that crashed before publishing). Default 1000.
   */
  pollIntervalMs?: number;
  /**
   * After this process commits outbox rows the relay waits this long before it claims a batch, so that rows
   * committed meanwhile go out in the same transaction and Kafka request. Default 5.
   */
  lingerMs?: number;
  /** Published rows are deleted after this long. Default one hour. */
  retainSentMs?: number;
  /** Wait after a failed cycle (Kafka or database down). Default 1000. */
  errorBackoffMs?: number;
  logger?: MessagingLogger;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows in id order and marks them sent, in one transaction per batch.
 * Several replicas may relay at once: rows are claimed with FOR UPDATE SKIP LOCKED, and a row is
 * held back while an earlier unsent row of the same (topic, key) is claimed by someone else, so one
 * key's events are never reordered. A crash after publishing and before marking re-publishes the
 * batch: consumers absorb the duplicates through their inbox.
 */
export class OutboxRelay {
  private readonly options: Required<Omit<OutboxRelayOptions, 'logger'>>;
  private readonly logger: MessagingLogger;
  private running = false;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;
  private wake?: () => void;
  private woken = false;
  private lastPurgeAt = 0;
  private lastBacklogAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    private readonly metrics: MessagingMetrics,
    options: OutboxRelayOptions = {},
  ) {
    this.options = { batchSize: 500, pollIntervalMs: 1_000, lingerMs: 5, retainSentMs: 3_600_000, errorBackoffMs: 1_000, ...options };
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onOutboxCommitted(this.dataSource, () => {
      this.woken = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; resolves to the number of events published. */
  async relayOnce(): Promise<number> {
    const table = messagingTables(this.dataSource).outbox;
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      await queryRunner.startTransaction();
      try {
        // Claims and marks the batch in one statement: the mark commits only after Kafka acknowledged the
        // batch, and a failed publish rolls it back, exactly as a separate UPDATE after publishing would.
        const marked = await queryRunner.query(
          `WITH candidates AS (
             SELECT id, topic, key FROM ${table} WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED),
           publishable AS (
             SELECT c.id FROM candidates c
             WHERE NOT EXISTS (
               SELECT 1 FROM ${table} e
               WHERE e.sent_at IS NULL AND e.topic = c.topic AND e.key = c.key AND e.id < c.id
                 AND NOT EXISTS (SELECT 1 FROM candidates x WHERE x.id = e.id)))
           UPDATE ${table} o SET sent_at = now() FROM publishable p WHERE o.id = p.id
           RETURNING o.id, o.topic, o.key, o.payload, o.headers`,
          [this.options.batchSize],
          true,
        );
        const rows = (marked.records as OutboxRow[]).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
        if (rows.length > 0) {
          await this.producer.sendRecords(rows.map((row) => ({ topic: row.topic, key: row.key, value: row.payload, headers: row.headers })));
        }
        await queryRunner.commitTransaction();
        for (const row of rows) this.metrics.outboxPublished.inc({ topic: row.topic });
        return rows.length;
      } catch (error) {
        if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await queryRunner.release();
    }
  }

  /** Unpublished events and the age of the oldest, also exported as metrics. */
  async backlog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const table = messagingTables(this.dataSource).outbox;
    const [row]: { count: string; age: number | null }[] = await this.dataSource.query(
      `SELECT count(*) AS count, extract(epoch FROM now() - min(created_at))::float8 AS age FROM ${table} WHERE sent_at IS NULL`,
    );
    const result = { count: Number(row.count), oldestAgeSeconds: Math.max(0, row.age ?? 0) };
    this.metrics.outboxBacklog.set(result.count);
    this.metrics.outboxOldestAge.set(result.oldestAgeSeconds);
    return result;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const published = await this.relayOnce();
        if (published >= this.options.batchSize) continue;
        await this.housekeeping();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay cycle failed; retrying');
        await this.sleep(this.options.errorBackoffMs);
        continue;
      }
      if ((await this.sleep(this.options.pollIntervalMs)) && this.running && this.options.lingerMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.options.lingerMs));
      }
    }
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - this.lastBacklogAt >= 1_000) {
      this.lastBacklogAt = now;
      await this.backlog();
    }
    if (now - this.lastPurgeAt >= 60_000) {
      this.lastPurgeAt = now;
      const table = messagingTables(this.dataSource).outbox;
      await this.dataSource.query(`DELETE FROM ${table} WHERE sent_at IS NOT NULL AND sent_at < now() - $1 * interval '1 millisecond'`, [this.options.retainSentMs]);
    }
  }

  /** Sleeps until the timeout, a commit of outbox rows in this process, or stop(); true when woken by a commit. */
  private async sleep(ms: number): Promise<boolean> {
    if (!this.woken && this.running) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
    const woken = this.woken;
    this.woken = false;
    return woken;
  }

}
