import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { pseudonym } from '../shared/hash.ts';
import { flushOutbox, type RunnerDeps, runConversationTurn } from './conversation-runner.ts';
import { deadLetterEhrWrite, type EhrWriteDeps, handleEhrWriteJob } from './ehr-write-worker.ts';
import { QUEUES } from './inbox-payload.ts';
import { appendInternal, wake } from './ingest-events.ts';
import type { JobQueue } from './job-queue.ts';
import { handleOutboundJob, type OutboundDeps, outboundBackoffMs } from './outbound-worker.ts';
import {
  deadLetterReminder,
  handleReminderJob,
  REMINDER_MAX_ATTEMPTS,
  type ReminderDeps,
  reminderBackoffMs,
} from './reminder-worker.ts';

export interface WorkerDeps {
  readonly runner: RunnerDeps;
  readonly outbound: OutboundDeps;
  readonly ehrWrites: Omit<EhrWriteDeps, 'report'>;
  readonly reminders: ReminderDeps;
  readonly queue: JobQueue;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly maxSendAttempts: number;
  /** How often to look for conversations whose wake-up was lost (crash between store and enqueue). */
  readonly sweepIntervalMs: number;
}

/** Backoff for EHR writes: 2 s doubling to 5 min, with jitter; about an hour of tries in all. */
const ehrBackoffMs = (attempt: number) =>
  Math.min(300_000, 2000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
const EHR_MAX_ATTEMPTS = 20;

/**
 * Start the queue workers of this process (inbox turns, outbound sends, EHR writes, timers, reminders) and the
 * sweeper that re-wakes conversations with waiting items and re-flushes committed outbox jobs, which
 * makes "stored" mean "will be processed" even across crashes. Returns a stop function.
 */
export function startWorkers(deps: WorkerDeps): () => void {
  const { queue, runner } = deps;
  const report = async (convKey: string, event: Parameters<EhrWriteDeps['report']>[1]) =>
    appendInternal(runner, convKey, event);

  queue.work(
    QUEUES.inbox,
    async (job) => {
      const { convKey } = job.data as { convKey: string };
      await runConversationTurn(runner, convKey);
    },
    {
      concurrency: deps.concurrency,
      maxAttempts: 10,
      backoffMs: (attempt) => Math.min(60_000, 500 * 2 ** attempt),
      onDeadLetter: async (job, err) => {
        const { convKey } = job.data as { convKey: string };
        deps.metrics.deadLetters.inc({ queue: QUEUES.inbox, code: errorCode(err) });
        deps.logger.error(
          { conv: pseudonym(convKey), code: errorCode(err) },
          'conversation turn failed repeatedly',
        );
      },
    },
  );

  queue.work(QUEUES.outbound, (job) => handleOutboundJob(deps.outbound, job), {
    concurrency: deps.concurrency,
    maxAttempts: deps.maxSendAttempts,
    backoffMs: outboundBackoffMs,
    onDeadLetter: async (job, err) => {
      const { convKey, purpose } = job.data as { convKey: string; purpose?: string };
      deps.metrics.deadLetters.inc({ queue: QUEUES.outbound, code: errorCode(err) });
      if (purpose === 'reminder') deps.metrics.reminders.inc({ outcome: 'failed' });
      deps.logger.error({ conv: pseudonym(convKey), code: errorCode(err) }, 'outbound batch given up');
      await appendInternal(runner, convKey, { type: 'delivery_failed', wamid: '', code: undefined });
    },
  });

  const ehrDeps: EhrWriteDeps = { ...deps.ehrWrites, report };
  queue.work(QUEUES.ehr, (job) => handleEhrWriteJob(ehrDeps, job), {
    concurrency: Math.max(2, Math.floor(deps.concurrency / 2)),
    maxAttempts: EHR_MAX_ATTEMPTS,
    backoffMs: ehrBackoffMs,
    onDeadLetter: (job, err) => deadLetterEhrWrite(ehrDeps, job, err),
  });

  queue.work(
    QUEUES.timer,
    async (job) => {
      const { convKey, timerId, name } = job.data as { convKey: string; timerId: string; name: string };
      await appendInternal(runner, convKey, { type: 'timer', timerId, name });
    },
    {
      concurrency: 2,
      maxAttempts: 20,
      backoffMs: (a) => Math.min(60_000, 1000 * 2 ** a),
      onDeadLetter: async () => {},
    },
  );

  queue.work(
    QUEUES.reminders,
    async (job) => {
      await handleReminderJob(deps.reminders, job);
    },
    {
      concurrency: 2,
      maxAttempts: REMINDER_MAX_ATTEMPTS,
      backoffMs: reminderBackoffMs,
      onDeadLetter: (job, err) => deadLetterReminder(deps.reminders, job, err),
    },
  );

  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await flushOutbox(runner);
      const bucket = Math.floor(Date.now() / deps.sweepIntervalMs);
      for (const convKey of await runner.store.conversationsWithPending()) {
        await wake(runner, convKey, `sweep-${bucket}`, 0);
      }
      for (const name of Object.values(QUEUES))
        deps.metrics.queueDepth.set({ queue: name }, await queue.depth(name));
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'sweep failed; will retry');
    } finally {
      sweeping = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), deps.sweepIntervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

function errorCode(err: unknown): string {
  if (err !== null && typeof err === 'object' && 'code' in err && typeof err.code === 'string')
    return err.code;
  return 'UNKNOWN';
}
