import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProblemException, TenantScopedRepository, type FieldError } from '@verticals/platform';
import { DatasetErrorCode, DatasetValidationError, type DatasetFormat } from '@verticals/text-models';
import { CUSTOMER_SERVICE_NLP_OPTIONS, type ResolvedNlpOptions } from '../customer-service-nlp.options';
import { type TextModelKind } from '../model-kinds';
import { TrainingJobEntity } from '../persistence/training-job.entity';
import { type TrainingJobView, toTrainingJobView } from './training-job.view';
import { parseTrainingSet } from './text-model-fitting';

export const DEFAULT_MAX_TRAINING_SET_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_TRAINING_SET_ROWS = 100_000;
const MIN_ROWS_PER_LABEL = 3;

export interface TrainingSetSubmission {
  kind: TextModelKind;
  content: string;
  format?: DatasetFormat;
  /** Intents only: accept any label set instead of the taxonomy. */
  customLabels?: boolean;
  /** Add the tenant's agent corrections of this kind to the upload when the fit runs. */
  includeFeedback?: boolean;
}

export interface TrainingJobPage {
  items: TrainingJobView[];
  total: number;
  limit: number;
  offset: number;
}

type JobListener = () => void;

/** Accepts training sets (validated row by row) as queued jobs and reports on them; the runner fits them. */
@Injectable()
export class TrainingJobService {
  private readonly jobs: TenantScopedRepository<TrainingJobEntity>;
  private readonly listeners = new Set<JobListener>();

  constructor(
    @Inject(CUSTOMER_SERVICE_NLP_OPTIONS) private readonly options: ResolvedNlpOptions,
    dataSource: DataSource,
  ) {
    this.jobs = new TenantScopedRepository(dataSource, TrainingJobEntity);
  }

  /** Called when a job is queued (the runner wakes up). */
  onQueued(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get maxBytes(): number {
    return this.options.maxTrainingSetBytes ?? DEFAULT_MAX_TRAINING_SET_BYTES;
  }

  async submit(submission: TrainingSetSubmission): Promise<TrainingJobView> {
    const bytes = Buffer.byteLength(submission.content, 'utf8');
    if (bytes > this.maxBytes) throw tooLarge(`The training set is ${bytes} bytes; the limit is ${this.maxBytes}.`);
    const parsed = await parseTrainingSet(submission.kind, submission.content, {
      format: submission.format,
      customLabels: submission.customLabels === true,
      limits: { maxBytes: this.maxBytes, maxRows: this.options.maxTrainingSetRows ?? DEFAULT_MAX_TRAINING_SET_ROWS },
    }).catch((error: unknown) => {
      if (!(error instanceof DatasetValidationError)) throw error;
      if (error.code === DatasetErrorCode.TooLarge) throw tooLarge(error.issues[0]?.message ?? error.message);
      throw invalidTrainingSet(
        error.code === DatasetErrorCode.Malformed ? 'The training set could not be parsed.' : 'Some rows of the training set are invalid.',
        error.issues.map((issue) => ({ field: issue.line > 0 ? `line ${issue.line}` : 'body', rule: ruleOf(error.code), message: issue.message })),
      );
    });
    const labels = Object.keys(parsed.counts);
    const thin = labels.filter((label) => (parsed.counts[label] as number) < MIN_ROWS_PER_LABEL);
    if (labels.length < 2 || thin.length > 0) {
      throw invalidTrainingSet(
        'The training set cannot be fitted.',
        labels.length < 2
          ? [{ field: 'body', rule: 'minLabels', message: 'a classifier needs at least two labels' }]
          : thin.map((label) => ({ field: `label ${label}`, rule: 'minExamples', message: `needs at least ${MIN_ROWS_PER_LABEL} rows; has ${parsed.counts[label]}` })),
      );
    }
    const job = await this.jobs.save({
      id: randomUUID(),
      kind: submission.kind,
      status: 'queued',
      progress: 0,
      stage: 'queued',
      rowCount: parsed.rows.length,
      includeFeedback: submission.includeFeedback === true,
      customLabels: submission.customLabels === true,
      rows: parsed.rows,
      metrics: null,
      modelVersion: null,
      error: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    });
    for (const listener of this.listeners) listener();
    return toTrainingJobView(job);
  }

  async get(kind: TextModelKind, id: string): Promise<TrainingJobView> {
    const job = await this.jobs.findOneBy({ id, kind });
    if (!job) throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `No ${kind} training set ${id}.` });
    return toTrainingJobView(job);
  }

  /** Newest first. */
  async list(kind: TextModelKind, page: { limit: number; offset: number }): Promise<TrainingJobPage> {
    const [items, total] = await Promise.all([
      this.jobs.find({ where: { kind }, order: { createdAt: 'DESC', id: 'ASC' }, take: page.limit, skip: page.offset }),
      this.jobs.count({ where: { kind } }),
    ]);
    return { items: items.map(toTrainingJobView), total, limit: page.limit, offset: page.offset };
  }
}

function ruleOf(code: DatasetErrorCode): string {
  return code === DatasetErrorCode.Malformed ? 'format' : 'row';
}

function tooLarge(detail: string): ProblemException {
  return new ProblemException({ status: 413, type: 'payload-too-large', title: 'Payload Too Large', detail });
}

function invalidTrainingSet(detail: string, errors: FieldError[]): ProblemException {
  return new ProblemException({ status: 400, type: 'invalid-training-set', title: 'Bad Request', detail, errors });
}
