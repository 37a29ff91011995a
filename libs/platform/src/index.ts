export { PlatformModule, type PlatformModuleOptions } from './platform.module';
export { defineService, type ServiceDefinition, type DefinedService, type ConfigOf } from './bootstrap/service-definition';
export { createServiceApp, loadServiceConfig, type ServiceApp } from './bootstrap/create-service-app';
export { runService } from './bootstrap/run-service';
export {
  baseConfigSchema,
  serviceConfigSchema,
  envBoolean,
  envInt,
  postgresUrl,
  EMBEDDED_DATABASE_URL,
  EMBEDDED_KAFKA_BROKERS,
  type BaseConfig,
} from './config/base-config.schema';
export { loadConfig, ConfigValidationError } from './config/load-config';
export { ServiceConfig } from './config/service-config';
export { createLogger, loggerOptions, REDACTED_PATHS, type Logger, type LoggerSettings } from './logging/logger';
export { runWithContext, currentContext, currentCorrelationId, type RequestContext } from '@verticals/context';
export {
  ProblemException,
  problemType,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  type ProblemInit,
  type FieldError,
} from './http/problem-details';
export { MetricsRegistry } from './metrics/metrics-registry';
export { ReadinessRegistry, type ReadinessCheck, type ReadinessResult } from './health/readiness';
export { SecurityModule, type SecurityModuleOptions } from './security/security.module';
export { ROLES, isRole, PlatformPermission, PLATFORM_ROLE_PERMISSIONS, type Role, type RolePermissions } from './security/roles';
export { PermissionPolicy } from './security/permission-policy';
export { type Principal, principalOf } from './security/principal';
export {
  Public,
  PublicWhen,
  RequirePermission,
  Roles,
  AuditRead,
  AuditResource,
  RateLimitClass,
  requirePermissionOn,
  rateLimitClassOn,
  publicOn,
  type PublicFlag,
  type RateLimitClassName,
} from './security/security.decorators';
export { SecurityException, SecurityErrorCode } from './security/security.exception';
export { Authenticator } from './security/authenticator';
export { ApiKeyStore, DEFAULT_TENANT, type ApiKeyRecord, type NewApiKey } from './security/api-key.store';
export { AUTH_SCHEMA } from './security/auth-schema';
export { AuditTrail, type AuditRecord, type AuditAnnotation } from './security/audit-trail.service';
export { type AuditEvent } from './security/audit-event';
export { TenantScopedRepository, type TenantOwned } from './security/tenant-scoped.repository';
export { requireTenantId } from './security/current-tenant';
export { platformMigrations, withPlatformMigrations } from './security/platform-migrations';
export { describeRouteSecurity, unguardedRoutes, type RouteSecurity } from './security/route-security.inspector';
export { IdempotencyInterceptor, IDEMPOTENCY_HEADER } from './idempotency/idempotency.interceptor';
