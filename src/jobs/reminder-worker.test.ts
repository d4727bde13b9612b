import { describe, expect, it } from 'vitest';
import { demoEhr } from '../../test/support/demo-ehr.ts';
import { captureLogger } from '../../test/support/silent-logger.ts';
import type { EhrPort } from '../ehr/ehr-port.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createMemoryContactPreferences } from '../sessions/memory/memory-contact-preferences.ts';
import { AppError } from '../shared/app-error.ts';
import { QUEUES } from './inbox-payload.ts';
import type { JobContext } from './job-queue.ts';
import type { OutboundJobData } from './outbound-worker.ts';
import {
  handleReminderJob,
  type ReminderDeps,
  type ReminderJobData,
  reminderBackoffMs,
  reminderJobId,
} from './reminder-worker.ts';

const PHONE = '254712345678';
const NOW = Date.parse('2026-11-24T07:00:00.000Z');

async function setup(options: { ehrDown?: boolean; language?: ReminderJobData['language'] } = {}) {
  const ehr = demoEhr();
  const patient = await ehr.registerPatient(
    {
      givenName: 'Amina',
      familyName: 'Otieno',
      birthDate: '1985-03-14',
      birthDateEstimated: false,
      sex: 'female',
      whatsapp: { key: PHONE, waId: PHONE },
    },
    'reg-1',
  );
  // Thursday 26 Nov 2026, 09:00 in Nairobi (06:00 UTC).
  const appointment = await ehr.book({
    idempotencyKey: 'book-1',
    patientId: patient.id,
    slot: { serviceId: 'svc-general', start: '2026-11-26T06:00:00.000Z', end: '2026-11-26T06:20:00.000Z' },
    comments: 'test',
    urgency: 2,
  });
  let calls = 0;
  const down: Pick<EhrPort, 'listUpcomingAppointments'> = {
    async listUpcomingAppointments() {
      calls += 1;
      throw new AppError('EHR_UNAVAILABLE', 'connection refused', { retryable: true });
    },
  };
  const added: Array<{ queue: string; id: string; data: unknown }> = [];
  const preferences = createMemoryContactPreferences();
  const metrics = createMetrics();
  const { logger, lines } = captureLogger('debug');
  let now = NOW;
  const deps: ReminderDeps = {
    ehr: options.ehrDown === true ? down : ehr,
    preferences,
    queue: {
      async add(queue, job) {
        added.push({ queue, id: job.id, data: job.data });
      },
    },
    metrics,
    logger,
    now: () => now,
    settings: {
      template: 'appointment_reminder',
      templateLanguages: { en: 'en', fr: 'fr', es: 'es', pt: 'pt_BR', sw: 'sw' },
      clinicName: 'Mji Mwema Health Centre',
      timeZone: 'Africa/Nairobi',
    },
  };
  const data: ReminderJobData = {
    convKey: PHONE,
    recipient: { phone: `+${PHONE}` },
    patientId: patient.id,
    appointmentId: appointment.id,
    start: appointment.start,
    language: options.language ?? 'en',
  };
  const job = (attempt = 1): JobContext => ({
    id: reminderJobId(appointment.id),
    data,
    attempt,
    update: async () => {},
  });
  const outcomes = async () =>
    Object.fromEntries(
      (await metrics.reminders.get()).values.map((v) => [String(v.labels.outcome), v.value]),
    );
  return {
    ehr,
    deps,
    job,
    added,
    preferences,
    appointment,
    patient,
    lines,
    outcomes,
    setNow: (t: number) => {
      now = t;
    },
    ehrCalls: () => calls,
  };
}

