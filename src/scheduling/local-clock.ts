import { DateTime, IANAZone } from 'luxon';

/**
 * Wall-clock helpers shared by the scheduling core. A local day is a calendar date `YYYY-MM-DD`; a time
 * of day is minutes since local midnight (0–1440, 1440 meaning the end of the day). Instants are epoch
 * milliseconds. All time-zone arithmetic goes through luxon so DST rules come from the IANA database.
 */

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant must say which one it is: `Z` or a numeric offset (a bare local time would be ambiguous). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

export const MINUTES_PER_DAY = 1440;
const MINUTE_MS = 60_000;

/**
 * Minutes since midnight for `H:mm` or `HH:mm` (00:00–24:00), or `undefined` when the text is not such a
 * time. `24:00` is returned as 1440; whether it is acceptable (only as an end) is the caller's call.
 */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

/** `HH:mm` for minutes since midnight (1440 → `24:00`). */
export function formatTimeOfDay(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** True when `text` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && DateTime.fromISO(text, { zone: 'utc' }).isValid;
}

/** Calendar arithmetic on `YYYY-MM-DD` (no time zone involved). */
export function addDays(date: string, days: number): string {
  return calendarDay(date).plus({ days }).toISODate() ?? date;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return calendarDay(date).weekday;
}

/** Throws a RangeError unless `zone` is an IANA zone luxon knows. */
export function assertTimeZone(zone: string): void {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`scheduling: unknown IANA time zone "${zone}"`);
}

/**
 * Epoch ms of an ISO-8601 instant that carries `Z` or an offset. Throws a RangeError naming `what`
 * otherwise: a bare local time would silently depend on the reader's zone (see openmrs.md §6.8).
 */
export function parseInstant(text: string, what: string): number {
  const ms = ISO_INSTANT.test(text) ? DateTime.fromISO(text, { setZone: true }).toMillis() : Number.NaN;
  if (!Number.isFinite(ms))
    throw new RangeError(`scheduling: ${what} must be an ISO instant with Z or an offset, got "${text}"`);
  return ms;
}

/** UTC ISO string with milliseconds and `Z`, the form OpenMRS query parameters need (openmrs.md §6.8). */
export function toIsoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The local calendar date of an instant in `zone`. */
export function localDateOf(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
}

/**
 * The instant at which the wall clock in `zone` shows `minuteOfDay` on `date`, or `undefined` when that
 * wall time does not exist there (skipped by a DST jump). For a wall time that happens twice (clocks
 * going back) it returns one of the two, always the same (luxon picks the later offset).
 */
export function resolveLocalTime(date: string, minuteOfDay: number, zone: string): number | undefined {
  const wall = wallMsOf(date, minuteOfDay);
  const ms = resolveWall(wall, zone);
  return ms + IANAZone.create(zone).offset(ms) * MINUTE_MS === wall ? ms : undefined;
}

/**
 * Like {@link resolveLocalTime}, but a nonexistent wall time is moved forward past the DST gap, which is
 * what a boundary ("the clinic opens at 01:30") means on such a day.
 */
export function resolveLocalTimeLoose(date: string, minuteOfDay: number, zone: string): number {
  return resolveWall(wallMsOf(date, minuteOfDay), zone);
}

/** True when the wall clock in `zone` at instant `ms` reads `minuteOfDay` (may be ≥ 1440) after `date`. */
export function wallClockIs(ms: number, date: string, minuteOfDay: number, zone: string): boolean {
  return ms + IANAZone.create(zone).offset(ms) * MINUTE_MS === wallMsOf(date, minuteOfDay);
}

function calendarDay(date: string): DateTime<true> {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!day.isValid) throw new RangeError(`scheduling: "${date}" is not a YYYY-MM-DD date`);
  return day;
}

/**
 * A wall-clock reading as if it were UTC epoch ms: plain calendar arithmetic, no zone rules, so
 * "minute 1440 of 31 March" is 1 April 00:00 and readings compare by subtraction.
 */
function wallMsOf(date: string, minuteOfDay: number): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`scheduling: "${date}" is not a YYYY-MM-DD date`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + minuteOfDay * MINUTE_MS;
}

/** Luxon's reading of a wall time in `zone`: gaps move forward, repeated times take the later offset. */
function resolveWall(wallMs: number, zone: string): number {
  const wall = new Date(wallMs);
  return DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    },
    { zone },
  ).toMillis();
}
