import { type ServiceDataSourceOptions } from '@verticals/persistence';
import { AuthApiKeys1763860000000 } from './auth-api-keys.migration';
import { AuditEvents1763860000001 } from './audit-events.migration';
import { IdempotencyKeys1763860000002 } from '../idempotency/idempotency-keys.migration';

/** The platform's tables; every service lists these first: `migrations: [...platformMigrations, ...own]`. */
export const platformMigrations = [AuthApiKeys1763860000000, AuditEvents1763860000001, IdempotencyKeys1763860000002];

type MigrationList = ServiceDataSourceOptions['migrations'];

/** The service's migrations with the platform's first (each once, even if the service lists them). */
export function withPlatformMigrations(migrations: MigrationList): MigrationList {
  const own = Array.isArray(migrations) ? migrations : Object.values(migrations);
  return [
    ...platformMigrations,
    ...own.filter((migration) => !(platformMigrations as unknown[]).includes(migration)),
  ];
}
