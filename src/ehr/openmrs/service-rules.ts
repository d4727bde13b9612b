import type { ServiceAvailability, ServiceRules } from '../../scheduling/free-slots.ts';
import type { ClinicService } from '../ehr-port.ts';
import type { AppointmentService } from './openmrs-schemas.ts';

const WEEKDAY: Readonly<Record<string, ServiceAvailability['weekday']>> = {
  MONDAY: 1,
  TUESDAY: 2,
  WEDNESDAY: 3,
  THURSDAY: 4,
  FRIDAY: 5,
  SATURDAY: 6,
  SUNDAY: 7,
};
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** `HH:mm` or `HH:mm:ss`; blank or anything else means "not set" (openmrs.md §6.6: unset is `""`). */
function serviceTime(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim() ?? '';
  return /^\d{1,2}:\d{2}(:\d{2})?$/.test(trimmed) ? trimmed : undefined;
}

const positive = (n: number | null | undefined): number | undefined =>
  n !== null && n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;

/**
 * What a service adds to the clinic's own hours, slot length and capacity, read the way the module's
 * conflict check reads it (openmrs.md §6.6):
 * - `weeklyAvailability`, when non-empty, restricts days and times (a weekday without an entry is
 *   unavailable), each entry's `maxAppointmentsLimit` capping bookings in that window;
 * - otherwise the service `startTime`/`endTime` restrict every day (a blank one means the day's edge);
 * - `durationMins` replaces the clinic's slot length;
 * - the service `maxAppointmentsLimit` caps bookings per local day (OpenMRS never enforces it; we do).
 * Service times are wall-clock times; the module reads them in the server JVM's zone, we in the
 * clinic's, so the two must agree (openmrs.md §6.8).
 */
export function serviceRulesOf(service: AppointmentService): ServiceRules {
  const weekly = (service.weeklyAvailability ?? []).flatMap((w): ServiceAvailability[] => {
    const weekday = WEEKDAY[w.dayOfWeek];
    const start = serviceTime(w.startTime);
    const end = serviceTime(w.endTime);
    if (weekday === undefined || start === undefined || end === undefined) return [];
    const max = positive(w.maxAppointmentsLimit);
    return [{ weekday, start, end, ...(max === undefined ? {} : { maxAppointments: max }) }];
  });
  const start = serviceTime(service.startTime);
  const end = serviceTime(service.endTime);
  const daily: ServiceAvailability[] =
    weekly.length === 0 && (start !== undefined || end !== undefined)
      ? ALL_DAYS.map((weekday) => ({ weekday, start: start ?? '00:00', end: end ?? '23:59:59' }))
      : [];
  const availability = weekly.length > 0 ? weekly : daily;
  const duration = positive(service.durationMins);
  const perDay = positive(service.maxAppointmentsLimit);
  return {
    ...(duration === undefined ? {} : { durationMins: duration }),
    ...(availability.length === 0 ? {} : { weeklyAvailability: availability }),
    ...(perDay === undefined ? {} : { maxAppointmentsPerDay: perDay }),
  };
}

/** Whether counting needs every booking of the local days involved, not only those near the slot. */
export function needsDayCounts(rules: ServiceRules): boolean {
  return (
    rules.maxAppointmentsPerDay !== undefined ||
    (rules.weeklyAvailability ?? []).some((w) => w.maxAppointments !== undefined)
  );
}

/** The port's view of a service. */
export function toClinicService(service: AppointmentService): ClinicService {
  const duration = positive(service.durationMins);
  return {
    id: service.uuid,
    name: service.name,
    ...(duration === undefined ? {} : { durationMins: duration }),
  };
}
