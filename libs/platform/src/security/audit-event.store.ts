import { type DataSource } from 'typeorm';
import { type AuditEvent, type AuditEventFilter, type NewAuditEvent } from './audit-event';

interface AuditEventRow {
  id: string;
  occurred_at: Date;
  tenant_id: string | null;
  actor_type: string;
  actor_id: string | null;
  action: string;
  method: string | null;
  route: string | null;
  resource_id: string | null;
  status_code: number | null;
  correlation_id: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

function toEvent(row: AuditEventRow): AuditEvent {
  return {
    id: String(row.id),
    occurredAt: row.occurred_at,
    tenantId: row.tenant_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    method: row.method,
    route: row.route,
    resourceId: row.resource_id,
    statusCode: row.status_code,
    correlationId: row.correlation_id,
    requestId: row.request_id,
    details: row.details,
  };
}

/** Where audit events are written: the service schema's append-only `audit_events` table. */
export interface AuditSink {
  append(event: NewAuditEvent): Promise<void>;
}

export interface AuditBatchOptions {
  /** Longest a row waits for companions before its batch is written. Default 5 ms. */
  flushIntervalMs?: number;
  /** A batch is written at once when it reaches this many rows. Default 200. */
  maxBatch?: number;
}

interface PendingAuditEvent {
  event: NewAuditEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const AUDIT_COLUMNS = 11;

function auditParameters(event: NewAuditEvent): unknown[] {
  return [
    event.tenantId,
    event.actorType,
    event.actorId,
    event.action,
    event.method,
    event.route,
    event.resourceId,
    event.statusCode,
    event.correlationId,
    event.requestId,
    JSON.stringify(event.details),
  ];
}

/**
 * Appends rows in batches: events arriving within `flushIntervalMs` (or up to `maxBatch` of them) go
 * to PostgreSQL in one multi-row INSERT, and each `append()` resolves only once its row is stored
 * (rejects if it could not be). A failed batch is retried row by row, so one bad row cannot drop
 * the others. `flush()` writes whatever is waiting (shutdown).
 */
export class AuditEventStore implements AuditSink {
  private readonly table: string;
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private buffer: PendingAuditEvent[] = [];
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: DataSource,
    schema: string,
    options: AuditBatchOptions = {},
  ) {
    this.table = `"${schema.replace(/"/g, '""')}"."audit_events"`;
    this.flushIntervalMs = options.flushIntervalMs ?? 5;
    this.maxBatch = options.maxBatch ?? 200;
  }

  append(event: NewAuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.buffer.push({ event, resolve, reject });
      if (this.buffer.length >= this.maxBatch) this.startFlush();
      else this.timer ??= setTimeout(() => this.startFlush(), this.flushIntervalMs);
    });
  }

  /** Writes every waiting row and resolves when all writes started so far are done. */
  async flush(): Promise<void> {
    this.startFlush();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private startFlush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const write = this.write(batch).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  private async write(batch: PendingAuditEvent[]): Promise<void> {
    try {
      await this.insert(batch.map((pending) => pending.event));
      for (const pending of batch) pending.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const pending of batch) {
        await this.insert([pending.event]).then(pending.resolve, pending.reject);
      }
    }
  }

  private async insert(events: NewAuditEvent[]): Promise<void> {
    const rows = events.map(
      (_event, row) =>
        `(${Array.from({ length: AUDIT_COLUMNS }, (_unused, column) => `$${row * AUDIT_COLUMNS + column + 1}`).join(', ')})`,
    );
    await this.db.query(
      `INSERT INTO ${this.table}
        (tenant_id, actor_type, actor_id, action, method, route, resource_id, status_code, correlation_id, request_id, details)
       VALUES ${rows.join(', ')}`,
      events.flatMap(auditParameters),
    );
  }

  /** Newest first; one tenant only. */
  async page(filter: AuditEventFilter): Promise<AuditEvent[]> {
    const [actorType, actorId] = filter.actor?.includes(':')
      ? filter.actor.split(/:(.*)/s)
      : [null, filter.actor ?? null];
    const rows = (await this.db.query(
      `SELECT * FROM ${this.table}
        WHERE tenant_id = $1
          AND ($2::timestamptz IS NULL OR occurred_at >= $2)
          AND ($3::timestamptz IS NULL OR occurred_at < $3)
          AND ($4::text IS NULL OR actor_type = $4)
          AND ($5::text IS NULL OR actor_id = $5)
          AND ($6::bigint IS NULL OR id < $6)
        ORDER BY id DESC
        LIMIT $7`,
      [
        filter.tenantId,
        filter.from ?? null,
        filter.to ?? null,
        actorType ?? null,
        actorId ?? null,
        filter.beforeId ?? null,
        filter.limit,
      ],
    )) as AuditEventRow[];
    return rows.map(toEvent);
  }
}
