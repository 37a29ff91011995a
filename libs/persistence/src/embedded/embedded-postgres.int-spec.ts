import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_POSTGRES_CLI, freePort, spawnScript } from '../testing';

interface Ready {
  url: string;
  dataDir: string;
  reused: boolean;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let root: string;
  let port: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'verticals-embedded-'));
    chmodSync(root, 0o755);
    port = await freePort();
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates a cluster, keeps its data across a stop and start, and reuses a running server', async () => {
    const dataDir = join(root, 'pg');
    const first = await spawnScript<Ready>(EMBEDDED_POSTGRES_CLI, ['--data-dir', dataDir, '--port', String(port)]);
    expect(first.ready.reused).toBe(false);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    await query(first.ready.url, 'CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (42)');

    // A second process on the same data directory and port finds the server and reuses it.
    const second = await spawnScript<Ready>(EMBEDDED_POSTGRES_CLI, ['--data-dir', dataDir, '--port', String(port)]);
    expect(second.ready.reused).toBe(true);
    await expect(second.stop()).resolves.toBe(0);
    // Stopping the reusing process left the server running.
    await expect(query<{ id: number }>(first.ready.url, 'SELECT id FROM kept')).resolves.toEqual([{ id: 42 }]);

    await expect(first.stop()).resolves.toBe(0);
    await expect(query(first.ready.url, 'SELECT 1')).rejects.toThrow();

    const restarted = await spawnScript<Ready>(EMBEDDED_POSTGRES_CLI, ['--data-dir', dataDir, '--port', String(port)]);
    try {
      expect(restarted.ready.reused).toBe(false);
      await expect(query<{ id: number }>(restarted.ready.url, 'SELECT id FROM kept')).resolves.toEqual([{ id: 42 }]);
    } finally {
      await restarted.stop();
    }
  });

  // The relocation only exists for root: reported as skipped, not passed, elsewhere.
  (process.getuid?.() === 0 ? it : it.skip)('moves the data directory where the postgres OS user can reach it when running as root', async () => {
    const hidden = mkdtempSync(join(tmpdir(), 'verticals-private-')); // 0700: postgres cannot traverse it
    const relocatedPort = await freePort();
    const server = await spawnScript<Ready>(EMBEDDED_POSTGRES_CLI, ['--data-dir', join(hidden, 'pg'), '--port', String(relocatedPort)]);
    try {
      expect(server.ready.dataDir.startsWith('/var/lib/verticals/')).toBe(true);
      expect(server.stderr()).toContain('cannot traverse');
      await expect(query(server.ready.url, 'SELECT 1 AS ok')).resolves.toEqual([{ ok: 1 }]);
    } finally {
      await server.stop();
      rmSync(join(server.ready.dataDir, '..'), { recursive: true, force: true });
      rmSync(hidden, { recursive: true, force: true });
    }
  });
});
