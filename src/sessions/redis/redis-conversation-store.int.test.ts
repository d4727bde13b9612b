import { setTimeout as sleep } from 'node:timers/promises';
import { openTestRedis } from '../../../test/support/test-redis.ts';
import { describeConversationStoreContract } from '../conversation-store-contract.ts';
import { createRedisConversationLock } from './redis-conversation-lock.ts';
import { createRedisConversationStore } from './redis-conversation-store.ts';

describeConversationStoreContract('redis', async () => {
  const { redis, prefix, cleanup } = await openTestRedis();
  return {
    store: createRedisConversationStore(redis, prefix),
    lock: createRedisConversationLock(redis, prefix),
    advance: (ms) => sleep(ms),
    teardown: cleanup,
  };
});
