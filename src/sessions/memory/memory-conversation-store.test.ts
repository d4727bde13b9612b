import { describeConversationStoreContract } from '../conversation-store-contract.ts';
import { createMemoryConversationLock } from './memory-conversation-lock.ts';
import { createMemoryConversationStore } from './memory-conversation-store.ts';

describeConversationStoreContract('memory', async () => {
  let clock = 1_000_000;
  const now = () => clock;
  return {
    store: createMemoryConversationStore({ now }),
    lock: createMemoryConversationLock({ now }),
    advance: async (ms) => {
      clock += ms;
    },
    teardown: async () => {},
  };
});
