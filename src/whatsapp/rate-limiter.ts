/**
 * Token buckets shared by every instance: Meta's throughput limit per business number (80 msg/s by
 * default) and the pair rate limit per recipient (1 message per 6 s sustained, small bursts allowed;
 * whatsapp.md §5.1).
 */
export interface RateLimiter {
  /**
   * Take one token from `bucket`, which holds at most `capacity` tokens and gains one every
   * `refillIntervalMs`. Returns 0 when a token was taken, otherwise how many ms until one is free
   * (nothing is taken then).
   */
  take(bucket: string, capacity: number, refillIntervalMs: number): Promise<number>;
}
