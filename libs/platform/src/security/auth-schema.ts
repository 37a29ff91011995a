/**
 * API keys live in one `auth` schema shared by every service, so one key works across services and
 * the first service to start creates the one bootstrap admin key. Every service applies this DDL
 * (idempotent, serialised by an advisory lock so concurrent first starts cannot race).
 */
export const AUTH_SCHEMA = 'auth';
export const API_KEYS_TABLE = `"${AUTH_SCHEMA}"."api_keys"`;
/** Key of the transaction-scoped advisory lock around auth DDL and the admin-key bootstrap. */
export const AUTH_LOCK_KEY = 7_356_201_911;

export const AUTH_SCHEMA_DDL = [
  `SELECT pg_advisory_xact_lock(${AUTH_LOCK_KEY})`,
  `CREATE SCHEMA IF NOT EXISTS "${AUTH_SCHEMA}"`,
  `CREATE TABLE IF NOT EXISTS ${API_KEYS_TABLE} (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL CHECK (tenant_id <> ''),
    name text NOT NULL,
    roles text[] NOT NULL CHECK (cardinality(roles) > 0),
    key_prefix text NOT NULL,
    key_hash char(64) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz
  )`,
  `CREATE INDEX IF NOT EXISTS api_keys_key_prefix_idx ON ${API_KEYS_TABLE} (key_prefix)`,
  `CREATE INDEX IF NOT EXISTS api_keys_tenant_idx ON ${API_KEYS_TABLE} (tenant_id, created_at)`,
  `COMMENT ON TABLE ${API_KEYS_TABLE} IS 'API keys of every service: sha256 of the key only, never the key.'`,
];

export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function applyAuthSchema(runner: SqlRunner): Promise<void> {
  for (const statement of AUTH_SCHEMA_DDL) await runner.query(statement);
}
