import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startTestInfrastructure, type TestInfrastructure } from '@verticals/messaging/testing';
import { freePort } from '@verticals/persistence/testing';
import { cleanEnv, runEntry } from './support/run-process';

const entry = 'apps/customer-service/src/main.ts';

describe('a service process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'verticals-service-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let infra: TestInfrastructure;
  beforeAll(async () => {
    infra = await startTestInfrastructure();
  });
  afterAll(async () => infra.stop());

  it('stops at boot with one clear line and exit code 1 when DATABASE_URL points nowhere', async () => {
    const service = runEntry(entry, cleanEnv({ DATABASE_URL: 'postgres://bad', DATABASE_CONNECT_TIMEOUT_MS: '1000', CUSTOMER_SERVICE_PORT: String(await freePort()) }));
    const { code } = await service.exit;
    expect(code).toBe(1);
    const lines = service.errors().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^customer-service: cannot connect to PostgreSQL at postgres:\/\/bad.*: .*ENOTFOUND/);
  });

  it('stops at boot with one clear line and exit code 1 when Kafka cannot be reached', async () => {
    const service = runEntry(
      entry,
      cleanEnv({ DATABASE_URL: await createTestDatabase(infra.databaseUrl), KAFKA_BROKERS: `127.0.0.1:${await freePort()}`, CUSTOMER_SERVICE_PORT: String(await freePort()), DATA_DIR: dataDir }),
    );
    const { code } = await service.exit;
    expect(code).toBe(1);
    const lines = service.errors().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^customer-service: .*ECONNREFUSED/);
  });

  it('stops at boot with one line naming each invalid variable', async () => {
    const service = runEntry(entry, cleanEnv({ CUSTOMER_SERVICE_PORT: 'http', LOG_LEVEL: 'loud' }));
    const { code } = await service.exit;
    expect(code).toBe(1);
    const lines = service.errors().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('customer-service: Invalid configuration:');
    expect(lines[0]).toContain("CUSTOMER_SERVICE_PORT must be an integer (got 'http')");
    expect(lines[0]).toContain("LOG_LEVEL");
  });

  it('serves health, then drains and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const service = runEntry(
      entry,
      cleanEnv({ DATABASE_URL: await createTestDatabase(infra.databaseUrl), KAFKA_BROKERS: infra.kafkaBrokers, CUSTOMER_SERVICE_PORT: String(port), SHUTDOWN_TIMEOUT_MS: '5000', DATA_DIR: dataDir }),
    );
    await service.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    service.signal('SIGTERM');
    const exit = await service.exit;
    expect(exit.code).toBe(0);
    expect(exit.afterMs).toBeLessThan(5000);
    expect(service.output()).toContain('customer-service stopped');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });
});
