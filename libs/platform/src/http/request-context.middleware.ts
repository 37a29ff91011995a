import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { runWithContext } from '@verticals/context';

const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;

function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single && idPattern.test(single) ? single : undefined;
}

/**
 * Gives every request an id (X-Request-Id, or a new one) and a correlation id (X-Correlation-Id, or
 * the request id), echoes both, and makes them visible to logs and produced events for the request.
 */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const requestId = headerValue(request, 'x-request-id') ?? randomUUID();
  const correlationId = headerValue(request, 'x-correlation-id') ?? requestId;
  response.setHeader('X-Request-Id', requestId);
  response.setHeader('X-Correlation-Id', correlationId);
  (request as Request & { id?: string }).id = requestId;
  runWithContext({ requestId, correlationId }, () => next());
}
