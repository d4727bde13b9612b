import type { Redis } from 'ioredis';
import { runScript } from '../../shared/redis/run-script.ts';
import type { OpenmrsCache } from './openmrs-cache.ts';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * OpenmrsCache on Redis, shared by every instance: plain strings with `PX` expiry, locks with
 * `SET NX PX` and a compare-and-delete release. All keys live under `prefix` (e.g. `omrs:`).
 */
export function createRedisOpenmrsCache(redis: Redis, prefix: string): OpenmrsCache {
  const k = (key: string) => `${prefix}${key}`;
  return {
    async get(key) {
      return (await redis.get(k(key))) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await redis.set(k(key), value, 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async delete(keys) {
      if (keys.length > 0) await redis.del(...keys.map(k));
    },
    async tryLock(key, owner, ttlMs) {
      const ok = await redis.set(k(key), owner, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
      if (ok === 'OK') return true;
      return (await redis.get(k(key))) === owner;
    },
    async unlock(key, owner) {
      await runScript(redis, RELEASE, [k(key)], [owner]);
    },
  };
}
