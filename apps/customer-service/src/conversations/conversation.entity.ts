import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CONVERSATION_STATUSES = ['bot', 'waiting_for_agent', 'agent', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const CHANNELS = ['email', 'chat', 'sms', 'web', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

@Entity({ name: 'conversations' })
@Index('conversations_tenant_created_idx', ['tenantId', 'createdAt', 'id'])
export class Conversation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  channel!: Channel;

  /** Declared by the caller (BCP 47) or, when absent, the language detected on the first message. */
  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ type: 'text', default: 'bot' })
  status!: ConversationStatus;

  /** Consecutive bot turns whose best knowledge-base answer stayed below the confidence threshold. */
  @Column({ name: 'low_confidence_streak', type: 'integer', default: 0 })
  lowConfidenceStreak!: number;

  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount!: number;

  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId!: string | null;

  @Column({ name: 'escalated', type: 'boolean', default: false })
  escalated!: boolean;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ name: 'resolution_code', type: 'text', nullable: true })
  resolutionCode!: string | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'correct_intent', type: 'text', nullable: true })
  correctIntent!: string | null;

  /** Set in code (millisecond precision) so that pagination cursors round-trip exactly. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
