import request from 'supertest';
import { DataSource } from 'typeorm';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { startTestPostgres, type TestPostgres } from '@verticals/persistence/testing';
import { ApiKeyStore } from '../security/api-key.store';
import { buildSecurityTestApp } from '../security/security-test-app.fixture';

jest.setTimeout(60_000);

describe('Idempotency-Key on POST', () => {
  let postgres: TestPostgres;
  let app: NestExpressApplication;
  let db: DataSource;
  const keys: Record<string, string> = {};

  const post = (apiKey: string, idempotencyKey: string | undefined, text: string) => {
    const call = request(app.getHttpServer()).post('/v1/notes').set('X-API-Key', apiKey).send({ text });
    return idempotencyKey === undefined ? call : call.set('Idempotency-Key', idempotencyKey);
  };
  const noteCount = async () => Number((await db.query(`SELECT count(*) AS n FROM security_test.notes`))[0].n);

  beforeAll(async () => {
    postgres = await startTestPostgres();
    ({ app } = await buildSecurityTestApp({ env: { DATABASE_URL: await postgres.createDatabase('idempotency'), LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_API_KEY: `vk_${'a'.repeat(43)}` } }));
    db = app.get(DataSource);
    const store = app.get(ApiKeyStore);
    keys['a'] = (await store.create({ tenantId: 'tenant-a', roles: ['agent'], name: 'a' })).key;
    keys['b'] = (await store.create({ tenantId: 'tenant-b', roles: ['agent'], name: 'b' })).key;
  });

  afterAll(async () => {
    await app?.close();
    await postgres?.stop();
  });

  it('runs the first request once and replays its response for retries with the same key', async () => {
    const before = await noteCount();
    const first = await post(keys['a']!, 'create-note-1', 'hello');
    expect(first.status).toBe(201);
    const retry = await post(keys['a']!, 'create-note-1', 'hello');
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await noteCount()).toBe(before + 1);
  });

  it('rejects the same key with a different body with 422', async () => {
    await post(keys['a']!, 'create-note-2', 'one').expect(201);
    const reused = await post(keys['a']!, 'create-note-2', 'two');
    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toMatch(/problem\+json/);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys per tenant: another tenant using the same key gets its own result', async () => {
    const a = await post(keys['a']!, 'shared-key', 'from a');
    const b = await post(keys['b']!, 'shared-key', 'from a');
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('releases the key when the request fails, so a corrected retry can use it', async () => {
    const invalid = await request(app.getHttpServer()).post('/v1/notes').set('X-API-Key', keys['a']!).set('Idempotency-Key', 'create-note-3').send({ text: 42 });
    expect(invalid.status).toBe(400);
    // The validation pipe failed inside the interceptor: the key was released, not stored.
    const rows = await db.query(`SELECT key FROM security_test.idempotency_keys WHERE key = 'create-note-3'`);
    expect(rows).toEqual([]);
    await post(keys['a']!, 'create-note-3', 'fixed').expect(201);
  });

  it('refuses malformed keys with 400 naming the header', async () => {
    const response = await post(keys['a']!, 'x'.repeat(300), 'text');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', rule: 'pattern', message: 'must be 1 to 255 visible ASCII characters' }]);
  });

  it('leaves POSTs without the header alone', async () => {
    const before = await noteCount();
    await post(keys['a']!, undefined, 'same').expect(201);
    await post(keys['a']!, undefined, 'same').expect(201);
    expect(await noteCount()).toBe(before + 2);
  });
});
