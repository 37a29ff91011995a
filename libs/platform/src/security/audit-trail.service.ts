import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { currentContext, type RequestContext } from '@verticals/context';
import { routePolicyOf } from './route-policy';
import { principalOf } from './principal';
import { requireTenantId } from './current-tenant';
import { type AuditEvent, type AuditEventFilter, type NewAuditEvent } from './audit-event';
import { type AuditEventStore, type AuditSink } from './audit-event.store';

/** A domain fact worth auditing beyond the request itself (e.g. a credit decision overridden). */
export interface AuditRecord {
  /** Domain verb, `<entity>.<past-tense-verb>`, e.g. `credit-decision.overridden`. */
  action: string;
  resourceId?: string;
  statusCode?: number;
  details?: Record<string, unknown>;
}

/** Extra facts for the current request's own audit row (the id of what a POST created, say). */
export interface AuditAnnotation {
  resourceId?: string;
  details?: Record<string, unknown>;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Denied calls are always recorded, whatever the route: they are what an investigation looks for. */
const DENIED = new Set([401, 403, 429]);

function actorOf(principal: string | undefined): { actorType: string; actorId: string | null } {
  if (!principal) return { actorType: 'system', actorId: null };
  const separator = principal.indexOf(':');
  return { actorType: principal.slice(0, separator), actorId: principal.slice(separator + 1) };
}

/**
 * The service's audit trail. Requests are recorded when their response finishes: every
 * state-changing call, every read of a route marked `@AuditRead()`, and every 401/403/429. Domains
 * add their own facts with `record()` and enrich the request's row with `annotate()`.
 */
export class AuditTrail implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditTrail');
  private readonly pending = new Set<Promise<void>>();
  private readonly annotations = new WeakMap<RequestContext, AuditAnnotation>();

  constructor(
    private readonly sink: AuditSink,
    private readonly store?: AuditEventStore,
  ) {}

  /** Writes one domain event for the current caller and tenant; resolves once it is stored. */
  async record(entry: AuditRecord): Promise<void> {
    const context = currentContext();
    await this.sink.append({
      tenantId: context?.tenantId ?? null,
      ...actorOf(context?.principal),
      action: entry.action,
      method: null,
      route: null,
      resourceId: entry.resourceId ?? null,
      statusCode: entry.statusCode ?? null,
      correlationId: context?.correlationId ?? null,
      requestId: context?.requestId ?? null,
      details: entry.details ?? {},
    });
  }

  annotate(annotation: AuditAnnotation): void {
    const context = currentContext();
    if (!context) return;
    const previous = this.annotations.get(context);
    this.annotations.set(context, {
      resourceId: annotation.resourceId ?? previous?.resourceId,
      details: { ...previous?.details, ...annotation.details },
    });
  }

  /** Called by the platform when a response has finished; decides whether the request is audited. */
  recordRequest(request: Request, statusCode: number, context: RequestContext | undefined): void {
    const route = routePolicyOf(request);
    if (!route || route.public) return;
    if (!STATE_CHANGING.has(request.method) && !route.auditRead && !DENIED.has(statusCode)) return;
    const principal = principalOf(request);
    const annotation = context ? this.annotations.get(context) : undefined;
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const routePath = (request.route as { path?: string } | undefined)?.path;
    const event: NewAuditEvent = {
      tenantId: principal?.tenantId ?? null,
      actorType: principal?.type ?? 'anonymous',
      actorId: principal?.id ?? null,
      action: 'http',
      method: request.method,
      route: routePath ? `${request.baseUrl}${routePath}` : null,
      resourceId: annotation?.resourceId ?? params[route.resourceParam ?? 'id'] ?? null,
      statusCode,
      correlationId: context?.correlationId ?? null,
      requestId: context?.requestId ?? null,
      details: annotation?.details ?? {},
    };
    const write = this.sink
      .append(event)
      .catch((error: unknown) =>
        this.logger.error({ err: error, route: event.route, statusCode }, 'audit event could not be written'),
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves when every request audit started so far is written (shutdown, tests). */
  async settled(): Promise<void> {
    // Batched rows are written now rather than after the store's flush interval.
    await this.store?.flush();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Audit writes still in flight finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  /** The current tenant's events, newest first. */
  async query(filter: Omit<AuditEventFilter, 'tenantId'>): Promise<AuditEvent[]> {
    if (!this.store) throw new Error('this service keeps no audit table');
    return this.store.page({ ...filter, tenantId: requireTenantId() });
  }
}

/** For services without a database: the trail goes to the JSON logs. */
export class LogAuditSink implements AuditSink {
  private readonly logger = new Logger('AuditTrail');

  async append(event: NewAuditEvent): Promise<void> {
    this.logger.log({ audit: event }, 'audit event');
  }
}
