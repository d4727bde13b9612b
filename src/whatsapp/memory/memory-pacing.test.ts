import { describePacingContract } from '../pacing-contract.ts';
import { createMemoryDeliveryStore } from './memory-delivery-store.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';

describePacingContract('memory', async () => ({
  limiter: createMemoryRateLimiter(),
  deliveries: createMemoryDeliveryStore(),
  teardown: async () => {},
}));
