import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { PersistenceModule } from '@verticals/persistence';
import { type BaseConfig } from './config/base-config.schema';
import { ServiceConfig } from './config/service-config';
import { type DefinedService } from './bootstrap/service-definition';
import { createLogger } from './logging/logger';
import { MetricsRegistry } from './metrics/metrics-registry';
import { MetricsController } from './metrics/metrics.controller';
import { ReadinessRegistry } from './health/readiness';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { createValidationPipe } from './http/validation.pipe';

export interface PlatformModuleOptions {
  service: DefinedService;
  config: ServiceConfig<BaseConfig>;
}

/**
 * Everything a service gets by default: typed config, JSON logs, metrics, health, problem+json
 * errors, validation and (when the service declares one) its database.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService({ service, config }: PlatformModuleOptions): DynamicModule {
    const values = config.all();
    const logger = createLogger({ service: service.name, level: values.LOG_LEVEL });
    const readiness = new ReadinessRegistry();
    const providers: Provider[] = [
      { provide: ServiceConfig, useValue: config },
      { provide: MetricsRegistry, useValue: new MetricsRegistry(service.name) },
      { provide: ReadinessRegistry, useValue: readiness },
      { provide: APP_FILTER, useClass: ProblemFilter },
      { provide: APP_PIPE, useFactory: createValidationPipe },
    ];
    const imports: DynamicModule[] = [
      LoggerModule.forRoot({
        pinoHttp: {
          logger,
          genReqId: (request) => (request as { id?: string }).id ?? 'unknown',
          autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
          customLogLevel: (_request, response, error) =>
            error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
          serializers: {
            req: (request: { id?: string; method?: string; url?: string }) => ({ id: request.id, method: request.method, url: request.url }),
            res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
          },
        },
      }),
    ];
    if (service.database) {
      imports.push(
        PersistenceModule.forRoot({
          ...service.database,
          url: values.DATABASE_URL,
          poolSize: values.DATABASE_POOL_SIZE,
          connectTimeoutMs: values.DATABASE_CONNECT_TIMEOUT_MS,
          applicationName: service.name,
        }),
      );
      providers.push({
        provide: 'DATABASE_READINESS',
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => {
          readiness.register({ name: 'database', check: async () => void (await dataSource.query('SELECT 1')) });
          return true;
        },
      });
    }
    return {
      module: PlatformModule,
      imports,
      controllers: [HealthController, MetricsController],
      providers,
      exports: [ServiceConfig, MetricsRegistry, ReadinessRegistry],
    };
  }
}
