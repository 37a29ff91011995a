import { type OnApplicationBootstrap, type OnApplicationShutdown, Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { type DataSource } from 'typeorm';
import { API_KEY_REVOKED_CHANNEL, type ApiKeyRecord, type ApiKeyStore } from './api-key.store';
import { hashApiKey } from './api-key.secret';

export interface ApiKeyCacheOptions {
  /** How long a resolved key is trusted without asking PostgreSQL again. 0 turns the cache off. */
  ttlMs: number;
  /** Most keys held at once; beyond it the cache starts over. Default 10,000. */
  maxEntries?: number;
}

interface CachedKey {
  record: ApiKeyRecord;
  expiresAt: number;
}

function listenerConfig(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as { url?: string; host?: string; port?: number; username?: string; password?: string; database?: string };
  if (options.url) return { connectionString: options.url, connectionTimeoutMillis: 5_000 };
  return { host: options.host, port: options.port, user: options.username, password: options.password, database: options.database, connectionTimeoutMillis: 5_000 };
}

/**
 * Resolves presented API keys through a short in-memory cache in front of `auth.api_keys`.
 *
 * Revocation contract: `ApiKeyStore.revoke` sends `NOTIFY auth_api_key_revoked` in the same
 * statement, and every replica LISTENs and drops that key at once (milliseconds after the commit).
 * The cache is used only while the listener connection is up, so a lost connection cannot hide a
 * revocation; a key revoked by hand in SQL (no notification) stops working within `ttlMs`. Expiry
 * (`expires_at`) is checked on every request. Only live keys are cached: unknown or dead keys
 * always go to PostgreSQL, so a new key works at once and junk keys cannot fill the memory.
 */
export class ApiKeyCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ApiKeyCache');
  private readonly entries = new Map<string, CachedKey>();
  private readonly maxEntries: number;
  private listener?: Client;
  private listening = false;
  /** Bumped on every invalidation: a lookup that overlapped one does not cache its (maybe stale) answer. */
  private generation = 0;
  private stopped = false;

  constructor(
    private readonly store: ApiKeyStore,
    private readonly dataSource: DataSource,
    private readonly options: ApiKeyCacheOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    // This process's own revocations apply before revoke() even returns.
    store.onRevoked((id) => this.invalidate(id));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.ttlMs > 0) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.invalidateAll();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Whether cached answers are being served (listener connected and a TTL configured). */
  get active(): boolean {
    return this.listening && this.options.ttlMs > 0;
  }

  async authenticate(presented: string, now = new Date()): Promise<ApiKeyRecord | undefined> {
    if (!this.active) return this.store.authenticate(presented, now);
    const digest = hashApiKey(presented);
    const cached = this.entries.get(digest);
    if (cached && cached.expiresAt > now.getTime()) {
      if (!cached.record.expiresAt || cached.record.expiresAt.getTime() > now.getTime()) return cached.record;
      this.entries.delete(digest);
      return undefined;
    }
    const generation = this.generation;
    const record = await this.store.authenticate(presented, now);
    if (record && generation === this.generation && this.active) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(digest, { record, expiresAt: now.getTime() + this.options.ttlMs });
    } else if (!record) {
      this.entries.delete(digest);
    }
    return record;
  }

  /** Drops one key (by record id) from this replica's cache. */
  invalidate(keyId: string): void {
    this.generation++;
    for (const [digest, entry] of this.entries) if (entry.record.id === keyId) this.entries.delete(digest);
  }

  invalidateAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const listener = new Client(listenerConfig(this.dataSource));
    listener.on('notification', (notification) => {
      if (notification.channel === API_KEY_REVOKED_CHANNEL && notification.payload) this.invalidate(notification.payload);
    });
    listener.on('error', (error) => {
      this.logger.warn({ err: error }, 'API key revocation listener lost; authenticating against PostgreSQL on every request');
      this.lost(listener);
    });
    listener.on('end', () => this.lost(listener));
    try {
      await listener.connect();
      await listener.query(`LISTEN ${API_KEY_REVOKED_CHANNEL}`);
      this.listener = listener;
      this.listening = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for API key revocations; API keys are not cached');
      await listener.end().catch(() => undefined);
    }
  }

  private lost(listener: Client): void {
    if (this.listener !== listener) return;
    this.listening = false;
    this.listener = undefined;
    this.invalidateAll();
    void listener.end().catch(() => undefined);
    if (this.stopped) return;
    // Reconnect after a pause; until then every request asks PostgreSQL.
    setTimeout(() => {
      if (!this.stopped && !this.listener) void this.listen();
    }, 1_000).unref();
  }
}
