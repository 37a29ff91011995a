import { freePort, startTestPostgres, type TestPostgres } from '@verticals/persistence/testing';
import { cleanEnv, runEntry } from './support/run-process';

const entry = 'apps/customer-service/src/main.ts';

describe('a service process', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    postgres = await startTestPostgres();
  });
  afterAll(async () => postgres.stop());

  it('stops at boot with one clear line and exit code 1 when DATABASE_URL points nowhere', async () => {
    const service = runEntry(entry, cleanEnv({ DATABASE_URL: 'postgres://bad', DATABASE_CONNECT_TIMEOUT_MS: '1000', CUSTOMER_SERVICE_PORT: String(await freePort()) }));
    const { code } = await service.exit;
    expect(code).toBe(1);
    const lines = service.errors().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^customer-service: cannot connect to PostgreSQL at postgres:\/\/bad.*: .*ENOTFOUND/);
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
    const service = runEntry(entry, cleanEnv({ DATABASE_URL: await postgres.createDatabase(), CUSTOMER_SERVICE_PORT: String(port), SHUTDOWN_TIMEOUT_MS: '5000' }));
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
