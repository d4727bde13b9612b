import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationLock } from './conversation-lock.ts';
import type { ConversationStore, InboxItem } from './conversation-store.ts';

export interface StoreHarness {
  store: ConversationStore;
  lock: ConversationLock;
  /** Wait long enough for a TTL of `ms` to pass (real time for Redis, a fake clock in memory). */
  advance: (ms: number) => Promise<void>;
  teardown: () => Promise<void>;
}

/** An inbox item; the store assigns `seq` (arrival order) itself. */
const item = (
  conv: string,
  id: string,
  sentAt: number,
  payload: unknown = { id },
): Omit<InboxItem, 'seq'> => ({
  id,
  convKey: conv,
  receivedAt: sentAt,
  sentAt,
  payload,
});

/** Behaviour every ConversationStore and ConversationLock adapter must have. */
export function describeConversationStoreContract(name: string, setup: () => Promise<StoreHarness>): void {
  describe(`ConversationStore contract: ${name}`, () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.teardown();
    });

    it('queues a message once and drops a duplicate with the same dedupe key', async () => {
      const dedupe = { key: 'pn:wamid.1', ttlMs: 60_000 };
      expect(await h.store.append(item('c1', 'a', 1000), dedupe, true)).toBe('queued');
      expect(await h.store.append(item('c1', 'a2', 1000), dedupe, true)).toBe('duplicate');
      expect((await h.store.pending('c1')).map((i) => i.id)).toEqual(['a']);
    });

    it('accepts exactly one of many concurrent duplicates', async () => {
      const dedupe = { key: 'pn:wamid.2', ttlMs: 60_000 };
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => h.store.append(item('c1', `dup-${n}`, 1000), dedupe, true)),
      );
      expect(results.filter((r) => r === 'queued')).toHaveLength(1);
      expect(await h.store.pending('c1')).toHaveLength(1);
    });

    it('orders pending items by sent time, then arrival, whatever the arrival order', async () => {
      await h.store.append(item('c1', 'late', 3000), null, true);
      await h.store.append(item('c1', 'early', 1000), null, true);
      await h.store.append(item('c1', 'tie-b', 2000), null, true);
      await h.store.append(item('c1', 'tie-a', 2000), null, true);
      // Equal sent times keep arrival order.
      expect((await h.store.pending('c1')).map((i) => i.id)).toEqual(['early', 'tie-b', 'tie-a', 'late']);
      expect(await h.store.conversationsWithPending()).toEqual(['c1']);
    });

    it('commits session, consumed items and outbox together, with compare-and-set', async () => {
      await h.store.append(item('c1', 'm1', 1000, { text: 'hola' }), null, true);
      await h.store.append(item('c1', 'm2', 1001), null, true);
      expect(await h.store.loadSession('c1')).toBeNull();
      const job = { queue: 'outbound', jobId: 'c1:1', data: { text: 'reply' } };
      expect(
        await h.store.commit({
          convKey: 'c1',
          expectedVersion: 0,
          session: { state: 'A' },
          ttl: { refreshMs: 60_000 },
          consumed: ['m1'],
          outbox: [job],
        }),
      ).toBe('committed');
      expect(await h.store.loadSession('c1')).toEqual({ data: { state: 'A' }, version: 1 });
      expect((await h.store.pending('c1')).map((i) => i.id)).toEqual(['m2']);
      const out = await h.store.outbox(10);
      expect(out.map(({ outboxId: _, ...j }) => j)).toEqual([job]);

      // A stale writer (version 0 again) loses and changes nothing.
      expect(
        await h.store.commit({
          convKey: 'c1',
          expectedVersion: 0,
          session: { state: 'B' },
          ttl: 'keep',
          consumed: ['m2'],
          outbox: [{ queue: 'outbound', jobId: 'c1:x', data: {} }],
        }),
      ).toBe('conflict');
      expect(await h.store.loadSession('c1')).toEqual({ data: { state: 'A' }, version: 1 });
      expect(await h.store.pending('c1')).toHaveLength(1);
      expect(await h.store.outbox(10)).toHaveLength(1);

      await h.store.ackOutbox(out.map((o) => o.outboxId));
      expect(await h.store.outbox(10)).toEqual([]);
    });

    it('deletes the session when committed with null, and forgets empty inboxes', async () => {
      await h.store.append(item('c2', 'm1', 1000), null, true);
      await h.store.commit({
        convKey: 'c2',
        expectedVersion: 0,
        session: { a: 1 },
        ttl: { refreshMs: 60_000 },
        consumed: [],
        outbox: [],
      });
      await h.store.commit({
        convKey: 'c2',
        expectedVersion: 1,
        session: null,
        ttl: 'keep',
        consumed: ['m1'],
        outbox: [],
      });
      expect(await h.store.loadSession('c2')).toBeNull();
      expect(await h.store.conversationsWithPending()).toEqual([]);
    });

    it('expires the session after its TTL (then a new conversation starts at version 0)', async () => {
      await h.store.commit({
        convKey: 'c3',
        expectedVersion: 0,
        session: { a: 1 },
        ttl: { refreshMs: 150 },
        consumed: [],
        outbox: [],
      });
      expect(await h.store.loadSession('c3')).not.toBeNull();
      await h.advance(400);
      expect(await h.store.loadSession('c3')).toBeNull();
      expect(
        await h.store.commit({
          convKey: 'c3',
          expectedVersion: 0,
          session: { a: 2 },
          ttl: 'keep',
          consumed: [],
          outbox: [],
        }),
      ).toBe('committed');
    });

    it('keeps outbox jobs in commit order', async () => {
      for (let v = 0; v < 3; v += 1) {
        await h.store.commit({
          convKey: 'c4',
          expectedVersion: v,
          session: { v },
          ttl: { refreshMs: 60_000 },
          consumed: [],
          outbox: [
            { queue: 'q', jobId: `j${v}a`, data: null },
            { queue: 'q', jobId: `j${v}b`, data: null },
          ],
        });
      }
      expect((await h.store.outbox(100)).map((o) => o.jobId)).toEqual([
        'j0a',
        'j0b',
        'j1a',
        'j1b',
        'j2a',
        'j2b',
      ]);
    });

    it('tracks the last inbound time for the window, only from window-opening items', async () => {
      expect(await h.store.lastInbound('c5')).toBeNull();
      await h.store.append(item('c5', 'a', 5000), null, true);
      await h.store.append(item('c5', 'b', 4000), null, true);
      await h.store.append(item('c5', 'internal', 9000), null, false);
      expect(await h.store.lastInbound('c5')).toBe(5000);
    });

    it('renames a session to a new identity key, never over an existing one', async () => {
      await h.store.commit({
        convKey: 'old',
        expectedVersion: 0,
        session: { s: 1 },
        ttl: { refreshMs: 60_000 },
        consumed: [],
        outbox: [],
      });
      expect(await h.store.renameSession('old', 'new')).toBe(true);
      expect(await h.store.loadSession('old')).toBeNull();
      expect((await h.store.loadSession('new'))?.data).toEqual({ s: 1 });
      await h.store.commit({
        convKey: 'other',
        expectedVersion: 0,
        session: { s: 2 },
        ttl: { refreshMs: 60_000 },
        consumed: [],
        outbox: [],
      });
      expect(await h.store.renameSession('other', 'new')).toBe(false);
      expect(await h.store.renameSession('missing', 'x')).toBe(false);
    });

    it('lists live sessions with their keys', async () => {
      await h.store.commit({
        convKey: 'l1',
        expectedVersion: 0,
        session: { n: 1 },
        ttl: { refreshMs: 60_000 },
        consumed: [],
        outbox: [],
      });
      await h.store.commit({
        convKey: 'l2',
        expectedVersion: 0,
        session: { n: 2 },
        ttl: { refreshMs: 60_000 },
        consumed: [],
        outbox: [],
      });
      const listed = await h.store.listSessions(10);
      expect(listed.map((l) => l.convKey).sort()).toEqual(['l1', 'l2']);
      expect(listed.find((l) => l.convKey === 'l2')).toEqual({ convKey: 'l2', version: 1, data: { n: 2 } });
      expect(await h.store.listSessions(1)).toHaveLength(1);
    });

    it('hands out increasing sequence numbers', async () => {
      const a = await h.store.nextSeq();
      const b = await h.store.nextSeq();
      expect(b).toBeGreaterThan(a);
    });

    it('lock: one owner at a time, extend and release only by the owner, expiry frees it', async () => {
      const t1 = await h.lock.acquire('c1', 200);
      expect(t1).not.toBeNull();
      expect(await h.lock.acquire('c1', 200)).toBeNull();
      expect(await h.lock.extend('c1', 'not-mine', 200)).toBe(false);
      expect(await h.lock.extend('c1', t1!, 200)).toBe(true);
      await h.lock.release('c1', 'not-mine');
      expect(await h.lock.acquire('c1', 200)).toBeNull();
      await h.lock.release('c1', t1!);
      const t2 = await h.lock.acquire('c1', 100);
      expect(t2).not.toBeNull();
      await h.advance(300);
      expect(await h.lock.extend('c1', t2!, 100)).toBe(false);
      expect(await h.lock.acquire('c1', 100)).not.toBeNull();
    });
  });
}
