import { reminderPayload } from '../conversation/flows/reminders.ts';
import { formatLongDate, formatTime } from '../conversation/format-when.ts';
import type { EhrPort } from '../ehr/ehr-port.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ContactPreferences } from '../sessions/contact-preferences.ts';
import { isAppError } from '../shared/app-error.ts';
import { pseudonym } from '../shared/hash.ts';
import type { Language } from '../shared/language.ts';
import type { OutboundMessage, Recipient } from '../whatsapp/outbound-message.ts';
import { QUEUES } from './inbox-payload.ts';
import type { JobContext, JobQueue } from './job-queue.ts';
import type { OutboundJobData } from './outbound-worker.ts';

/**
 * A reminder waiting to be sent. It carries everything the worker needs because the conversation it
 * came from has usually expired by the time it is due. PHI (the recipient) sits in Redis like sessions
 * do; it never reaches a log line.
 */
export interface ReminderJobData {
  readonly convKey: string;
  readonly recipient: Recipient;
  readonly patientId: string;
  readonly appointmentId: string;
  /** ISO instant the appointment starts, as booked (a moved appointment is not reminded). */
  readonly start: string;
  readonly language: Language;
}

export interface ReminderDeps {
  readonly ehr: Pick<EhrPort, 'listUpcomingAppointments'>;
  readonly preferences: Pick<ContactPreferences, 'optedOutAt'>;
  readonly queue: Pick<JobQueue, 'add'>;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => number;
  readonly settings: {
    readonly template: string;
    readonly templateLanguages: Readonly<Record<Language, string>>;
    readonly clinicName: string;
    readonly timeZone: string;
  };
}

/**
 * What became of a due reminder here. `queued`: handed to the outbound queue, which counts it `sent`
 * once Meta accepts it (or `failed` if it never does); the others are counted here.
 */
export type ReminderOutcome = 'queued' | 'skipped_cancelled' | 'skipped_opted_out' | 'failed';

/** Tries of a reminder whose EHR check fails; the appointment's start ends them sooner. */
export const REMINDER_MAX_ATTEMPTS = 30;

/** Backoff between EHR checks: 30 s doubling to 15 min (about 6 hours of tries in all). */
export function reminderBackoffMs(attempt: number): number {
  return Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * The queue job id of an appointment's reminder: one per appointment, so a retried turn (or a booking
 * result delivered twice) never schedules a second one. Hashed: job ids show up in queue tooling.
 */
export function reminderJobId(appointmentId: string): string {
  return `reminder-${pseudonym(appointmentId)}`;
}

/**
 * Send one due reminder: not to a patient who said STOP, not for an appointment that is no longer
 * booked at that time (cancelled or moved in the EHR meanwhile), and never after it has started.
 * While the EHR cannot answer, the job is retried with backoff until the next try would come after
 * the start. The template goes through the outbound queue like every other message (pacing, retries,
 * delivery statuses, failures reported to the conversation); templates may go outside the 24-hour
 * window, so it is not held back by it.
 */
export async function handleReminderJob(deps: ReminderDeps, job: JobContext): Promise<ReminderOutcome> {
  const data = job.data as ReminderJobData;
  const log = { conv: pseudonym(data.convKey), appt: pseudonym(data.appointmentId), attempt: job.attempt };
  const done = (outcome: ReminderOutcome, message: string): ReminderOutcome => {
    if (outcome !== 'queued') deps.metrics.reminders.inc({ outcome });
    if (outcome === 'failed') deps.logger.warn(log, message);
    else deps.logger.info(log, message);
    return outcome;
  };

  const now = deps.now();
  const start = Date.parse(data.start);
  if (!(start > now)) return done('failed', 'reminder not sent: the appointment has started');

  if ((await deps.preferences.optedOutAt(data.convKey)) !== null)
    return done('skipped_opted_out', 'reminder skipped: the patient opted out');

  let upcoming: Awaited<ReturnType<EhrPort['listUpcomingAppointments']>>;
  try {
    upcoming = await deps.ehr.listUpcomingAppointments(data.patientId, new Date(now).toISOString());
  } catch (err) {
    const retryable = !isAppError(err) || err.retryable;
    const code = isAppError(err) ? err.code : 'UNKNOWN';
    if (retryable && now + reminderBackoffMs(job.attempt) < start) {
      deps.logger.warn({ ...log, code }, 'reminder: EHR check failed; will retry');
      throw err;
    }
    deps.logger.warn({ ...log, code }, 'reminder: EHR check failed; giving up');
    return done('failed', 'reminder not sent: the EHR could not confirm the appointment');
  }

  const appointment = upcoming.find((a) => a.id === data.appointmentId);
  if (
    appointment === undefined ||
    appointment.status !== 'booked' ||
    Date.parse(appointment.start) !== start
  ) {
    return done('skipped_cancelled', 'reminder skipped: the appointment was cancelled or moved');
  }

  const s = deps.settings;
  const message: OutboundMessage = {
    kind: 'template',
    name: s.template,
    language: s.templateLanguages[data.language],
    // The approved body: "Reminder from {{1}}: your appointment is on {{2}} at {{3}}." (README).
    bodyParams: [
      s.clinicName,
      formatLongDate(data.start, data.language, s.timeZone),
      formatTime(data.start, s.timeZone),
    ],
    // Button order as approved: Keep, Cancel.
    quickReplyPayloads: [
      reminderPayload('keep', data.appointmentId, data.language),
      reminderPayload('cancel', data.appointmentId, data.language),
    ],
  };
  const outbound: OutboundJobData = {
    convKey: data.convKey,
    recipient: data.recipient,
    language: data.language,
    messages: [message],
    sent: 0,
    purpose: 'reminder',
  };
  await deps.queue.add(QUEUES.outbound, { id: `out-${job.id}`, data: outbound });
  return done('queued', 'reminder queued for sending');
}

/** A reminder given up on by the queue (tries exhausted): counted as failed, logged without PHI. */
export async function deadLetterReminder(deps: ReminderDeps, job: JobContext, err: unknown): Promise<void> {
  const data = job.data as ReminderJobData;
  deps.metrics.reminders.inc({ outcome: 'failed' });
  deps.metrics.deadLetters.inc({ queue: QUEUES.reminders, code: isAppError(err) ? err.code : 'UNKNOWN' });
  deps.logger.error(
    { conv: pseudonym(data.convKey), appt: pseudonym(data.appointmentId), attempt: job.attempt },
    'reminder given up',
  );
}
