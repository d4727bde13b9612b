import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { openTestRedis } from '../../../test/support/test-redis.ts';
import { describeContactPreferencesContract } from '../contact-preferences-contract.ts';
import { createRedisContactPreferences } from './redis-contact-preferences.ts';

describeContactPreferencesContract('redis', async () => {
  const { redis, prefix, cleanup } = await openTestRedis();
  return {
    preferences: createRedisContactPreferences(redis, prefix),
    advance: (ms) => sleep(ms),
    teardown: cleanup,
  };
});

it('redis: an opt-out is stored under the key prefix without a TTL', async () => {
  const { redis, prefix, cleanup } = await openTestRedis();
  try {
    await createRedisContactPreferences(redis, prefix).optOut('254700000009', 42);
    expect(await redis.get(`${prefix}optout:254700000009`)).toBe('42');
    expect(await redis.ttl(`${prefix}optout:254700000009`)).toBe(-1);
  } finally {
    await cleanup();
  }
});
