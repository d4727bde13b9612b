import { describe, expect, it } from 'vitest';
import { demoEhr } from '../../../test/support/demo-ehr.ts';
import { EngineDriver } from '../../../test/support/engine-driver.ts';
import { fakeProtocol } from '../../../test/support/fake-protocol.ts';
import type { Effect } from '../effects.ts';
import { CHOICE } from '../prompts.ts';
import { parseReminderPayload, reminderPayload } from './reminders.ts';

const IDENTITY = { key: '254712345678', waId: '254712345678' };

const newDriver = (reminderHoursBefore = 24) =>
  new EngineDriver(demoEhr(), { triage: fakeProtocol, reminderHoursBefore }, IDENTITY);

/** New patient Amina books the LAST offered slot (the latest day, more than a day ahead). */
async function book(d: EngineDriver): Promise<{ id: string; start: string; patientId: string }> {
  await d.patient('Hello');
  await d.patient({ choice: CHOICE.consentYes });
  await d.patient('Amina Otieno');
  await d.patient('14/03/1985');
  await d.patient({ choice: CHOICE.sexFemale });
  await d.patient({ choice: CHOICE.confirmYes });
  await d.patient('I have had a cough for a week');
  await d.patient({ choice: CHOICE.answerNo });
  const slots = d.lastChoices();
  await d.patient({ choice: slots.at(-1)?.id ?? '' });
  expect(d.keys(await d.patient({ choice: CHOICE.book }))).toContain('booking.confirmed');
  const booked = d.ehr.appointments().at(-1)?.appointment;
  if (booked === undefined) throw new Error('nothing booked');
  return { id: booked.id, start: booked.start, patientId: booked.patientId };
}

const reminders = (effects: readonly Effect[]) => effects.filter((e) => e.type === 'schedule_reminder');
const preferences = (effects: readonly Effect[]) =>
  effects.flatMap((e) => (e.type === 'contact_preference' ? [e.optedOut] : []));
const tapReminder = (d: EngineDriver, action: string, appointmentId: string, language = 'en') =>
  d.patient({
    type: 'template_button',
    payload: `reminder:${action}:${appointmentId}:${language}`,
    text: action === 'keep' ? 'Keep' : 'Cancel',
  });
/** The session expired: the next message starts a new one (same EHR, same phone). */
const expire = (d: EngineDriver) => {
  d.session = null;
  d.now += 3 * 24 * 3600_000;
};
const lastParams = (d: EngineDriver) => {
  const last = d.sent.at(-1)?.text;
  return last !== undefined && last.kind !== 'verbatim' ? last.params : undefined;
};
const bookedStatus = (d: EngineDriver, id: string) =>
  d.ehr.appointments().find((a) => a.appointment.id === id)?.appointment.status;

describe('reminder payloads', () => {
  it('round-trips keep and cancel, and refuses anything else', () => {
    expect(parseReminderPayload(reminderPayload('keep', 'appt-1', 'fr'))).toEqual({
      action: 'keep',
      appointmentId: 'appt-1',
      language: 'fr',
    });
    expect(parseReminderPayload('reminder:cancel:3f2a-9c')).toEqual({
      action: 'cancel',
      appointmentId: '3f2a-9c',
    });
    for (const bad of [
      'reminder:snooze:a',
      'reminder:keep:',
      'reminder:keep:a b',
      'reminder:keep:a:de',
      'reengage:continue',
      'x',
    ])
      expect(parseReminderPayload(bad)).toBeNull();
  });
});

describe('scheduling a reminder when a booking succeeds', () => {
  it('emits one schedule_reminder due REMINDER_HOURS_BEFORE hours before the start', async () => {
    const d = newDriver(24);
    const booked = await book(d);
    expect(Date.parse(booked.start) - d.now).toBeGreaterThan(24 * 3600_000);
    expect(reminders(d.effects)).toEqual([
      {
        type: 'schedule_reminder',
        appointmentId: booked.id,
        patientId: booked.patientId,
        start: booked.start,
        dueAt: new Date(Date.parse(booked.start) - 24 * 3600_000).toISOString(),
        language: 'en',
      },
    ]);
  });

  it('schedules nothing when the appointment starts sooner than the reminder would be due', async () => {
    const d = newDriver(24 * 30);
    await book(d);
    expect(reminders(d.effects)).toEqual([]);
  });

  it('schedules nothing when reminders are off (0)', async () => {
    const d = newDriver(0);
    await book(d);
    expect(reminders(d.effects)).toEqual([]);
  });
});

