import { describeContactPreferencesContract } from '../contact-preferences-contract.ts';
import { createMemoryContactPreferences } from './memory-contact-preferences.ts';

describeContactPreferencesContract('memory', async () => ({
  preferences: createMemoryContactPreferences(),
  // Nothing in the memory adapter depends on time.
  advance: async () => {},
  teardown: async () => {},
}));
