import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { startTestPostgres, type TestPostgres } from '@verticals/persistence/testing';
import { ApiKeyStore, runWithContext, unguardedRoutes } from '@verticals/platform';
import { TextAnalysisService } from '../analysis/text-analysis.service';
import { TrainingJobEntity } from '../persistence/training-job.entity';
import { buildNlpTestApp } from './nlp-test-app.fixture';
import { TrainingFeedbackService } from './training-feedback.service';
import { TrainingJobRunner } from './training-job.runner';

const ADMIN_KEY = `vk_${'a'.repeat(43)}`;
const INTENT_ROWS: [string, string][] = [
  ['where is my order', 'order_status'],
  ['has my package shipped yet', 'order_status'],
  ['track my order please', 'order_status'],
  ['order status for 1234', 'order_status'],
  ['when will my order arrive', 'order_status'],
  ['i want my money back', 'returns_refunds'],
  ['how do i return these shoes', 'returns_refunds'],
  ['refund for a broken item', 'returns_refunds'],
  ['send back the jacket for a refund', 'returns_refunds'],
  ['return label please', 'returns_refunds'],
  ['hello there', 'greeting_thanks'],
  ['thanks a lot', 'greeting_thanks'],
  ['thank you so much', 'greeting_thanks'],
  ['hi, good morning', 'greeting_thanks'],
  ['cheers, bye', 'greeting_thanks'],
];
const csv = (rows: [string, string][]): string => ['text,label', ...rows.map(([t, l]) => `"${t}",${l}`)].join('\n');

