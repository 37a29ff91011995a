import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { type HandoffSummary } from './handoff-summary';
import { type FiredRule } from './escalation-rules';

export const ESCALATION_STATUSES = ['open', 'claimed', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export type EscalationPriority = 'low' | 'normal' | 'high' | 'urgent';

@Entity({ name: 'escalations' })
@Index('escalations_queue_idx', ['tenantId', 'status', 'createdAt', 'id'])
export class Escalation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text', default: 'open' })
  status!: EscalationStatus;

  @Column({ type: 'text' })
  priority!: EscalationPriority;

  /** The rules that fired, with what each saw: the recorded reason of the handoff. */
  @Column({ type: 'jsonb' })
  rules!: FiredRule[];

  @Column({ type: 'jsonb' })
  summary!: HandoffSummary;

  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
