import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate, formatTime } from '../../src/conversation/format-when.ts';
import type { Appointment } from '../../src/ehr/ehr-port.ts';
import { loadCatalogues } from '../../src/i18n/catalogues.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { QUEUES } from '../../src/jobs/inbox-payload.ts';
import type { SendMessageRequest } from '../../src/sandbox/graph-api/validate-messages-request.ts';
import {
  phoneUser,
  templateButtonReply,
  userChangedNumber,
  type WhatsAppUser,
} from '../../src/sandbox/graph-api/webhook-builder.ts';
import { eventually } from '../support/eventually.ts';
import { deleteByPrefix, TEST_REDIS_URL } from '../support/test-redis.ts';
import { type Harness, type Received, startHarness } from '../support/whatsapp-harness.ts';

/**
 * Reminders end to end: the real service on Redis/BullMQ (so the reminder is a real delayed job),
 * the webhook with signed payloads, the Graph API stand-in with the README's templates approved and
 * Meta's 24-hour rule on, and the sandbox FHIR EHR. The booked slot is days away and the reminder is
 * due REMINDER_HOURS_BEFORE (1) hour before it; the test checks the delay of the delayed job, then
 * promotes it (BullMQ's "run now", as an operator could) instead of waiting days.
 */

const t = createTranslator(loadCatalogues());
const CLINIC = 'Mji Mwema Health Centre';
const ZONE = 'Africa/Nairobi';
const prefix = `test:${randomUUID()}:`;

let h: Harness;
let admin: Redis;
let reminders: Queue;
beforeAll(async () => {
  h = await startHarness({
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    REDIS_REQUIRE_AOF: 'false',
    REMINDER_HOURS_BEFORE: '1',
  });
  admin = new Redis(TEST_REDIS_URL);
  reminders = new Queue(QUEUES.reminders, { connection: admin, prefix: `${prefix}bull` });
});
afterAll(async () => {
  await h.close();
  await reminders.close();
  await deleteByPrefix(admin, prefix);
  admin.disconnect();
});

async function turn(user: WhatsAppUser, act: () => Promise<void>): Promise<Received[]> {
  const before = h.received(user).length;
  await act();
  return h.settle(user, before);
}
const say = (user: WhatsAppUser, text: string) => turn(user, () => h.say(user, text));
const tap = (user: WhatsAppUser, key: string) => turn(user, () => h.tapTitle(user, t.t('en', key)));

/**
 * Triage answers "no" (taking the booking offered with self-care advice) until the slot list, then
 * the last (latest) slot offered is booked.
 */
async function bookLatestSlot(user: WhatsAppUser): Promise<void> {
  for (let i = 0; i < 8 && h.received(user).at(-1)?.kind !== 'list'; i += 1) {
    const options = h.received(user).at(-1)?.options ?? [];
    await tap(user, options.some((o) => o.id === 'selfcare.book') ? 'result.self_care_book' : 'answer.no');
  }
  const list = h.received(user).at(-1);
  expect(list?.kind).toBe('list');
  await turn(user, () => h.tap(user, list?.options.at(-1)?.id ?? ''));
  const booked = await tap(user, 'confirm.book');
  expect(booked.map((r) => r.body).join('\n')).toMatch(/Your appointment is booked/);
}

/** A new patient: consent, registration, a complaint, then the latest slot offered is booked. */
async function registerAndBook(
  user: WhatsAppUser,
  patient: { name: string; birthDate: string; sex: 'sex.female' | 'sex.male'; complaint: string },
): Promise<void> {
  await say(user, 'Hello');
  await tap(user, 'consent.yes');
  await say(user, patient.name);
  await say(user, patient.birthDate);
  await tap(user, patient.sex);
  await tap(user, 'identify.confirm_yes');
  await say(user, patient.complaint);
  await bookLatestSlot(user);
}

