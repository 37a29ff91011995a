import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { Client } from 'pg';

// TypeORM's own option types for entities and migrations (classes, schemas or glob strings).
type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;
type MigrationList = MixedList<string | (new (...args: never[]) => unknown)>;

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this service owns, e.g. `customer_service`. No service reads another's. */
  schema: string;
  entities: EntityList;
  migrations: MigrationList;
  poolSize?: number;
  connectTimeoutMs?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
}

/** A DataSource bound to one service's schema; never synchronizes, migrations own the schema. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: options.applicationName,
    poolSize: options.poolSize ?? 10,
    connectTimeoutMS: options.connectTimeoutMs ?? 10_000,
    // Unqualified names (in migrations and raw SQL) resolve inside the service's own schema.
    extra: { connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, options: `-c search_path="${options.schema}"` },
  });
}

/** Plain-language reason a connection attempt failed, without the driver's stack. */
export function describeConnectionError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: string }).code;
  const base = error.message.split('\n')[0] ?? error.message;
  return code && !base.includes(code) ? `${base} (${code})` : base;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

export class DatabaseUnavailableError extends Error {
  constructor(url: string, reason: string) {
    super(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}

const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', '57P03', 'ETIMEDOUT']);

/**
 * Creates the service's schema, connects, and applies pending migrations (each in its own
 * transaction). Waits for a database that is still starting, up to connectTimeoutMs; fails at once on
 * errors that waiting cannot fix (unknown host, wrong password).
 */
export async function initializeServiceDataSource(dataSource: DataSource, options: ServiceDataSourceOptions): Promise<void> {
  const deadline = Date.now() + (options.connectTimeoutMs ?? 10_000);
  for (;;) {
    try {
      const client = new Client({ connectionString: options.url, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      break;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !transientCodes.has(code) || Date.now() > deadline) {
        throw new DatabaseUnavailableError(options.url, describeConnectionError(error));
      }
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 250));
    }
  }
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
}
