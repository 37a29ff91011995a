import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
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
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { SecurityModule } from './security/security.module';
import { type RolePermissions } from './security/roles';
import { withPlatformMigrations } from './security/platform-migrations';

export interface PlatformModuleOptions {
  service: DefinedService;
  config: ServiceConfig<BaseConfig>;
  /** The service's role -> permission grants (`{ agent: ['conversations:*'] }`), added to the platform's. */
  permissions?: RolePermissions;
  /** Where JSON logs go (stdout when omitted); tests capture them here. */
  logDestination?: DestinationStream;
  /**
   * The service's metrics registry, when modules registered beside the platform (the inference
   * engine) must write to it too; a new one otherwise.
   */
  metrics?: MetricsRegistry;
}

/**
 * Everything a service gets by default: typed config, JSON logs, metrics, health, problem+json
 * errors, validation, security (authentication, roles, rate limits, audit) and (when the service
 * declares one) its database, with the platform's migrations applied before its own.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService({ service, config, permissions, logDestination, metrics }: PlatformModuleOptions): DynamicModule {
    const values = config.all();
    const logger = createLogger({ service: service.name, level: values.LOG_LEVEL }, logDestination);
    const readiness = new ReadinessRegistry();
    const providers: Provider[] = [
      { provide: ServiceConfig, useValue: config },
      { provide: MetricsRegistry, useValue: metrics ?? new MetricsRegistry(service.name) },
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
          migrations: withPlatformMigrations(service.database.migrations),
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
      providers.push(
        { provide: IdempotencyStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new IdempotencyStore(dataSource) },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      );
    }
    imports.push(SecurityModule.forService({ config, permissions, databaseSchema: service.database?.schema }));
    return {
      module: PlatformModule,
      imports,
      controllers: [HealthController, MetricsController],
      providers,
      exports: [ServiceConfig, MetricsRegistry, ReadinessRegistry],
    };
  }
}
