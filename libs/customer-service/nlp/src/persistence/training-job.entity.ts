import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type EvaluationSummary, type LabelledText } from '@verticals/text-models';
import { type TextModelKind } from '../model-kinds';

export const TRAINING_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type TrainingJobStatus = (typeof TRAINING_JOB_STATUSES)[number];

/** A fit of a new model version from an uploaded training set; the rows stay with the job until it ends. */
@Entity({ name: 'cs_nlp_training_jobs' })
export class TrainingJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  kind!: TextModelKind;

  @Column({ type: 'text' })
  status!: TrainingJobStatus;

  /** 0..1 */
  @Column({ type: 'double precision', default: 0 })
  progress!: number;

  @Column({ type: 'text', default: 'queued' })
  stage!: string;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'include_feedback', type: 'boolean', default: false })
  includeFeedback!: boolean;

  /** Custom label set (only when the upload asked for `labels=custom`); false = the kind's standard labels. */
  @Column({ name: 'custom_labels', type: 'boolean', default: false })
  customLabels!: boolean;

  /** The uploaded rows; cleared when the job ends. */
  @Column({ type: 'jsonb', nullable: true, select: false })
  rows!: LabelledText[] | null;

  @Column({ type: 'jsonb', nullable: true })
  metrics!: EvaluationSummary | null;

  @Column({ name: 'model_version', type: 'integer', nullable: true })
  modelVersion!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
