import type { Appointment } from '../../ehr/ehr-port.ts';
import { isLanguage, type Language } from '../../shared/language.ts';
import type { IdentityAppointments } from '../effects.ts';
import { formatLongDate, formatTime } from '../format-when.ts';
import { CHOICE, choices } from '../prompts.ts';
import type { StateName } from '../session.ts';
import type { Turn } from '../turn.ts';

/** What the reminder template's quick-reply buttons do, in button order (README: `Keep`, `Cancel`). */
export const REMINDER_ACTIONS = ['keep', 'cancel'] as const;
export type ReminderAction = (typeof REMINDER_ACTIONS)[number];

/** Read purposes of the reminder replies start with this (the action and id follow). */
const PURPOSE_PREFIX = 'reminder:';

/**
 * The quick-reply payload of a reminder button: `reminder:<action>:<appointmentId>:<language>`. The
 * language is the one the reminder was written in: the tap usually comes days later, in a new session
 * whose language would otherwise be guessed from the phone's country (a Kenyan number → Swahili) for a
 * patient who booked in English. Meta documents no payload limit; we cap ours at the 256 characters
 * of a reply-button id (render-message.ts), far above a backend id (a uuid, a FHIR id ≤ 64).
 */
export function reminderPayload(action: ReminderAction, appointmentId: string, language: Language): string {
  return `reminder:${action}:${appointmentId}:${language}`;
}

/**
 * Read a reminder button payload (the language is optional). The id is data from the phone: it is
 * only ever looked up among the appointments of the patients linked to this WhatsApp identity.
 */
export function parseReminderPayload(
  payload: string,
): { action: ReminderAction; appointmentId: string; language?: Language } | null {
  const match = /^reminder:([a-z]+):([A-Za-z0-9._-]{1,200})(?::([a-z]{2}))?$/.exec(payload);
  if (match === null) return null;
  const action = REMINDER_ACTIONS.find((a) => a === match[1]);
  if (action === undefined) return null;
  const language = match[3];
  if (language !== undefined && !isLanguage(language)) return null;
  return {
    action,
    appointmentId: match[2] as string,
    ...(language !== undefined ? { language } : {}),
  };
}

/** The language a reminder was sent in, when `payload` is a reminder button's. */
export function reminderLanguage(payload: string | null): Language | undefined {
  return payload === null ? undefined : parseReminderPayload(payload)?.language;
}

/**
 * A booking succeeded: ask for a reminder `reminderHoursBefore` hours before it starts. Nothing when
 * reminders are off (0) or that moment has passed: the confirmation the patient just read is the
 * reminder then.
 */
export function scheduleReminder(t: Turn, appointment: Appointment): void {
  const hours = t.options.reminderHoursBefore;
  if (hours <= 0) return;
  const due = Date.parse(appointment.start) - hours * 3600_000;
  if (!Number.isFinite(due) || due <= t.now) return;
  t.effects.push({
    type: 'schedule_reminder',
    appointmentId: appointment.id,
    patientId: appointment.patientId,
    start: appointment.start,
    dueAt: new Date(due).toISOString(),
    language: t.language,
  });
}

/**
 * The patient tapped a reminder button, perhaps days later in a new session (no patient chosen, no
 * consent asked in it). Consent: answering our own reminder about an appointment they booked is part
 * of that booking, so it is handled without the consent question; anything further (a new problem)
 * goes through the normal flow, consent first. Identification: the appointment must belong to one of
 * the patients linked to this WhatsApp identity (a family may share the phone), so the EHR is asked
 * for those patients' appointments and the id is looked up among them.
 */
export function handleReminderReply(t: Turn, payload: string): void {
  const parsed = parseReminderPayload(payload);
  if (parsed === null) {
    // An unknown or malformed reminder button (an older template version, a forged payload).
    t.sayKey('reminder.not_found');
    t.reask();
    return;
  }
  t.read(`${PURPOSE_PREFIX}${parsed.action}:${parsed.appointmentId}`, {
    kind: 'identity_appointments',
    from: new Date(t.now).toISOString(),
  });
}

/** Whether an EHR read purpose belongs to a reminder reply. */
export function isReminderPurpose(purpose: string): boolean {
  return purpose.startsWith(PURPOSE_PREFIX);
}

/** States in the middle of a flow, where a question is waiting: Cancel comes back to it afterwards. */
const MID_FLOW: ReadonlySet<StateName> = new Set([
  'AWAITING_CONSENT',
  'CHOOSING_LANGUAGE',
  'IDENTIFYING',
  'COLLECTING_SYMPTOMS',
  'TRIAGE_ASSESSMENT',
  'SCHEDULING_APPOINTMENT',
  'CONFIRMING_DETAILS',
]);

/** The identity's appointments arrived: keep (thank the patient) or cancel (confirm first). */
export function onReminderAppointments(t: Turn, purpose: string, found: IdentityAppointments): void {
  const parsed = parseReminderPayload(purpose);
  const s = t.s;
  const appointment =
    parsed === null
      ? undefined
      : found.appointments.find(
          (a) =>
            a.id === parsed.appointmentId &&
            a.status === 'booked' &&
            found.patients.some((p) => p.id === a.patientId),
        );
  if (parsed === null || appointment === undefined) {
    // Cancelled, moved, past, or not this identity's: say so, change nothing.
    t.sayKey('reminder.not_found');
    t.reask();
    return;
  }
  const zone = t.ctx.clinic.timeZone;
  const given = found.patients.find((p) => p.id === appointment.patientId)?.givenName ?? '';
  const params = {
    // First name only: on a shared phone it says whose appointment this is, and reveals no more than
    // the "who is it?" question does.
    name: given.split(' ')[0] ?? given,
    day: formatLongDate(appointment.start, t.language, zone),
    time: formatTime(appointment.start, zone),
  };
  if (parsed.action === 'keep') {
    t.sayKey('reminder.kept', params);
    t.reask();
    return;
  }
  if (MID_FLOW.has(s.state) && s.lastPrompt !== null) {
    s.returnTo = { state: s.state, step: s.step, prompt: s.lastPrompt };
  }
  s.appointments = [{ ...appointment }];
  s.cancelTarget = { ...appointment };
  t.ask(
    choices(
      'reminder.cancel_confirm',
      [
        { id: CHOICE.cancelYes, key: 'cancel.yes' },
        { id: CHOICE.cancelNo, key: 'cancel.no' },
      ],
      params,
    ),
    'COMPLETED',
    'cancel_confirm',
  );
}

/**
 * After a cancel started from a reminder in the middle of another flow: go back to the question that
 * was waiting. False when there is nothing to go back to.
 */
export function resumeAfterReminder(t: Turn): boolean {
  const back = t.s.returnTo;
  if (back === null || !MID_FLOW.has(back.state) || back.prompt === null) return false;
  t.s.returnTo = null;
  t.ask(back.prompt, back.state, back.step);
  return true;
}
