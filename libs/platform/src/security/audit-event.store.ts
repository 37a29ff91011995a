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

export class AuditEventStore implements AuditSink {
  private readonly table: string;

  constructor(
    private readonly db: DataSource,
    schema: string,
  ) {
    this.table = `"${schema.replace(/"/g, '""')}"."audit_events"`;
  }

  async append(event: NewAuditEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.table}
        (tenant_id, actor_type, actor_id, action, method, route, resource_id, status_code, correlation_id, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
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
