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
