import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type EvaluationSummary } from '@verticals/text-models';
import { type TextModelKind } from '../model-kinds';

/** A model version fitted from a tenant's training set; only that tenant sees and activates it. */
@Entity({ name: 'cs_nlp_model_versions' })
export class FittedModelVersionEntity {
  @PrimaryColumn({ type: 'text' })
  kind!: TextModelKind;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ type: 'jsonb' })
  labels!: string[];

  /** Held-out metrics of the fit (a stratified split of the upload). */
  @Column({ type: 'jsonb' })
  metrics!: EvaluationSummary;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
