import { describeJobQueueContract } from '../job-queue-contract.ts';
import { createMemoryJobQueue } from './memory-job-queue.ts';

describeJobQueueContract('memory', async () => {
  const queue = createMemoryJobQueue();
  return { queue, name: 'test', teardown: () => queue.close() };
});
