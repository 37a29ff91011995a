import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runWithContext } from '@verticals/platform';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import { CUSTOMER_SERVICE_NLP_OPTIONS, type ResolvedNlpOptions } from '../customer-service-nlp.options';
import { TrainingJobEntity } from '../persistence/training-job.entity';
import { fitInWorker } from './fit-in-worker';
import { TrainingFeedbackService } from './training-feedback.service';
import { TrainingJobService } from './training-job.service';
import { fitLabels } from './text-model-fitting';

const POLL_MS = 5_000;
const PROGRESS_WRITE_MS = 500;

/**
 * Runs queued training jobs one at a time per service process, each fit in a worker thread. Jobs are claimed
 * with SKIP LOCKED, so replicas sharing a database never fit the same job twice. A job found `running` at
 * start was interrupted by a crash or stop: it is marked failed with that reason.
 */
@Injectable()
export class TrainingJobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TrainingJobRunner');
  private busy = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private current?: Promise<void>;

  constructor(
    @Inject(CUSTOMER_SERVICE_NLP_OPTIONS) private readonly options: ResolvedNlpOptions,
    private readonly dataSource: DataSource,
    private readonly jobs: TrainingJobService,
    private readonly catalog: ModelCatalogService,
    private readonly feedback: TrainingFeedbackService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.runTrainingJobs === false) return;
    await this.failInterruptedJobs();
    this.unsubscribe = this.jobs.onQueued(() => this.kick());
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.current?.catch(() => undefined);
  }

  /**
   * Marks jobs left `running` as failed. System-wide on purpose (every tenant's jobs): it runs at start, when no
   * fit of this service can be running. With several replicas on one database, a replica's restart would also
   * fail a job another replica is fitting; run one fitting replica (`runTrainingJobs`) in that setup.
   */
  async failInterruptedJobs(): Promise<number> {
    const interrupted = await this.dataSource.getRepository(TrainingJobEntity).update(
      { status: 'running' },
      { status: 'failed', stage: 'failed', error: 'interrupted: the service stopped while this job was running', finishedAt: new Date(), rows: null },
    );
    if (interrupted.affected) this.logger.warn(`${interrupted.affected} interrupted training job(s) marked failed`);
    return interrupted.affected ?? 0;
  }

  /** Resolves when no job is queued or running in this process (for tests and graceful stops). */
  async idle(): Promise<void> {
    while (this.busy) await this.current?.catch(() => undefined);
  }

  private kick(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    this.current = this.drain().finally(() => {
      this.busy = false;
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const job = await this.claim().catch((error: unknown) => {
        this.logger.error(`claiming a training job failed: ${(error as Error).message}`);
        return undefined;
      });
      if (!job) return;
      await runWithContext({ requestId: randomUUID(), correlationId: job.id, tenantId: job.tenantId, principal: 'system:training' }, () => this.run(job));
    }
  }

  private async claim(): Promise<TrainingJobEntity | undefined> {
    const table = this.dataSource.getRepository(TrainingJobEntity).metadata.tablePath;
    const [rows] = (await this.dataSource.query(
      `UPDATE ${table} SET status = 'running', stage = 'starting', started_at = now()
        WHERE id = (SELECT id FROM ${table} WHERE status = 'queued' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
    )) as [{ id: string }[], number];
    const id = rows?.[0]?.id;
    if (!id) return undefined;
    return (
      (await this.dataSource.getRepository(TrainingJobEntity).findOne({ where: { id }, select: { id: true, tenantId: true, kind: true, rows: true, includeFeedback: true, customLabels: true } })) ??
      undefined
    );
  }

  private async run(job: TrainingJobEntity): Promise<void> {
    const repository = this.dataSource.getRepository(TrainingJobEntity);
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    try {
      const feedback = job.includeFeedback ? await this.feedback.corrections(this.dataSource.manager, job.kind) : [];
      const rows = [...(job.rows ?? []), ...feedback];
      const labels = fitLabels(job.kind, rows, job.customLabels);
      const version = await this.catalog.nextVersion(job.kind);
      const fitted = await fitInWorker(
        { kind: job.kind, rows, labels, repositoryPath: this.options.repositoryPath, version, source: `training job ${job.id}` },
        (fraction, stage) => {
          const now = Date.now();
          if (now - lastWrite < PROGRESS_WRITE_MS) return;
          lastWrite = now;
          writing = writing.then(() => repository.update({ id: job.id }, { progress: Math.min(0.99, fraction), stage })).catch(() => undefined);
        },
      );
      await writing;
      await this.catalog.registerFitted({ kind: job.kind, version: fitted.version, jobId: job.id, labels: fitted.labels, metrics: fitted.metrics });
      await repository.update(
        { id: job.id },
        { status: 'succeeded', stage: 'done', progress: 1, metrics: fitted.metrics, modelVersion: fitted.version, finishedAt: new Date(), rows: null },
      );
      this.logger.log(`training job ${job.id} produced ${job.kind} version ${fitted.version} (macro-F1 ${fitted.metrics.macroF1})`);
    } catch (error) {
      await writing;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`training job ${job.id} failed: ${message}`);
      await repository.update({ id: job.id }, { status: 'failed', stage: 'failed', error: message, finishedAt: new Date(), rows: null });
    }
  }
}
