import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStore } from './delivery-store.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface PacingHarness {
  limiter: RateLimiter;
  deliveries: DeliveryStore;
  teardown: () => Promise<void>;
}

/** Behaviour every RateLimiter and DeliveryStore adapter must have. */
export function describePacingContract(name: string, setup: () => Promise<PacingHarness>): void {
  describe(`RateLimiter and DeliveryStore contract: ${name}`, () => {
    let h: PacingHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.teardown();
    });

    it('allows a burst up to capacity, then asks to wait about one interval', async () => {
      const waits = [];
      for (let i = 0; i < 4; i += 1) waits.push(await h.limiter.take('r1', 3, 1000));
      expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
      expect(waits[3]).toBeGreaterThan(800);
      expect(waits[3]).toBeLessThanOrEqual(1000);
      expect(await h.limiter.take('other', 3, 1000)).toBe(0);
    });

    it('refills over time', async () => {
      expect(await h.limiter.take('r2', 1, 100)).toBe(0);
      expect(await h.limiter.take('r2', 1, 100)).toBeGreaterThan(0);
      await sleep(130);
      expect(await h.limiter.take('r2', 1, 100)).toBe(0);
    });

    it('applies statuses monotonically: never backwards, failed is final', async () => {
      await h.deliveries.recordAccepted({ wamid: 'w1', convKey: 'c1', at: 1 }, 60_000);
      expect(await h.deliveries.apply('w1', 'read', 3)).toMatchObject({
        advanced: true,
        record: { status: 'read', convKey: 'c1' },
      });
      expect((await h.deliveries.apply('w1', 'delivered', 2)).advanced).toBe(false);
      expect((await h.deliveries.apply('w1', 'sent', 1)).advanced).toBe(false);
      expect((await h.deliveries.get('w1'))?.status).toBe('read');
      await h.deliveries.recordAccepted({ wamid: 'w2', convKey: 'c1', at: 1 }, 60_000);
      expect((await h.deliveries.apply('w2', 'failed', 5, 131047)).record).toMatchObject({
        status: 'failed',
        errorCode: 131047,
      });
      expect((await h.deliveries.apply('w2', 'read', 6)).advanced).toBe(false);
      expect((await h.deliveries.get('w2'))?.status).toBe('failed');
    });

    it("lists a conversation's recent messages, newest first, with their statuses", async () => {
      await h.deliveries.recordAccepted({ wamid: 'r1', convKey: 'cx', at: 1 }, 60_000);
      await h.deliveries.recordAccepted({ wamid: 'r2', convKey: 'cx', at: 2 }, 60_000);
      await h.deliveries.recordAccepted({ wamid: 'r3', convKey: 'other', at: 3 }, 60_000);
      await h.deliveries.apply('r1', 'read', 5);
      const recent = await h.deliveries.recent('cx', 10);
      expect(recent.map((r) => [r.wamid, r.status])).toEqual([
        ['r2', 'accepted'],
        ['r1', 'read'],
      ]);
      expect(await h.deliveries.recent('cx', 1)).toHaveLength(1);
    });

    it('keeps a status that overtakes the send response and links it when the send is recorded', async () => {
      expect((await h.deliveries.apply('w3', 'failed', 5, 131026)).record.convKey).toBe('');
      const record = await h.deliveries.recordAccepted({ wamid: 'w3', convKey: 'c9', at: 4 }, 60_000);
      expect(record).toMatchObject({ convKey: 'c9', status: 'failed', errorCode: 131026 });
      expect(await h.deliveries.get('nope')).toBeNull();
    });
  });
}
