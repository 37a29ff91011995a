import { Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp, loadServiceConfig } from '../bootstrap/create-service-app';
import { PlatformModule } from '../platform.module';
import { ApiKeyStore } from './api-key.store';
import { runKeysCli } from './keys-cli.command';
import { describeRouteSecurity, unguardedRoutes } from './route-security.inspector';
import { requirePermissionOn } from './security.decorators';
import { buildSecurityTestApp, eventually, securityTestService, testPermissions } from './security-test-app.fixture';
import { startTestPostgres, type TestPostgres } from '@verticals/persistence/testing';

jest.setTimeout(60_000);

const BOOTSTRAP_KEY = 'bootstrap-admin-key-for-tests-0123456789abcdef';

/** Stands for a controller the platform does not own (the V2 inference API). */
@Controller('v2')
class ThirdPartyModelsController {
  @Get('models/:model')
  metadata() {
    return { name: 'm' };
  }

  @Post('repository/models/:model/load')
  load() {
    return { loaded: true };
  }
}
requirePermissionOn(ThirdPartyModelsController, 'models:read');
requirePermissionOn(ThirdPartyModelsController, 'models:admin', ['load']);

@Module({})
class WrappedModule {}

describe('platform routes, bootstrap key and keys CLI', () => {
  let postgres: TestPostgres;
  let databaseUrl: string;
  let app: NestExpressApplication;
  let agentKey: string;

  const env = () => ({
    DATABASE_URL: databaseUrl,
    BOOTSTRAP_ADMIN_API_KEY: BOOTSTRAP_KEY,
    METRICS_PUBLIC: 'false',
    DOCS_PUBLIC: 'false',
    CORS_ORIGINS: 'https://console.example',
  });

  beforeAll(async () => {
    postgres = await startTestPostgres();
    databaseUrl = await postgres.createDatabase('security_platform_routes');
    ({ app } = await buildSecurityTestApp({ env: env(), logLines: [] }));
    agentKey = (await app.get(ApiKeyStore).create({ tenantId: 'default', roles: ['agent'] })).key;
  });

  afterAll(async () => {
    await app?.close();
    await postgres?.stop();
  });

  it('guards every route: each is public or declares a permission, except the deliberately undeclared one', () => {
    const routes = describeRouteSecurity(app);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ controller: 'HealthController', path: '/health/live', public: true }),
        expect.objectContaining({ controller: 'HealthController', path: '/health/ready', public: true }),
        expect.objectContaining({
          controller: 'MetricsController',
          path: '/metrics',
          permission: 'metrics:read',
        }),
        expect.objectContaining({
          controller: 'AuditEventsController',
          path: '/v1/audit-events',
          permission: 'audit:read',
        }),
        expect.objectContaining({
          controller: 'NotesController',
          path: '/v1/notes/:id',
          permission: 'notes:read',
        }),
      ]),
    );
    expect(unguardedRoutes(app).map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /v1/undeclared',
    ]);
  });

  it('uses BOOTSTRAP_ADMIN_API_KEY as the default tenant’s admin key, once across restarts', async () => {
    await request(app.getHttpServer()).get('/v1/undeclared').set('X-API-Key', BOOTSTRAP_KEY).expect(200);
    const { app: restarted } = await buildSecurityTestApp({ env: env(), logLines: [] });
    await restarted.close();
    const keys = await app.get(ApiKeyStore).list('default');
    expect(keys.filter((key) => key.name === 'bootstrap-admin')).toHaveLength(1);
    expect(keys.find((key) => key.name === 'first-start-admin')).toBeUndefined();
  });

  it('protects /metrics and /docs when METRICS_PUBLIC and DOCS_PUBLIC are false', async () => {
    const http = request(app.getHttpServer());
    await http.get('/metrics').expect(401);
    await http.get('/metrics').set('X-API-Key', agentKey).expect(403);
    const metrics = await http.get('/metrics').set('X-API-Key', BOOTSTRAP_KEY).expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
    const docs = await http.get('/docs-json');
    expect(docs.status).toBe(401);
    expect(docs.headers['content-type']).toContain('application/problem+json');
    const document = await http.get('/docs-json').set('X-API-Key', agentKey).expect(200);
    expect(document.body.paths).toHaveProperty(['/v1/audit-events']);
    await http.get('/health/ready').expect(200);
  });

  it('allows CORS only for configured origins', async () => {
    const http = request(app.getHttpServer());
    const allowed = await http
      .options('/v1/notes')
      .set('Origin', 'https://console.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example');
    const other = await http
      .options('/v1/notes')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('protects controllers it does not own once their permissions are declared (model read vs model admin)', async () => {
    const config = loadServiceConfig(securityTestService, env());
    const { app: wrapped } = await createServiceApp(
      securityTestService,
      config,
      (serviceConfig): DynamicModule => ({
        module: WrappedModule,
        imports: [
          PlatformModule.forService({
            service: securityTestService,
            config: serviceConfig,
            permissions: testPermissions,
            logDestination: { write: () => undefined },
          }),
        ],
        controllers: [ThirdPartyModelsController],
      }),
    );
    try {
      const http = request(wrapped.getHttpServer());
      await http.get('/v2/models/m').expect(401);
      await http.get('/v2/models/m').set('X-API-Key', agentKey).expect(200);
      await http.post('/v2/repository/models/m/load').set('X-API-Key', agentKey).expect(403);
      await http.post('/v2/repository/models/m/load').set('X-API-Key', BOOTSTRAP_KEY).expect(201);
      expect(unguardedRoutes(wrapped)).toEqual([]);
    } finally {
      await wrapped.close();
    }
  });

  it('creates, lists and revokes keys from the CLI, printing a key only when it is created', async () => {
    const out: string[] = [];
    const io = { databaseUrl, out: (line: string) => void out.push(line) };
    await expect(
      runKeysCli(
        [
          'create',
          '--tenant',
          'cli-tenant',
          '--roles',
          'analyst,service',
          '--expires-in-days',
          '30',
          '--name',
          'etl',
        ],
        io,
      ),
    ).resolves.toBe(0);
    const key = out.join('\n').match(/X-API-Key: (vk_\S+)/)?.[1];
    expect(key).toBeDefined();
    await request(app.getHttpServer()).get('/v1/notes').set('X-API-Key', key!).expect(200);

    out.length = 0;
    await expect(runKeysCli(['list', '--tenant', 'cli-tenant'], io)).resolves.toBe(0);
    const listed = out.join('\n');
    expect(listed).toContain('cli-tenant  analyst,service');
    expect(listed).not.toContain(key);
    const id = listed.match(/^([0-9a-f-]{36})\s/m)?.[1];

    out.length = 0;
    await expect(runKeysCli(['revoke', id!], io)).resolves.toBe(0);
    // The CLI revokes through its own connection: this replica drops the key when the NOTIFY arrives (milliseconds later).
    const notes = () => request(app.getHttpServer()).get('/v1/notes').set('X-API-Key', key!);
    await eventually(async () => (await notes()).status === 401);
    await notes().expect(401);
    await expect(runKeysCli(['revoke', id!], io)).resolves.toBe(1);
    await expect(runKeysCli(['create', '--tenant', 't', '--roles', 'root'], io)).resolves.not.toBe(0);
    const rows = (await app.get(DataSource).query('SELECT key_hash FROM auth.api_keys')) as Array<{
      key_hash: string;
    }>;
    expect(rows.map((row) => row.key_hash)).not.toContain(key);
  });
});
