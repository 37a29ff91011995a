import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestDatabase, startTestInfrastructure, type TestInfrastructure } from '@verticals/messaging/testing';
import { ApiKeyStore, createServiceApp, loadServiceConfig, type Role } from '@verticals/platform';
import { AppModule } from '../app.module';
import { customerService } from '../customer-service.service';

export const ADMIN_KEY = `vk_${'c'.repeat(43)}`;
const repositoryRoot = resolve(__dirname, '..', '..', '..', '..');

export interface CustomerServiceFixture {
  app: NestExpressApplication;
  infra: TestInfrastructure;
  databaseUrl: string;
  /** Creates an API key for `tenantId` with `roles`. */
  key(roles: Role[], tenantId?: string): Promise<string>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The whole service (real migrations, real models through worker threads) on a fresh database and the embedded broker. */
export async function startCustomerService(env: Record<string, string> = {}, infra?: TestInfrastructure): Promise<CustomerServiceFixture> {
  const ownInfra = infra === undefined;
  const infrastructure = infra ?? (await startTestInfrastructure());
  const databaseUrl = await createTestDatabase(infrastructure.databaseUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-test-'));
  chmodSync(dataDir, 0o755);
  const config = loadServiceConfig(customerService, {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATA_DIR: dataDir,
    MODELS_SEED_PATH: join(repositoryRoot, 'models'),
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
    ...env,
  });
  const { app } = await createServiceApp(customerService, config, (serviceConfig) => AppModule.register(serviceConfig));
  const store = app.get(ApiKeyStore);
  return {
    app,
    infra: infrastructure,
    databaseUrl,
    key: async (roles, tenantId = 'default') => (await store.create({ tenantId, roles, name: roles.join('+') })).key,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      if (ownInfra) await infrastructure.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
