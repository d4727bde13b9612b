import type { Redis } from 'ioredis';
import { runScript } from '../../shared/redis/run-script.ts';
import type { RateLimiter } from '../rate-limiter.ts';

// Time comes from Redis itself so instances with skewed clocks share one bucket correctly.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) / interval)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * interval) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * interval) + 1000)
return wait
`;

/** Token buckets in Redis, shared by every instance. */
export function createRedisRateLimiter(redis: Redis, prefix: string): RateLimiter {
  return {
    async take(bucket, capacity, refillIntervalMs) {
      const wait = await runScript(
        redis,
        TAKE,
        [`${prefix}rl:${bucket}`],
        [String(capacity), String(refillIntervalMs)],
      );
      return Number(wait);
    },
  };
}
