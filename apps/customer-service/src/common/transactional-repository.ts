import { type DataSource, type EntityManager, type EntityTarget } from 'typeorm';
import { TenantScopedRepository, type TenantOwned } from '@verticals/platform';

/**
 * The tenant-scoped repository bound to a transaction. TenantScopedRepository only asks its
 * DataSource for `getRepository`, which a transaction's EntityManager provides with the same
 * signature; the platform offers no manager-bound constructor (reported to the lead).
 */
export function tenantRepositoryIn<T extends TenantOwned>(manager: EntityManager, entity: EntityTarget<T>): TenantScopedRepository<T> {
  return new TenantScopedRepository<T>(manager as unknown as DataSource, entity);
}
