import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const shaCache = new Map<string, string>();

/**
 * Run a Lua script by its SHA1 (EVALSHA), loading it on NOSCRIPT. Saves sending the script text on
 * every call in hot paths (webhook ingest) and survives a Redis restart that flushed the script cache.
 */
export async function runScript(
  redis: Redis,
  script: string,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  let sha = shaCache.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shaCache.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (err instanceof Error && err.message.includes('NOSCRIPT')) {
      return redis.eval(script, keys.length, ...keys, ...args);
    }
    throw err;
  }
}
