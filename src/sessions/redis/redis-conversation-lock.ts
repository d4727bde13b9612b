import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { runScript } from '../../shared/redis/run-script.ts';
import type { ConversationLock } from '../conversation-lock.ts';

const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** ConversationLock on Redis: `SET NX PX` with an owner token; extend and release compare the token. */
export function createRedisConversationLock(redis: Redis, prefix: string): ConversationLock {
  const key = (conv: string) => `${prefix}lock:${conv}`;
  return {
    async acquire(conv, ttlMs) {
      const token = randomUUID();
      const ok = await redis.set(key(conv), token, 'PX', ttlMs, 'NX');
      return ok === 'OK' ? token : null;
    },
    async extend(conv, token, ttlMs) {
      return (await runScript(redis, EXTEND, [key(conv)], [token, String(ttlMs)])) === 1;
    },
    async release(conv, token) {
      await runScript(redis, RELEASE, [key(conv)], [token]);
    },
  };
}
