import pino, { type Logger, type LoggerOptions } from 'pino';
import { currentContext } from '@verticals/context';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level: string;
}

/** Header and field names that must never reach a log line in clear text. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'apiKey',
  'password',
  'token',
];

export function loggerOptions(settings: LoggerSettings): LoggerOptions {
  return {
    level: settings.level,
    base: { service: settings.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    // Every line written while serving a request or an event carries its ids.
    mixin: () => {
      const context = currentContext();
      return context
        ? { requestId: context.requestId, correlationId: context.correlationId, tenantId: context.tenantId }
        : {};
    },
  };
}

export function createLogger(settings: LoggerSettings, destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(settings), destination) : pino(loggerOptions(settings));
}
