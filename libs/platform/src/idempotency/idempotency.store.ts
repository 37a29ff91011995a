import { type DataSource } from 'typeorm';

export interface StoredResponse {
  requestHash: string;
  state: 'in_progress' | 'completed';
  status: number | null;
  body: unknown;
}

interface StoredRow {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
}

/** The `idempotency_keys` table: claim a key, complete it with the response, or release it. */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly db: DataSource,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  /** Claims the key for this request; returns the existing entry when the key was already used. */
  async claim(tenantId: string, key: string, method: string, route: string, requestHash: string): Promise<StoredResponse | undefined> {
    await this.purgeExpired();
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO "idempotency_keys" (tenant_id, key, method, route, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_progress', now() + ($6 || ' milliseconds')::interval)
       ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`,
      [tenantId, key, method, route, requestHash, String(this.ttlMs)],
    );
    if (inserted.length > 0) return undefined;
    const rows: StoredRow[] = await this.db.query(
      `SELECT request_hash, state, response_status, response_body FROM "idempotency_keys" WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key],
    );
    const row = rows[0];
    // Expired and purged between the two statements: treat as a fresh claim on the next attempt.
    if (!row) return { requestHash, state: 'in_progress', status: null, body: null };
    return { requestHash: row.request_hash, state: row.state, status: row.response_status, body: row.response_body };
  }

  async complete(tenantId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.query(
      `UPDATE "idempotency_keys" SET state = 'completed', response_status = $3, response_body = $4::jsonb WHERE tenant_id = $1 AND key = $2`,
      [tenantId, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** A failed request leaves no trace, so the client may retry it with the same key. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM "idempotency_keys" WHERE tenant_id = $1 AND key = $2 AND state = 'in_progress'`, [tenantId, key]);
  }

  private async purgeExpired(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.db.query(`DELETE FROM "idempotency_keys" WHERE expires_at < now()`);
  }
}
