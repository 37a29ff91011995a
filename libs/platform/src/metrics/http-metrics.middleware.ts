import type { NextFunction, Request, Response } from 'express';
import { type MetricsRegistry } from './metrics-registry';

/**
 * Observes every response, including 404s and errors raised before a handler ran. The label is the
 * route template (`/v1/conversations/:id`), never the raw path, so cardinality stays bounded.
 */
export function httpMetricsMiddleware(metrics: MetricsRegistry) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const routePath = (request.route as { path?: string } | undefined)?.path;
      // Nest answers unknown routes from a catch-all route; those are one 'unmatched' series.
      const route = routePath && !routePath.includes('*') ? `${request.baseUrl}${routePath}` : 'unmatched';
      metrics.httpRequestDuration.observe(
        { method: request.method, route, status_code: String(response.statusCode) },
        seconds,
      );
    });
    next();
  };
}
