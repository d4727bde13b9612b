import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteByPrefix, TEST_REDIS_URL } from '../../../test/support/test-redis.ts';
import { describeJobQueueContract } from '../job-queue-contract.ts';
import { createBullmqJobQueue } from './bullmq-job-queue.ts';

describeJobQueueContract('bullmq', async () => {
  const producer = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  const worker = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = `test:${randomUUID()}:bull`;
  const queue = createBullmqJobQueue({
    producer,
    worker,
    prefix,
    lockDurationMs: 2000,
    stalledIntervalMs: 1000,
  });
  return {
    queue,
    name: 'contract',
    teardown: async () => {
      await queue.close();
      await deleteByPrefix(producer, prefix);
      producer.disconnect();
      worker.disconnect();
    },
  };
});
