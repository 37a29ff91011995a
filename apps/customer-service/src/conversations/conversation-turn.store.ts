import { type SqlRunner } from '../common/prepared-statement';
import { type Escalation } from '../escalations/escalation.entity';
import { type Conversation } from './conversation.entity';
import { type Message } from './message.entity';

/**
 * The SQL of a customer turn, hand-written because it runs for every message: two statements (read
 * with history, write) instead of TypeORM's generated ones. Every
 * statement carries `tenant_id = <the conversation's tenant>` (the TenantScopedRepository rule:
 * another tenant's row is simply absent). Tables resolve through the service schema's search_path.
 */

interface ConversationRow {
  id: string;
  tenant_id: string;
  customer_id: string;
  channel: Conversation['channel'];
  language: string | null;
  status: Conversation['status'];
  low_confidence_streak: number;
  message_count: number;
  agent_id: string | null;
  escalated: boolean;
  resolution: string | null;
  resolution_code: string | null;
  resolved_by: string | null;
  correct_intent: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

interface MessageRow {
  id: string;
  tenant_id: string;
  conversation_id: string;
  author: Message['author'];
  agent_id: string | null;
  text: string;
  pii_kinds: string[];
  sentiment_label: Message['sentimentLabel'];
  sentiment_score: number | null;
  sentiment_confidence: number | null;
  intent_name: string | null;
  intent_confidence: number | null;
  language: string | null;
  language_supported: boolean | null;
  models: Record<string, string> | null;
  article_id: string | null;
  answer_confidence: number | null;
  external_message_id: string | null;
  created_at: Date;
}

const MESSAGE_COLUMNS =
  'id, tenant_id, conversation_id, author, agent_id, text, pii_kinds, sentiment_label, sentiment_score, sentiment_confidence, intent_name, intent_confidence, language, language_supported, models, article_id, answer_confidence, external_message_id, created_at';

const WRITE_TURN = `
  WITH updated AS (
    UPDATE conversations
       SET status = $3, language = $4, escalated = $5, low_confidence_streak = $6, message_count = $7, updated_at = $8
     WHERE id = $1 AND tenant_id = $2 AND ($11::text IS NULL OR xmin::text = $11::text)
     RETURNING id, xmin::text AS version),
  inserted_messages AS (
    INSERT INTO messages (${MESSAGE_COLUMNS})
    SELECT ${MESSAGE_COLUMNS} FROM jsonb_to_recordset($9::jsonb) AS m(
      id uuid, tenant_id text, conversation_id uuid, author text, agent_id text, text text, pii_kinds jsonb,
      sentiment_label text, sentiment_score real, sentiment_confidence real, intent_name text, intent_confidence real,
      language text, language_supported boolean, models jsonb, article_id uuid, answer_confidence real,
      external_message_id text, created_at timestamptz)
    WHERE EXISTS (SELECT 1 FROM updated)
    RETURNING id),
  inserted_escalations AS (
    INSERT INTO escalations (id, tenant_id, conversation_id, customer_id, status, priority, rules, summary, claimed_by, created_at, claimed_at, resolved_at)
    SELECT id, tenant_id, conversation_id, customer_id, status, priority, rules, summary, claimed_by, created_at, claimed_at, resolved_at
      FROM jsonb_to_recordset($10::jsonb) AS e(
        id uuid, tenant_id text, conversation_id uuid, customer_id text, status text, priority text, rules jsonb, summary jsonb,
        claimed_by text, created_at timestamptz, claimed_at timestamptz, resolved_at timestamptz)
     WHERE EXISTS (SELECT 1 FROM updated)
    RETURNING id)`;

/** Folded into the turn's events INSERT: no event without the conversation's update. */
export const TURN_EVENTS_CONDITION = 'EXISTS (SELECT 1 FROM updated)';

/** The turn's events: the Outbox's INSERT (`Outbox.insertOf`, placeholders from $12, condition TURN_EVENTS_CONDITION), folded into the write. */
export interface TurnEvents {
  sql: string;
  values: unknown[];
  envelopes: readonly unknown[];
}

export const TURN_EVENTS_FIRST_PARAMETER = 12;

function writeTurnSql(events: TurnEvents): string {
  return `${WRITE_TURN},
  inserted_events AS (${events.sql} RETURNING id)
  SELECT (SELECT count(*) FROM updated)::int AS conversations, (SELECT count(*) FROM inserted_messages)::int AS messages,
         (SELECT count(*) FROM inserted_events)::int AS events, (SELECT version FROM updated) AS version`;
}

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    channel: row.channel,
    language: row.language,
    status: row.status,
    lowConfidenceStreak: row.low_confidence_streak,
    messageCount: row.message_count,
    agentId: row.agent_id,
    escalated: row.escalated,
    resolution: row.resolution,
    resolutionCode: row.resolution_code,
    resolvedBy: row.resolved_by,
    correctIntent: row.correct_intent,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    author: row.author,
    agentId: row.agent_id,
    text: row.text,
    piiKinds: row.pii_kinds,
    sentimentLabel: row.sentiment_label,
    sentimentScore: row.sentiment_score,
    sentimentConfidence: row.sentiment_confidence,
    intentName: row.intent_name,
    intentConfidence: row.intent_confidence,
    language: row.language,
    languageSupported: row.language_supported,
    models: row.models,
    articleId: row.article_id,
    answerConfidence: row.answer_confidence,
    externalMessageId: row.external_message_id,
    createdAt: row.created_at,
  };
}

