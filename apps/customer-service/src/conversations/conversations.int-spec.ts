import { DataSource } from 'typeorm';
import { Outbox } from '@verticals/messaging';
import { unguardedRoutes } from '@verticals/platform';
import { onPool } from '../common/prepared-statement';
import { readConversationWithHistory, TURN_EVENTS_CONDITION, TURN_EVENTS_FIRST_PARAMETER, writeTurn } from './conversation-turn.store';
import { ADMIN_KEY, startCustomerService, type CustomerServiceFixture } from '../testing/customer-service.fixture';

describe('customer-service REST API', () => {
  let cs: CustomerServiceFixture;
  let agent: string;
  let analyst: string;
  let service: string;
  let otherTenant: string;

  const startConversation = async (key = service, body: Record<string, unknown> = { customerId: 'cust-1', channel: 'chat' }) => {
    const response = await cs.http().post('/v1/conversations').set('X-API-Key', key).send(body).expect(201);
    return response.body as { id: string; status: string };
  };
  const say = (conversationId: string, text: string, key = service) => cs.http().post(`/v1/conversations/${conversationId}/messages`).set('X-API-Key', key).send({ text });

  beforeAll(async () => {
    cs = await startCustomerService();
    [agent, analyst, service, otherTenant] = await Promise.all([cs.key(['agent']), cs.key(['analyst']), cs.key(['service']), cs.key(['agent'], 'other-tenant')]);
    await cs
      .http()
      .post('/v1/knowledge/articles')
      .set('X-API-Key', agent)
      .send({
        title: 'Where is my order?',
        body: 'You can track your order from the link in your shipping confirmation email. Orders ship within 2 business days.',
        questions: ['where is my order', 'track my package', 'my parcel has not arrived', 'order status'],
      })
      .expect(201);
  }, 120_000);

  afterAll(async () => {
    await cs?.close();
  });

  it('guards every route', () => {
    expect(unguardedRoutes(cs.app)).toEqual([]);
  });

  it('creates a conversation in status bot', async () => {
    const conversation = await startConversation(service, { customerId: 'cust-1', channel: 'web', language: 'en' });
    expect(conversation).toMatchObject({ status: 'bot', customerId: 'cust-1', channel: 'web', language: 'en', messageCount: 0 });
  });

  it.each([
    [{ channel: 'chat' }, 'customerId'],
    [{ customerId: 'c', channel: 'pigeon' }, 'channel'],
    [{ customerId: 'c', channel: 'chat', language: 'english please' }, 'language'],
    [{ customerId: '', channel: 'chat' }, 'customerId'],
    [{ customerId: 'c', channel: 'chat', extra: 1 }, 'extra'],
  ])('rejects a conversation body %j with problem+json naming %s', async (body, field) => {
    const response = await cs.http().post('/v1/conversations').set('X-API-Key', service).send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('rejects an empty or oversized message text', async () => {
    const { id } = await startConversation();
    await say(id, '').expect(400);
    await say(id, 'x'.repeat(4001)).expect(400);
    const missing = await cs.http().post(`/v1/conversations/${id}/messages`).set('X-API-Key', service).send({});
    expect(missing.body.errors[0].field).toBe('text');
  });

  it('answers 404 for unknown ids, 400 for malformed ones, and hides other tenants', async () => {
    const { id } = await startConversation();
    await cs.http().get('/v1/conversations/00000000-0000-4000-8000-000000000000').set('X-API-Key', agent).expect(404);
    await say('00000000-0000-4000-8000-000000000000', 'hello').expect(404);
    await cs.http().get('/v1/conversations/not-a-uuid').set('X-API-Key', agent).expect(400);
    await cs.http().post('/v1/escalations/00000000-0000-4000-8000-000000000000/claim').set('X-API-Key', agent).expect(404);
    await cs.http().get(`/v1/conversations/${id}`).set('X-API-Key', otherTenant).expect(404);
  });

  it('answers from the knowledge base and cites the article', async () => {
    const { id } = await startConversation();
    const response = await say(id, "Hi, my package still hasn't arrived, where is my order?").expect(201);
    expect(response.body.analysis).toEqual({
      sentiment: { label: expect.stringMatching(/^(negative|neutral|positive)$/), score: expect.any(Number), confidence: expect.any(Number) },
      intent: { name: expect.any(String), confidence: expect.any(Number) },
      language: expect.objectContaining({ code: expect.any(String), supported: true }),
    });
    expect(response.body.reply).toMatchObject({ author: 'bot', kind: 'answer', citation: { title: 'Where is my order?' } });
    expect(response.body.reply.text).toContain('Source: "Where is my order?"');
    expect(response.body.escalation).toBeNull();
  });

  it('asks to rephrase once, then offers a human, then escalates on repeated low confidence', async () => {
    const { id } = await startConversation();
    const first = await say(id, 'Do you sell purple garden gnomes with tiny hats').expect(201);
    expect(first.body.reply.kind).toBe('rephrase');
    const second = await say(id, 'Are there gnomes in purple with a hat in your catalog').expect(201);
    expect(second.body.reply.kind).toBe('offer-human');
    const third = await say(id, 'Any purple garden gnomes with hats in stock?').expect(201);
    expect(third.body.escalation.rules.map((rule: { rule: string }) => rule.rule)).toContain('repeated-low-confidence');
    expect(third.body.reply.kind).toBe('handoff');
  });

  it('masks emails, phone numbers and card numbers before storing', async () => {
    const { id } = await startConversation();
    const response = await say(id, 'My card 4111 1111 1111 1111 was charged twice, mail me at jo@example.com or call +44 20 7946 0958').expect(201);
    expect(response.body.message.text).not.toMatch(/4111|jo@example|7946/);
    expect(response.body.message.piiKinds).toEqual(['email', 'card-number', 'phone']);
    const detail = await cs.http().get(`/v1/conversations/${id}`).set('X-API-Key', agent).expect(200);
    expect(JSON.stringify(detail.body)).not.toMatch(/4111 1111|jo@example\.com|7946 0958/);
  });

  it('escalates on two negative messages in a row and records the rule', async () => {
    const { id } = await startConversation();
    await say(id, 'Ugh, this is so frustrating, where is my order?').expect(201);
    const second = await say(id, 'Still nothing, this is really annoying, where is it?').expect(201);
    expect(second.body.escalation).toMatchObject({ status: 'open' });
    expect(second.body.escalation.reason).toMatch(/negative-streak|complaint/);
    expect(second.body.conversation.status).toBe('waiting_for_agent');
  });

  it('hands over to an agent with a summary, then the agent answers and resolves with a corrected intent', async () => {
    const { id } = await startConversation(service, { customerId: 'cust-handoff', channel: 'email' });
    await say(id, 'Hello, my order has not arrived yet').expect(201);
    const asked = await say(id, 'I want to talk to a human please').expect(201);
    expect(asked.body.escalation.rules.map((rule: { rule: string }) => rule.rule)).toContain('human-request');
    const escalationId = asked.body.escalation.id as string;

    // No bot reply while the conversation waits for an agent.
    const waiting = await say(id, 'hello? anyone?').expect(201);
    expect(waiting.body.reply).toBeNull();

    const queue = await cs.http().get('/v1/escalations?status=open&limit=100').set('X-API-Key', agent).expect(200);
    const entry = queue.body.items.find((item: { id: string }) => item.id === escalationId);
    expect(entry.summary).toMatchObject({ customer: { customerId: 'cust-handoff', channel: 'email' }, reasons: expect.arrayContaining(['human-request']) });
    expect(entry.summary.lastMessages.length).toBeGreaterThanOrEqual(2);
    expect(entry.summary.sentimentTrend.direction).toMatch(/falling|rising|stable/);

    await cs.http().post(`/v1/conversations/${id}/agent-messages`).set('X-API-Key', agent).send({ text: 'hi' }).expect(409);
    const claimed = await cs.http().post(`/v1/escalations/${escalationId}/claim`).set('X-API-Key', agent).expect(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', claimedBy: expect.stringMatching(/^api-key:/) });
    const again = await cs.http().post(`/v1/escalations/${escalationId}/claim`).set('X-API-Key', agent).expect(409);
    expect(again.body.code).toBe('escalation-already-claimed');

    const reply = await cs.http().post(`/v1/conversations/${id}/agent-messages`).set('X-API-Key', agent).send({ text: 'Sorry! It ships tomorrow.' }).expect(201);
    expect(reply.body).toMatchObject({ author: 'agent' });
    await cs.http().post(`/v1/conversations/${id}/resolve`).set('X-API-Key', agent).send({ resolution: 'Reshipped', correctIntent: 'no_such_intent' }).expect(400);
    const resolved = await cs.http().post(`/v1/conversations/${id}/resolve`).set('X-API-Key', agent).send({ resolution: 'Reshipped', correctIntent: 'shipping' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionCode: 'escalated-and-answered', correctIntent: 'shipping' });

    const late = await say(id, 'one more thing').expect(409);
    expect(late.body.code).toBe('conversation-resolved');
    await cs.http().post(`/v1/conversations/${id}/resolve`).set('X-API-Key', agent).send({ resolution: 'again' }).expect(409);

    const detail = await cs.http().get(`/v1/conversations/${id}`).set('X-API-Key', analyst).expect(200);
    expect(detail.body.status).toBe('resolved');
    expect(detail.body.transcript.map((message: { author: string }) => message.author)).toEqual(['customer', 'bot', 'customer', 'bot', 'customer', 'agent']);
    expect(detail.body.sentimentTimeline).toHaveLength(3);
    expect(detail.body.escalations).toEqual([expect.objectContaining({ id: escalationId, status: 'resolved', waitMs: expect.any(Number) })]);

    const feedback = await cs.app.get(DataSource).query(`SELECT label, text FROM customer_service.cs_nlp_training_feedback WHERE conversation_id = $1`, [id]);
    expect(feedback).toEqual([{ label: 'shipping', text: 'Hello, my order has not arrived yet' }]);
  });

  it('applies messages sent to one conversation at the same time each exactly once', async () => {
    const { id } = await startConversation(service, { customerId: 'cust-burst', channel: 'chat' });
    const texts = Array.from({ length: 12 }, (_unused, i) => `Where is my order number ${i}?`);
    const responses = await Promise.all(texts.map((text) => say(id, text)));
    expect(responses.map((response) => response.status)).toEqual(texts.map(() => 201));

    const detail = await cs.http().get(`/v1/conversations/${id}`).set('X-API-Key', agent).expect(200);
    const customerTexts = detail.body.transcript.filter((message: { author: string }) => message.author === 'customer').map((message: { text: string }) => message.text);
    expect([...customerTexts].sort()).toEqual([...texts].sort());
    expect(detail.body.messageCount).toBe(detail.body.transcript.length);
    const [{ events }] = await cs.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS events FROM customer_service.messaging_outbox WHERE topic = 'customer-service.message.analyzed' AND payload::jsonb #>> '{data,conversationId}' = $1`, [id]);
    expect(events).toBe(12);
  });

  it('writes nothing from a turn decided on a conversation that changed since it was read', async () => {
    const { id } = await startConversation(service, { customerId: 'cust-stale', channel: 'chat' });
    const dataSource = cs.app.get(DataSource);
    const run = onPool(dataSource);
    const events = () => cs.app.get(Outbox).insertIntoStatement(dataSource, [], TURN_EVENTS_FIRST_PARAMETER, TURN_EVENTS_CONDITION);
    const stale = await readConversationWithHistory(run, 'default', id, 12);
    if (!stale) throw new Error('conversation not read');
    await dataSource.query(`UPDATE customer_service.conversations SET status = 'waiting_for_agent' WHERE id = $1`, [id]);

    const decided = { ...stale.conversation, status: 'bot' as const, messageCount: 1 };
    expect(await writeTurn(run, { conversation: decided, messages: [], escalation: null, expectedVersion: stale.version }, events())).toBeNull();
    const fresh = await readConversationWithHistory(run, 'default', id, 12);
    expect(fresh?.conversation).toMatchObject({ status: 'waiting_for_agent', messageCount: 0 });
    expect(await writeTurn(run, { conversation: { ...decided, status: 'waiting_for_agent' }, messages: [], escalation: null, expectedVersion: fresh?.version ?? null }, events())).toEqual(expect.any(String));
  });

  it('decides again on the fresh state when another writer changed a conversation this replica has cached', async () => {
    const { id } = await startConversation(service, { customerId: 'cust-cached', channel: 'chat' });
    const first = await say(id, 'Where is my order?').expect(201);
    expect(first.body.reply).not.toBeNull();
    // Another replica hands the conversation to an agent: this replica's cached state still says 'bot'.
    await cs.app.get(DataSource).query(`UPDATE customer_service.conversations SET status = 'agent', agent_id = 'agent-elsewhere' WHERE id = $1`, [id]);
    const second = await say(id, 'Where is my order now?').expect(201);
    expect(second.body.reply).toBeNull();
    expect(second.body.conversation).toMatchObject({ status: 'agent', messageCount: 3 });
    const detail = await cs.http().get(`/v1/conversations/${id}`).set('X-API-Key', agent).expect(200);
    expect(detail.body.transcript.map((message: { author: string }) => message.author)).toEqual(['customer', 'bot', 'customer']);
  });

  it('paginates lists with a cursor', async () => {
    for (let i = 0; i < 3; i++) await startConversation(service, { customerId: `page-${i}`, channel: 'sms' });
    const first = await cs.http().get('/v1/conversations?limit=2').set('X-API-Key', agent).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await cs.http().get(`/v1/conversations?limit=2&cursor=${first.body.nextCursor}`).set('X-API-Key', agent).expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    expect(new Date(second.body.items[0].createdAt) >= new Date(first.body.items[1].createdAt)).toBe(true);
    await cs.http().get('/v1/conversations?limit=101').set('X-API-Key', agent).expect(400);
    await cs.http().get('/v1/conversations?cursor=bm9wZQ').set('X-API-Key', agent).expect(400);
  });

  it('enforces roles: analysts read analytics but cannot write, services cannot claim', async () => {
    await cs.http().post('/v1/conversations').set('X-API-Key', analyst).send({ customerId: 'x', channel: 'chat' }).expect(403);
    await cs.http().get('/v1/escalations').set('X-API-Key', service).expect(403);
    await cs.http().get('/v1/analytics').set('X-API-Key', service).expect(403);
    await cs.http().get('/v1/conversations').expect(401);
    const analytics = await cs.http().get('/v1/analytics').set('X-API-Key', analyst).expect(200);
    expect(analytics.body).toMatchObject({
      containmentRate: expect.any(Number),
      escalationRate: expect.any(Number),
      escalationRateByReason: expect.any(Object),
      timeToAgentClaimMs: { median: expect.any(Number), p90: expect.any(Number), claimed: expect.any(Number) },
      sentimentDistribution: { negative: expect.any(Number), neutral: expect.any(Number), positive: expect.any(Number) },
    });
    expect(analytics.body.conversations).toBeGreaterThan(0);
    await cs.http().get('/v1/analytics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z').set('X-API-Key', analyst).expect(400);
  });

  it('supports knowledge-base CRUD and uses edits at once', async () => {
    const created = await cs.http().post('/v1/knowledge/articles').set('X-API-Key', agent).send({ title: 'Reset your password', body: 'Use "Forgot password" on the sign-in page.', questions: ['I forgot my password', 'cannot log in'] }).expect(201);
    const id = created.body.id as string;
    await cs.http().patch(`/v1/knowledge/articles/${id}`).set('X-API-Key', agent).send({ body: 'Click "Forgot password" on the sign-in page.' }).expect(200);
    const { id: conversationId } = await startConversation();
    const answered = await say(conversationId, "I forgot my password and can't log in").expect(201);
    expect(answered.body.reply.citation?.articleId).toBe(id);
    expect(answered.body.reply.text).toContain('Click "Forgot password"');
    await cs.http().post('/v1/knowledge/articles').set('X-API-Key', agent).send({ title: '' }).expect(400);
    await cs.http().delete(`/v1/knowledge/articles/${id}`).set('X-API-Key', agent).expect(204);
    await cs.http().get(`/v1/knowledge/articles/${id}`).set('X-API-Key', agent).expect(404);
    await cs.http().delete(`/v1/knowledge/articles/${id}`).set('X-API-Key', agent).expect(404);
  });

  it('honours Idempotency-Key on POSTs', async () => {
    const first = await cs.http().post('/v1/conversations').set('X-API-Key', service).set('Idempotency-Key', 'conv-retry-1').send({ customerId: 'idem', channel: 'chat' }).expect(201);
    const retry = await cs.http().post('/v1/conversations').set('X-API-Key', service).set('Idempotency-Key', 'conv-retry-1').send({ customerId: 'idem', channel: 'chat' }).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    const message = await cs.http().post(`/v1/conversations/${first.body.id}/messages`).set('X-API-Key', service).set('Idempotency-Key', 'msg-retry-1').send({ text: 'hello there' }).expect(201);
    const messageRetry = await cs.http().post(`/v1/conversations/${first.body.id}/messages`).set('X-API-Key', service).set('Idempotency-Key', 'msg-retry-1').send({ text: 'hello there' }).expect(201);
    expect(messageRetry.body.message.id).toBe(message.body.message.id);
    const detail = await cs.http().get(`/v1/conversations/${first.body.id}`).set('X-API-Key', ADMIN_KEY).expect(200);
    expect(detail.body.messageCount).toBe(2);
  });

  it('serves the inference engine metrics and the V2 API on the service itself', async () => {
    await say((await startConversation()).id, 'where is my parcel').expect(201);
    const metrics = await cs.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/nv_inference_count\{[^}]*model="customer-service-sentiment"[^}]*\} [1-9]/);
    expect(metrics.text).toContain('http_request_duration_seconds_count');
    const model = await cs.http().get('/v2/models/customer-service-intent').set('X-API-Key', analyst).expect(200);
    expect(model.body.name).toBe('customer-service-intent');
    await cs.http().post('/v2/repository/models/customer-service-intent/unload').set('X-API-Key', analyst).expect(403);
  });
});
