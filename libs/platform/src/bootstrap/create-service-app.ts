import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { ServiceConfig } from '../config/service-config';
import { loadConfig } from '../config/load-config';
import { requestContextMiddleware } from '../http/request-context.middleware';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { sendProblem, toProblem } from '../http/problem.filter';
import { setupOpenApi } from '../openapi/setup-openapi';
import { applySecurityEdge } from '../security/security-edge';
import { type ConfigOf, type DefinedService } from './service-definition';

export interface ServiceApp<S extends DefinedService> {
  app: NestExpressApplication;
  config: ServiceConfig<ConfigOf<S>>;
}

/** Reads and validates the service's environment; throws ConfigValidationError naming every bad variable. */
export function loadServiceConfig<S extends DefinedService>(service: S, env: Record<string, string | undefined> = process.env): ServiceConfig<ConfigOf<S>> {
  const values = loadConfig(service.configSchema, env) as ConfigOf<S>;
  return new ServiceConfig(service.name, values[service.port.variable] as number, values);
}

/**
 * Builds (but does not start) a service's Nest application with the platform's edges: request ids,
 * body limits, metrics, security headers, CORS, the audit hook, problem+json for middleware errors,
 * OpenAPI. Tests call this directly.
 */
export async function createServiceApp<S extends DefinedService>(
  service: S,
  config: ServiceConfig<ConfigOf<S>>,
  rootModule: (config: ServiceConfig<ConfigOf<S>>) => DynamicModule,
): Promise<ServiceApp<S>> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(config), {
    bodyParser: false,
    // Boot failures surface as one line from runService, not as Nest's stack dump; once the app
    // exists, Nest logs through pino.
    logger: false,
    abortOnError: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  const values = config.all();
  const metrics = app.get(MetricsRegistry);
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.use(httpMetricsMiddleware(metrics));
  app.useBodyParser('json', { limit: values.BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('text', { limit: values.BODY_LIMIT_BYTES, type: ['text/csv', 'text/plain', 'application/x-ndjson', 'application/jsonl'] });
  applySecurityEdge(app, values);
  setupOpenApi(app, { title: service.name, description: service.description, version: service.version ?? '1.0.0' });
  await app.init();
  // Errors raised by Express middleware before Nest's router (body too large, malformed JSON) and
  // unknown routes still answer problem+json.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const { problem, headers } = toProblem(error, request.originalUrl);
    sendProblem(response, problem, headers);
  });
  return { app, config };
}

export type { INestApplication };
