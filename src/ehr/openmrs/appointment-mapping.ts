import { createHash } from 'node:crypto';
import type { Appointment, AppointmentStatus, BookingRequest } from '../ehr-port.ts';
import type { RestAppointment } from './openmrs-schemas.ts';

/**
 * `patient_appointment.comments` is assumed to be a VARCHAR(255) column (the module's schema was not
 * verified in openmrs.md), so everything we write there, tag included, stays within 255 characters.
 */
export const MAX_APPOINTMENT_COMMENTS = 255;

/**
 * The short, non-reversible tag that carries an idempotency key into OpenMRS free text, e.g.
 * `[ref:3f2a9c41d0be]` (48 bits of SHA-256: collisions are also scoped to one patient and one start).
 */
export function refTag(idempotencyKey: string): string {
  return `[ref:${keyDigest(idempotencyKey)}]`;
}

/** 12 hex characters of SHA-256 of the key: used in tags and cache keys (keys never appear in clear). */
export function keyDigest(idempotencyKey: string): string {
  return createHash('sha256').update(`omrs-whatsapp:key:${idempotencyKey}`).digest('hex').slice(0, 12);
}

/**
 * Appointment comments: the triage summary, cut to fit, then the tag (which must survive whole: the
 * look-before-create search matches on it).
 */
export function bookingComments(comments: string, tag: string): string {
  const room = MAX_APPOINTMENT_COMMENTS - tag.length - 1;
  const text = comments.replace(/\s+/g, ' ').trim();
  const cut = text.length > room ? `${text.slice(0, Math.max(0, room - 1)).trimEnd()}…` : text;
  return cut === '' ? tag : `${cut} ${tag}`;
}

/**
 * The module's `AppointmentPriority` (openmrs.md §6.2) for our 1–5 urgency: only "immediate" is an
 * emergency; self-care is "as needed"; everything else routine (same-day urgency is in the comments).
 */
export function appointmentPriority(
  urgency: BookingRequest['urgency'],
): 'AsNeeded' | 'Routine' | 'Emergency' {
  if (urgency >= 5) return 'Emergency';
  if (urgency <= 1) return 'AsNeeded';
  return 'Routine';
}

/** Statuses (openmrs.md §6.2): Scheduled is booked, Cancelled is cancelled, the rest is "other". */
export function toAppointmentStatus(status: string): AppointmentStatus {
  if (status === 'Scheduled') return 'booked';
  if (status === 'Cancelled') return 'cancelled';
  return 'other';
}

/** Whether an appointment still holds its time: not cancelled, not voided. */
export function holdsTime(a: RestAppointment): boolean {
  return a.status !== 'Cancelled' && a.voided !== true;
}

/** End in epoch ms; an appointment saved without an end holds `fallbackMinutes`. */
export function appointmentEnd(a: RestAppointment, fallbackMinutes: number): number {
  const end = a.endDateTime;
  return end !== null && end !== undefined && end > a.startDateTime
    ? end
    : a.startDateTime + fallbackMinutes * 60_000;
}

/** The port's view of a module appointment (dates come as epoch ms, openmrs.md §6.3). */
export function toAppointment(
  a: RestAppointment,
  fallbackMinutes: number,
  serviceName?: string,
): Appointment {
  const name = a.service?.name ?? serviceName;
  return {
    id: a.uuid,
    patientId: a.patient.uuid,
    serviceId: a.service?.uuid ?? '',
    ...(name ? { serviceName: name } : {}),
    start: new Date(a.startDateTime).toISOString(),
    end: new Date(appointmentEnd(a, fallbackMinutes)).toISOString(),
    status: toAppointmentStatus(a.status),
  };
}
