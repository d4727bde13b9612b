import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { type JobContext, type JobQueue, RetryLater } from './job-queue.ts';

export interface QueueHarness {
  queue: JobQueue;
  /** A unique queue name for this test. */
  name: string;
  teardown: () => Promise<void>;
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const fast = { concurrency: 4, maxAttempts: 3, backoffMs: () => 20, onDeadLetter: async () => {} };

/** Behaviour every JobQueue adapter must have. */
export function describeJobQueueContract(name: string, setup: () => Promise<QueueHarness>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let h: QueueHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.teardown();
    });

    it('runs each added job once, ignoring re-adds of the same id', async () => {
      const seen: string[] = [];
      h.queue.work(
        h.name,
        async (job) => {
          seen.push(`${job.id}:${JSON.stringify(job.data)}`);
        },
        fast,
      );
      await h.queue.add(h.name, { id: 'a', data: { n: 1 } });
      await h.queue.add(h.name, { id: 'a', data: { n: 2 } });
      await h.queue.add(h.name, { id: 'b', data: { n: 3 } });
      await eventually(() => seen.length === 2);
      await h.queue.add(h.name, { id: 'a', data: { n: 4 } });
      await sleep(150);
      expect(seen.sort()).toEqual(['a:{"n":1}', 'b:{"n":3}']);
    });

    it('retries transient failures with backoff and succeeds', async () => {
      const attempts: number[] = [];
      h.queue.work(
        h.name,
        async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new AppError('TEST_TRANSIENT', 'try again', { retryable: true });
        },
        fast,
      );
      await h.queue.add(h.name, { id: 'r', data: null });
      await eventually(() => attempts.length === 3);
      await sleep(100);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('dead-letters a non-retryable error at once, and a transient one after maxAttempts', async () => {
      const dead: Array<{ id: string; attempt: number; code: string }> = [];
      const tries = new Map<string, number>();
      h.queue.work(
        h.name,
        async (job) => {
          tries.set(job.id, (tries.get(job.id) ?? 0) + 1);
          throw new AppError(job.id === 'perm' ? 'TEST_PERMANENT' : 'TEST_TRANSIENT', 'nope', {
            retryable: job.id !== 'perm',
          });
        },
        {
          ...fast,
          onDeadLetter: async (job: JobContext, err: unknown) => {
            dead.push({
              id: job.id,
              attempt: job.attempt,
              code: err instanceof AppError ? err.code : 'other',
            });
          },
        },
      );
      await h.queue.add(h.name, { id: 'perm', data: null });
      await h.queue.add(h.name, { id: 'flaky', data: null });
      await eventually(() => dead.length === 2);
      expect(dead.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'flaky', attempt: 3, code: 'TEST_TRANSIENT' },
        { id: 'perm', attempt: 1, code: 'TEST_PERMANENT' },
      ]);
      expect(tries.get('perm')).toBe(1);
    });

    it('RetryLater re-runs the job later without using up an attempt', async () => {
      const attempts: number[] = [];
      h.queue.work(
        h.name,
        async (job) => {
          attempts.push(job.attempt);
          if (attempts.length < 5) throw new RetryLater(10, 'busy');
        },
        { ...fast, maxAttempts: 2 },
      );
      await h.queue.add(h.name, { id: 'later', data: null });
      await eventually(() => attempts.length === 5);
      expect(attempts.every((a) => a === 1)).toBe(true);
    });

    it('honours a delay and reports depth', async () => {
      let ranAt = 0;
      const added = Date.now();
      await h.queue.add(h.name, { id: 'd', data: null, delayMs: 300 });
      expect(await h.queue.depth(h.name)).toBe(1);
      h.queue.work(
        h.name,
        async () => {
          ranAt = Date.now();
        },
        fast,
      );
      await eventually(() => ranAt > 0);
      expect(ranAt - added).toBeGreaterThanOrEqual(250);
      await eventually(async () => (await h.queue.depth(h.name)) === 0);
    });

    it('rewrites the data of pending jobs the update returns new data for, and only those', async () => {
      const ran: string[] = [];
      await h.queue.add(h.name, { id: 'x', data: { to: 'old' }, delayMs: 300 });
      await h.queue.add(h.name, { id: 'y', data: { to: 'other' }, delayMs: 300 });
      const readdress = (data: unknown) =>
        (data as { to?: string } | null)?.to === 'old' ? { to: 'new' } : undefined;
      expect(await h.queue.updatePending(h.name, readdress)).toBe(1);
      expect(await h.queue.updatePending(h.name, readdress)).toBe(0);
      expect(await h.queue.depth(h.name)).toBe(2);
      h.queue.work(
        h.name,
        async (job) => {
          ran.push(`${job.id}:${(job.data as { to: string }).to}`);
        },
        fast,
      );
      await eventually(() => ran.length === 2);
      expect(ran.sort()).toEqual(['x:new', 'y:other']);
    });

    it('removes pending jobs whose data matches, and only those', async () => {
      const ran: string[] = [];
      await h.queue.add(h.name, { id: 'mine-1', data: { owner: 'a' }, delayMs: 400 });
      await h.queue.add(h.name, { id: 'mine-2', data: { owner: 'a' } });
      await h.queue.add(h.name, { id: 'theirs', data: { owner: 'b' }, delayMs: 400 });
      const ownedByA = (data: unknown) => (data as { owner?: string } | null)?.owner === 'a';
      expect(await h.queue.removePending(h.name, ownedByA)).toBe(2);
      expect(await h.queue.depth(h.name)).toBe(1);
      expect(await h.queue.removePending(h.name, ownedByA)).toBe(0);
      h.queue.work(
        h.name,
        async (job) => {
          ran.push(job.id);
        },
        fast,
      );
      await eventually(() => ran.length === 1);
      await sleep(150);
      expect(ran).toEqual(['theirs']);
      // Removed means gone: the same id can be added again and runs.
      await h.queue.add(h.name, { id: 'mine-1', data: { owner: 'a' } });
      await eventually(() => ran.length === 2);
      expect(ran).toEqual(['theirs', 'mine-1']);
    });

    it('keeps data updated by the handler for the next attempt', async () => {
      const seen: unknown[] = [];
      h.queue.work(
        h.name,
        async (job) => {
          seen.push(job.data);
          if (job.attempt === 1) {
            await job.update({ progress: 2 });
            throw new AppError('TEST_TRANSIENT', 'again', { retryable: true });
          }
        },
        fast,
      );
      await h.queue.add(h.name, { id: 'p', data: { progress: 0 } });
      await eventually(() => seen.length === 2);
      expect(seen).toEqual([{ progress: 0 }, { progress: 2 }]);
    });

    it('is ready while open', async () => {
      expect(await h.queue.ready()).toEqual({ ok: true });
    });

    it('close waits for running jobs to finish', async () => {
      let finished = false;
      let started = false;
      h.queue.work(
        h.name,
        async () => {
          started = true;
          await sleep(200);
          finished = true;
        },
        fast,
      );
      await h.queue.add(h.name, { id: 'long', data: null });
      await eventually(() => started);
      await h.queue.close();
      expect(finished).toBe(true);
    });
  });
}
