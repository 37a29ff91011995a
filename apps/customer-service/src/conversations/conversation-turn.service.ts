import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, Not } from 'typeorm';
import { type EventEnvelope, escalationRequestedTopic, messageAnalyzedTopic, replySentTopic, type MessageReceived } from '@verticals/contracts';
import { Outbox, type OutboxEntry, PermanentEventError } from '@verticals/messaging';
import { ProblemException, ServiceConfig, requireTenantId } from '@verticals/platform';
import { escalationThresholds, type CustomerServiceConfig } from '../customer-service.config';
import { tenantRepositoryIn } from '../common/transactional-repository';
import { maskPii, type MaskedText } from '../pii/pii-masker';
import { KnowledgeBaseService, type KnowledgeAnswer } from '../knowledge/knowledge-base.service';
import { Escalation } from '../escalations/escalation.entity';
import { escalationPriority, evaluateEscalationRules, type EscalationThresholds, type FiredRule, type TurnSignal } from '../escalations/escalation-rules';
import { buildHandoffSummary } from '../escalations/handoff-summary';
import { type Channel, Conversation } from './conversation.entity';
import { Message, UNANALYSED } from './message.entity';
import { inTransaction, onPool, type SqlRunner } from '../common/prepared-statement';
import { readConversationWithHistory, recentMessages, TURN_EVENTS_CONDITION, TURN_EVENTS_FIRST_PARAMETER, type TurnEvents, writeTurn } from './conversation-turn.store';
import { ConversationErrorCode, ConversationException } from './conversation.exception';
import { ConversationSnapshotCache } from './conversation-snapshot.cache';
import { MessageAnalyzer, type MessageAnalysis } from './message-analyzer';
import { composeReply, type ComposedReply, type ReplyPlan } from './reply-composer';
import { conversationView, messageView, type ConversationView, type MessageView } from './conversation.views';

export interface EscalationRaised {
  id: string;
  /** The rules that fired, joined: the recorded reason. */
  reason: string;
  rules: FiredRule[];
  priority: string;
  status: string;
}

export interface TurnOutcome {
  conversation: ConversationView;
  message: MessageView;
  analysis: {
    sentiment: { label: string; score: number; confidence: number };
    intent: { name: string; confidence: number };
    language: { code: string; confidence: number; supported: boolean };
  };
  reply: (Omit<MessageView, 'citation'> & { kind: string; citation: { articleId: string; title: string; confidence: number | null } | null }) | null;
  escalation: EscalationRaised | null;
}

interface TurnInput {
  messageId: string;
  masked: MaskedText;
  analysis: MessageAnalysis;
  answer: KnowledgeAnswer | null;
  externalMessageId?: string;
}

/** Where a turn's write goes: the Kafka consumer's transaction (row locked), or one statement on the pool checked against the row version read. */
interface TurnTarget {
  run: SqlRunner;
  events(entries: readonly OutboxEntry[]): TurnEvents;
  expectedVersion: string | null;
}

/**
 * A turn decided on a conversation that changed before it was written (another message, an agent's
 * claim) is decided again on the new state. Each round one writer wins, so this bounds how many
 * messages one conversation may receive at the same instant before some are refused.
 */
