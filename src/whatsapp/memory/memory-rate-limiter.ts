import type { RateLimiter } from '../rate-limiter.ts';

/** In-process token buckets (single instance). */
export function createMemoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(bucket, capacity, refillIntervalMs) {
      const t = now();
      const b = buckets.get(bucket) ?? { tokens: capacity, at: t };
      const tokens = Math.min(capacity, b.tokens + (t - b.at) / refillIntervalMs);
      if (tokens >= 1) {
        buckets.set(bucket, { tokens: tokens - 1, at: t });
        return 0;
      }
      buckets.set(bucket, { tokens, at: t });
      return Math.ceil((1 - tokens) * refillIntervalMs);
    },
  };
}
