import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { spawnScript } from './spawn-script';

export const EMBEDDED_POSTGRES_CLI = 'libs/persistence/src/cli/embedded-postgres.cli.ts';

/** A TCP port that was free a moment ago (for servers that cannot take port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Creates an empty database `<prefix>_<random>` on the server of `serverUrl`; returns its URL. */
export async function createTestDatabase(serverUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestPostgres {
  /** URL of the `verticals` database of this throwaway cluster. */
  url: string;
  /** Creates an empty database for one test file and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real, throwaway PostgreSQL cluster for a test file, run in a child process (the embedded
 * binaries' package is an ES module Jest cannot load). Its folder is world-traversable so the
 * `postgres` OS user can use it when tests run as root.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'verticals-pg-'));
  chmodSync(root, 0o755);
  const port = await freePort();
  const server = await spawnScript<{ url: string }>(EMBEDDED_POSTGRES_CLI, ['--data-dir', join(root, 'data'), '--port', String(port)]);
  return {
    url: server.ready.url,
    createDatabase: (prefix) => createTestDatabase(server.ready.url, prefix),
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
