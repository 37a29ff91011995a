import { type EntityManager, type EntityTarget } from 'typeorm';
import { TenantScopedRepository, type TenantOwned } from '@verticals/platform';

/** The tenant-scoped repository bound to a transaction. */
export function tenantRepositoryIn<T extends TenantOwned>(manager: EntityManager, entity: EntityTarget<T>): TenantScopedRepository<T> {
  return new TenantScopedRepository<T>(manager, entity);
}
