import { DateTime } from 'luxon';
import type { ClinicHours } from '../../scheduling/clinic-hours.ts';
import type { FreeSlotQuery, ServiceRules } from '../../scheduling/free-slots.ts';
import { appointmentEnd, holdsTime } from './appointment-mapping.ts';
import type { RestAppointment } from './openmrs-schemas.ts';
import { needsDayCounts } from './service-rules.ts';

/** The clinic's own scheduling configuration (OpenMRS has no availability API, openmrs.md §1.2). */
export interface ClinicSlotConfig {
  readonly timeZone: string;
  readonly hours: ClinicHours;
  readonly slotMinutes: number;
  readonly capacityPerSlot: number;
}

/**
 * The instants whose appointments decide whether slots starting in [fromMs, toMs) are free, as the
 * `startDate`/`endDate` of `POST /appointments/search` (which filters on the appointment's start):
 * - with a per-day or per-window limit, the whole local days involved (every booking that day counts);
 * - otherwise from one slot length (at least an hour, for longer front-desk bookings) before `fromMs`
 *   to one slot length after `toMs` (the last slot may end after `toMs`).
 */
export function countingRange(
  rules: ServiceRules,
  lengthMinutes: number,
  fromMs: number,
  toMs: number,
  timeZone: string,
): { from: number; to: number } {
  if (needsDayCounts(rules)) {
    return {
      from: DateTime.fromMillis(fromMs, { zone: timeZone }).startOf('day').toMillis(),
      to: DateTime.fromMillis(toMs, { zone: timeZone }).endOf('day').toMillis(),
    };
  }
  const lookback = Math.max(lengthMinutes, 60) * 60_000;
  return { from: fromMs - lookback, to: toMs + lengthMinutes * 60_000 };
}

/**
 * The {@link FreeSlotQuery} for one service: our hours, zone, slot length and capacity, the service's
 * rules, and its appointments that still hold their time (other services' and cancelled ones do not
 * count; one without an end holds a slot length).
 */
export function buildSlotQuery(
  clinic: ClinicSlotConfig,
  serviceUuid: string,
  rules: ServiceRules,
  appointments: readonly RestAppointment[],
  q: Pick<FreeSlotQuery, 'from' | 'to' | 'now' | 'minLeadMinutes' | 'limit'>,
): FreeSlotQuery {
  const length = rules.durationMins ?? clinic.slotMinutes;
  return {
    ...q,
    timeZone: clinic.timeZone,
    hours: clinic.hours,
    slotMinutes: clinic.slotMinutes,
    capacityPerSlot: clinic.capacityPerSlot,
    service: rules,
    bookings: appointments
      .filter((a) => a.service?.uuid === serviceUuid && holdsTime(a))
      .map((a) => ({
        start: new Date(a.startDateTime).toISOString(),
        end: new Date(appointmentEnd(a, length)).toISOString(),
      })),
  };
}