describe('reminder worker', () => {
  it('queues the reminder template with clinic, date and time, and Keep/Cancel payloads', async () => {
    const h = await setup();
    expect(await handleReminderJob(h.deps, h.job())).toBe('queued');
    expect(h.added).toHaveLength(1);
    const [add] = h.added;
    expect(add?.queue).toBe(QUEUES.outbound);
    expect(add?.id).toBe(`out-${reminderJobId(h.appointment.id)}`);
    const out = add?.data as OutboundJobData;
    expect(out.convKey).toBe(PHONE);
    expect(out.recipient).toEqual({ phone: `+${PHONE}` });
    expect(out.sent).toBe(0);
    expect(out.purpose).toBe('reminder');
    expect(out.messages).toEqual([
      {
        kind: 'template',
        name: 'appointment_reminder',
        language: 'en',
        bodyParams: ['Mji Mwema Health Centre', 'Thursday 26 November 2026', '09:00'],
        quickReplyPayloads: [
          `reminder:keep:${h.appointment.id}:en`,
          `reminder:cancel:${h.appointment.id}:en`,
        ],
      },
    ]);
    // Counted as sent by the outbound worker once Meta accepts it, not here.
    expect(await h.outcomes()).toEqual({});
  });

  it("formats the date in the patient's language and uses the approved language code", async () => {
    const h = await setup({ language: 'pt' });
    await handleReminderJob(h.deps, h.job());
    const [message] = (h.added[0]?.data as OutboundJobData | undefined)?.messages ?? [];
    expect(message).toMatchObject({
      language: 'pt_BR',
      bodyParams: ['Mji Mwema Health Centre', 'quinta-feira 26 novembro 2026', '09:00'],
    });
  });

  it('skips an appointment cancelled in the EHR meanwhile', async () => {
    const h = await setup();
    await h.ehr.cancelAppointment(h.appointment.id);
    expect(await handleReminderJob(h.deps, h.job())).toBe('skipped_cancelled');
    expect(h.added).toEqual([]);
    expect(await h.outcomes()).toEqual({ skipped_cancelled: 1 });
  });

  it('skips an appointment moved to another time (the reminder would give the wrong time)', async () => {
    const h = await setup();
    const job = h.job();
    const moved: JobContext = {
      ...job,
      data: { ...(job.data as ReminderJobData), start: '2026-11-26T07:00:00.000Z' },
    };
    expect(await handleReminderJob(h.deps, moved)).toBe('skipped_cancelled');
    expect(h.added).toEqual([]);
  });

  it('skips a patient who opted out, without asking the EHR', async () => {
    const h = await setup({ ehrDown: true });
    await h.preferences.optOut(PHONE, NOW - 1000);
    expect(await handleReminderJob(h.deps, h.job())).toBe('skipped_opted_out');
    expect(h.ehrCalls()).toBe(0);
    expect(h.added).toEqual([]);
    expect(await h.outcomes()).toEqual({ skipped_opted_out: 1 });
  });

  it('sends again after the patient opted back in', async () => {
    const h = await setup();
    await h.preferences.optOut(PHONE, NOW - 1000);
    await h.preferences.optIn(PHONE);
    expect(await handleReminderJob(h.deps, h.job())).toBe('queued');
  });

  it('lets the queue retry while the EHR is down, and gives up once the next try would be too late', async () => {
    const h = await setup({ ehrDown: true });
    await expect(handleReminderJob(h.deps, h.job(1))).rejects.toMatchObject({
      code: 'EHR_UNAVAILABLE',
      retryable: true,
    });
    expect(h.added).toEqual([]);
    // Just before the start: the next try (after its backoff) would come after it.
    const start = Date.parse(h.appointment.start);
    h.setNow(start - reminderBackoffMs(5) + 1000);
    expect(await handleReminderJob(h.deps, h.job(5))).toBe('failed');
    expect(h.added).toEqual([]);
    expect(await h.outcomes()).toEqual({ failed: 1 });
  });

  it('never sends once the appointment has started', async () => {
    const h = await setup();
    h.setNow(Date.parse(h.appointment.start) + 60_000);
    expect(await handleReminderJob(h.deps, h.job())).toBe('failed');
    expect(h.added).toEqual([]);
  });

  it('backs off from 30 seconds, doubling, to at most 15 minutes', () => {
    expect(reminderBackoffMs(1)).toBe(30_000);
    expect(reminderBackoffMs(2)).toBe(60_000);
    expect(reminderBackoffMs(20)).toBe(15 * 60_000);
  });

  it('logs no phone number, patient id or name', async () => {
    const h = await setup();
    await handleReminderJob(h.deps, h.job());
    const log = h.lines().join('\n');
    expect(log).toContain('reminder queued');
    for (const secret of [PHONE, h.patient.id, 'Amina', h.appointment.id]) expect(log).not.toContain(secret);
  });
});
