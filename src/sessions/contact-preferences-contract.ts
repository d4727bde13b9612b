import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPreferences } from './contact-preferences.ts';

export interface ContactPreferencesHarness {
  preferences: ContactPreferences;
  /** Let `ms` pass (real time for Redis, a fake clock in memory): nothing may expire. */
  advance: (ms: number) => Promise<void>;
  teardown: () => Promise<void>;
}

/** Behaviour every ContactPreferences adapter must have. */
export function describeContactPreferencesContract(
  name: string,
  setup: () => Promise<ContactPreferencesHarness>,
): void {
  describe(`ContactPreferences contract: ${name}`, () => {
    let h: ContactPreferencesHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.teardown();
    });

    it('knows nothing about an identity that never opted out', async () => {
      expect(await h.preferences.optedOutAt('254700000001')).toBeNull();
    });

    it('keeps an opt-out, with its time, per identity', async () => {
      await h.preferences.optOut('254700000001', 1_700_000_000_000);
      expect(await h.preferences.optedOutAt('254700000001')).toBe(1_700_000_000_000);
      expect(await h.preferences.optedOutAt('254700000002')).toBeNull();
      expect(await h.preferences.optedOutAt('US.1234')).toBeNull();
    });

    it('opting out again is idempotent and keeps the latest time', async () => {
      await h.preferences.optOut('k', 1000);
      await h.preferences.optOut('k', 2000);
      expect(await h.preferences.optedOutAt('k')).toBe(2000);
    });

    it('opting back in forgets the opt-out; opting in without one is a no-op', async () => {
      await h.preferences.optIn('never');
      expect(await h.preferences.optedOutAt('never')).toBeNull();
      await h.preferences.optOut('k', 1000);
      await h.preferences.optIn('k');
      expect(await h.preferences.optedOutAt('k')).toBeNull();
      await h.preferences.optOut('k', 3000);
      expect(await h.preferences.optedOutAt('k')).toBe(3000);
    });

    it('an opt-out does not expire (a reminder is sent days after the session is gone)', async () => {
      await h.preferences.optOut('k', 1000);
      await h.advance(150);
      expect(await h.preferences.optedOutAt('k')).toBe(1000);
    });
  });
}
