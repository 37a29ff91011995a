import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { conversationResolvedTopic, replySentTopic, type resolutionCodes } from '@verticals/contracts';
import { Outbox } from '@verticals/messaging';
import { TenantScopedRepository } from '@verticals/platform';
import { TrainingFeedbackService } from '@verticals/customer-service-nlp';
import { afterCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '../common/page';
import { tenantRepositoryIn } from '../common/transactional-repository';
import { maskPii } from '../pii/pii-masker';
import { Escalation } from '../escalations/escalation.entity';
import { escalationView, type EscalationView } from '../escalations/escalation.views';
import { Conversation, type ConversationStatus } from './conversation.entity';
import { Message, UNANALYSED } from './message.entity';
import { type CreateConversationDto, type ResolveConversationDto } from './conversation.dto';
import { ConversationErrorCode, ConversationException } from './conversation.exception';
import { newConversation } from './conversation-turn.service';
import { conversationView, messageView, type ConversationView, type MessageView } from './conversation.views';

export interface ConversationDetail extends ConversationView {
  transcript: MessageView[];
  /** One point per customer message, oldest first. */
  sentimentTimeline: { messageId: string; at: string; label: string; score: number }[];
  escalations: EscalationView[];
  /** True when the transcript shows only the latest TRANSCRIPT_LIMIT messages (page the rest via /messages). */
  transcriptTruncated: boolean;
}

const TRANSCRIPT_LIMIT = 500;
type ResolutionCode = (typeof resolutionCodes)[number];

@Injectable()
export class ConversationService {
  private readonly conversations: TenantScopedRepository<Conversation>;
  private readonly messages: TenantScopedRepository<Message>;
  private readonly escalations: TenantScopedRepository<Escalation>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly feedback: TrainingFeedbackService,
  ) {
    this.conversations = new TenantScopedRepository(dataSource, Conversation);
    this.messages = new TenantScopedRepository(dataSource, Message);
    this.escalations = new TenantScopedRepository(dataSource, Escalation);
  }

  async create(dto: CreateConversationDto): Promise<ConversationView> {
    return conversationView(await this.conversations.save(newConversation(dto.customerId, dto.channel, dto.language ?? null)));
  }

  async list(status: ConversationStatus | undefined, cursor: string | undefined, limit = DEFAULT_PAGE_SIZE): Promise<Page<ConversationView>> {
    const rows = await this.conversations.find({
      where: afterCursor<Conversation>(status ? { status } : {}, cursor),
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, conversationView);
  }

  async detail(id: string): Promise<ConversationDetail> {
    const conversation = await this.conversations.findOneByOrFail({ id });
    const [latest, escalations] = await Promise.all([
      this.messages.find({ where: { conversationId: id }, order: { createdAt: 'DESC', id: 'DESC' }, take: TRANSCRIPT_LIMIT + 1 }),
      this.escalations.find({ where: { conversationId: id }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    const transcript = latest.slice(0, TRANSCRIPT_LIMIT).reverse();
    return {
      ...conversationView(conversation),
      transcript: transcript.map(messageView),
      sentimentTimeline: transcript
        .filter((message) => message.author === 'customer' && message.sentimentLabel !== null)
        .map((message) => ({ messageId: message.id, at: message.createdAt.toISOString(), label: message.sentimentLabel ?? 'neutral', score: message.sentimentScore ?? 0 })),
      escalations: escalations.map((escalation) => escalationView(escalation)),
      transcriptTruncated: latest.length > TRANSCRIPT_LIMIT,
    };
  }

  async messagesOf(id: string, cursor: string | undefined, limit = DEFAULT_PAGE_SIZE): Promise<Page<MessageView>> {
    await this.conversations.findOneByOrFail({ id });
    const rows = await this.messages.find({ where: afterCursor<Message>({ conversationId: id }, cursor), order: { createdAt: 'ASC', id: 'ASC' }, take: limit + 1 });
    return toPage(rows, limit, messageView);
  }

  /** An agent's reply; only in status `agent`, only by the agent who claimed it. */
  async postAgentMessage(id: string, agentId: string, text: string): Promise<MessageView> {
    return this.dataSource.transaction(async (manager) => {
      const conversation = await tenantRepositoryIn(manager, Conversation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!conversation) return (await this.conversations.findOneByOrFail({ id })) as never;
      if (conversation.status === 'resolved') throw new ConversationException(ConversationErrorCode.Resolved);
      if (conversation.status === 'waiting_for_agent') throw new ConversationException(ConversationErrorCode.WaitingForAgent);
      if (conversation.status !== 'agent') throw new ConversationException(ConversationErrorCode.NotWithAgent);
      if (conversation.agentId !== agentId) throw new ConversationException(ConversationErrorCode.NotYourConversation);
      const masked = maskPii(text);
      const now = new Date();
      const lastCustomer = await tenantRepositoryIn(manager, Message).findOne({ where: { conversationId: id, author: 'customer' }, order: { createdAt: 'DESC', id: 'DESC' } });
      const message = manager.create(Message, {
        id: randomUUID(),
        tenantId: conversation.tenantId,
        conversationId: id,
        author: 'agent',
        agentId,
        text: masked.text,
        piiKinds: masked.kinds,
        ...UNANALYSED,
        articleId: null,
        answerConfidence: null,
        externalMessageId: null,
        createdAt: now,
      });
      await manager.getRepository(Message).insert(message);
      await tenantRepositoryIn(manager, Conversation).update({ id }, { messageCount: conversation.messageCount + 1, updatedAt: now });
      if (lastCustomer) {
        await this.outbox.enqueue(manager, replySentTopic, id, {
          replyId: message.id,
          conversationId: id,
          customerId: conversation.customerId,
          channel: conversation.channel,
          inReplyToMessageId: lastCustomer.id,
          author: 'agent',
          agentId: agentId.slice(0, 100),
          maskedText: message.text.slice(0, 4000),
        });
      }
      return messageView(message);
    });
  }

  /** bot -> resolved (the bot sufficed) or agent -> resolved (by the claiming agent). */
  async resolve(id: string, agentId: string, dto: ResolveConversationDto): Promise<ConversationView> {
    return this.dataSource.transaction(async (manager) => {
      const conversations = tenantRepositoryIn(manager, Conversation);
      const conversation = await conversations.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!conversation) return (await this.conversations.findOneByOrFail({ id })) as never;
      if (conversation.status === 'resolved') throw new ConversationException(ConversationErrorCode.Resolved);
      if (conversation.status === 'waiting_for_agent') throw new ConversationException(ConversationErrorCode.WaitingForAgent);
      if (conversation.status === 'agent' && conversation.agentId !== agentId) throw new ConversationException(ConversationErrorCode.NotYourConversation);
      const now = new Date();
      const resolvedBy = conversation.status === 'agent' ? 'agent' : 'bot';
      const code: ResolutionCode = dto.resolutionCode ?? (conversation.escalated ? 'escalated-and-answered' : 'answered');
      if (dto.correctIntent) await this.recordIntentCorrection(manager, conversation, dto.correctIntent);
      Object.assign(conversation, {
        status: 'resolved',
        resolution: maskPii(dto.resolution).text,
        resolutionCode: code,
        resolvedBy,
        correctIntent: dto.correctIntent ?? null,
        resolvedAt: now,
        updatedAt: now,
      } satisfies Partial<Conversation>);
      await conversations.save(conversation);
      await tenantRepositoryIn(manager, Escalation).update({ conversationId: id, status: In(['open', 'claimed']) }, { status: 'resolved', resolvedAt: now });
      await this.outbox.enqueue(manager, conversationResolvedTopic, id, {
        conversationId: id,
        customerId: conversation.customerId,
        resolvedBy,
        resolutionCode: code,
        messageCount: conversation.messageCount,
        durationMs: Math.max(0, now.getTime() - conversation.createdAt.getTime()),
      });
      return conversationView(conversation);
    });
  }

  /**
   * The corrected label goes with the customer's opening topical message: the one the intent
   * was about (greetings and thanks are not the topic).
   */
  private async recordIntentCorrection(manager: EntityManager, conversation: Conversation, label: string): Promise<void> {
    const customerMessages = await tenantRepositoryIn(manager, Message).find({
      where: { conversationId: conversation.id, author: 'customer' },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 20,
    });
    const topical = customerMessages.find((message) => message.intentName !== 'greeting_thanks') ?? customerMessages[0];
    if (!topical) return;
    await this.feedback.recordCorrection(manager, { kind: 'intent', text: topical.text, label, conversationId: conversation.id });
  }
}
