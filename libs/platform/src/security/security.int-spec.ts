import { generateKeyPairSync, type KeyObject, sign as signWithKey, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiKeyStore } from './api-key.store';
import { AuditTrail } from './audit-trail.service';
import { buildSecurityTestApp } from './security-test-app.fixture';
import { startTestPostgres, type TestPostgres } from '@verticals/persistence/testing';
import { hostRequire } from './testing/host-require';

// jose 6 is ESM-only: the real library, loaded by Node's own loader (as in production).
jest.mock('jose', () => hostRequire('jose'));
jest.setTimeout(60_000);

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'verticals-api';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Signs an ES256 JWT with node:crypto (independent of the jose code under test). */
function signJwt(privateKey: KeyObject, claims: Record<string, unknown>, kid = 'test-key'): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
  const payload = base64url(
    JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1', iat: now, exp: now + 300, ...claims }),
  );
  const signature = signWithKey('sha256', Buffer.from(`${header}.${payload}`), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${payload}.${base64url(signature)}`;
}

describe('security baseline over HTTP (embedded PostgreSQL, JWKS served locally)', () => {
  let postgres: TestPostgres;
  let jwks: Server;
  let app: NestExpressApplication;
  let db: DataSource;
  let audit: AuditTrail;
  const logLines: string[] = [];
  const stdout: string[] = [];
  const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys: Record<string, string> = {};
  const keyIds: Record<string, string> = {};

  const http = () => request(app.getHttpServer());
  const auditRows = async (where = 'true', parameters: unknown[] = []) => {
    await audit.settled();
    return (await db.query(
      `SELECT * FROM security_test.audit_events WHERE ${where} ORDER BY id`,
      parameters,
    )) as Array<Record<string, unknown>>;
  };

  beforeAll(async () => {
    postgres = await startTestPostgres();
    const databaseUrl = await postgres.createDatabase('security_http');
    const jwk: JsonWebKey = signing.publicKey.export({ format: 'jwk' });
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [{ ...jwk, kid: 'test-key', alg: 'ES256', use: 'sig' }] }));
    });
    await new Promise<void>((resolveListen) => jwks.listen(0, '127.0.0.1', resolveListen));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;

    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    try {
      ({ app } = await buildSecurityTestApp({
        env: {
          DATABASE_URL: databaseUrl,
          AUTH_JWT_JWKS_URL: jwksUrl,
          AUTH_JWT_ISSUER: ISSUER,
          AUTH_JWT_AUDIENCE: AUDIENCE,
          RATE_LIMIT_PER_MINUTE: '1000',
          RATE_LIMIT_EXPENSIVE_PER_MINUTE: '3',
        },
        logLines,
      }));
    } finally {
      spy.mockRestore();
    }
    db = app.get(DataSource);
    audit = app.get(AuditTrail);
    const printed = stdout.join('').match(/X-API-Key: (vk_[A-Za-z0-9_-]{43})/);
    keys['admin'] = printed?.[1] ?? '';

    const store = app.get(ApiKeyStore);
    const create = async (
      name: string,
      tenantId: string,
      roles: Parameters<ApiKeyStore['create']>[0]['roles'],
      expiresAt?: Date,
    ) => {
      const { key, record } = await store.create({ tenantId, roles, name, expiresAt });
      keys[name] = key;
      keyIds[name] = record.id;
    };
    await create('agentA', 'tenant-a', ['agent']);
    await create('agentA2', 'tenant-a', ['agent']);
    await create('analystA', 'tenant-a', ['analyst']);
    await create('agentB', 'tenant-b', ['agent']);
    await create('adminB', 'tenant-b', ['admin']);
    await create('expired', 'tenant-a', ['agent'], new Date(Date.now() - 1_000));
    await create('revoked', 'tenant-a', ['agent']);
    await store.revoke(keyIds['revoked']!);
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolveClose) => jwks?.close(resolveClose));
    await postgres?.stop();
  });

  it('prints a first-start admin key once, outside the JSON logs, and the key works', async () => {
    expect(keys['admin']).toMatch(/^vk_/);
    expect(stdout.join('').split(keys['admin']!).length - 1).toBe(1);
    await http().get('/v1/undeclared').set('X-API-Key', keys['admin']!).expect(200, { reached: true });
  });

  it('serves public routes without credentials', async () => {
    await http().get('/v1/ping').expect(200, { pong: true });
    await http().get('/health/live').expect(200);
    await http().get('/metrics').expect(200);
  });

  it('answers 401 problem+json, identical for missing, unknown, expired and revoked keys', async () => {
    const attempts = [
      http().get('/v1/notes'),
      http().get('/v1/notes').set('X-API-Key', 'vk_this-key-does-not-exist-anywhere-at-all-000000'),
      http().get('/v1/notes').set('X-API-Key', keys['expired']!),
      http().get('/v1/notes').set('X-API-Key', keys['revoked']!),
      http().get('/v1/notes').set('Authorization', 'Bearer not-a-jwt'),
    ];
    const responses = await Promise.all(attempts);
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['www-authenticate']).toBeDefined();
      expect({ ...response.body, correlationId: undefined }).toEqual({
        ...responses[0]!.body,
        correlationId: undefined,
      });
    }
    expect(responses[0]!.body).toMatchObject({ status: 401, code: 'authentication-required' });
  });

  it('accepts a valid JWT from the JWKS and rejects wrong issuer, audience, expiry, signer or a missing tenant', async () => {
    const good = signJwt(signing.privateKey, { tenant_id: 'tenant-a', roles: ['analyst'] });
    await http().get('/v1/notes').set('Authorization', `Bearer ${good}`).expect(200);
    const bad = [
      signJwt(signing.privateKey, { tenant_id: 'tenant-a', roles: ['analyst'], iss: 'https://evil.test/' }),
      signJwt(signing.privateKey, { tenant_id: 'tenant-a', roles: ['analyst'], aud: 'someone-else' }),
      signJwt(signing.privateKey, {
        tenant_id: 'tenant-a',
        roles: ['analyst'],
        exp: Math.floor(Date.now() / 1000) - 60,
      }),
      signJwt(stranger.privateKey, { tenant_id: 'tenant-a', roles: ['analyst'] }),
      signJwt(signing.privateKey, { roles: ['analyst'] }),
    ];
    for (const token of bad)
      await http().get('/v1/notes').set('Authorization', `Bearer ${token}`).expect(401);
    const noRoles = signJwt(signing.privateKey, { tenant_id: 'tenant-a', roles: ['superuser'] });
    await http().get('/v1/notes').set('Authorization', `Bearer ${noRoles}`).expect(403);
  });

  it('answers 403 problem+json when the role lacks the permission', async () => {
    const denied = await http()
      .post('/v1/notes')
      .set('X-API-Key', keys['analystA']!)
      .send({ text: 'not allowed' });
    expect(denied.status).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect(denied.body).toMatchObject({ status: 403, code: 'permission-denied' });
    await http().get('/v1/undeclared').set('X-API-Key', keys['agentA']!).expect(403);
    await http().get('/v1/audit-events').set('X-API-Key', keys['agentA']!).expect(403);
  });

  it('keeps tenants apart: B can neither read, list, change nor delete A’s note', async () => {
    const created = await http()
      .post('/v1/notes')
      .set('X-API-Key', keys['agentA']!)
      .send({ text: 'tenant A secret' })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body.tenantId).toBe('tenant-a');

    await http().get(`/v1/notes/${id}`).set('X-API-Key', keys['agentB']!).expect(404);
    const listB = await http().get('/v1/notes').set('X-API-Key', keys['agentB']!).expect(200);
    expect(listB.body).toEqual([]);
    await http()
      .patch(`/v1/notes/${id}`)
      .set('X-API-Key', keys['agentB']!)
      .send({ text: 'overwritten' })
      .expect(404);
    await http().delete(`/v1/notes/${id}`).set('X-API-Key', keys['adminB']!).expect(404);
    await http().post(`/v1/notes/${id}/summaries`).set('X-API-Key', keys['agentB']!).expect(404);
    await http()
      .post('/v1/notes')
      .set('X-API-Key', keys['agentB']!)
      .send({ text: 'x', tenantId: 'tenant-a' })
      .expect(400);

    const stillThere = await http().get(`/v1/notes/${id}`).set('X-API-Key', keys['agentA']!).expect(200);
    expect(stillThere.body).toEqual({ id, tenantId: 'tenant-a', text: 'tenant A secret' });
    const listA = await http().get('/v1/notes').set('X-API-Key', keys['analystA']!).expect(200);
    expect(listA.body.map((note: { id: string }) => note.id)).toContain(id);
    const rows = (await db.query('SELECT tenant_id FROM security_test.notes')) as Array<{
      tenant_id: string;
    }>;
    expect(rows.every((row) => row.tenant_id === 'tenant-a')).toBe(true);
  });

  it('answers 429 with Retry-After once a key exceeds its expensive-route limit, per key', async () => {
    const created = await http()
      .post('/v1/notes')
      .set('X-API-Key', keys['agentA2']!)
      .send({ text: 'to summarise' })
      .expect(201);
    const id = created.body.id as string;
    for (let call = 0; call < 3; call += 1) {
      await http().post(`/v1/notes/${id}/summaries`).set('X-API-Key', keys['agentA2']!).expect(200);
    }
    const limited = await http().post(`/v1/notes/${id}/summaries`).set('X-API-Key', keys['agentA2']!);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate-limited' });
    await http().post(`/v1/notes/${id}/summaries`).set('X-API-Key', keys['agentA']!).expect(200);
    await http().get('/v1/notes').set('X-API-Key', keys['agentA2']!).expect(200);
  });

  it('records who, what, when, outcome and correlation id for every case', async () => {
    const created = await http()
      .post('/v1/notes')
      .set('X-API-Key', keys['agentA']!)
      .set('X-Correlation-Id', 'corr-audit-1')
      .send({ text: 'audited' })
      .expect(201);
    await http().get(`/v1/notes/${created.body.id}`).set('X-API-Key', keys['analystA']!).expect(200);

    const write = await auditRows(`correlation_id = 'corr-audit-1'`);
    expect(write).toHaveLength(1);
    expect(write[0]).toMatchObject({
      tenant_id: 'tenant-a',
      actor_type: 'api-key',
      actor_id: keyIds['agentA'],
      action: 'http',
      method: 'POST',
      route: '/v1/notes',
      resource_id: created.body.id,
      status_code: 201,
      details: { length: 7 },
    });
    expect(write[0]!['occurred_at']).toBeInstanceOf(Date);

    const read = await auditRows(`method = 'GET' AND route = '/v1/notes/:id' AND resource_id = $1`, [
      created.body.id,
    ]);
    expect(read).toEqual([expect.objectContaining({ actor_id: keyIds['analystA'], status_code: 200 })]);

    const statuses = (await auditRows()).map((row) => row['status_code']);
    expect(statuses).toEqual(expect.arrayContaining([401, 403, 404, 429, 201, 200]));
    expect(
      await auditRows(`status_code = 401 AND actor_type = 'anonymous' AND tenant_id IS NULL`),
    ).not.toHaveLength(0);
    expect(
      await auditRows(`status_code = 404 AND actor_id = $1 AND method = 'PATCH'`, [keyIds['agentB']]),
    ).toHaveLength(1);
    expect(await auditRows(`status_code = 429 AND actor_id = $1`, [keyIds['agentA2']])).toHaveLength(1);
    expect(await auditRows(`action = 'note.summarized' AND tenant_id = 'tenant-a'`)).not.toHaveLength(0);
    // Plain reads of routes without @AuditRead are not recorded.
    expect(await auditRows(`method = 'GET' AND route = '/v1/notes' AND status_code = 200`)).toHaveLength(0);
  });

  it('keeps the audit table append-only', async () => {
    await expect(db.query('UPDATE security_test.audit_events SET status_code = 200')).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM security_test.audit_events')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE security_test.audit_events')).rejects.toThrow(/append-only/);
  });

  it('lets admins page through their own tenant’s audit events only', async () => {
    const first = await http().get('/v1/audit-events?limit=2').set('X-API-Key', keys['adminB']!).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((event: { tenantId: string }) => event.tenantId === 'tenant-b')).toBe(true);
    const second = await http()
      .get(`/v1/audit-events?limit=2&cursor=${first.body.nextCursor}`)
      .set('X-API-Key', keys['adminB']!)
      .expect(200);
    const firstIds = first.body.items.map((event: { id: string }) => event.id);
    for (const event of second.body.items as Array<{ id: string }>) {
      expect(firstIds).not.toContain(event.id);
      expect(Number(event.id)).toBeLessThan(Math.min(...firstIds.map(Number)));
    }
    const byActor = await http()
      .get(`/v1/audit-events?actor=${keyIds['agentB']}`)
      .set('X-API-Key', keys['adminB']!)
      .expect(200);
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(byActor.body.items.every((event: { actorId: string }) => event.actorId === keyIds['agentB'])).toBe(
      true,
    );
    const future = await http()
      .get('/v1/audit-events?from=2999-01-01T00:00:00Z')
      .set('X-API-Key', keys['adminB']!)
      .expect(200);
    expect(future.body).toEqual({ items: [], nextCursor: null });
    await http().get('/v1/audit-events?limit=0').set('X-API-Key', keys['adminB']!).expect(400);
  });

  it('never stores or logs a key or token in clear text', async () => {
    await audit.settled();
    const stored = JSON.stringify(await db.query('SELECT * FROM auth.api_keys'));
    const audited = JSON.stringify(await db.query('SELECT * FROM security_test.audit_events'));
    const logs = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const key of Object.values(keys)) {
      expect(key.length).toBeGreaterThan(40);
      expect(stored).not.toContain(key);
      expect(audited).not.toContain(key);
      expect(logs).not.toContain(key);
    }
    expect(logs).not.toContain('Bearer ');
  });

  it('sends security headers and no CORS headers unless configured', async () => {
    const response = await http().get('/v1/ping').set('Origin', 'https://evil.example').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
