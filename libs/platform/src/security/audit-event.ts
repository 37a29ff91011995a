/** One row of the audit trail. */
export interface AuditEvent {
  id: string;
  occurredAt: Date;
  tenantId: string | null;
  /** `api-key`, `jwt`, `anonymous` (failed authentication) or `system` (no caller, e.g. a consumer). */
  actorType: string;
  actorId: string | null;
  /** `http` for recorded requests; a domain verb for `AuditTrail.record` (e.g. `credit-decision.overridden`). */
  action: string;
  method: string | null;
  /** Route template (`/v1/notes/:id`), never the raw path. */
  route: string | null;
  resourceId: string | null;
  statusCode: number | null;
  correlationId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'occurredAt'>;

export interface AuditEventFilter {
  tenantId: string;
  from?: Date;
  to?: Date;
  /** Matches actor id, or `type:id`. */
  actor?: string;
  limit: number;
  /** Only events older than this id (keyset paging, newest first). */
  beforeId?: string;
}
