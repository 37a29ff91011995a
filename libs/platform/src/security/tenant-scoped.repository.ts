import {
  type DataSource,
  type DeepPartial,
  type EntityManager,
  type EntityTarget,
  type FindManyOptions,
  type FindOneOptions,
  type FindOptionsWhere,
  Not,
  type QueryDeepPartialEntity,
  type Repository,
} from 'typeorm';
import { ProblemException } from '../http/problem-details';
import { requireTenantId } from './current-tenant';

/** An entity that belongs to one tenant: its `tenantId` property (column `tenant_id` by convention). */
export interface TenantOwned {
  tenantId: string;
}

type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

function notFound(entity: string): ProblemException {
  return new ProblemException({
    status: 404,
    type: 'not-found',
    title: 'Not Found',
    detail: `No such ${entity}.`,
  });
}

/**
 * A repository that only ever sees the current tenant's rows: every read, update and delete has
 * `tenantId` added to its WHERE (overriding any tenantId the caller passed), and every save stamps
 * it. Another tenant's row is simply absent: lookups answer 404, never 403, so ids reveal nothing.
 * Query builders are deliberately not offered: a later `.where()` would drop the scope.
 */
export class TenantScopedRepository<T extends TenantOwned> {
  private readonly repository: Repository<T>;

  /** Pass a transaction's EntityManager to read and write inside that transaction. */
  constructor(source: DataSource | EntityManager, entity: EntityTarget<T>) {
    this.repository = source.getRepository(entity);
  }

  private get entityName(): string {
    return this.repository.metadata.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  }

  private scope(where: Where<T> | undefined, tenantId = requireTenantId()): Where<T> {
    const withTenant = (clause: FindOptionsWhere<T>) => ({ ...clause, tenantId }) as FindOptionsWhere<T>;
    if (where === undefined) return withTenant({});
    return Array.isArray(where) ? where.map(withTenant) : withTenant(where);
  }

  find(options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scope(options.where as Where<T> | undefined) });
  }

  findBy(where: Where<T> = {}): Promise<T[]> {
    return this.repository.findBy(this.scope(where));
  }

  findOne(options: FindOneOptions<T>): Promise<T | null> {
    return this.repository.findOne({ ...options, where: this.scope(options.where as Where<T> | undefined) });
  }

  findOneBy(where: Where<T>): Promise<T | null> {
    return this.repository.findOneBy(this.scope(where));
  }

  /** The row, or a 404 problem (also when it exists for another tenant). */
  async findOneByOrFail(where: Where<T>): Promise<T> {
    const found = await this.findOneBy(where);
    if (!found) throw notFound(this.entityName);
    return found;
  }

  count(options: FindManyOptions<T> = {}): Promise<number> {
    return this.repository.count({ ...options, where: this.scope(options.where as Where<T> | undefined) });
  }

  /**
   * Inserts or updates, stamped with the current tenant. An entity whose primary key belongs to
   * another tenant's row answers 404 instead of being overwritten.
   */
  async save(entity: DeepPartial<T>): Promise<T> {
    const tenantId = requireTenantId();
    const ids = this.repository.metadata.getEntityIdMap(entity);
    if (
      ids &&
      (await this.repository.exists({
        where: { ...(ids as FindOptionsWhere<T>), tenantId: Not(tenantId) } as FindOptionsWhere<T>,
      }))
    ) {
      throw notFound(this.entityName);
    }
    return this.repository.save({ ...entity, tenantId } as DeepPartial<T>);
  }

  /** Updates the current tenant's matching rows; returns how many. The tenant itself cannot change. */
  async update(where: FindOptionsWhere<T>, changes: QueryDeepPartialEntity<T>): Promise<number> {
    const { tenantId: _ignored, ...rest } = changes as QueryDeepPartialEntity<T> & { tenantId?: unknown };
    const result = await this.repository.update(
      this.scope(where) as FindOptionsWhere<T>,
      rest as unknown as QueryDeepPartialEntity<T>,
    );
    return result.affected ?? 0;
  }

  async updateOneOrFail(where: FindOptionsWhere<T>, changes: QueryDeepPartialEntity<T>): Promise<void> {
    if ((await this.update(where, changes)) === 0) throw notFound(this.entityName);
  }

  async delete(where: FindOptionsWhere<T>): Promise<number> {
    const result = await this.repository.delete(this.scope(where) as FindOptionsWhere<T>);
    return result.affected ?? 0;
  }

  async deleteOneOrFail(where: FindOptionsWhere<T>): Promise<void> {
    if ((await this.delete(where)) === 0) throw notFound(this.entityName);
  }
}
