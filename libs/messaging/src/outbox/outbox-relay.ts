import { Client, type ClientConfig } from 'pg';
import { type DataSource } from 'typeorm';
import { type MessagingLogger, silentLogger } from '../messaging-logger';
import { type MessagingMetrics } from '../metrics/messaging.metrics';
import { messagingTables } from '../persistence/messaging-tables';
import { type EventProducer } from '../producer/event-producer';

export interface OutboxRelayOptions {
  /** Rows published per transaction. Default 500. */
  batchSize?: number;
  /** Fallback polling when no notification arrives (notifications can be missed on reconnect). Default 1000. */
  pollIntervalMs?: number;
  /** LISTEN for the insert trigger's notifications for low latency. Default true. */
  listen?: boolean;
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

const NOTIFY_CHANNEL = 'messaging_outbox';

function listenerConfig(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as { url?: string; host?: string; port?: number; username?: string; password?: string; database?: string };
  if (options.url) return { connectionString: options.url, connectionTimeoutMillis: 5_000 };
  return { host: options.host, port: options.port, user: options.username, password: options.password, database: options.database, connectionTimeoutMillis: 5_000 };
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
  private listener?: Client;
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
    this.options = { batchSize: 500, pollIntervalMs: 1_000, listen: true, retainSentMs: 3_600_000, errorBackoffMs: 1_000, ...options };
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.options.listen) await this.startListening();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
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
      await this.sleep(this.options.pollIntervalMs);
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

  /** Sleeps until the timeout, a notification, or stop(). */
  private async sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
    this.woken = false;
  }

  private async startListening(): Promise<void> {
    const schema = (this.dataSource.options as { schema?: string }).schema ?? 'public';
    const listener = new Client(listenerConfig(this.dataSource));
    listener.on('notification', (notification) => {
      if (notification.payload !== schema) return;
      this.woken = true;
      this.wake?.();
    });
    listener.on('error', (error) => {
      // Polling carries on without notifications; the next start() listens again.
      this.logger.warn({ err: error }, 'outbox listener connection lost; falling back to polling');
      this.listener = undefined;
    });
    try {
      await listener.connect();
      await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.listener = listener;
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for outbox notifications; polling only');
      await listener.end().catch(() => undefined);
    }
  }
}
