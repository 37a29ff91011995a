import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type Role } from './roles';
import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key.secret';
import { API_KEYS_TABLE, AUTH_LOCK_KEY, applyAuthSchema } from './auth-schema';

export const DEFAULT_TENANT = 'default';
/** NOTIFY channel carrying the id of each key revoked through `revoke()` (ApiKeyCache listens). */
export const API_KEY_REVOKED_CHANNEL = 'auth_api_key_revoked';

/** An API key as stored: everything but the key itself. */
export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  roles: Role[];
  keyPrefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  tenantId: string;
  roles: readonly Role[];
  name?: string;
  expiresAt?: Date | null;
}

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  roles: Role[];
  key_prefix: string;
  key_hash: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, tenant_id, name, roles, key_prefix, key_hash, created_at, expires_at, revoked_at';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    roles: row.roles,
    keyPrefix: row.key_prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** The `auth.api_keys` table: create, list, revoke, and resolve a presented key. */
export class ApiKeyStore {
  private readonly revokedListeners = new Set<(id: string) => void>();

  constructor(private readonly db: DataSource) {}

  /** Calls `listener` with each key id this process revokes, right after the revocation commits. */
  onRevoked(listener: (id: string) => void): void {
    this.revokedListeners.add(listener);
  }

  /** Creates the shared auth schema when missing (the CLI may run before any service has). */
  async ensureSchema(): Promise<void> {
    await this.db.transaction((manager) => applyAuthSchema(manager));
  }

  /** Returns the key in clear exactly once; only its hash is stored. */
  async create(input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
    return this.insert(generateApiKey(), input);
  }

  async list(tenantId?: string): Promise<ApiKeyRecord[]> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM ${API_KEYS_TABLE} WHERE ($1::text IS NULL OR tenant_id = $1) ORDER BY tenant_id, created_at`,
      [tenantId ?? null],
    )) as ApiKeyRow[];
    return rows.map(toRecord);
  }

  /**
   * Returns false when no key has this id or it was already revoked. The same statement notifies
   * every replica's ApiKeyCache (delivered when it commits).
   */
  async revoke(id: string, at = new Date()): Promise<boolean> {
    if (!UUID_PATTERN.test(id)) return false;
    const rows = (await this.db.query(
      `WITH revoked AS (UPDATE ${API_KEYS_TABLE} SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT pg_notify('${API_KEY_REVOKED_CHANNEL}', id::text) FROM revoked`,
      [id, at],
    )) as unknown[];
    if (rows.length !== 1) return false;
    for (const listener of this.revokedListeners) listener(id);
    return true;
  }

  /** The live (not expired, not revoked) key matching `presented`, or undefined. */
  async authenticate(presented: string, now = new Date()): Promise<ApiKeyRecord | undefined> {
    if (presented.length < 16 || presented.length > 512) return undefined;
    const candidates = (await this.db.query(
      `SELECT ${COLUMNS} FROM ${API_KEYS_TABLE} WHERE key_prefix = $1`,
      [apiKeyPrefix(presented)],
    )) as ApiKeyRow[];
    const match = candidates.find((row) => apiKeyMatches(row.key_hash, presented));
    if (!match || match.revoked_at || (match.expires_at && match.expires_at.getTime() <= now.getTime()))
      return undefined;
    return toRecord(match);
  }

  /**
   * Makes sure an admin can get in. With `bootstrapKey`, an admin key of that value exists for the
   * default tenant (unless an operator revoked it). Without one, the very first start creates a key
   * and returns it so the caller can show it once. Serialised across services by an advisory lock.
   */
  async ensureAdminKey(bootstrapKey?: string): Promise<{ createdKey?: string; record?: ApiKeyRecord }> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${AUTH_LOCK_KEY})`);
      if (bootstrapKey) {
        const existing = (await manager.query(`SELECT id FROM ${API_KEYS_TABLE} WHERE key_hash = $1`, [
          hashApiKey(bootstrapKey),
        ])) as unknown[];
        if (existing.length > 0) return {};
        const { record } = await this.insert(
          bootstrapKey,
          { tenantId: DEFAULT_TENANT, roles: ['admin'], name: 'bootstrap-admin' },
          manager,
        );
        return { record };
      }
      const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM ${API_KEYS_TABLE}`)) as [
        { count: number },
      ];
      if (count > 0) return {};
      const key = generateApiKey();
      const { record } = await this.insert(
        key,
        { tenantId: DEFAULT_TENANT, roles: ['admin'], name: 'first-start-admin' },
        manager,
      );
      return { createdKey: key, record };
    });
  }

  private async insert(
    key: string,
    input: NewApiKey,
    runner: { query(sql: string, parameters?: unknown[]): Promise<unknown> } = this.db,
  ) {
    if (input.roles.length === 0) throw new Error('an API key needs at least one role');
    const rows = (await runner.query(
      `INSERT INTO ${API_KEYS_TABLE} (id, tenant_id, name, roles, key_prefix, key_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        input.tenantId,
        input.name ?? '',
        [...input.roles],
        apiKeyPrefix(key),
        hashApiKey(key),
        input.expiresAt ?? null,
      ],
    )) as [ApiKeyRow];
    return { key, record: toRecord(rows[0]) };
  }
}
