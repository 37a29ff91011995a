import { ConversationSnapshotCache } from './conversation-snapshot.cache';
import { type ConversationSnapshot } from './conversation-turn.store';

const snapshot = (id: string, version = '1'): ConversationSnapshot =>
  ({ conversation: { id, tenantId: 't', status: 'bot', messageCount: 0 }, recent: [], version }) as unknown as ConversationSnapshot;

describe('ConversationSnapshotCache', () => {
  it('keys by tenant and conversation and hands out copies the caller may change', () => {
    const cache = new ConversationSnapshotCache(10);
    cache.set('t', 'a', snapshot('a'));
    const taken = cache.get('t', 'a');
    if (!taken) throw new Error('missing');
    taken.conversation.messageCount = 99;
    expect(cache.get('t', 'a')?.conversation.messageCount).toBe(0);
    expect(cache.get('other-tenant', 'a')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its capacity, and stores nothing at capacity 0', () => {
    const cache = new ConversationSnapshotCache(2);
    cache.set('t', 'a', snapshot('a'));
    cache.set('t', 'b', snapshot('b'));
    cache.get('t', 'a');
    cache.set('t', 'c', snapshot('c'));
    expect([cache.get('t', 'a'), cache.get('t', 'b'), cache.get('t', 'c')].map((s) => s?.conversation.id)).toEqual(['a', undefined, 'c']);
    const off = new ConversationSnapshotCache(0);
    off.set('t', 'a', snapshot('a'));
    expect(off.size).toBe(0);
  });
});
