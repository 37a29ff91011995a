import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { type BaseConfig } from '../config/base-config.schema';
import { type ServiceConfig } from '../config/service-config';
import { AdminKeyBootstrap } from './admin-key.bootstrap';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyStore } from './api-key.store';
import { AuditEventStore } from './audit-event.store';
import { AuditEventsController } from './audit-events.controller';
import { AuditTrail, LogAuditSink } from './audit-trail.service';
import { Authenticator } from './authenticator';
import { RateLimitGuard } from './rate-limit.guard';
import { SlidingWindowThrottlerStorage } from './sliding-window.storage';
import { SecurityGuard } from './security.guard';
import { JwtVerifier, jwtSettingsFrom } from './jwt.verifier';
import { PermissionPolicy } from './permission-policy';
import { declarePlatformRoutePolicies } from './platform-route-policies';
import { type RolePermissions } from './roles';
import { RATE_LIMIT_CLASS, type RateLimitClassName } from './security.decorators';

export interface SecurityModuleOptions {
  config: ServiceConfig<BaseConfig>;
  /** The service's role -> permission grants, added to the platform's. */
  permissions?: RolePermissions;
  /** The service's PostgreSQL schema; without one, API keys are not accepted and audit goes to logs. */
  databaseSchema?: string;
}

const MINUTE_MS = 60_000;

function rateLimitClassOf(handler: object, controller: object): RateLimitClassName {
  return (Reflect.getMetadata(RATE_LIMIT_CLASS, handler) ??
    Reflect.getMetadata(RATE_LIMIT_CLASS, controller) ??
    'default') as RateLimitClassName;
}

/** Authentication, roles, rate limits and the audit trail for one service (wired by PlatformModule). */
@Module({})
export class SecurityModule {
  static forService({ config, permissions, databaseSchema }: SecurityModuleOptions): DynamicModule {
    declarePlatformRoutePolicies();
    const values = config.all();
    const jwtSettings = jwtSettingsFrom(values);
    const jwtVerifier = jwtSettings ? new JwtVerifier(jwtSettings) : undefined;
    const providers: Provider[] = [
      { provide: PermissionPolicy, useValue: new PermissionPolicy(permissions) },
      RateLimitGuard,
      { provide: APP_GUARD, useClass: SecurityGuard },
    ];
    if (databaseSchema) {
      providers.push(
        { provide: ApiKeyStore, inject: [DataSource], useFactory: (db: DataSource) => new ApiKeyStore(db) },
        {
          provide: AuditEventStore,
          inject: [DataSource],
          useFactory: (db: DataSource) => new AuditEventStore(db, databaseSchema),
        },
        {
          provide: AuditTrail,
          inject: [AuditEventStore],
          useFactory: (store: AuditEventStore) => new AuditTrail(store, store),
        },
        {
          provide: ApiKeyCache,
          inject: [ApiKeyStore, DataSource],
          useFactory: (keys: ApiKeyStore, db: DataSource) =>
            new ApiKeyCache(keys, db, { ttlMs: values.AUTH_API_KEY_CACHE_TTL_MS }),
        },
        {
          provide: Authenticator,
          inject: [ApiKeyCache],
          useFactory: (keys: ApiKeyCache) => new Authenticator(keys, jwtVerifier),
        },
        AdminKeyBootstrap,
      );
    } else {
      providers.push(
        { provide: AuditTrail, useFactory: () => new AuditTrail(new LogAuditSink()) },
        { provide: Authenticator, useFactory: () => new Authenticator(undefined, jwtVerifier) },
      );
    }
    return {
      module: SecurityModule,
      global: true,
      imports: [
        DiscoveryModule,
        ThrottlerModule.forRoot({
          storage: new SlidingWindowThrottlerStorage(),
          throttlers: [
            { name: 'default', ttl: MINUTE_MS, limit: values.RATE_LIMIT_PER_MINUTE },
            {
              name: 'expensive',
              ttl: MINUTE_MS,
              limit: values.RATE_LIMIT_EXPENSIVE_PER_MINUTE,
              skipIf: (context) => rateLimitClassOf(context.getHandler(), context.getClass()) !== 'expensive',
            },
          ],
        }),
      ],
      controllers: databaseSchema ? [AuditEventsController] : [],
      providers,
      exports: [AuditTrail, Authenticator, PermissionPolicy, ...(databaseSchema ? [ApiKeyStore] : [])],
    };
  }
}
