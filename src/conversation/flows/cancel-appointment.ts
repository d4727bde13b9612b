import type { Appointment } from '../../ehr/ehr-port.ts';
import { matchChoice } from '../match-choice.ts';
import { parseYesNo } from '../parse-answer.ts';
import { CHOICE, choices } from '../prompts.ts';
import type { Turn } from '../turn.ts';
import { type Input, misunderstood } from './identify.ts';
import { resumeAfterReminder } from './reminders.ts';
import { describeAppointment } from './scheduling.ts';

/** "Cancel" once there is a patient record: find their upcoming appointments. */
export function startCancelAppointment(t: Turn): void {
  const patientId = t.s.patient?.id;
  if (patientId === undefined) {
    t.go('CANCELLED');
    t.s.lastPrompt = null;
    t.sayKey('cancel.flow');
    return;
  }
  t.go('COMPLETED', 'cancel_lookup');
  t.read('cancel_list', { kind: 'list_appointments', patientId, from: new Date(t.now).toISOString() });
}

export function onAppointments(t: Turn, appointments: readonly Appointment[]): void {
  const s = t.s;
  s.appointments = appointments.filter((a) => a.status === 'booked').slice(0, 9);
  if (s.appointments.length === 0) {
    t.go('COMPLETED', 'idle');
    t.s.lastPrompt = null;
    t.sayKey('cancel.none');
    return;
  }
  if (s.appointments.length === 1) {
    confirmCancel(t, s.appointments[0] as Appointment);
    return;
  }
  t.ask(
    choices(
      'cancel.which',
      s.appointments.map((a) => ({ id: `${CHOICE.apptPrefix}${a.id}`, label: describeAppointment(t, a) })),
    ),
    'COMPLETED',
    'cancel_choose',
  );
}

function confirmCancel(t: Turn, a: Appointment): void {
  t.s.cancelTarget = a;
  t.ask(
    choices(
      'cancel.confirm',
      [
        { id: CHOICE.cancelYes, key: 'cancel.yes' },
        { id: CHOICE.cancelNo, key: 'cancel.no' },
      ],
      { when: describeAppointment(t, a) },
    ),
    'COMPLETED',
    'cancel_confirm',
  );
}

/** Replies in the cancel flow (which appointment, then yes/no). */
export function handleCancelReply(t: Turn, input: Input): boolean {
  const s = t.s;
  if (s.step === 'cancel_choose') {
    const id =
      input.choiceId ??
      matchChoice(
        input.text,
        s.appointments.map((a) => ({
          id: `${CHOICE.apptPrefix}${a.id}`,
          labels: [describeAppointment(t, a)],
        })),
      );
    const a = s.appointments.find((x) => `${CHOICE.apptPrefix}${x.id}` === id);
    if (a === undefined) misunderstood(t);
    else confirmCancel(t, a);
    return true;
  }
  if (s.step === 'cancel_confirm') {
    const yn =
      input.choiceId === CHOICE.cancelYes
        ? 'yes'
        : input.choiceId === CHOICE.cancelNo
          ? 'no'
          : parseYesNo(input.text);
    if (yn === 'yes' && s.cancelTarget !== null) {
      t.write({ kind: 'cancel_appointment', appointmentId: s.cancelTarget.id }, t.nextId('cancel'));
      t.go('COMPLETED', 'cancelling');
      t.s.lastPrompt = null;
      return true;
    }
    if (yn === 'no') {
      s.cancelTarget = null;
      t.go('COMPLETED', 'idle');
      t.s.lastPrompt = null;
      t.sayKey('cancel.kept');
      resumeAfterReminder(t);
      return true;
    }
    misunderstood(t);
    return true;
  }
  return false;
}

/** The cancellation write finished. */
export function onCancelled(t: Turn, ok: boolean): void {
  const s = t.s;
  if (ok) {
    if (s.booking?.appointment?.id === s.cancelTarget?.id) s.booking = null;
    s.cancelTarget = null;
    t.go('CANCELLED');
    t.s.lastPrompt = null;
    t.sayKey('cancel.done');
    resumeAfterReminder(t);
    return;
  }
  t.go('COMPLETED', 'idle');
  t.alert('CANCEL_FAILED');
  t.sayKey(t.ctx.clinic.phone === undefined ? 'cancel.failed' : 'cancel.failed_phone', {
    phone: t.ctx.clinic.phone ?? '',
  });
  resumeAfterReminder(t);
}
