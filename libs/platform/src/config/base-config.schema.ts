import { z } from 'zod';
import { securityConfigShape } from '../security/security-config.schema';

const truthy = ['1', 'true', 'yes', 'on'];
const falsy = ['0', 'false', 'no', 'off'];

/** A boolean environment variable: accepts 1/0, true/false, yes/no, on/off. */
export const envBoolean = (defaultValue: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return defaultValue;
      const normalized = value.trim().toLowerCase();
      if (truthy.includes(normalized)) return true;
      if (falsy.includes(normalized)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be one of true/false, 1/0, yes/no, on/off' });
      return z.NEVER;
    });

/** An integer environment variable within bounds. */
export const envInt = (defaultValue: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be an integer' })
    .int('must be an integer')
    .min(min, `must be >= ${min}`)
    .max(max, `must be <= ${max}`)
    .default(defaultValue);

export const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres://user:password@host:port/database URL');

/** The embedded PostgreSQL that `npm start` runs when DATABASE_URL is unset. */
export const EMBEDDED_DATABASE_URL = 'postgres://postgres:verticals@127.0.0.1:54329/verticals';
export const EMBEDDED_KAFKA_BROKERS = '127.0.0.1:9092';

const brokerList = z
  .string()
  .refine(
    (value) => value.split(',').every((broker) => /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(broker.trim())),
    'must be a comma-separated list of host:port',
  )
  .transform((value) => value.split(',').map((broker) => broker.trim()));

/** Variables every service reads. Services extend this schema with their own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl.default(EMBEDDED_DATABASE_URL),
  DATABASE_CONNECT_TIMEOUT_MS: envInt(10_000, 100, 300_000),
  DATABASE_POOL_SIZE: envInt(10, 1, 200),
  KAFKA_BROKERS: brokerList.default([EMBEDDED_KAFKA_BROKERS]),
  BODY_LIMIT_BYTES: envInt(1_048_576, 1_024, 512 * 1_048_576),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 100, 120_000),
  METRICS_PUBLIC: envBoolean(true),
  DOCS_PUBLIC: envBoolean(true),
  ...securityConfigShape,
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * A service's schema: the base variables, its own port variable (e.g. CUSTOMER_SERVICE_PORT, so one
 * environment file can configure every service), and its extra variables.
 */
export function serviceConfigSchema<Port extends string, Extra extends z.ZodRawShape>(portVariable: Port, defaultPort: number, extra: Extra) {
  // A computed key would widen to an index signature and type every variable as the port's number.
  const port = { [portVariable]: envInt(defaultPort, 0, 65_535) } as Record<Port, ReturnType<typeof envInt>>;
  return baseConfigSchema.extend(port).extend(extra);
}
