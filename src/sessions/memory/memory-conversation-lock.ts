import { randomUUID } from 'node:crypto';
import type { ConversationLock } from '../conversation-lock.ts';

/** In-process ConversationLock (single instance). */
export function createMemoryConversationLock(options: { now?: () => number } = {}): ConversationLock {
  const now = options.now ?? Date.now;
  const locks = new Map<string, { token: string; expiresAt: number }>();
  const held = (key: string) => {
    const l = locks.get(key);
    return l !== undefined && l.expiresAt > now() ? l : undefined;
  };
  return {
    async acquire(key, ttlMs) {
      if (held(key) !== undefined) return null;
      const token = randomUUID();
      locks.set(key, { token, expiresAt: now() + ttlMs });
      return token;
    },
    async extend(key, token, ttlMs) {
      const l = held(key);
      if (l?.token !== token) return false;
      l.expiresAt = now() + ttlMs;
      return true;
    },
    async release(key, token) {
      if (locks.get(key)?.token === token) locks.delete(key);
    },
  };
}
