import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type TextModelKind } from '../model-kinds';

/** A label an agent confirmed or corrected when resolving a conversation; a later fit may learn from it. */
@Entity({ name: 'cs_nlp_training_feedback' })
export class TrainingFeedbackEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  kind!: TextModelKind;

  /** PII-masked message text, as the conversation stored it. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ name: 'conversation_id', type: 'text', nullable: true })
  conversationId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
