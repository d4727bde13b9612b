import { type ClinicHours, openingMinutesOn } from './clinic-hours.ts';
import {
  addDays,
  assertTimeZone,
  isoWeekdayOf,
  localDateOf,
  MINUTES_PER_DAY,
  parseInstant,
  parseTimeOfDay,
  resolveLocalTime,
  resolveLocalTimeLoose,
  toIsoInstant,
  wallClockIs,
} from './local-clock.ts';

/** A bookable interval: UTC ISO instants with milliseconds and `Z`, `start` < `end`. */
export interface TimeSlot {
  readonly start: string;
  readonly end: string;
}

/**
 * One entry of an appointment service's weekly availability (OpenMRS `weeklyAvailability`,
 * openmrs.md §6.6). `start`/`end` are wall-clock `HH:mm` (`HH:mm:ss` accepted, seconds rounded up).
 * `maxAppointments` caps the bookings overlapping this window on one date (OpenMRS itself never
 * enforces `maxAppointmentsLimit`, so we do).
 */
export interface ServiceAvailability {
  readonly weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  readonly start: string;
  readonly end: string;
  readonly maxAppointments?: number;
}

/** What the appointment service adds to the clinic's own configuration, each part optional. */
export interface ServiceRules {
  /** Slot length in minutes; when positive it replaces `slotMinutes`. */
  readonly durationMins?: number;
  /** When non-empty, slots must also lie inside that weekday's window (none that weekday: unavailable). */
  readonly weeklyAvailability?: readonly ServiceAvailability[];
  /** At most this many bookings starting on one local day. */
  readonly maxAppointmentsPerDay?: number;
}

export interface FreeSlotQuery {
  /** ISO instants with `Z` or an offset; slots must start in [from, to). */
  readonly from: string;
  readonly to: string;
  /** ISO instant; no slot starts before `now + minLeadMinutes`. */
  readonly now: string;
  readonly minLeadMinutes: number;
  /** IANA zone the clinic's wall-clock hours are in, e.g. `Africa/Nairobi`. */
  readonly timeZone: string;
  readonly hours: ClinicHours;
  /** Default slot length in minutes (a positive integer). */
  readonly slotMinutes: number;
  /** Patients one slot can hold (parallel clinicians). */
  readonly capacityPerSlot: number;
  readonly service?: ServiceRules;
  /** Existing non-cancelled appointments of this service (ISO instants). */
  readonly bookings: ReadonlyArray<{ readonly start: string; readonly end: string }>;
  /** Most slots to return. */
  readonly limit: number;
}

interface Window {
  readonly start: number;
  readonly end: number;
  readonly max: number | undefined;
}

const MINUTE_MS = 60_000;
const WHOLE_DAY: readonly Window[] = [{ start: 0, end: MINUTES_PER_DAY, max: undefined }];

/**
 * Free appointment slots, soonest first, at most `limit`, each `{ start, end }` as UTC ISO with ms.
 *
 * Slots lie on a wall-clock grid of the slot length starting at each opening window's start, where an
 * opening window is a clinic opening range of that local day (touching ranges are joined) intersected
 * with the service's window for that weekday when it has `weeklyAvailability`. A slot is free when
 * fewer than `capacityPerSlot` bookings overlap it, its service window has fewer than `maxAppointments`
 * overlapping bookings that date, and its local day has fewer than `maxAppointmentsPerDay` bookings.
 *
 * DST: the grid is in wall-clock time, so local 08:00 stays 08:00 across a change. A grid time that
 * does not exist that day is skipped; a wall time that happens twice is offered once; a slot whose
 * wall-clock span would cross a change (its end would not read start + length) is skipped.
 *
 * Pure: nothing is read from the clock. Throws a RangeError on an unknown zone, an instant without
 * `Z`/offset, or a slot length that is not a positive whole number of minutes up to a day.
 */
