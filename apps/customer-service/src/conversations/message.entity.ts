import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const MESSAGE_AUTHORS = ['customer', 'bot', 'agent'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** One turn of a conversation. `text` is always PII-masked; the raw text is never stored. */
@Entity({ name: 'messages' })
@Index('messages_conversation_idx', ['tenantId', 'conversationId', 'createdAt', 'id'])
export class Message {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'text' })
  author!: MessageAuthor;

  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'pii_kinds', type: 'jsonb', default: () => "'[]'::jsonb" })
  piiKinds!: string[];

  @Column({ name: 'sentiment_label', type: 'text', nullable: true })
  sentimentLabel!: SentimentLabel | null;

  /** Polarity in [-1, 1] (P(positive) - P(negative)); drives the sentiment trend. */
  @Column({ name: 'sentiment_score', type: 'real', nullable: true })
  sentimentScore!: number | null;

  /** Probability of the predicted sentiment label, 0..1. */
  @Column({ name: 'sentiment_confidence', type: 'real', nullable: true })
  sentimentConfidence!: number | null;

  @Column({ name: 'intent_name', type: 'text', nullable: true })
  intentName!: string | null;

  @Column({ name: 'intent_confidence', type: 'real', nullable: true })
  intentConfidence!: number | null;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'language_supported', type: 'boolean', nullable: true })
  languageSupported!: boolean | null;

  /** Model name -> version that analysed the message. */
  @Column({ type: 'jsonb', nullable: true })
  models!: Record<string, string> | null;

  /** For bot replies: the knowledge-base article cited and the match confidence. */
  @Column({ name: 'article_id', type: 'uuid', nullable: true })
  articleId!: string | null;

  @Column({ name: 'answer_confidence', type: 'real', nullable: true })
  answerConfidence!: number | null;

  /** For customer messages that arrived over Kafka: the channel's own id. */
  @Column({ name: 'external_message_id', type: 'text', nullable: true })
  externalMessageId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The analysis columns of a message no model looked at (bot replies, agent messages). */
export const UNANALYSED: Pick<
  Message,
  'sentimentLabel' | 'sentimentScore' | 'sentimentConfidence' | 'intentName' | 'intentConfidence' | 'language' | 'languageSupported' | 'models'
> = {
  sentimentLabel: null,
  sentimentScore: null,
  sentimentConfidence: null,
  intentName: null,
  intentConfidence: null,
  language: null,
  languageSupported: null,
  models: null,
};
