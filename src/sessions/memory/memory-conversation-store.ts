import { randomUUID } from 'node:crypto';
import type {
  CommitTurn,
  ConversationStore,
  InboxItem,
  OutboxJob,
  StoredSession,
} from '../conversation-store.ts';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * In-process ConversationStore for a single instance without Redis. Same semantics as the Redis
 * adapter (the contract suite runs on both); nothing survives a restart.
 */
export function createMemoryConversationStore(options: { now?: () => number } = {}): ConversationStore {
  const now = options.now ?? Date.now;
  const dedupe = new Map<string, number>();
  const inbox = new Map<string, Map<string, InboxItem>>();
  const sessions = new Map<string, Expiring<StoredSession>>();
  const windows = new Map<string, number>();
  const outbox = new Map<string, OutboxJob>();
  let seq = 0;

  const liveSession = (key: string): StoredSession | null => {
    const s = sessions.get(key);
    if (s === undefined) return null;
    if (s.expiresAt <= now()) {
      sessions.delete(key);
      return null;
    }
    return s.value;
  };

  return {
    async append(item, dedupeOpt, opensWindow) {
      if (dedupeOpt !== null) {
        const until = dedupe.get(dedupeOpt.key);
        if (until !== undefined && until > now()) return 'duplicate';
        dedupe.set(dedupeOpt.key, now() + dedupeOpt.ttlMs);
      }
      let items = inbox.get(item.convKey);
      if (items === undefined) {
        items = new Map();
        inbox.set(item.convKey, items);
      }
      seq += 1;
      // The item is built fresh by the caller and never changed afterwards: no defensive copy here
      // (this is the webhook hot path); reads hand out copies.
      items.set(item.id, { ...item, seq });
      if (opensWindow) windows.set(item.convKey, Math.max(windows.get(item.convKey) ?? 0, item.sentAt));
      return 'queued';
    },

    async pending(convKey) {
      const items = [...(inbox.get(convKey)?.values() ?? [])].map((i) => structuredClone(i));
      return items.sort((a, b) => a.sentAt - b.sentAt || a.seq - b.seq);
    },

    async conversationsWithPending() {
      return [...inbox.entries()].filter(([, items]) => items.size > 0).map(([key]) => key);
    },

    async loadSession(convKey) {
      const s = liveSession(convKey);
      return s === null ? null : structuredClone(s);
    },

    async commit(turn: CommitTurn) {
      const current = liveSession(turn.convKey);
      if ((current?.version ?? 0) !== turn.expectedVersion) return 'conflict';
      if (turn.session === null) {
        sessions.delete(turn.convKey);
      } else {
        const expiresAt =
          turn.ttl === 'keep'
            ? (sessions.get(turn.convKey)?.expiresAt ?? now() + 24 * 3600_000)
            : now() + turn.ttl.refreshMs;
        sessions.set(turn.convKey, {
          value: { data: structuredClone(turn.session), version: turn.expectedVersion + 1 },
          expiresAt,
        });
      }
      const items = inbox.get(turn.convKey);
      for (const id of turn.consumed) items?.delete(id);
      if (items?.size === 0) inbox.delete(turn.convKey);
      for (const job of turn.outbox) outbox.set(`${Date.now()}-${randomUUID()}`, structuredClone(job));
      return 'committed';
    },

    async renameSession(fromKey, toKey) {
      const from = sessions.get(fromKey);
      if (from === undefined || liveSession(toKey) !== null) return false;
      sessions.set(toKey, from);
      sessions.delete(fromKey);
      return true;
    },

    async outbox(limit) {
      return [...outbox.entries()]
        .slice(0, limit)
        .map(([outboxId, job]) => ({ ...structuredClone(job), outboxId }));
    },

    async ackOutbox(ids) {
      for (const id of ids) outbox.delete(id);
    },

    async lastInbound(convKey) {
      return windows.get(convKey) ?? null;
    },

    async nextSeq() {
      seq += 1;
      return seq;
    },

    async listSessions(limit) {
      const out: Array<StoredSession & { convKey: string }> = [];
      for (const key of sessions.keys()) {
        const live = liveSession(key);
        if (live !== null) out.push({ convKey: key, ...structuredClone(live) });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
