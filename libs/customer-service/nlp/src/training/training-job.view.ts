import { type EvaluationSummary } from '@verticals/text-models';
import { type TextModelKind } from '../model-kinds';
import { type TrainingJobEntity, type TrainingJobStatus } from '../persistence/training-job.entity';

/** A training job as the API shows it. */
export interface TrainingJobView {
  id: string;
  kind: TextModelKind;
  status: TrainingJobStatus;
  /** 0..1 */
  progress: number;
  stage: string;
  rowCount: number;
  includeFeedback: boolean;
  customLabels: boolean;
  /** Held-out metrics of the fitted version (when succeeded). */
  metrics: EvaluationSummary | null;
  /** The model version the job produced (when succeeded); activate it with POST .../models/{version}/activate. */
  modelVersion: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function toTrainingJobView(job: TrainingJobEntity): TrainingJobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: Math.round(job.progress * 1000) / 1000,
    stage: job.stage,
    rowCount: job.rowCount,
    includeFeedback: job.includeFeedback,
    customLabels: job.customLabels,
    metrics: job.metrics,
    modelVersion: job.modelVersion,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
