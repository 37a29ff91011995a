import { type ConversationSnapshot } from './conversation-turn.store';

/**
 * The latest snapshot (conversation row, its xmin, recent messages) of conversations this process
 * wrote, so that the next turn can skip the read. Never trusted for correctness: a turn decided on a
 * cached snapshot is written only if the row still has the cached version (the write's xmin check),
 * so a snapshot made stale by another writer (an agent's claim, another replica, the Kafka path)
 * costs one refused write and a fresh read. Least recently used entries are evicted beyond `capacity`.
 */
export class ConversationSnapshotCache {
  private readonly entries = new Map<string, ConversationSnapshot>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** A copy whose conversation the caller may change (turns decide by mutating it). */
  get(tenantId: string, conversationId: string): ConversationSnapshot | undefined {
    const key = cacheKey(tenantId, conversationId);
    const snapshot = this.entries.get(key);
    if (!snapshot) return undefined;
    this.entries.delete(key);
    this.entries.set(key, snapshot);
    return { ...snapshot, conversation: { ...snapshot.conversation } };
  }

  /** Keeps `snapshot` itself: the caller must not change it afterwards. */
  set(tenantId: string, conversationId: string, snapshot: ConversationSnapshot): void {
    if (this.capacity === 0) return;
    const key = cacheKey(tenantId, conversationId);
    this.entries.delete(key);
    this.entries.set(key, snapshot);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(tenantId: string, conversationId: string): void {
    this.entries.delete(cacheKey(tenantId, conversationId));
  }
}

function cacheKey(tenantId: string, conversationId: string): string {
  return `${tenantId}\0${conversationId}`;
}