describe('replies to the reminder template', () => {
  it('Keep in a fresh session: a thank-you with the time, nothing changed, no consent question', async () => {
    const d = newDriver();
    const booked = await book(d);
    expire(d);
    const sent = await tapReminder(d, 'keep', booked.id);
    expect(d.keys(sent)).toEqual(['reminder.kept']);
    expect(lastParams(d)).toMatchObject({ name: 'Amina', time: expect.stringMatching(/^\d\d:\d\d$/) });
    expect(String(lastParams(d)?.day)).toMatch(/2026/);
    expect(bookedStatus(d, booked.id)).toBe('booked');
    // A later message is a new conversation: consent first.
    expect(d.keys(await d.patient('hello'))).toEqual(['consent.ask']);
  });

  it("a fresh session answers in the reminder's language, not the phone country's guess", async () => {
    const d = newDriver();
    const booked = await book(d);
    expire(d);
    await tapReminder(d, 'keep', booked.id, 'fr');
    expect(d.sent.at(-1)?.language).toBe('fr');
    expire(d);
    await tapReminder(d, 'keep', booked.id, 'en');
    // A Kenyan number would otherwise be answered in Swahili.
    expect(d.sent.at(-1)?.language).toBe('en');
  });

  it('Cancel in a fresh session: confirms first (naming the patient), then cancels in the EHR', async () => {
    const d = newDriver();
    const booked = await book(d);
    expire(d);
    const ask = await tapReminder(d, 'cancel', booked.id);
    expect(d.keys(ask)).toEqual(['reminder.cancel_confirm']);
    expect(lastParams(d)).toMatchObject({ name: 'Amina' });
    expect(d.lastChoices().map((c) => c.id)).toEqual([CHOICE.cancelYes, CHOICE.cancelNo]);
    expect(bookedStatus(d, booked.id)).toBe('booked');
    expect(d.keys(await d.patient({ choice: CHOICE.cancelYes }))).toEqual(['cancel.done']);
    expect(bookedStatus(d, booked.id)).toBe('cancelled');
  });

  it('Cancel, then "no": the appointment is kept', async () => {
    const d = newDriver();
    const booked = await book(d);
    expire(d);
    await tapReminder(d, 'cancel', booked.id);
    expect(d.keys(await d.patient('no'))).toEqual(['cancel.kept']);
    expect(bookedStatus(d, booked.id)).toBe('booked');
  });

  it('Keep and Cancel mid-conversation: answered, then the waiting question is asked again', async () => {
    const d = newDriver();
    const booked = await book(d);
    // A new problem in the same session: we are asked who it is for.
    expect(d.keys(await d.patient('I also have a headache since yesterday'))).toEqual(['identify.who']);
    expect(d.keys(await tapReminder(d, 'keep', booked.id))).toEqual(['reminder.kept', 'identify.who']);
    expect(d.keys(await tapReminder(d, 'cancel', booked.id))).toEqual(['reminder.cancel_confirm']);
    expect(d.keys(await d.patient({ choice: CHOICE.cancelYes }))).toEqual(['cancel.done', 'identify.who']);
    expect(bookedStatus(d, booked.id)).toBe('cancelled');
    expect(d.state()).toEqual({ state: 'IDENTIFYING', step: 'choose' });
  });

  it('refuses to cancel an appointment of a patient not linked to this WhatsApp identity', async () => {
    const d = newDriver();
    await book(d);
    const stranger = await d.ehr.registerPatient(
      {
        givenName: 'Other',
        birthDate: '1990-01-01',
        birthDateEstimated: false,
        sex: 'male',
        whatsapp: { key: '255700000000', waId: '255700000000' },
      },
      'stranger',
    );
    const [service] = await d.ehr.listServices();
    const [slot] = await d.ehr.findFreeSlots({
      serviceId: service?.id ?? '',
      from: new Date(d.now + 2 * 86400_000).toISOString(),
      to: new Date(d.now + 9 * 86400_000).toISOString(),
      limit: 1,
    });
    if (slot === undefined) throw new Error('no slot');
    const theirs = await d.ehr.book({
      idempotencyKey: 'theirs',
      patientId: stranger.id,
      slot,
      comments: '',
      urgency: 2,
    });
    expire(d);
    const writesBefore = d.effects.filter((e) => e.type === 'ehr_write').length;
    expect(d.keys(await tapReminder(d, 'cancel', theirs.id))).toEqual(['reminder.not_found']);
    expect(d.keys(await d.patient('yes'))).not.toContain('cancel.done');
    expect(d.effects.filter((e) => e.type === 'ehr_write').length).toBe(writesBefore);
    expect(bookedStatus(d, theirs.id)).toBe('booked');
  });

  it('an appointment cancelled meanwhile, and unknown reminder payloads, get "not found"', async () => {
    const d = newDriver();
    const booked = await book(d);
    await d.ehr.cancelAppointment(booked.id);
    expire(d);
    expect(d.keys(await tapReminder(d, 'keep', booked.id))).toEqual(['reminder.not_found']);
    expect(d.keys(await tapReminder(d, 'snooze', booked.id))).toEqual(['reminder.not_found']);
    expect(d.keys(await d.patient({ type: 'template_button', payload: 'reminder:', text: 'Keep' }))).toEqual([
      'reminder.not_found',
    ]);
  });

  it('a red flag typed right after the reminder still gets the emergency advice first', async () => {
    const d = newDriver();
    const booked = await book(d);
    expire(d);
    await tapReminder(d, 'cancel', booked.id);
    const sent = await d.patient('my husband has chest pain right now');
    expect(d.keys(sent)[0]).toBe('emergency.advice');
    expect(d.state().state).toBe('EMERGENCY');
    expect(bookedStatus(d, booked.id)).toBe('booked');
  });
});

describe('durable opt-out', () => {
  it('STOP records an opt-out; writing again records the opt-in', async () => {
    const d = newDriver();
    await d.patient('Hello');
    d.effects.length = 0;
    await d.patient('STOP');
    expect(preferences(d.effects)).toEqual([true]);
    d.effects.length = 0;
    await d.patient('hello again');
    expect(preferences(d.effects)).toEqual([false]);
  });

  it('a new session opts in (an old STOP expired with its session), a STOP in it opts out after', async () => {
    const d = newDriver();
    await d.patient('Hello');
    expect(preferences(d.effects)).toEqual([false]);
    expire(d);
    d.effects.length = 0;
    await d.patient('STOP');
    expect(preferences(d.effects)).toEqual([false, true]);
  });

  it('no preference is written mid-conversation, nor for a reaction that starts nothing', async () => {
    const d = newDriver();
    await d.patient({ type: 'reaction', reactedTo: 'wamid.x', emoji: '👍' });
    expect(preferences(d.effects)).toEqual([]);
    await d.patient('Hello');
    d.effects.length = 0;
    await d.patient({ choice: CHOICE.consentYes });
    expect(preferences(d.effects)).toEqual([]);
  });
});
