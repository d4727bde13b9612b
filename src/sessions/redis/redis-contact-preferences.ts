import type { Redis } from 'ioredis';
import type { ContactPreferences } from '../contact-preferences.ts';

/**
 * ContactPreferences on Redis: one plain key per opted-out identity, `<prefix>optout:<key>` holding
 * the opt-out time, with no TTL (it must outlive sessions, dedupe keys and the 24-hour window).
 * Production Redis persists with AOF (/ready checks it), so a STOP survives restarts.
 */
export function createRedisContactPreferences(redis: Redis, prefix: string): ContactPreferences {
  const key = (k: string) => `${prefix}optout:${k}`;
  return {
    async optOut(k, at) {
      await redis.set(key(k), String(at));
    },
    async optIn(k) {
      await redis.del(key(k));
    },
    async optedOutAt(k) {
      const value = await redis.get(key(k));
      if (value === null) return null;
      const at = Number(value);
      // An unreadable value is still an opt-out: never message someone who said STOP.
      return Number.isFinite(at) ? at : 0;
    },
  };
}