function messageRow(message: Message): Record<string, unknown> {
  return {
    id: message.id,
    tenant_id: message.tenantId,
    conversation_id: message.conversationId,
    author: message.author,
    agent_id: message.agentId,
    text: message.text,
    pii_kinds: message.piiKinds,
    sentiment_label: message.sentimentLabel,
    sentiment_score: message.sentimentScore,
    sentiment_confidence: message.sentimentConfidence,
    intent_name: message.intentName,
    intent_confidence: message.intentConfidence,
    language: message.language,
    language_supported: message.languageSupported,
    models: message.models,
    article_id: message.articleId,
    answer_confidence: message.answerConfidence,
    external_message_id: message.externalMessageId,
    created_at: message.createdAt.toISOString(),
  };
}

function escalationRow(escalation: Escalation): Record<string, unknown> {
  return {
    id: escalation.id,
    tenant_id: escalation.tenantId,
    conversation_id: escalation.conversationId,
    customer_id: escalation.customerId,
    status: escalation.status,
    priority: escalation.priority,
    rules: escalation.rules,
    summary: escalation.summary,
    claimed_by: escalation.claimedBy,
    created_at: escalation.createdAt.toISOString(),
    claimed_at: escalation.claimedAt?.toISOString() ?? null,
    resolved_at: escalation.resolvedAt?.toISOString() ?? null,
  };
}

const READ_WITH_HISTORY = `
  SELECT c.*, c.xmin::text AS row_version,
         (SELECT coalesce(json_agg(h ORDER BY h.created_at, h.id), '[]'::json)
            FROM (SELECT ${MESSAGE_COLUMNS} FROM messages m
                   WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id
                   ORDER BY m.created_at DESC, m.id DESC LIMIT $3) h) AS recent
    FROM conversations c
   WHERE c.id = $1 AND c.tenant_id = $2`;

const RECENT_MESSAGES = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`;

type HistoryRow = Omit<MessageRow, 'created_at'> & { created_at: string };

export interface ConversationSnapshot {
  conversation: Conversation;
  /** The latest messages, oldest first. */
  recent: Message[];
  /** The row version read (xmin): a turn written with it applies only if nothing changed the row since. */
  version: string;
}

/**
 * The tenant's conversation with its latest `limit` messages, in one statement (one snapshot: a turn
 * writes the conversation and its messages in one statement, so they always agree); null when absent
 * (or another tenant's). Takes no lock: writeTurn with `version` detects a concurrent change instead.
 */
export async function readConversationWithHistory(run: SqlRunner, tenantId: string, id: string, limit: number): Promise<ConversationSnapshot | null> {
  const rows = await run<ConversationRow & { row_version: string; recent: HistoryRow[] }>(READ_WITH_HISTORY, [id, tenantId, limit]);
  const row = rows[0];
  if (!row) return null;
  return {
    conversation: toConversation(row),
    recent: row.recent.map((message) => toMessage({ ...message, created_at: new Date(message.created_at) })),
    version: row.row_version,
  };
}

/**
 * The latest `limit` messages, oldest first. For a conversation locked in the caller's transaction: a
 * statement of its own after the lock, so in READ COMMITTED it sees every turn committed before.
 */
export async function recentMessages(run: SqlRunner, conversation: Conversation, limit: number): Promise<Message[]> {
  const rows = await run<MessageRow>(RECENT_MESSAGES, [conversation.tenantId, conversation.id, limit]);
  return rows.reverse().map(toMessage);
}

export interface TurnWrite {
  conversation: Conversation;
  messages: readonly Message[];
  escalation: Escalation | null;
  /** The row version the turn was decided on; null when the caller holds the row lock. */
  expectedVersion: string | null;
}

/**
 * The conversation's new state, the turn's messages, its escalation (if any) and its outbox events, in
 * one statement. Returns the row's new version; null, with nothing written, when the row no longer has
 * `expectedVersion`.
 */
export async function writeTurn(run: SqlRunner, turn: TurnWrite, events: TurnEvents): Promise<string | null> {
  const { conversation, messages, escalation } = turn;
  const [result] = await run<{ conversations: number; messages: number; events: number; version: string | null }>(writeTurnSql(events), [
    conversation.id,
    conversation.tenantId,
    conversation.status,
    conversation.language,
    conversation.escalated,
    conversation.lowConfidenceStreak,
    conversation.messageCount,
    conversation.updatedAt,
    JSON.stringify(messages.map(messageRow)),
    JSON.stringify(escalation ? [escalationRow(escalation)] : []),
    turn.expectedVersion,
    ...events.values,
  ]);
  if (result && result.conversations === 0 && turn.expectedVersion !== null) return null;
  if (!result?.version || result.conversations !== 1 || result.messages !== messages.length || result.events !== events.envelopes.length) {
    throw new Error(`turn write touched ${result?.conversations} conversations, ${result?.messages} messages and ${result?.events} events`);
  }
  return result.version;
}