const MAX_TURN_ATTEMPTS = 32;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One customer turn: mask, analyse, decide (answer, rephrase, offer a human, or escalate by the
 * rules), store, and enqueue the events; state and events commit together (one statement for REST,
 * the consumer's transaction for Kafka). REST and the Kafka consumer go through the same `applyTurn`.
 */
@Injectable()
export class ConversationTurnService {
  private readonly thresholds: EscalationThresholds;
  private readonly kbThreshold: number;
  private readonly intentThreshold: number;
  private readonly historySize: number;
  private readonly snapshots: ConversationSnapshotCache;

  constructor(
    private readonly dataSource: DataSource,
    private readonly analyzer: MessageAnalyzer,
    private readonly knowledge: KnowledgeBaseService,
    private readonly outbox: Outbox,
    config: ServiceConfig<CustomerServiceConfig>,
  ) {
    const values = config.all();
    this.thresholds = escalationThresholds(values);
    this.kbThreshold = values.CS_KB_CONFIDENCE_PCT / 100;
    this.intentThreshold = values.CS_INTENT_CONFIDENCE_PCT / 100;
    this.historySize = Math.max(12, 2 * Math.max(this.thresholds.trendWindow, this.thresholds.negativeStreak));
    this.snapshots = new ConversationSnapshotCache(values.CS_CONVERSATION_CACHE_SIZE);
  }

  /**
   * A REST message: take the conversation and its history (from this replica's cache of the state it
   * last wrote, else one statement, no lock), decide, and write the turn in one statement that applies
   * only if the conversation still has the version decided on; otherwise read afresh and decide again.
   * No transaction: one or two round trips per message (BEGIN/COMMIT and a row lock would cost two more).
   */
  async postCustomerMessage(conversationId: string, text: string): Promise<TurnOutcome> {
    const input = await this.prepare(randomUUID(), text);
    const tenantId = requireTenantId();
    const run = onPool(this.dataSource);
    let snapshot = this.snapshots.get(tenantId, conversationId);
    for (let attempt = 1; attempt <= MAX_TURN_ATTEMPTS; attempt++) {
      snapshot ??= (await readConversationWithHistory(run, tenantId, conversationId, this.historySize)) ?? undefined;
      if (!snapshot) throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: 'No such conversation.' });
      const target: TurnTarget = {
        run,
        events: (entries) => this.outbox.insertIntoStatement(this.dataSource, entries, TURN_EVENTS_FIRST_PARAMETER, TURN_EVENTS_CONDITION),
        expectedVersion: snapshot.version,
      };
      const written = await this.applyTurn(this.dataSource.manager, target, snapshot.conversation, input, snapshot.recent);
      if (written) {
        this.outbox.statementCommitted(this.dataSource);
        const recent = [...snapshot.recent, ...written.messages].slice(-this.historySize);
        this.snapshots.set(tenantId, conversationId, { conversation: snapshot.conversation, recent, version: written.version });
        return written.outcome;
      }
      this.snapshots.delete(tenantId, conversationId);
      snapshot = undefined;
    }
    throw new ConversationException(ConversationErrorCode.Busy);
  }

  /** A message from another channel (Kafka); the effect is written through the consumer's `manager`. */
  async receiveFromChannel(event: EventEnvelope<MessageReceived>, manager: EntityManager): Promise<TurnOutcome> {
    const { data } = event;
    const input = { ...(await this.prepare(event.id, data.text)), externalMessageId: data.externalMessageId };
    const conversations = tenantRepositoryIn(manager, Conversation);
    let conversation: Conversation | null = null;
    if (data.conversationId !== undefined) {
      if (!UUID.test(data.conversationId)) throw new PermanentEventError(`conversationId ${data.conversationId} is not one this service issued`);
      conversation = await conversations.findOne({ where: { id: data.conversationId }, lock: { mode: 'pessimistic_write' } });
      if (!conversation) throw new PermanentEventError(`no conversation ${data.conversationId}`);
      // A reply to a closed thread starts a new conversation rather than reopening the old one.
      if (conversation.status === 'resolved') conversation = null;
    } else {
      conversation = await conversations.findOne({
        where: { customerId: data.customerId, channel: data.channel, status: Not('resolved') },
        order: { createdAt: 'DESC' },
        lock: { mode: 'pessimistic_write' },
      });
    }
    conversation ??= await conversations.save(newConversation(data.customerId, data.channel, data.language ?? null));
    const target: TurnTarget = {
      run: inTransaction(manager),
      events: (entries) => this.outbox.insertOf(manager, entries, TURN_EVENTS_FIRST_PARAMETER, TURN_EVENTS_CONDITION),
      expectedVersion: null,
    };
    const recent = await recentMessages(target.run, conversation, this.historySize);
    const written = await this.applyTurn(manager, target, conversation, input, recent);
    if (!written) throw new Error(`turn on locked conversation ${conversation.id} was not written`);
    // The REST path's cached state of this conversation is now stale; drop it rather than pay a refused write.
    this.snapshots.delete(conversation.tenantId, conversation.id);
    return written.outcome;
  }

  private async prepare(messageId: string, text: string): Promise<TurnInput> {
    const masked = maskPii(text);
    // The models and the knowledge base see the masked text only.
    const [analysis, answer] = await Promise.all([this.analyzer.analyze(masked.text), this.knowledge.bestAnswer(masked.text)]);
    return { messageId, masked, analysis, answer };
  }

  /**
   * Decides and writes one turn on `conversation` as read with its `recent` messages (oldest first).
   * `manager` only builds entities. Returns the outcome, the messages written (oldest first) and the
   * row's new version; null when `target` found the conversation changed (nothing written).
   */
  private async applyTurn(
    manager: EntityManager,
    target: TurnTarget,
    conversation: Conversation,
    input: TurnInput,
    recent: Message[],
  ): Promise<{ outcome: TurnOutcome; messages: Message[]; version: string } | null> {
    if (conversation.status === 'resolved') throw new ConversationException(ConversationErrorCode.Resolved);
    const { analysis, masked } = input;
    const now = new Date();
    conversation.language ??= analysis.language.code !== 'und' ? analysis.language.code : null;
    // The NLP module was given CS_SUPPORTED_LANGUAGES, so its `supported` already answers for this service.
    const languageSupported = analysis.language.supported;
    const customerMessage = manager.create(Message, {
      id: input.messageId,
      conversationId: conversation.id,
      author: 'customer',
      agentId: null,
      text: masked.text,
      piiKinds: masked.kinds,
      sentimentLabel: analysis.sentiment.label,
      sentimentScore: analysis.sentiment.score,
      sentimentConfidence: analysis.sentiment.confidence,
      intentName: analysis.intent.name,
      intentConfidence: analysis.intent.confidence,
      language: analysis.language.code,
      languageSupported,
      models: modelVersions(analysis),
      articleId: null,
      answerConfidence: null,
      externalMessageId: input.externalMessageId ?? null,
      createdAt: now,
    });

    let reply: ComposedReply | null = null;
    let escalation: Escalation | null = null;
    let fired: FiredRule[] = [];
    if (conversation.status === 'bot') {
      const greeting = analysis.intent.name === 'greeting_thanks' && analysis.intent.confidence >= this.intentThreshold;
      const confident = input.answer !== null && input.answer.confidence >= this.kbThreshold;
      const streak = greeting || confident ? 0 : conversation.lowConfidenceStreak + 1;
      const current: TurnSignal & { language: string; languageSupported: boolean } = {
        ...signalOf(customerMessage),
        language: analysis.language.code,
        languageSupported,
      };
      const history = recent.filter((message) => message.author === 'customer').map(signalOf);
      fired = evaluateEscalationRules({ text: masked.text, current, history, lowConfidenceStreak: streak }, this.thresholds);
      let plan: ReplyPlan;
      if (fired.length > 0) {
        escalation = this.escalation(manager, conversation, [...recent, customerMessage], fired, current, now);
        conversation.status = 'waiting_for_agent';
        conversation.escalated = true;
        conversation.lowConfidenceStreak = 0;
        plan = { kind: 'handoff' };
      } else {
        conversation.lowConfidenceStreak = streak;
        if (greeting) plan = { kind: 'greeting', thanks: /\bthank|\bthx\b|\bcheers\b/i.test(masked.text) };
        else if (confident && input.answer) plan = { kind: 'answer', answer: input.answer };
        else plan = streak <= 1 ? { kind: 'rephrase' } : { kind: 'offer-human' };
      }
      reply = composeReply(plan);
    }

    const replyMessage = reply
      ? manager.create(Message, {
          id: randomUUID(),
          conversationId: conversation.id,
          author: 'bot',
          agentId: null,
          text: maskPii(reply.text).text,
          piiKinds: [],
          ...UNANALYSED,
          articleId: reply.citation?.articleId ?? null,
          answerConfidence: reply.answerConfidence,
          externalMessageId: null,
          // One millisecond later, so that transcript order never depends on the id.
          createdAt: new Date(now.getTime() + 1),
        })
      : null;
    conversation.messageCount += replyMessage ? 2 : 1;
    conversation.updatedAt = now;

    // One statement updates the row (if still at the version decided on) and inserts the turn's rows and events.
    const events = target.events(this.events(conversation, customerMessage, replyMessage, escalation, fired));
    const messages = replyMessage ? [stamped(customerMessage, conversation), stamped(replyMessage, conversation)] : [stamped(customerMessage, conversation)];
    const version = await writeTurn(target.run, { conversation, messages, escalation, expectedVersion: target.expectedVersion }, events);
    if (version === null) return null;

    const outcome: TurnOutcome = {
      conversation: conversationView(conversation),
      message: messageView(customerMessage),
      analysis: {
        sentiment: { label: analysis.sentiment.label, score: analysis.sentiment.score, confidence: analysis.sentiment.confidence },
        intent: { name: analysis.intent.name, confidence: analysis.intent.confidence },
        language: { code: analysis.language.code, confidence: analysis.language.confidence, supported: languageSupported },
      },
      reply: reply && replyMessage ? { ...messageView(replyMessage), kind: reply.kind, citation: reply.citation ? { ...reply.citation, confidence: reply.answerConfidence } : null } : null,
      escalation: escalation ? { id: escalation.id, reason: fired.map((rule) => rule.rule).join(', '), rules: fired, priority: escalation.priority, status: escalation.status } : null,
    };
    return { outcome, messages, version };
  }

  private escalation(manager: EntityManager, conversation: Conversation, messages: Message[], fired: FiredRule[], current: TurnSignal, now: Date): Escalation {
    return manager.getRepository(Escalation).create({
      id: randomUUID(),
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      customerId: conversation.customerId,
      status: 'open',
      priority: escalationPriority(fired, current),
      rules: fired,
      summary: buildHandoffSummary(conversation, messages, fired),
      claimedBy: null,
      createdAt: now,
      claimedAt: null,
      resolvedAt: null,
    });
  }

  private events(conversation: Conversation, message: Message, reply: Message | null, escalation: Escalation | null, fired: FiredRule[]): OutboxEntry[] {
    const sentiment = { label: message.sentimentLabel ?? 'neutral', score: message.sentimentConfidence ?? 0 };
    const intent = { name: message.intentName ?? 'other', confidence: message.intentConfidence ?? 0 };
    const entries: OutboxEntry[] = [
      {
        topic: messageAnalyzedTopic,
        data: {
          messageId: message.id,
          conversationId: conversation.id,
          customerId: conversation.customerId,
          language: message.language && message.language.length >= 2 ? message.language : 'und',
          sentiment,
          intent,
          maskedText: message.text.slice(0, 4000),
          piiKinds: message.piiKinds,
          models: message.models ?? {},
        },
      },
    ];
    if (escalation) {
      entries.push({
        topic: escalationRequestedTopic,
        data: {
          escalationId: escalation.id,
          conversationId: conversation.id,
          customerId: conversation.customerId,
          reasonCodes: [...new Set(fired.map((rule) => rule.reasonCode))],
          priority: escalation.priority,
          sentiment,
          intent,
          maskedSummary: escalation.summary.text,
          rules: fired.map((rule) => rule.rule),
        },
      });
    }
    if (reply) {
      entries.push({
        topic: replySentTopic,
        data: {
          replyId: reply.id,
          conversationId: conversation.id,
          customerId: conversation.customerId,
          channel: conversation.channel,
          inReplyToMessageId: message.id,
          author: 'bot',
          maskedText: reply.text.slice(0, 4000),
        },
      });
    }
    return entries;
  }
}

