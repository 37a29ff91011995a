import { type DynamicModule } from '@nestjs/common';
import { type ServiceConfig } from '../config/service-config';
import { ConfigValidationError } from '../config/load-config';
import { ReadinessRegistry } from '../health/readiness';
import { createServiceApp, loadServiceConfig } from './create-service-app';
import { type ConfigOf, type DefinedService } from './service-definition';

function fail(service: string, message: string): never {
  process.stderr.write(`${service}: ${message}\n`);
  process.exit(1);
}

function errorLine(error: unknown): string {
  if (error instanceof ConfigValidationError) return error.message;
  if (error instanceof Error) return (error.message.split('\n')[0] ?? error.message).trim();
  return String(error);
}

/**
 * The whole main.ts of a service: validate config (one line and exit 1 when wrong), build the app,
 * listen, and on SIGTERM/SIGINT stop accepting, drain, close DB and Kafka, exit 0 within
 * SHUTDOWN_TIMEOUT_MS (exit 1 if draining overran it).
 */
export async function runService<S extends DefinedService>(
  service: S,
  rootModule: (config: ServiceConfig<ConfigOf<S>>) => DynamicModule,
): Promise<void> {
  let config: ServiceConfig<ConfigOf<S>>;
  try {
    config = loadServiceConfig(service);
  } catch (error) {
    fail(service.name, errorLine(error));
  }
  let built;
  try {
    built = await createServiceApp(service, config, rootModule);
  } catch (error) {
    fail(service.name, errorLine(error));
  }
  const { app } = built;
  const host = config.get('HOST');
  try {
    await app.listen(config.port, host);
  } catch (error) {
    await app.close().catch(() => undefined);
    fail(service.name, `cannot listen on ${host}:${config.port}: ${errorLine(error)}`);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(`${service.name} listening on http://${host}:${port}\n`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.get(ReadinessRegistry).markShuttingDown();
    const timeoutMs = config.get('SHUTDOWN_TIMEOUT_MS');
    process.stdout.write(`${service.name} received ${signal}, draining (up to ${timeoutMs} ms)\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`${service.name}: shutdown overran ${timeoutMs} ms, exiting\n`);
      app.getHttpServer().closeAllConnections?.();
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      .then(() => {
        process.stdout.write(`${service.name} stopped\n`);
        process.exit(0);
      })
      .catch((error: unknown) => fail(service.name, `error while stopping: ${errorLine(error)}`));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
