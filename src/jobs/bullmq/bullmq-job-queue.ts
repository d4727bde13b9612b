import { DelayedError, type Job, type JobType, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { isAppError } from '../../shared/app-error.ts';
import {
  type JobContext,
  type JobHandler,
  type JobQueue,
  RetryLater,
  type WorkOptions,
} from '../job-queue.ts';

export interface BullmqJobQueueOptions {
  /** Connection for producers: fails fast when Redis is down (`enableOfflineQueue: false`). */
  readonly producer: Redis;
  /** Connection for workers: `maxRetriesPerRequest: null`, as BullMQ requires for blocking calls. */
  readonly worker: Redis;
  /** BullMQ key prefix, e.g. `omw:bull`. */
  readonly prefix: string;
  /** How long a crashed worker's job stays locked before another worker takes it over. */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
}

/** Completed jobs are kept this long so a re-add with the same id stays a no-op (outbox re-flush). */
const KEEP_COMPLETED_S = 3600;
/** Failed (dead-lettered) jobs are kept for inspection. */
const KEEP_FAILED_S = 7 * 24 * 3600;

/** Jobs read per page when scanning a queue (`removePending`, `updatePending`). */
const SCAN_PAGE = 500;
const succeeded = () => true;
const failed = () => false;

/** BullMQ forbids ':' in custom ids (it is its key separator). */
const toBullId = (id: string): string => id.replaceAll(':', '~');

/**
 * JobQueue on BullMQ: durable, shared by every instance, jobs of a crashed worker are taken over after
 * the lock expires (stalled-job recovery).
 */
export function createBullmqJobQueue(options: BullmqJobQueueOptions): JobQueue {
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];

  const queue = (name: string): Queue => {
    let q = queues.get(name);
    if (q === undefined) {
      q = new Queue(name, { connection: options.producer, prefix: options.prefix });
      queues.set(name, q);
    }
    return q;
  };

  /** Jobs not started yet (waiting, delayed, prioritized), read page by page before anything changes. */
  const pendingJobs = async (name: string): Promise<Job[]> => {
    const q = queue(name);
    const states: JobType[] = ['waiting', 'delayed', 'prioritized'];
    const total = Object.values(await q.getJobCounts(...states)).reduce((a, b) => a + b, 0);
    const jobs: Job[] = [];
    for (let start = 0; start < total; start += SCAN_PAGE) {
      for (const job of await q.getJobs(states, start, start + SCAN_PAGE - 1)) if (job) jobs.push(job);
    }
    return jobs;
  };

  return {
    async add(name, job) {
      await queue(name).add(name, job.data, {
        jobId: toBullId(job.id),
        delay: job.delayMs ?? 0,
        // The worker decides when to give up (WorkOptions.maxAttempts, non-retryable errors), so the
        // job itself allows "many" attempts and asks the worker's backoff strategy for each delay.
        attempts: 1000,
        backoff: { type: 'custom' },
        removeOnComplete: { age: KEEP_COMPLETED_S },
        removeOnFail: { age: KEEP_FAILED_S },
      });
    },

    async removePending(name, match) {
      let removed = 0;
      for (const job of await pendingJobs(name)) {
        if (!match(job.data)) continue;
        // A job a worker has just taken is locked: it runs, and its handler has the last word.
        if (await job.remove().then(succeeded, failed)) removed += 1;
      }
      return removed;
    },

    async updatePending(name, update) {
      let changed = 0;
      for (const job of await pendingJobs(name)) {
        const next = update(job.data);
        if (next === undefined) continue;
        if (await job.updateData(next).then(succeeded, failed)) changed += 1;
      }
      return changed;
    },

    work(name, handler: JobHandler, work: WorkOptions) {
      const worker = new Worker(
        name,
        async (job: Job, token?: string) => {
          const ctx: JobContext = {
            id: job.id ?? '',
            data: job.data,
            attempt: job.attemptsMade + 1,
            update: (data) => job.updateData(data),
          };
          try {
            await handler(ctx);
          } catch (err) {
            if (err instanceof RetryLater) {
              // Not a failure: park the job without using up an attempt.
              await job.moveToDelayed(Date.now() + err.delayMs, token);
              throw new DelayedError();
            }
            const final = (isAppError(err) && !err.retryable) || ctx.attempt >= work.maxAttempts;
            if (final) {
              await work.onDeadLetter(ctx, err).catch(() => undefined);
              throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
            }
            throw err;
          }
        },
        {
          connection: options.worker,
          prefix: options.prefix,
          concurrency: work.concurrency,
          lockDuration: options.lockDurationMs ?? 30_000,
          stalledInterval: options.stalledIntervalMs ?? 30_000,
          maxStalledCount: 3,
          settings: {
            backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
              work.backoffMs(attemptsMade, err),
          },
        },
      );
      // Errors of the worker itself (lost connection) are reported through /ready; keep the process up.
      worker.on('error', () => undefined);
      workers.push(worker);
    },

    async depth(name) {
      const counts = await queue(name).getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },

    async ready() {
      try {
        const pong = await options.producer.ping();
        return pong === 'PONG' ? { ok: true } : { ok: false, reason: `redis answered ${pong}` };
      } catch (err) {
        return {
          ok: false,
          reason: `redis unreachable: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    },

    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