async function upcoming(user: WhatsAppUser): Promise<Appointment[]> {
  const [patient] = await h.ehr.findPatientsByWhatsApp({ key: user.waId ?? '', waId: user.waId ?? '' });
  return patient === undefined ? [] : h.ehr.listUpcomingAppointments(patient.id, new Date().toISOString());
}

/** The template sends the stand-in accepted for this user, as Meta received them. */
const templatesTo = (user: WhatsAppUser) =>
  h.graph.messages
    .filter((m) => m.to === `+${user.waId}` && m.type === 'template')
    .map((m) => ({ wamid: m.wamid, body: m.body as Extract<SendMessageRequest, { type: 'template' }> }));

const reminderCount = async (outcome: string) =>
  (await h.runtime.metrics.reminders.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

describe('appointment reminders through the webhook and the Graph API stand-in', () => {
  it('books → reminder template (days later, window closed) → Cancel → confirm → cancelled; then STOP → no reminder', async () => {
    const u = phoneUser('254791000001', 'Reminder Patient');
    await registerAndBook(u, {
      name: 'Amina Otieno',
      birthDate: '14/03/1985',
      sex: 'sex.female',
      complaint: 'I have had a cough and a fever for three days',
    });
    const [appointment] = await upcoming(u);
    if (appointment === undefined) throw new Error('no appointment in the EHR');

    // One delayed job, due one hour before the start.
    let delayed = await reminders.getDelayed();
    expect(delayed).toHaveLength(1);
    const job = delayed[0];
    const dueAt = (job?.timestamp ?? 0) + (job?.opts.delay ?? 0);
    expect(Math.abs(dueAt - (Date.parse(appointment.start) - 3600_000))).toBeLessThan(10_000);

    // Days later: the session and the 24-hour window are gone, on our side and on Meta's.
    await admin.del(`${prefix}sess:${u.waId}`, `${prefix}win:${u.waId}`);
    h.graph.recordInbound(u, new Date(Date.now() - 3 * 24 * 3600_000));
    await job?.promote();
    await eventually(() => templatesTo(u).length === 1, 15_000, 'reminder template');
    const [reminder] = templatesTo(u);
    expect(reminder?.body.template.name).toBe('appointment_reminder');
    expect(reminder?.body.template.language.code).toBe('en');
    const components = reminder?.body.template.components ?? [];
    expect(components.find((c) => c.type === 'body')?.parameters.map((p) => p.text)).toEqual([
      CLINIC,
      formatLongDate(appointment.start, 'en', ZONE),
      formatTime(appointment.start, ZONE),
    ]);
    const payloads = components.flatMap((c) =>
      c.type === 'button' ? c.parameters.map((p) => p.payload) : [],
    );
    expect(payloads).toEqual([`reminder:keep:${appointment.id}:en`, `reminder:cancel:${appointment.id}:en`]);
    // Counted once Meta accepted it.
    await eventually(async () => (await reminderCount('sent')) === 1, 5000, 'reminder counted as sent');

    // The patient taps Cancel on the template, then confirms.
    const ask = await turn(u, async () => {
      h.graph.recordInbound(u);
      const status = await h.sendPayload(
        templateButtonReply({
          user: u,
          replyTo: reminder?.wamid ?? '',
          payload: payloads[1] ?? '',
          text: 'Cancel',
        }),
      );
      expect(status).toBe(200);
    });
    expect(ask.at(-1)?.body).toBe(
      t.t('en', 'reminder.cancel_confirm', {
        name: 'Amina',
        day: formatLongDate(appointment.start, 'en', ZONE),
        time: formatTime(appointment.start, ZONE),
      }),
    );
    expect(await upcoming(u)).toHaveLength(1);
    const done = await tap(u, 'cancel.yes');
    expect(done.at(-1)?.body).toBe(t.t('en', 'cancel.done'));
    expect(await upcoming(u)).toHaveLength(0);

    // Another booking, then STOP: its reminder is not sent.
    const hello = await say(u, 'I have a headache since yesterday');
    expect(hello.at(-1)?.body).toMatch(/Do you agree/);
    await tap(u, 'consent.yes');
    await turn(u, () => h.tapTitle(u, 'Amina'));
    await bookLatestSlot(u);
    expect(await upcoming(u)).toHaveLength(1);
    delayed = await reminders.getDelayed();
    expect(delayed).toHaveLength(1);
    expect(delayed[0]?.id).not.toBe(job?.id);
    const stop = await say(u, 'STOP');
    expect(stop.at(-1)?.body).toBe(t.t('en', 'stop.ack'));
    // The STOP outlives the session.
    await admin.del(`${prefix}sess:${u.waId}`);
    await delayed[0]?.promote();
    await eventually(
      async () => (await reminderCount('skipped_opted_out')) === 1,
      15_000,
      'reminder skipped',
    );
    expect(templatesTo(u)).toHaveLength(1);

    // Reminder log lines carry pseudonyms only.
    const log = h.logLines().join('\n');
    expect(log).toContain('reminder queued for sending');
    for (const secret of [u.waId ?? '', 'Amina', appointment.id]) expect(log).not.toContain(secret);
  });

  it('after a phone-number change the scheduled reminder goes to the new number', async () => {
    const oldPhone = phoneUser('254791000004', 'Moving Patient');
    const newPhone = phoneUser('254791000005', 'Moving Patient');
    const before = new Set((await reminders.getDelayed()).map((j) => j.id));
    await registerAndBook(oldPhone, {
      name: 'Neema Achieng',
      birthDate: '21/09/1992',
      sex: 'sex.female',
      complaint: 'I have had a rash on my arm for a week',
    });
    const [job] = (await reminders.getDelayed()).filter((j) => !before.has(j.id));
    expect(job?.data.recipient).toEqual({ phone: `+${oldPhone.waId}` });

    // Meta's system message, from the old number, names the new wa_id (whatsapp.md §2.9).
    const status = await h.sendPayload(
      userChangedNumber({ oldWaId: oldPhone.waId ?? '', newWaId: newPhone.waId ?? '', name: 'Neema' }),
    );
    expect(status).toBe(200);
    await eventually(
      async () => (await reminders.getJob(job?.id ?? ''))?.data.recipient.phone === `+${newPhone.waId}`,
      15_000,
      'reminder readdressed',
    );
    await (await reminders.getJob(job?.id ?? ''))?.promote();
    await eventually(() => templatesTo(newPhone).length === 1, 15_000, 'reminder sent to the new number');
    expect(templatesTo(oldPhone)).toHaveLength(0);
  });

  it('"delete my data" withdraws that patient\'s scheduled reminders and nobody else\'s', async () => {
    const register = (user: WhatsAppUser, name: string) =>
      registerAndBook(user, {
        name,
        birthDate: '02/07/1990',
        sex: 'sex.male',
        complaint: 'I have had a sore knee for two weeks',
      });
    const leaving = phoneUser('254791000002', 'Leaving Patient');
    const staying = phoneUser('254791000003', 'Staying Patient');
    const before = new Set((await reminders.getDelayed()).map((j) => j.id));
    await register(leaving, 'Baraka Mwangi');
    await register(staying, 'Juma Kariuki');
    const added = (await reminders.getDelayed()).filter((j) => !before.has(j.id));
    expect(added).toHaveLength(2);

    const ack = await say(leaving, 'delete my data');
    expect(ack.at(-1)?.body).toBe(t.t('en', 'delete.ack'));
    const left = (await reminders.getDelayed()).filter((j) => !before.has(j.id));
    expect(left).toHaveLength(1);
    const recipientOf = (job: (typeof added)[number] | undefined) =>
      (job?.data as { recipient?: unknown } | undefined)?.recipient;
    const stayingJob = added.find((j) => JSON.stringify(j.data).includes(staying.waId ?? '-'));
    expect(stayingJob).toBeDefined();
    expect(recipientOf(left[0])).toEqual(recipientOf(stayingJob));
    // The appointment itself is a clinical record: it stays in the EHR.
    expect(await upcoming(leaving)).toHaveLength(1);
  });
});
