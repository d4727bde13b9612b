import { type ClinicHours, openingMinutesOn } from './clinic-hours.ts';
import {
  addDays,
  assertTimeZone,
  localDateOf,
  parseInstant,
  resolveLocalTimeLoose,
  toIsoInstant,
} from './local-clock.ts';

/**
 * Dispositions that may be booked. `emergency` is left out on purpose: emergencies are sent to
 * emergency care and never reach the booking flow, so asking for their window does not type-check.
 */
export type BookableDisposition = 'urgent' | 'routine' | 'self_care';

/** Where to look for slots: UTC ISO instants with ms, slots start in [from, to). `from === to` is empty. */
export interface BookingWindow {
  readonly from: string;
  readonly to: string;
}

export interface BookingWindowInput {
  readonly disposition: BookableDisposition;
  /** ISO instant with `Z` or an offset. */
  readonly now: string;
  readonly timeZone: string;
  readonly hours: ClinicHours;
  /** Working days a routine or self-care booking may be spread over. Default 7. */
  readonly routineDays?: number;
  /**
   * Today counts for an urgent booking only when the clinic stays open at least this many minutes after
   * `now` (summed over today's remaining ranges). Default 60; pass at least lead time + slot length.
   */
  readonly urgentMinOpenMinutes?: number;
}

export const DEFAULT_ROUTINE_DAYS = 7;
export const DEFAULT_URGENT_MIN_OPEN_MINUTES = 60;
/** A year without a single working day means the hours are wrong; stop looking rather than loop. */
const SEARCH_DAYS = 366;
const MINUTE_MS = 60_000;

/**
 * The booking window for a triage disposition, from the clinic's hours and closed dates alone (a working
 * day is a local date that is not closed and has opening ranges).
 *
 * - `urgent`: same or next working day. When today is a working day still open `urgentMinOpenMinutes`
 *   after `now`, the window runs from `now` to the close of the next working day, so today's slots come
 *   first and the next working day is there when today is full; otherwise it is the next working day,
 *   opening to close.
 * - `routine` and `self_care`: from the opening of the next working day (today excluded) to the close of
 *   the `routineDays`-th working day counted from it.
 *
 * With no working day within a year the window is empty (`from === to === now`), so a slot search finds
 * nothing. Throws a RangeError on an unknown zone, an instant without `Z`/offset, or `routineDays` < 1.
 */
export function bookingWindow(input: BookingWindowInput): BookingWindow {
  assertTimeZone(input.timeZone);
  const zone = input.timeZone;
  const nowMs = parseInstant(input.now, 'now');
  const routineDays = input.routineDays ?? DEFAULT_ROUTINE_DAYS;
  if (!Number.isInteger(routineDays) || routineDays < 1) {
    throw new RangeError(`scheduling: routineDays must be a whole number ≥ 1, got ${routineDays}`);
  }
  const empty = { from: toIsoInstant(nowMs), to: toIsoInstant(nowMs) };
  const today = localDateOf(nowMs, zone);
  const days = (howMany: number) => workingDaysAfter(input.hours, today, howMany);

  if (input.disposition === 'urgent') {
    const minOpen = input.urgentMinOpenMinutes ?? DEFAULT_URGENT_MIN_OPEN_MINUTES;
    const [next] = days(1);
    if (openMinutesLeft(input.hours, today, nowMs, zone) >= minOpen) {
      const close =
        next === undefined
          ? dayBounds(input.hours, today, zone).close
          : dayBounds(input.hours, next, zone).close;
      return { from: toIsoInstant(nowMs), to: toIsoInstant(close) };
    }
    if (next === undefined) return empty;
    const bounds = dayBounds(input.hours, next, zone);
    return { from: toIsoInstant(bounds.open), to: toIsoInstant(bounds.close) };
  }

  const working = days(routineDays);
  const first = working[0];
  const last = working.at(-1);
  if (first === undefined || last === undefined) return empty;
  return {
    from: toIsoInstant(dayBounds(input.hours, first, zone).open),
    to: toIsoInstant(dayBounds(input.hours, last, zone).close),
  };
}

/** Up to `count` working days after `date`, giving up after a year with none. */
function workingDaysAfter(hours: ClinicHours, date: string, count: number): string[] {
  const found: string[] = [];
  let idle = 0;
  for (let day = addDays(date, 1); found.length < count && idle < SEARCH_DAYS; day = addDays(day, 1)) {
    if (openingMinutesOn(hours, day).length > 0) {
      found.push(day);
      idle = 0;
    } else idle++;
  }
  return found;
}

/** Opening of the first range and close of the last range of a working day (has ranges), as instants. */
function dayBounds(hours: ClinicHours, date: string, zone: string): { open: number; close: number } {
  const minutes = openingMinutesOn(hours, date);
  const open = Math.min(...minutes.map((r) => r.start));
  const close = Math.max(...minutes.map((r) => r.end));
  return { open: resolveLocalTimeLoose(date, open, zone), close: resolveLocalTimeLoose(date, close, zone) };
}

/** Minutes the clinic is still open on `date` after `nowMs` (0 on a closed day). */
function openMinutesLeft(hours: ClinicHours, date: string, nowMs: number, zone: string): number {
  let total = 0;
  for (const range of openingMinutesOn(hours, date)) {
    const from = Math.max(nowMs, resolveLocalTimeLoose(date, range.start, zone));
    const to = resolveLocalTimeLoose(date, range.end, zone);
    if (to > from) total += (to - from) / MINUTE_MS;
  }
  return total;
}
