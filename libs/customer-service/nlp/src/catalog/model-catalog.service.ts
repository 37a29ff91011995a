import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { InferenceEngine } from '@verticals/inference';
import { ProblemException, TenantScopedRepository, currentContext } from '@verticals/platform';
import { type EvaluationSummary } from '@verticals/text-models';
import { CUSTOMER_SERVICE_NLP_OPTIONS, type ResolvedNlpOptions } from '../customer-service-nlp.options';
import { MODEL_NAMES, type TextModelKind } from '../model-kinds';
import { FittedModelVersionEntity } from '../persistence/fitted-model-version.entity';
import { ModelActivationEntity } from '../persistence/model-activation.entity';
import { listModelVersions } from './model-repository.seeder';

export interface CatalogModelVersion {
  kind: TextModelKind;
  modelName: string;
  version: number;
  /** `seeded`: a default version shipped with the service; `fitted`: fitted from this tenant's training set. */
  source: 'seeded' | 'fitted';
  active: boolean;
  labels: string[];
  metrics: Record<string, EvaluationSummary>;
  createdAt?: string;
}

interface CachedVersion {
  version: number;
  expiresAt: number;
}

/**
 * Which version of each model serves which tenant. The engine serves every version in the runtime repository
 * (policy 'all'), so switching is a row update plus a cache entry: no load on the request path, no downtime.
 */
@Injectable()
export class ModelCatalogService {
  private readonly cache = new Map<string, CachedVersion>();
  private readonly activations: TenantScopedRepository<ModelActivationEntity>;
  private readonly fitted: TenantScopedRepository<FittedModelVersionEntity>;

  constructor(
    @Inject(CUSTOMER_SERVICE_NLP_OPTIONS) private readonly options: ResolvedNlpOptions,
    private readonly engine: InferenceEngine,
    private readonly dataSource: DataSource,
  ) {
    this.activations = new TenantScopedRepository(dataSource, ModelActivationEntity);
    this.fitted = new TenantScopedRepository(dataSource, FittedModelVersionEntity);
  }

  /** The highest seeded version: what a tenant without its own activation gets. */
  defaultVersion(kind: TextModelKind): number {
    const versions = this.options.seeded[kind];
    const highest = versions[versions.length - 1];
    if (highest === undefined) throw new Error(`no seeded version of ${MODEL_NAMES[kind]} in ${this.options.seedRepositoryPath}`);
    return highest;
  }

  /** The version serving the current tenant (the default outside a tenant context). */
  async activeVersion(kind: TextModelKind): Promise<number> {
    const tenantId = currentContext()?.tenantId;
    if (!tenantId) return this.defaultVersion(kind);
    const key = `${tenantId}\u0000${kind}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.version;
    const row = await this.activations.findOneBy({ kind });
    const version = row?.version ?? this.defaultVersion(kind);
    this.cache.set(key, { version, expiresAt: Date.now() + (this.options.activeVersionCacheMs ?? 2000) });
    return version;
  }

  /** Seeded versions plus the current tenant's fitted ones, with metrics and which is active. */
  async listVersions(kind: TextModelKind): Promise<CatalogModelVersion[]> {
    const active = await this.activeVersion(kind);
    const modelName = MODEL_NAMES[kind];
    const seeded = this.options.seeded[kind].map((version): CatalogModelVersion => {
      const card = this.readManifest(kind, version);
      return { kind, modelName, version, source: 'seeded', active: version === active, labels: card.labels, metrics: card.metrics };
    });
    const fitted = (await this.fitted.find({ where: { kind }, order: { version: 'ASC' } })).map(
      (row): CatalogModelVersion => ({
        kind,
        modelName,
        version: row.version,
        source: 'fitted',
        active: row.version === active,
        labels: row.labels,
        metrics: { heldOut: row.metrics },
        createdAt: row.createdAt.toISOString(),
      }),
    );
    return [...seeded, ...fitted];
  }

  /**
   * Makes `version` serve the current tenant. The version must be seeded or fitted by this tenant, and loaded
   * and warmed up in the engine before the switch; the previous version stays served for rollback.
   */
  async activate(kind: TextModelKind, version: number): Promise<CatalogModelVersion> {
    const versions = await this.listVersions(kind);
    const target = versions.find((v) => v.version === version);
    if (!target) {
      throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `No ${kind} model version ${version}.` });
    }
    const modelName = MODEL_NAMES[kind];
    if (!this.engine.isReady(modelName, version)) await this.engine.load(modelName);
    if (!this.engine.isReady(modelName, version)) {
      throw new ProblemException({ status: 409, type: 'model-not-ready', title: 'Conflict', detail: `${modelName} version ${version} could not be loaded.` });
    }
    const previous = await this.activeVersion(kind);
    await this.activations.save({ kind, version, previousVersion: previous === version ? null : previous, activatedAt: new Date() });
    const tenantId = currentContext()?.tenantId;
    if (tenantId) this.cache.set(`${tenantId}\u0000${kind}`, { version, expiresAt: Date.now() + (this.options.activeVersionCacheMs ?? 2000) });
    return { ...target, active: true };
  }

  /** The number the next fitted version of a kind gets (above every version on disk and in the table). */
  async nextVersion(kind: TextModelKind, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const onDisk = listModelVersions(this.options.repositoryPath, MODEL_NAMES[kind]);
    const rows = await manager.getRepository(FittedModelVersionEntity).find({ where: { kind }, order: { version: 'DESC' }, take: 1 });
    return Math.max(0, ...onDisk, ...this.options.seeded[kind], rows[0]?.version ?? 0) + 1;
  }

  /** Records a fitted version for the current tenant and loads it into the engine (not active yet). */
  async registerFitted(entry: { kind: TextModelKind; version: number; jobId: string; labels: string[]; metrics: EvaluationSummary }): Promise<void> {
    await this.engine.load(MODEL_NAMES[entry.kind]);
    await this.fitted.save({ ...entry });
  }

  private readManifest(kind: TextModelKind, version: number): { labels: string[]; metrics: Record<string, EvaluationSummary> } {
    const manifest = JSON.parse(readFileSync(join(this.options.repositoryPath, MODEL_NAMES[kind], String(version), 'model.json'), 'utf8')) as {
      outputs: { labels?: string[] }[];
      card?: { metrics?: Record<string, EvaluationSummary> };
    };
    return { labels: manifest.outputs[0]?.labels ?? [], metrics: manifest.card?.metrics ?? {} };
  }
}
