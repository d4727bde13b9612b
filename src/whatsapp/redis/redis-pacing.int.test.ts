import { openTestRedis } from '../../../test/support/test-redis.ts';
import { describePacingContract } from '../pacing-contract.ts';
import { createRedisDeliveryStore } from './redis-delivery-store.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

describePacingContract('redis', async () => {
  const { redis, prefix, cleanup } = await openTestRedis();
  return {
    limiter: createRedisRateLimiter(redis, prefix),
    deliveries: createRedisDeliveryStore(redis, prefix),
    teardown: cleanup,
  };
});
