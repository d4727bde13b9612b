import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Where integration tests find Redis; `.ci/run` makes sure it runs there. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Redis connection and a key prefix unique to one test, and a cleanup that deletes that prefix's
 * keys and closes the connection. Tests never share keys, so they can run in parallel.
 */
export async function openTestRedis(): Promise<{
  redis: Redis;
  prefix: string;
  cleanup: () => Promise<void>;
}> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  const prefix = `test:${randomUUID()}:`;
  return {
    redis,
    prefix,
    cleanup: async () => {
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

/** Delete every key under `prefix` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
