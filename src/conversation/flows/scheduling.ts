import type { Appointment, ClinicService, Slot } from '../../ehr/ehr-port.ts';
import { bookingWindow } from '../../scheduling/booking-window.ts';
import { offerSlots, replaceTakenSlot, slotId } from '../../scheduling/offer-slots.ts';
import { formatDay, formatLongDate, formatTime } from '../format-when.ts';
import { type ChoiceOption, matchChoice } from '../match-choice.ts';
import { parseYesNo } from '../parse-answer.ts';
import { ageInYears } from '../parse-birth-date.ts';
import { CHOICE, choices } from '../prompts.ts';
import type { Turn } from '../turn.ts';
import { type Input, misunderstood } from './identify.ts';
import { recordTriage } from './record-triage.ts';
import { scheduleReminder } from './reminders.ts';

/** How many free slots to ask the EHR for before choosing at most 10 to offer. */
const SLOT_SEARCH_LIMIT = 80;

/** Choose the service for this complaint: maternal/child care for pregnancy and children, else general. */
export function pickService(
  services: readonly ClinicService[],
  complaintGroup: string,
  ageYears: number | undefined,
): ClinicService | undefined {
  const byName = (re: RegExp) => services.find((s) => re.test(s.name));
  const maternal = /matern|antenatal|\bmch\b|child|pa?ediatr|obstet|pregnan/i;
  if (/pregnan|child|infant|baby/i.test(complaintGroup) || (ageYears !== undefined && ageYears < 5)) {
    const m = byName(maternal);
    if (m !== undefined) return m;
  }
  return (
    byName(/general|consult|outpatient|\bopd\b|medicine|clinic/i) ??
    services.find((s) => !/follow|rehab|review|revisit/i.test(s.name)) ??
    services[0]
  );
}

/** Start (or restart) the search for slots: services first (once), then free slots in the window. */
export function startScheduling(t: Turn): void {
  const s = t.s;
  // Never book in an episode with a red flag or an emergency result: belt and braces over the flows.
  if (s.redFlags.length > 0 || s.triage?.disposition === 'emergency') {
    t.go('EMERGENCY', 'advised');
    return;
  }
  if (s.services === null) {
    t.go('SCHEDULING_APPOINTMENT', 'services');
    t.read('services', { kind: 'list_services' });
    return;
  }
  searchSlots(t);
}

export function onServices(t: Turn, services: readonly ClinicService[]): void {
  t.s.services = services.map((s) => ({
    id: s.id,
    name: s.name,
    ...(s.durationMins !== undefined ? { durationMins: s.durationMins } : {}),
  }));
  searchSlots(t);
}

function searchSlots(t: Turn, purpose: 'slots' | 'slots_after_taken' = 'slots'): void {
  const s = t.s;
  const age =
    s.patient?.birthDate === undefined
      ? undefined
      : ageInYears(s.patient.birthDate, t.now, t.ctx.clinic.timeZone);
  const service =
    s.serviceId === null
      ? pickService(s.services ?? [], s.triage?.complaintGroup ?? '', age)
      : s.services?.find((x) => x.id === s.serviceId);
  if (service === undefined) return noSlots(t);
  s.serviceId = service.id;
  const disposition =
    s.triage?.disposition === 'urgent'
      ? 'urgent'
      : s.triage?.disposition === 'self_care'
        ? 'self_care'
        : 'routine';
  const window = bookingWindow({
    disposition,
    now: new Date(t.now + t.options.minLeadMinutes * 60_000).toISOString(),
    timeZone: t.ctx.clinic.timeZone,
    hours: t.options.hours,
    routineDays: t.options.routineDays,
  });
  if (window.from === window.to) return noSlots(t);
  t.go('SCHEDULING_APPOINTMENT', purpose);
  t.read(purpose, {
    kind: 'find_slots',
    serviceId: service.id,
    from: window.from,
    to: window.to,
    limit: SLOT_SEARCH_LIMIT,
  });
}

/** Free slots arrived: offer at most 10, spread over the first days. */
export function onSlots(t: Turn, slots: readonly Slot[], purpose: string): void {
  const s = t.s;
  const zone = t.ctx.clinic.timeZone;
  const earliest = t.now + t.options.minLeadMinutes * 60_000;
  const usable = slots.filter((x) => Date.parse(x.start) >= earliest);
  if (purpose === 'slots_after_taken' && s.offer !== null && s.chosen !== null) {
    const { offer } = replaceTakenSlot(s.offer, s.chosen.start, usable, { timeZone: zone });
    s.offer = offer.map((d) => ({ day: d.day, slots: d.slots.map((x) => ({ start: x.start, end: x.end })) }));
  } else {
    s.offer = offerSlots(usable, { timeZone: zone, max: 10 }).map((d) => ({
      day: d.day,
      slots: d.slots.map((x) => ({ start: x.start, end: x.end })),
    }));
  }
  s.slotRefs = {};
  for (const slot of usable) s.slotRefs[slotId(slot)] = { ...slot };
  s.chosen = null;
  if (s.offer.every((d) => d.slots.length === 0)) return noSlots(t);
  askSlot(t, purpose === 'slots_after_taken' ? 'slots.taken_choose' : 'slots.choose');
}