export function freeSlots(q: FreeSlotQuery): TimeSlot[] {
  assertTimeZone(q.timeZone);
  const zone = q.timeZone;
  const fromMs = parseInstant(q.from, 'from');
  const toMs = parseInstant(q.to, 'to');
  const earliest = Math.max(fromMs, parseInstant(q.now, 'now') + q.minLeadMinutes * MINUTE_MS);
  const length = slotLength(q);
  const bookings = q.bookings.map((b, i) => {
    const start = parseInstant(b.start, `bookings[${i}].start`);
    const end = parseInstant(b.end, `bookings[${i}].end`);
    // A booking stored back to front still occupies its span; counting it is the safe reading.
    return { start: Math.min(start, end), end: Math.max(start, end) };
  });
  if (q.limit <= 0 || earliest >= toMs) return [];

  const windowsByWeekday = serviceWindows(q.service?.weeklyAvailability);
  const perDayLimit = q.service?.maxAppointmentsPerDay;
  const bookingsPerDay = new Map<string, number>();
  if (perDayLimit !== undefined) {
    for (const b of bookings) {
      const day = localDateOf(b.start, zone);
      bookingsPerDay.set(day, (bookingsPerDay.get(day) ?? 0) + 1);
    }
  }
  const closed = new Set(q.hours.closedDates);
  const overlapping = (start: number, end: number): number =>
    bookings.reduce((n, b) => (b.start < end && b.end > start ? n + 1 : n), 0);

  const slots: Array<{ start: number; end: number }> = [];
  // The day before `from`'s local day too: cheap insurance for zones that repeat an hour at midnight.
  const lastDay = localDateOf(toMs - 1, zone);
  for (let day = addDays(localDateOf(earliest, zone), -1); day <= lastDay; day = addDays(day, 1)) {
    if (closed.has(day)) continue;
    if (perDayLimit !== undefined && (bookingsPerDay.get(day) ?? 0) >= perDayLimit) continue;
    const opening = openingMinutesOn(q.hours, day);
    if (opening.length === 0) continue;
    const windows = windowsByWeekday ? (windowsByWeekday.get(isoWeekdayOf(day)) ?? []) : WHOLE_DAY;

    const dayStarts = new Map<number, number>();
    for (const window of windows) {
      if (window.max !== undefined) {
        const windowStart = resolveLocalTimeLoose(day, window.start, zone);
        const windowEnd = resolveLocalTimeLoose(day, window.end, zone);
        if (overlapping(windowStart, windowEnd) >= window.max) continue;
      }
      for (const range of opening) {
        const end = Math.min(range.end, window.end);
        for (let minute = Math.max(range.start, window.start); minute + length <= end; minute += length) {
          const startMs = resolveLocalTime(day, minute, zone);
          if (startMs === undefined || startMs < earliest || startMs >= toMs) continue;
          const endMs = startMs + length * MINUTE_MS;
          if (!wallClockIs(endMs, day, minute + length, zone)) continue;
          if (overlapping(startMs, endMs) >= q.capacityPerSlot) continue;
          dayStarts.set(startMs, endMs);
        }
      }
    }
    for (const [start, end] of [...dayStarts].sort((a, b) => a[0] - b[0])) slots.push({ start, end });
    if (slots.length >= q.limit) break;
  }
  return slots
    .sort((a, b) => a.start - b.start)
    .slice(0, q.limit)
    .map((s) => ({ start: toIsoInstant(s.start), end: toIsoInstant(s.end) }));
}

function slotLength(q: FreeSlotQuery): number {
  const duration = q.service?.durationMins;
  const length = duration !== undefined && duration > 0 ? duration : q.slotMinutes;
  if (!Number.isInteger(length) || length <= 0 || length > MINUTES_PER_DAY) {
    throw new RangeError(`scheduling: slot length must be whole minutes in 1..1440, got ${length}`);
  }
  return length;
}

/** Windows per ISO weekday, or `undefined` when the service does not restrict days (as in OpenMRS). */
function serviceWindows(
  availability: readonly ServiceAvailability[] | undefined,
): Map<number, Window[]> | undefined {
  if (availability === undefined || availability.length === 0) return undefined;
  const byWeekday = new Map<number, Window[]>();
  for (const a of availability) {
    const start = serviceTime(a.start);
    const end = serviceTime(a.end);
    if (end <= start) continue; // an empty or inverted window offers nothing
    const list = byWeekday.get(a.weekday) ?? [];
    list.push({ start, end, max: a.maxAppointments });
    byWeekday.set(a.weekday, list);
  }
  return byWeekday;
}

/** `HH:mm` or OpenMRS `HH:mm:ss`; seconds round up so `23:59:59` ends the day and no window grows. */
function serviceTime(text: string): number {
  const match = /^(\d{1,2}:\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const minutes = match?.[1] === undefined ? undefined : parseTimeOfDay(match[1]);
  if (minutes === undefined)
    throw new RangeError(`scheduling: service time "${text}" is not HH:mm or HH:mm:ss`);
  return Math.min(MINUTES_PER_DAY, minutes + (Number(match?.[2] ?? 0) > 0 ? 1 : 0));
}
