import type { OpenmrsCache } from './openmrs-cache.ts';

/**
 * OpenmrsCache in process memory, for a single instance without Redis (and for tests). Expired
 * entries are dropped when read, and swept when the map grows past `maxEntries`.
 */
export function createMemoryOpenmrsCache(
  options: { now?: () => number; maxEntries?: number } = {},
): OpenmrsCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, { value: string; expiresAt: number }>();

  const live = (key: string): string | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.value;
  };
  const put = (key: string, value: string, ttlMs: number): void => {
    if (entries.size >= maxEntries) {
      const t = now();
      for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
      // Still full: forget the oldest insertions (a cache, not a store of record).
      for (const k of entries.keys()) {
        if (entries.size < maxEntries) break;
        entries.delete(k);
      }
    }
    entries.set(key, { value, expiresAt: now() + ttlMs });
  };

  return {
    async get(key) {
      return live(key);
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async delete(keys) {
      for (const key of keys) entries.delete(key);
    },
    async tryLock(key, owner, ttlMs) {
      const holder = live(key);
      if (holder !== undefined) return holder === owner;
      put(key, owner, ttlMs);
      return true;
    },
    async unlock(key, owner) {
      if (live(key) === owner) entries.delete(key);
    },
  };
}