function offeredSlots(t: Turn): Array<{ id: string; label: string; slot: { start: string; end: string } }> {
  const zone = t.ctx.clinic.timeZone;
  return (t.s.offer ?? []).flatMap((d) =>
    d.slots.map((slot) => ({
      id: slotId(slot),
      label: `${formatDay(slot.start, t.language, zone)} ${formatTime(slot.start, zone)}`,
      slot,
    })),
  );
}

function askSlot(t: Turn, key: string): void {
  const s = t.s;
  const service = s.services?.find((x) => x.id === s.serviceId);
  t.ask(
    choices(
      key,
      offeredSlots(t).map((o) => ({ id: `${CHOICE.slotPrefix}${o.id}`, label: o.label })),
      { name: s.patient?.givenName.split(' ')[0] ?? '', service: service?.name ?? '' },
      'btn.times',
    ),
    'SCHEDULING_APPOINTMENT',
    'choose',
  );
}

function noSlots(t: Turn): void {
  t.go('COMPLETED', 'no_slots');
  t.s.lastPrompt = null;
  t.alert('NO_FREE_SLOTS');
  recordTriage(t);
  t.sayKey('slots.none', { number: t.ctx.clinic.emergencyNumber });
}

/** The patient picked a time (button, list row, number, or the time typed out). */
export function handleSlotChoice(t: Turn, input: Input): void {
  const offered = offeredSlots(t);
  const id = input.choiceId?.startsWith(CHOICE.slotPrefix)
    ? input.choiceId.slice(CHOICE.slotPrefix.length)
    : matchChoice(
        input.text,
        offered.map((o) => ({
          id: o.id,
          labels: [o.label, formatTime(o.slot.start, t.ctx.clinic.timeZone)],
        })),
      );
  const picked = offered.find((o) => o.id === id);
  if (picked === undefined) return misunderstood(t);
  const ref = t.s.slotRefs[picked.id];
  t.s.chosen = ref ?? { serviceId: t.s.serviceId ?? '', start: picked.slot.start, end: picked.slot.end };
  askConfirm(t);
}

function askConfirm(t: Turn): void {
  const s = t.s;
  const zone = t.ctx.clinic.timeZone;
  const chosen = s.chosen;
  if (chosen === null) return;
  const service = s.services?.find((x) => x.id === s.serviceId);
  t.ask(
    choices(
      'confirm.ask',
      [
        { id: CHOICE.book, key: 'confirm.book' },
        { id: CHOICE.otherTime, key: 'confirm.other_time' },
        { id: CHOICE.bookCancel, key: 'confirm.cancel' },
      ],
      {
        name: [s.patient?.givenName, s.patient?.familyName].filter(Boolean).join(' '),
        service: service?.name ?? '',
        day: formatLongDate(chosen.start, t.language, zone),
        time: formatTime(chosen.start, zone),
      },
    ),
    'CONFIRMING_DETAILS',
    'confirm',
  );
}

/** What a patient may type at "Book this appointment?" besides the buttons (typos are tolerated). */
export const CONFIRM_CHOICES: readonly ChoiceOption[] = [
  {
    id: CHOICE.book,
    labels: [
      'book',
      'book it',
      'confirm',
      'reserver',
      'confirmer',
      'reservar',
      'confirmar',
      'agendar',
      'marcar',
      'thibitisha',
      'weka',
    ],
  },
  {
    id: CHOICE.otherTime,
    labels: [
      'another time',
      'other time',
      'different time',
      'autre heure',
      'un autre moment',
      'otra hora',
      'otro horario',
      'outro horario',
      'outra hora',
      'muda mwingine',
      'saa nyingine',
    ],
  },
  { id: CHOICE.bookCancel, labels: ['cancel', 'annuler', 'cancelar', 'ghairi'] },
];

