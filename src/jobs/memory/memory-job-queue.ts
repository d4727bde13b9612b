import { isAppError } from '../../shared/app-error.ts';
import {
  type JobContext,
  type JobHandler,
  type JobQueue,
  RetryLater,
  type WorkOptions,
} from '../job-queue.ts';

interface Pending {
  id: string;
  data: unknown;
  attempt: number;
  runAt: number;
}

interface QueueState {
  pending: Pending[];
  running: number;
  /** Ids seen recently, so a re-add of a finished job is a no-op (same as BullMQ's retention). */
  known: Map<string, number>;
  pruneAt: number;
  worker?: { handler: JobHandler; options: WorkOptions };
  timer?: NodeJS.Timeout | undefined;
}

/** How long a finished job's id keeps deduplicating re-adds. */
const RETENTION_MS = 3600_000;

/**
 * An in-process JobQueue for a single instance without Redis. Same retry, delay and idempotency rules
 * as the BullMQ adapter; nothing survives a restart (so sandbox mode says so in its log).
 */
export function createMemoryJobQueue(options: { now?: () => number } = {}): JobQueue {
  const now = options.now ?? Date.now;
  const queues = new Map<string, QueueState>();
  let closing = false;
  const idle: Array<() => void> = [];

  const state = (name: string): QueueState => {
    let q = queues.get(name);
    if (q === undefined) {
      q = { pending: [], running: 0, known: new Map(), pruneAt: 10_000 };
      queues.set(name, q);
    }
    return q;
  };

  const totalRunning = () => [...queues.values()].reduce((n, q) => n + q.running, 0);

  const schedule = (q: QueueState) => {
    if (q.worker === undefined || closing) return;
    if (q.timer !== undefined) clearTimeout(q.timer);
    q.timer = undefined;
    const { concurrency } = q.worker.options;
    q.pending.sort((a, b) => a.runAt - b.runAt);
    while (q.running < concurrency) {
      const next = q.pending[0];
      if (next === undefined) break;
      const wait = next.runAt - now();
      if (wait > 0) {
        q.timer = setTimeout(() => schedule(q), Math.min(wait, 2_147_000_000));
        q.timer.unref?.();
        break;
      }
      q.pending.shift();
      void run(q, next);
    }
  };

  const run = async (q: QueueState, job: Pending) => {
    const worker = q.worker;
    if (worker === undefined) return;
    q.running += 1;
    const ctx: JobContext = {
      id: job.id,
      data: job.data,
      attempt: job.attempt,
      update: async (data) => {
        job.data = structuredClone(data);
      },
    };
    try {
      await worker.handler(ctx);
      q.known.set(job.id, now() + RETENTION_MS);
    } catch (err) {
      if (err instanceof RetryLater) {
        q.pending.push({ ...job, runAt: now() + err.delayMs });
      } else if ((isAppError(err) && !err.retryable) || job.attempt >= worker.options.maxAttempts) {
        q.known.set(job.id, now() + RETENTION_MS);
        await worker.options.onDeadLetter(ctx, err).catch(() => undefined);
      } else {
        q.pending.push({
          ...job,
          attempt: job.attempt + 1,
          runAt: now() + worker.options.backoffMs(job.attempt, err),
        });
      }
    } finally {
      q.running -= 1;
      if (totalRunning() === 0) for (const resolve of idle.splice(0)) resolve();
      schedule(q);
    }
  };

  return {
    async add(name, job) {
      if (closing) return;
      const q = state(name);
      if (q.known.size > q.pruneAt) {
        // Amortised: prune when the map doubles, not on every add.
        for (const [id, until] of q.known) if (until <= now()) q.known.delete(id);
        q.pruneAt = Math.max(10_000, q.known.size * 2);
      }
      const expiry = q.known.get(job.id);
      if (expiry !== undefined && expiry > now()) return;
      q.known.set(job.id, Number.POSITIVE_INFINITY);
      q.pending.push({
        id: job.id,
        data: job.data,
        attempt: 1,
        runAt: now() + (job.delayMs ?? 0),
      });
      schedule(q);
    },

    async removePending(name, match) {
      const q = queues.get(name);
      if (q === undefined) return 0;
      const removed = q.pending.filter((job) => match(job.data));
      q.pending = q.pending.filter((job) => !removed.includes(job));
      for (const job of removed) q.known.delete(job.id);
      schedule(q);
      return removed.length;
    },

    async updatePending(name, update) {
      let changed = 0;
      for (const job of queues.get(name)?.pending ?? []) {
        const next = update(job.data);
        if (next === undefined) continue;
        job.data = structuredClone(next);
        changed += 1;
      }
      return changed;
    },

    work(name, handler, workOptions) {
      const q = state(name);
      q.worker = { handler, options: workOptions };
      schedule(q);
    },

    async depth(name) {
      const q = queues.get(name);
      return q === undefined ? 0 : q.pending.length + q.running;
    },

    async ready() {
      return closing ? { ok: false, reason: 'queue is shutting down' } : { ok: true };
    },

    async close() {
      closing = true;
      for (const q of queues.values()) if (q.timer !== undefined) clearTimeout(q.timer);
      if (totalRunning() > 0) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
