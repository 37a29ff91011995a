import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { currentContext } from '@verticals/context';
import { ProblemException } from '../http/problem-details';
import { IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const keyPattern = /^[\x21-\x7e]{1,255}$/;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * Honours `Idempotency-Key` on every POST: the first request with a key runs and its response is
 * stored (per tenant, 24 h); a retry with the same key and the same request gets the stored
 * response (header `Idempotent-Replayed: true`) without running again; the same key with a
 * different request is 422; a retry while the first is still running is 409. A request that
 * fails releases its key, so it can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const key = request.header(IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined) return next.handle();
    return from(this.handle(context, next, request, response, key));
  }

  private async handle(context: ExecutionContext, next: CallHandler, request: Request, response: Response, key: string): Promise<unknown> {
    if (!keyPattern.test(key)) {
      throw new ProblemException({
        status: 400,
        type: 'invalid-idempotency-key',
        title: 'Invalid Idempotency-Key',
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', rule: 'pattern', message: 'must be 1 to 255 visible ASCII characters' }],
      });
    }
    const tenantId = currentContext()?.tenantId ?? 'anonymous';
    const route = `${request.baseUrl}${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.method, request.originalUrl, canonical(request.body ?? null)]))
      .digest('hex');
    const existing = await this.store.claim(tenantId, key, request.method, route, requestHash);
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new ProblemException({
          status: 422,
          type: 'idempotency-key-reused',
          title: 'Idempotency-Key reused',
          detail: 'This Idempotency-Key was already used with a different request',
          code: 'IDEMPOTENCY_KEY_REUSED',
        });
      }
      if (existing.state === 'in_progress') {
        throw new ProblemException({
          status: 409,
          type: 'idempotent-request-in-progress',
          title: 'Request in progress',
          detail: 'A request with this Idempotency-Key is still being processed; retry later',
          code: 'IDEMPOTENT_REQUEST_IN_PROGRESS',
          headers: { 'Retry-After': '1' },
        });
      }
      response.setHeader('Idempotent-Replayed', 'true');
      if (existing.status !== null) response.status(existing.status);
      return existing.body;
    }
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
      const status = response.statusCode !== 200 ? response.statusCode : (declared ?? 201);
      await this.store.complete(tenantId, key, status, result);
      return result;
    } catch (error) {
      await this.store.release(tenantId, key).catch(() => undefined);
      throw error;
    }
  }
}
