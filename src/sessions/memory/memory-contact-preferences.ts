import type { ContactPreferences } from '../contact-preferences.ts';

/** In-process ContactPreferences (one instance; lost on restart, like every memory adapter). */
export function createMemoryContactPreferences(): ContactPreferences {
  const optedOut = new Map<string, number>();
  return {
    async optOut(key, at) {
      optedOut.set(key, at);
    },
    async optIn(key) {
      optedOut.delete(key);
    },
    async optedOutAt(key) {
      return optedOut.get(key) ?? null;
    },
  };
}