export function newConversation(customerId: string, channel: Channel, language: string | null): Partial<Conversation> {
  const now = new Date();
  return {
    id: randomUUID(),
    customerId,
    channel,
    language,
    status: 'bot',
    lowConfidenceStreak: 0,
    messageCount: 0,
    agentId: null,
    escalated: false,
    resolution: null,
    resolutionCode: null,
    resolvedBy: null,
    correctIntent: null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
  };
}

function signalOf(message: Message): TurnSignal {
  return {
    sentimentLabel: message.sentimentLabel ?? 'neutral',
    sentimentScore: message.sentimentScore ?? 0,
    intentName: message.intentName ?? 'other',
    intentConfidence: message.intentConfidence ?? 0,
  };
}

/** Raw inserts skip TenantScopedRepository.save's cross-tenant id probe: the ids are fresh UUIDs, the tenant is the conversation's. */
function stamped(message: Message, conversation: Conversation): Message {
  message.tenantId = conversation.tenantId;
  return message;
}

function modelVersions(analysis: MessageAnalysis): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const model of [analysis.sentiment.model, analysis.intent.model]) {
    const at = model.lastIndexOf('@');
    if (at > 0) versions[model.slice(0, at).slice(0, 100)] = model.slice(at + 1).slice(0, 50);
    else versions[model.slice(0, 100)] = 'external';
  }
  return versions;
}
