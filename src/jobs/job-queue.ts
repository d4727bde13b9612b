/**
 * Durable work, behind a narrow port: BullMQ on Redis (many instances, survives restarts) or an
 * in-process queue (one instance, for a laptop). One contract suite runs against both.
 */

export interface JobContext {
  readonly id: string;
  readonly data: unknown;
  /** 1 for the first try. */
  readonly attempt: number;
  /** Replace the job's data (progress that must survive a retry or a crash, e.g. messages already sent). */
  update(data: unknown): Promise<void>;
}

export type JobHandler = (job: JobContext) => Promise<void>;

export interface WorkOptions {
  readonly concurrency: number;
  /** Tries before the job is dead-lettered; an AppError with `retryable: false` dead-letters at once. */
  readonly maxAttempts: number;
  /** Delay before try `attempt + 1` after `error`. */
  readonly backoffMs: (attempt: number, error: unknown) => number;
  /** Called once when a job is given up on (metric, PHI-free log, tell the conversation). */
  readonly onDeadLetter: (job: JobContext, error: unknown) => Promise<void>;
}

export interface JobQueue {
  /** Add a job. Idempotent by `id`: adding an id that is waiting, running or recently done is a no-op. */
  add(
    queue: string,
    job: { readonly id: string; readonly data: unknown; readonly delayMs?: number },
  ): Promise<void>;
  /**
   * Remove the jobs of `queue` that have not started (waiting or delayed, retries included) whose data
   * matches, and return how many. Meant for rare, targeted withdrawals ("delete my data" withdraws the
   * patient's reminders): it scans the queue. A job running now is left to finish. A removed job is gone:
   * adding its id again adds a new job.
   */
  removePending(queue: string, match: (data: unknown) => boolean): Promise<number>;
  /**
   * Rewrite the data of the jobs of `queue` that have not started: `update` returns the new data, or
   * undefined to leave a job as it is. Returns how many changed. Same scan and use as `removePending`
   * (a patient's reminders follow a phone-number change).
   */
  updatePending(queue: string, update: (data: unknown) => unknown): Promise<number>;
  /** Start processing a queue in this process. */
  work(queue: string, handler: JobHandler, options: WorkOptions): void;
  /** Jobs waiting, delayed or running. */
  depth(queue: string): Promise<number>;
  /** Whether the queue backend can take work now, with the reason when it cannot. */
  ready(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Stop taking jobs, let running ones finish, release connections. */
  close(): Promise<void>;
}

/**
 * Thrown by a handler to run the job again after `delayMs` without counting a failed attempt: the
 * conversation is locked by another worker, or a rate limit asks us to wait.
 */
export class RetryLater extends Error {
  readonly delayMs: number;
  constructor(delayMs: number, reason: string) {
    super(reason);
    this.name = 'RetryLater';
    this.delayMs = Math.max(1, Math.round(delayMs));
  }
}