/** Yes → book (a durable write); another time → the list again; cancel → stop. */
export function handleConfirm(t: Turn, input: Input, cancelFlow: () => void): void {
  const s = t.s;
  if (s.step === 'booking' || s.step === 'waiting_patient') {
    t.sayKey(s.booking?.status === 'delayed' ? 'booking.delayed' : 'booking.in_progress');
    return;
  }
  const yn = input.choiceId === null ? parseYesNo(input.text) : null;
  const id =
    input.choiceId ??
    (yn === 'yes' ? CHOICE.book : yn === 'no' ? CHOICE.otherTime : matchChoice(input.text, CONFIRM_CHOICES));
  if (id === CHOICE.book) return book(t);
  if (id === CHOICE.otherTime) return askSlot(t, 'slots.choose');
  if (id === CHOICE.bookCancel) return cancelFlow();
  return misunderstood(t);
}

/** Book the chosen slot, or wait for the patient record when its registration is still running. */
export function book(t: Turn): void {
  const s = t.s;
  const chosen = s.chosen;
  if (chosen === null || s.triage === null || s.redFlags.length > 0) return;
  if (s.patient?.id === undefined) {
    if (s.patient?.registration === 'failed') return;
    s.bookWhenRegistered = true;
    t.go('CONFIRMING_DETAILS', 'waiting_patient');
    t.sayKey('booking.in_progress');
    return;
  }
  const key = `book-${t.ctx.conversationRef}-${s.createdAt}-${s.episode}-${chosen.start}`;
  const requestId = t.write({
    kind: 'book',
    idempotencyKey: key,
    booking: {
      idempotencyKey: key,
      patientId: s.patient.id,
      slot: chosen,
      comments: bookingComment(s.triage, s.complaint),
      urgency: s.triage.urgency,
    },
  });
  s.booking = { requestId, idempotencyKey: key, status: 'pending' };
  t.go('CONFIRMING_DETAILS', 'booking');
  t.sayKey('booking.in_progress');
}

function bookingComment(triage: NonNullable<Turn['s']['triage']>, complaint: string | null): string {
  const words = (complaint ?? '').replace(/\s+/g, ' ').slice(0, 160);
  return `WhatsApp triage: ${triage.disposition} (urgency ${triage.urgency}/5). Complaint: "${words}". ${triage.reasons[0] ?? ''}`
    .trim()
    .slice(0, 500);
}

/** The booking write finished. */
export function onBooked(
  t: Turn,
  outcome: { ok: true; appointment: Appointment } | { ok: false; code: string },
): void {
  const s = t.s;
  if (s.booking === null) return;
  if (s.state === 'EMERGENCY') {
    // The patient was sent to emergency care meanwhile: keep the record, do not distract them now.
    s.booking = {
      ...s.booking,
      status: outcome.ok ? 'done' : 'failed',
      ...(outcome.ok ? { appointment: outcome.appointment } : {}),
    };
    // The appointment exists all the same; the reminder checks it is still booked before it goes.
    if (outcome.ok) scheduleReminder(t, outcome.appointment);
    return;
  }
  if (outcome.ok) {
    s.booking = { ...s.booking, status: 'done', appointment: outcome.appointment };
    const zone = t.ctx.clinic.timeZone;
    const service = s.services?.find((x) => x.id === outcome.appointment.serviceId);
    t.go('COMPLETED', 'booked');
    t.s.lastPrompt = null;
    t.sayKey('booking.confirmed', {
      name: [s.patient?.givenName, s.patient?.familyName].filter(Boolean).join(' '),
      service: outcome.appointment.serviceName ?? service?.name ?? '',
      day: formatLongDate(outcome.appointment.start, t.language, zone),
      time: formatTime(outcome.appointment.start, zone),
      clinic: t.ctx.clinic.name,
    });
    recordTriage(t, outcome.appointment.id);
    scheduleReminder(t, outcome.appointment);
    return;
  }
  if (outcome.code === 'EHR_SLOT_TAKEN') {
    s.booking = null;
    t.sayKey('booking.slot_taken');
    searchSlots(t, 'slots_after_taken');
    return;
  }
  s.booking = { ...s.booking, status: 'failed' };
  t.go('COMPLETED', 'booking_failed');
  t.s.lastPrompt = null;
  t.alert('BOOKING_FAILED');
  recordTriage(t);
  t.sayKey(t.ctx.clinic.phone === undefined ? 'booking.failed' : 'booking.failed_phone', {
    phone: t.ctx.clinic.phone ?? '',
  });
}

/** The booking write is being retried: say so once. */
export function onBookingDelayed(t: Turn): void {
  const s = t.s;
  if (s.booking === null || s.booking.status !== 'pending' || s.state === 'EMERGENCY') return;
  s.booking = { ...s.booking, status: 'delayed' };
  t.sayKey('booking.delayed');
}

/** For the cancel flow: an appointment as the patient should read it. */
export function describeAppointment(t: Turn, a: Appointment): string {
  const zone = t.ctx.clinic.timeZone;
  return `${formatDay(a.start, t.language, zone)} ${formatTime(a.start, zone)}`;
}
