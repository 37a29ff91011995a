import { DataSource } from 'typeorm';
import { startTestPostgres, type TestPostgres } from '@verticals/persistence/testing';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyStore } from './api-key.store';
import { AuditEventStore } from './audit-event.store';
import { type NewAuditEvent } from './audit-event';
import { platformMigrations } from './platform-migrations';
import { eventually } from './security-test-app.fixture';

jest.setTimeout(60_000);

function auditEvent(resourceId: string, details: Record<string, unknown> = {}): NewAuditEvent {
  return {
    tenantId: 'tenant-a',
    actorType: 'api-key',
    actorId: 'k1',
    action: 'http',
    method: 'POST',
    route: '/v1/things',
    resourceId,
    statusCode: 201,
    correlationId: null,
    requestId: null,
    details,
  };
}

describe('API key cache and batched audit rows (embedded PostgreSQL)', () => {
  let postgres: TestPostgres;
  let db: DataSource;
  let otherReplica: DataSource;

  beforeAll(async () => {
    postgres = await startTestPostgres();
    const url = await postgres.createDatabase('security_caching');
    db = await new DataSource({ type: 'postgres', url, schema: 'public', migrations: platformMigrations }).initialize();
    await db.runMigrations();
    otherReplica = await new DataSource({ type: 'postgres', url }).initialize();
  });

  afterAll(async () => {
    await otherReplica?.destroy();
    await db?.destroy();
    await postgres?.stop();
  });

  describe('ApiKeyCache', () => {
    let store: ApiKeyStore;
    let cache: ApiKeyCache;

    beforeEach(async () => {
      store = new ApiKeyStore(db);
      cache = new ApiKeyCache(store, db, { ttlMs: 60_000 });
      await cache.onApplicationBootstrap();
    });

    afterEach(() => cache.onApplicationShutdown());

    it('answers a known key from memory after the first lookup', async () => {
      const { key, record } = await store.create({ tenantId: 'tenant-a', roles: ['agent'] });
      expect(cache.active).toBe(true);
      await expect(cache.authenticate(key)).resolves.toMatchObject({ id: record.id, tenantId: 'tenant-a' });
      const lookups = jest.spyOn(store, 'authenticate');
      await expect(cache.authenticate(key)).resolves.toMatchObject({ id: record.id });
      expect(lookups).not.toHaveBeenCalled();
    });

    it('stops accepting a key revoked by another replica as soon as the notification arrives', async () => {
      const { key, record } = await store.create({ tenantId: 'tenant-a', roles: ['agent'] });
      await expect(cache.authenticate(key)).resolves.toBeDefined();
      await expect(new ApiKeyStore(otherReplica).revoke(record.id)).resolves.toBe(true);
      await eventually(async () => (await cache.authenticate(key)) === undefined);
      await expect(cache.authenticate(key)).resolves.toBeUndefined();
    });

    it('stops accepting a key revoked in this process before revoke() returns', async () => {
      const { key, record } = await store.create({ tenantId: 'tenant-a', roles: ['agent'] });
      await expect(cache.authenticate(key)).resolves.toBeDefined();
      await store.revoke(record.id);
      await expect(cache.authenticate(key)).resolves.toBeUndefined();
    });

    it('honours expiry on cached keys and never caches unknown keys', async () => {
      const { key } = await store.create({ tenantId: 'tenant-a', roles: ['agent'], expiresAt: new Date(Date.now() + 60_000) });
      await expect(cache.authenticate(key)).resolves.toBeDefined();
      await expect(cache.authenticate(key, new Date(Date.now() + 120_000))).resolves.toBeUndefined();
      const { key: unknown } = { key: `${key.slice(0, -4)}zzzz` };
      const lookups = jest.spyOn(store, 'authenticate');
      await cache.authenticate(unknown);
      await cache.authenticate(unknown);
      expect(lookups).toHaveBeenCalledTimes(2);
    });

    it('asks PostgreSQL every time when the TTL is 0', async () => {
      const uncached = new ApiKeyCache(store, db, { ttlMs: 0 });
      await uncached.onApplicationBootstrap();
      const { key } = await store.create({ tenantId: 'tenant-a', roles: ['agent'] });
      const lookups = jest.spyOn(store, 'authenticate');
      await uncached.authenticate(key);
      await uncached.authenticate(key);
      expect(lookups).toHaveBeenCalledTimes(2);
      expect(uncached.active).toBe(false);
      await uncached.onApplicationShutdown();
    });
  });

  describe('AuditEventStore batching', () => {
    const rows = async (prefix: string) =>
      (await db.query(`SELECT resource_id FROM public.audit_events WHERE resource_id LIKE $1 ORDER BY id`, [`${prefix}%`])) as { resource_id: string }[];

    it('writes concurrent appends in one multi-row INSERT, each resolving once stored, in order', async () => {
      const store = new AuditEventStore(db, 'public', { flushIntervalMs: 50, maxBatch: 1_000 });
      const queries = jest.spyOn(db, 'query');
      await Promise.all(Array.from({ length: 20 }, (_unused, i) => store.append(auditEvent(`batch-${String(i).padStart(2, '0')}`))));
      expect(queries.mock.calls.filter(([sql]) => String(sql).includes('INSERT INTO'))).toHaveLength(1);
      queries.mockRestore();
      expect((await rows('batch-')).map((row) => row.resource_id)).toEqual(Array.from({ length: 20 }, (_unused, i) => `batch-${String(i).padStart(2, '0')}`));
    });

    it('writes a full batch at once and flush() writes what is waiting', async () => {
      const store = new AuditEventStore(db, 'public', { flushIntervalMs: 60_000, maxBatch: 3 });
      const full = Promise.all([1, 2, 3].map((i) => store.append(auditEvent(`full-${i}`))));
      await expect(full).resolves.toBeDefined();
      const waiting = store.append(auditEvent('flushed-1'));
      await store.flush();
      await expect(waiting).resolves.toBeUndefined();
      expect(await rows('full-')).toHaveLength(3);
      expect(await rows('flushed-')).toHaveLength(1);
    });

    it('keeps the good rows of a batch that holds a bad one, and rejects only the bad one', async () => {
      const store = new AuditEventStore(db, 'public', { flushIntervalMs: 20 });
      const results = await Promise.allSettled([
        store.append(auditEvent('mixed-1')),
        store.append({ ...auditEvent('mixed-bad'), actorType: null as unknown as string }),
        store.append(auditEvent('mixed-2')),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await rows('mixed-')).map((row) => row.resource_id)).toEqual(['mixed-1', 'mixed-2']);
    });
  });
});
