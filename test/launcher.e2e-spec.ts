import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@verticals/persistence/testing';
import { cleanEnv, runEntry } from './support/run-process';

/** `npm start` is `node tools/run.cjs tools/launcher/main.ts`; this drives that same entry point. */
jest.setTimeout(120_000);

describe('npm start (the launcher)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let servicePort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'verticals-launcher-'));
    chmodSync(dataDir, 0o755);
    servicePort = await freePort();
    env = cleanEnv({
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      KAFKA_PORT: String(await freePort()),
      CUSTOMER_SERVICE_PORT: String(servicePort),
    });
    delete env['DATABASE_URL'];
    delete env['KAFKA_BROKERS'];
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts PostgreSQL, the broker and the services, prints one line per service, stops cleanly on Ctrl-C and finds its data again', async () => {
    const first = runEntry('tools/launcher/main.ts', env);
    await first.waitFor(new RegExp(`^customer-service http://127\\.0\\.0\\.1:${servicePort}$`, 'm'));
    const ready = await fetch(`http://127.0.0.1:${servicePort}/health/ready`);
    expect(ready.status).toBe(200);
    expect(first.output()).toMatch(/postgres: PostgreSQL created and started/);
    expect(first.output()).toMatch(/kafka broker 127\.0\.0\.1:\d+/);
    // The first start's admin key is shown once at the console, never kept in the service's log file.
    const key = first.output().match(/X-API-Key: (vk_[A-Za-z0-9_-]{43})/)?.[1];
    expect(key).toBeDefined();
    const audit = await fetch(`http://127.0.0.1:${servicePort}/v1/audit-events?limit=1`, { headers: { 'X-API-Key': key! } });
    expect(audit.status).toBe(200);
    expect(readFileSync(join(dataDir, 'logs', 'customer-service.log'), 'utf8')).not.toContain(key!);

    // A service that dies is restarted by the launcher.
    const servicePid = Number(execFileSync('pgrep', ['-P', String(first.child.pid), '-f', 'apps/customer-service/src/main.ts'], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(servicePid, 'SIGKILL');
    await first.waitFor(new RegExp(`^customer-service http://127\\.0\\.0\\.1:${servicePort} \\(restarted\\)$`, 'm'));
    expect(first.errors()).toMatch(/customer-service exited \(SIGKILL\); restarting in 1 s/);
    await expect(fetch(`http://127.0.0.1:${servicePort}/health/ready`).then((r) => r.status)).resolves.toBe(200);

    first.signal('SIGINT');
    const stopped = await first.exit;
    expect(stopped.code).toBe(0);
    expect(stopped.afterMs).toBeLessThan(10_000);
    expect(first.output()).toContain(`stopped; data kept in ${dataDir}`);
    await expect(fetch(`http://127.0.0.1:${servicePort}/health/live`)).rejects.toThrow();

    const second = runEntry('tools/launcher/main.ts', env);
    try {
      await second.waitFor(/^customer-service http:/m);
      expect(second.output()).toMatch(/postgres: PostgreSQL started on existing data/);
    } finally {
      second.signal('SIGINT');
      await expect(second.exit).resolves.toMatchObject({ code: 0 });
    }
  });

  it('refuses an unknown service name with one line and exit code 1', async () => {
    const launcher = runEntry('tools/launcher/main.ts', { ...env, SERVICES: 'customer-service,billing', EMBEDDED_POSTGRES_PORT: String(await freePort()), KAFKA_PORT: String(await freePort()) });
    const exit = await launcher.exit;
    expect(exit.code).toBe(1);
    expect(launcher.errors()).toContain('launcher: SERVICES names unknown services: billing');
  });
});
