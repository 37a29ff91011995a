import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { createServiceDataSource } from '@verticals/persistence';
import { EMBEDDED_DATABASE_URL, postgresUrl } from '../config/base-config.schema';
import { loadConfig } from '../config/load-config';
import { ApiKeyStore, type ApiKeyRecord } from './api-key.store';
import { AUTH_SCHEMA } from './auth-schema';
import { ROLES, type Role, isRole } from './roles';

export interface KeysCliIo {
  databaseUrl: string;
  out: (line: string) => void;
}

/** The database the keys live in: DATABASE_URL, or the embedded PostgreSQL of `npm start`. */
export function keysCliDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  return loadConfig(z.object({ DATABASE_URL: postgresUrl.default(EMBEDDED_DATABASE_URL) }), env).DATABASE_URL;
}

function parseRoles(value: string): Role[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  const unknown = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `roles must be a comma list of ${ROLES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  }
  return roles as Role[];
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new InvalidArgumentError('must be a whole number of days between 1 and 3650');
  return days;
}

function parseTenant(value: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value))
    throw new InvalidArgumentError('must be 1-128 characters of letters, digits, dot, dash, underscore');
  return value;
}

function describe(record: ApiKeyRecord, now: Date): string {
  const state = record.revokedAt
    ? `revoked ${record.revokedAt.toISOString()}`
    : record.expiresAt && record.expiresAt <= now
      ? `expired ${record.expiresAt.toISOString()}`
      : `active, expires ${record.expiresAt ? record.expiresAt.toISOString() : 'never'}`;
  return [
    record.id,
    record.tenantId,
    record.roles.join(','),
    `${record.keyPrefix}...`,
    record.name || '-',
    `created ${record.createdAt.toISOString()}`,
    state,
  ].join('  ');
}

/**
 * `npm run keys -- create|list|revoke`: manages the API keys every service accepts. Keys live in
 * the shared `auth` schema, so no service needs naming. Resolves to the process exit code.
 */
export async function runKeysCli(argv: readonly string[], io: KeysCliIo): Promise<number> {
  const dataSource = createServiceDataSource({
    url: io.databaseUrl,
    schema: AUTH_SCHEMA,
    entities: [],
    migrations: [],
    poolSize: 2,
    applicationName: 'keys-cli',
  });
  const store = new ApiKeyStore(dataSource);
  const open = async () => {
    if (!dataSource.isInitialized) await dataSource.initialize();
    await store.ensureSchema();
    return store;
  };
  let exitCode = 0;
  const program = new Command('keys')
    .description('Manage API keys (stored as sha256 hashes in the shared auth schema)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.out(text.trimEnd()),
    });

  program
    .command('create')
    .description('create a key; it is printed once and never stored')
    .requiredOption('--tenant <tenant>', 'tenant the key is scoped to', parseTenant)
    .requiredOption('--roles <roles>', `comma list of ${ROLES.join(', ')}`, parseRoles)
    .option('--expires-in-days <days>', 'expiry, in days from now', parseDays)
    .option('--name <name>', 'what the key is for')
    .action(async (options: { tenant: string; roles: Role[]; expiresInDays?: number; name?: string }) => {
      const expiresAt = options.expiresInDays
        ? new Date(Date.now() + options.expiresInDays * 86_400_000)
        : null;
      const { key, record } = await (
        await open()
      ).create({ tenantId: options.tenant, roles: options.roles, name: options.name, expiresAt });
      io.out(`created ${describe(record, new Date())}`);
      io.out(`X-API-Key: ${key}`);
      io.out('This is the only time the key is shown; only its hash is stored.');
    });

  program
    .command('list')
    .description('list keys (never the keys themselves)')
    .option('--tenant <tenant>', 'only this tenant', parseTenant)
    .action(async (options: { tenant?: string }) => {
      const records = await (await open()).list(options.tenant);
      const now = new Date();
      io.out('id  tenant  roles  prefix  name  created  state');
      for (const record of records) io.out(describe(record, now));
    });

  program
    .command('revoke <id>')
    .description('revoke a key at once, in every service')
    .action(async (id: string) => {
      if (await (await open()).revoke(id)) io.out(`revoked ${id}`);
      else {
        io.out(`no active key with id ${id}`);
        exitCode = 1;
      }
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (code === undefined) throw error;
    exitCode = code;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
  return exitCode;
}