describe('training sets, jobs and model activation (embedded PostgreSQL)', () => {
  let postgres: TestPostgres;
  let app: NestExpressApplication;
  let repositoryPath: string;
  let otherAdmin: string;
  let agent: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    postgres = await startTestPostgres();
    repositoryPath = mkdtempSync(join(tmpdir(), 'cs-nlp-runtime-'));
    ({ app } = await buildNlpTestApp(
      { DATABASE_URL: await postgres.createDatabase('cs_nlp'), BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY },
      { repositoryPath, maxTrainingSetBytes: 16 * 1024, activeVersionCacheMs: 0 },
    ));
    await app.init();
    const keys = app.get(ApiKeyStore);
    otherAdmin = (await keys.create({ tenantId: 'acme', roles: ['admin'] })).key;
    agent = (await keys.create({ tenantId: 'default', roles: ['agent'] })).key;
  });

  afterAll(async () => {
    await app?.close();
    await postgres?.stop();
    rmSync(repositoryPath, { recursive: true, force: true });
  });

  it('guards every route it adds', () => {
    expect(unguardedRoutes(app).filter((r) => !r.path.startsWith('/v2'))).toEqual([]);
  });

  it('seeds the runtime repository and lists the highest seeded version as active, the dense v1 kept for rollback', async () => {
    expect(readdirSync(join(repositoryPath, 'customer-service-intent'))).toEqual(expect.arrayContaining(['1', '2']));
    const res = await http().get('/v1/intents/models').set('X-API-Key', agent).expect(200);
    expect(res.body).toMatchObject({
      kind: 'intent',
      activeVersion: 2,
      items: [
        { version: 1, source: 'seeded', active: false },
        { version: 2, source: 'seeded', active: true },
      ],
    });
    expect(res.body.items[1].metrics.heldOut.macroF1).toBeGreaterThan(0.5);
  });

  it('mounts explicit /v1/intents and /v1/sentiment routes that cannot capture other /v1 routes', async () => {
    await http().get('/v1/sentiment/models').set('X-API-Key', agent).expect(200);
    // A `v1/:kind/...` parameter route answered these with its own "use intents or sentiment" 404.
    for (const path of ['/v1/conversations/models', '/v1/conversations/training-sets', '/v1/conversations/training-sets/0b7e2a1c-1111-4a1a-9a1a-1a1a1a1a1a1a']) {
      const res = await http().get(path).set('X-API-Key', agent).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('use intents or sentiment');
    }
  });

  it('rejects bad rows with their line numbers as problem+json', async () => {
    const body = 'text,label\n"fine row",billing\n"unknown label",teleportation\n,billing\n';
    const res = await http().post('/v1/intents/training-sets').set('X-API-Key', ADMIN_KEY).set('content-type', 'text/csv').send(body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'line 3', message: expect.stringContaining('teleportation') }),
      expect.objectContaining({ field: 'line 4', message: 'text is empty' }),
    ]);
  });

  it('rejects a set with too few examples of a label, an oversized set and an unknown media type', async () => {
    const thin = await http().post('/v1/sentiment/training-sets').set('X-API-Key', ADMIN_KEY).set('content-type', 'text/csv').send('text,label\ngood,positive\nbad,negative\n').expect(400);
    expect(thin.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['minExamples', 'minExamples']);
    const big = `text,label\n${'"a long enough line of text",positive\n'.repeat(600)}`;
    await http().post('/v1/sentiment/training-sets').set('X-API-Key', ADMIN_KEY).set('content-type', 'text/csv').send(big).expect(413);
    await http().post('/v1/sentiment/training-sets').set('X-API-Key', ADMIN_KEY).set('content-type', 'application/xml').send('<a/>').expect(415);
    const json = await http().post('/v1/sentiment/training-sets').set('X-API-Key', ADMIN_KEY).send({ format: 'xml', content: '' }).expect(400);
    expect(json.body.errors.map((e: { field: string }) => e.field)).toEqual(['format', 'content']);
  });

  it('accepts sentiment label aliases from public data sets (JSONL with numeric ids)', async () => {
    const lines = ['great', 'love it', 'awesome'].map((t) => JSON.stringify({ text: t, label: 2 }));
    lines.push(...['meh', 'ok i guess', 'it is a box'].map((t) => JSON.stringify({ text: t, label: 'neu' })));
    lines.push(...['awful', 'hate it', 'broken'].map((t) => JSON.stringify({ text: t, label: '0' })));
    const res = await http().post('/v1/sentiment/training-sets').set('X-API-Key', ADMIN_KEY).set('content-type', 'application/x-ndjson').send(lines.join('\n')).expect(202);
    expect(res.body).toMatchObject({ kind: 'sentiment', rowCount: 9 });
    await app.get(TrainingJobRunner).idle();
  });

  it('only admins upload; agents read', async () => {
    await http().post('/v1/intents/training-sets').set('X-API-Key', agent).set('content-type', 'text/csv').send(csv(INTENT_ROWS)).expect(403);
    await http().get('/v1/intents/training-sets').set('X-API-Key', agent).expect(200);
  });

  it('fits a version from an upload, activates it for the tenant only, and rolls back', async () => {
    const created = await http().post('/v1/intents/training-sets').set('X-API-Key', ADMIN_KEY).set('content-type', 'text/csv').send(csv(INTENT_ROWS)).expect(202);
    expect(created.body).toMatchObject({ status: 'queued', progress: 0, rowCount: INTENT_ROWS.length });
    await app.get(TrainingJobRunner).idle();
    const job = await http().get(`/v1/intents/training-sets/${created.body.id}`).set('X-API-Key', agent).expect(200);
    expect(job.body).toMatchObject({ status: 'succeeded', progress: 1, stage: 'done' });
    const version = job.body.modelVersion as number;
    expect(version).toBeGreaterThan(1);
    expect(job.body.metrics.perClass).toHaveProperty('returns_refunds');
    await http().get(`/v1/intents/training-sets/${created.body.id}`).set('X-API-Key', otherAdmin).expect(404);
    await http().get(`/v1/sentiment/training-sets/${created.body.id}`).set('X-API-Key', agent).expect(404);

    const list = await http().get('/v1/intents/training-sets?limit=1').set('X-API-Key', agent).expect(200);
    expect(list.body).toMatchObject({ total: 1, limit: 1, offset: 0, items: [{ id: created.body.id }] });
    await http().get('/v1/intents/training-sets?limit=0').set('X-API-Key', agent).expect(400);

    await http().post(`/v1/intents/models/${version}/activate`).set('X-API-Key', agent).expect(403);
    await http().post(`/v1/intents/models/${version}/activate`).set('X-API-Key', otherAdmin).expect(404);
    const activated = await http().post(`/v1/intents/models/${version}/activate`).set('X-API-Key', ADMIN_KEY).expect(200);
    expect(activated.body).toMatchObject({ version, source: 'fitted', active: true });

    const analysis = app.get(TextAnalysisService);
    const asTenant = (tenantId: string) => runWithContext({ requestId: randomUUID(), correlationId: randomUUID(), tenantId }, () => analysis.analyze('where is my order 123'));
    await expect(asTenant('default')).resolves.toMatchObject({ intent: { model: `customer-service-intent@${version}` } });
    await expect(asTenant('acme')).resolves.toMatchObject({ intent: { model: 'customer-service-intent@2' } });
    const models = await http().get('/v1/intents/models').set('X-API-Key', ADMIN_KEY).expect(200);
    expect(models.body.activeVersion).toBe(version);
    expect((await http().get('/v1/intents/models').set('X-API-Key', otherAdmin).expect(200)).body.items).toHaveLength(2);

    await http().post('/v1/intents/models/1/activate').set('X-API-Key', ADMIN_KEY).expect(200);
    await expect(asTenant('default')).resolves.toMatchObject({ intent: { model: 'customer-service-intent@1' } });
    await http().post('/v1/intents/models/999/activate').set('X-API-Key', ADMIN_KEY).expect(404);
  });

  it('keeps agents\' corrections as training data and rejects labels outside the taxonomy', async () => {
    const feedback = app.get(TrainingFeedbackService);
    const db = app.get(DataSource);
    await runWithContext({ requestId: 'r', correlationId: 'c', tenantId: 'default' }, async () => {
      await db.transaction((manager) => feedback.recordCorrection(manager, { kind: 'intent', text: 'my card was charged twice', label: 'Billing', conversationId: 'conv-1' }));
      await expect(db.transaction((manager) => feedback.recordCorrection(manager, { kind: 'intent', text: 'x', label: 'astrology' }))).rejects.toMatchObject({ status: 400 });
      await expect(feedback.corrections(db.manager, 'intent')).resolves.toEqual([{ text: 'my card was charged twice', label: 'billing' }]);
    });
    await runWithContext({ requestId: 'r', correlationId: 'c', tenantId: 'acme' }, async () => {
      await expect(feedback.corrections(db.manager, 'intent')).resolves.toEqual([]);
    });
  });

  it('marks a job interrupted by a crash as failed with the reason', async () => {
    const db = app.get(DataSource);
    const id = randomUUID();
    await db.getRepository(TrainingJobEntity).insert({ id, tenantId: 'default', kind: 'sentiment', status: 'running', rowCount: 3, rows: [] });
    await expect(app.get(TrainingJobRunner).failInterruptedJobs()).resolves.toBe(1);
    const res = await http().get(`/v1/sentiment/training-sets/${id}`).set('X-API-Key', ADMIN_KEY).expect(200);
    expect(res.body).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
  });
});
