import { addDays, formatTimeOfDay, isIsoDate, isoWeekdayOf, parseTimeOfDay } from './local-clock.ts';

/** Weekday keys in ISO order (index 0 = Monday = ISO weekday 1). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening range of a local day, `HH:mm` wall-clock times, `start` < `end`; `end` may be `24:00`. */
export interface OpeningRange {
  readonly start: string;
  readonly end: string;
}

/** Opening ranges for each weekday, sorted and non-overlapping; an empty list means closed that day. */
export type WeeklyHours = { readonly [D in Weekday]: readonly OpeningRange[] };

/**
 * The clinic's opening hours: the weekly pattern plus whole local days it is closed (`YYYY-MM-DD`,
 * holidays), sorted and unique. OpenMRS has no availability API (openmrs.md §6.6), so this is ours.
 */
export interface ClinicHours {
  readonly weekly: WeeklyHours;
  readonly closedDates: readonly string[];
}

/** A parsed value, or every problem found, each a sentence a clinic's IT person can act on. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly string[] };

/** A holiday range `a..b` longer than this is almost certainly a typo in a year. */
const MAX_CLOSED_RANGE_DAYS = 366;

const DAY_NAMES: Readonly<Record<string, Weekday>> = {
  mon: 'mon',
  monday: 'mon',
  tue: 'tue',
  tues: 'tue',
  tuesday: 'tue',
  wed: 'wed',
  wednesday: 'wed',
  thu: 'thu',
  thur: 'thu',
  thurs: 'thu',
  thursday: 'thu',
  fri: 'fri',
  friday: 'fri',
  sat: 'sat',
  saturday: 'sat',
  sun: 'sun',
  sunday: 'sun',
};

const EXAMPLE = '"mon-fri 08:00-12:00,13:00-17:00; sat 08:00-12:00"';

/**
 * Parses the compact weekly-hours string, e.g. `mon-fri 08:00-12:00,13:00-17:00; sat 08:00-12:00`.
 *
 * Grammar: entries separated by `;` or new lines; each entry is `<days> <ranges>` or `<days> closed`.
 * Days: `mon`…`sun` (or full English names, any case), comma lists and ranges (`mon-wed,fri`; a range
 * may wrap, `fri-mon`). Ranges: comma-separated `HH:mm-HH:mm` (`H:mm` accepted; `24:00` only as an end).
 * A day named in several entries gets all their ranges. Days never named are closed. Overnight hours
 * must be split at midnight (`mon 22:00-24:00; tue 00:00-06:00`).
 *
 * Rejects, listing every problem: unknown days, malformed times, inverted or empty ranges, overlapping
 * ranges on a day, a day both closed and open, and a week with no opening hours at all.
 */
export function parseWeeklyHours(text: string): ParseResult<WeeklyHours> {
  const problems: string[] = [];
  const ranges = new Map<Weekday, Array<{ start: number; end: number }>>(WEEKDAYS.map((d) => [d, []]));
  const closed = new Set<Weekday>();

  const entries = text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const firstDigit = entry.search(/\d/);
    const closedMatch = /^(.*?)\s+closed$/i.exec(entry);
    const daysText =
      (closedMatch ? closedMatch[1] : firstDigit < 0 ? entry : entry.slice(0, firstDigit)) ?? '';
    const days = parseDays(daysText.trim().replace(/:$/, ''), entry, problems);
    if (closedMatch) {
      for (const day of days) closed.add(day);
      continue;
    }
    if (firstDigit < 0) {
      problems.push(
        `"${entry}": no hours given (write e.g. "${daysText.trim() || 'sat'} 08:00-12:00" or "… closed")`,
      );
      continue;
    }
    for (const rangeText of entry.slice(firstDigit).split(',')) {
      const range = parseRange(rangeText.trim(), entry, problems);
      if (range) for (const day of days) ranges.get(day)?.push(range);
    }
  }

  for (const day of WEEKDAYS) {
    const list = ranges.get(day) ?? [];
    if (closed.has(day) && list.length > 0)
      problems.push(`${day} is listed both as closed and with opening hours`);
    problems.push(...overlapProblems(day, list));
  }
  if (problems.length === 0 && WEEKDAYS.every((d) => (ranges.get(d) ?? []).length === 0)) {
    problems.push(`no opening hours: write at least one day, e.g. ${EXAMPLE}`);
  }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] };

  const weekly = Object.fromEntries(
    WEEKDAYS.map((d) => [
      d,
      [...(ranges.get(d) ?? [])]
        .sort((a, b) => a.start - b.start)
        .map((r) => ({ start: formatTimeOfDay(r.start), end: formatTimeOfDay(r.end) })),
    ]),
  ) as unknown as WeeklyHours;
  return { ok: true, value: weekly };
}

/**
 * Parses closed dates (holidays): `YYYY-MM-DD` items separated by commas, semicolons or white space, and
 * inclusive ranges `YYYY-MM-DD..YYYY-MM-DD` (at most 366 days). Empty text means no closed dates.
 * Returns the dates sorted and unique, or every malformed item.
 */
export function parseClosedDates(text: string): ParseResult<readonly string[]> {
  const problems: string[] = [];
  const dates = new Set<string>();
  for (const item of text.split(/[\s,;]+/).filter((i) => i !== '')) {
    const [first, last, ...extra] = item.split('..');
    if (
      first === undefined ||
      !isIsoDate(first) ||
      extra.length > 0 ||
      (last !== undefined && !isIsoDate(last))
    ) {
      problems.push(`"${item}" is not a date like 2026-12-25 or a range like 2026-12-24..2026-12-31`);
      continue;
    }
    const end = last ?? first;
    if (end < first) {
      problems.push(`"${item}": the range ends before it starts`);
      continue;
    }
    let day = first;
    let count = 0;
    for (; day <= end && count < MAX_CLOSED_RANGE_DAYS; day = addDays(day, 1), count++) dates.add(day);
    if (day <= end) problems.push(`"${item}": a closed range may span at most ${MAX_CLOSED_RANGE_DAYS} days`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: [...dates].sort() };
}

/**
 * The canonical string for `weekly` in the {@link parseWeeklyHours} format: days with the same ranges
 * share an entry, consecutive days are written as a range (`mon-fri`), closed days are left out.
 * `parseWeeklyHours(formatWeeklyHours(w))` gives `w` back for any valid `w`.
 */
export function formatWeeklyHours(weekly: WeeklyHours): string {
  const groups = new Map<string, number[]>();
  WEEKDAYS.forEach((day, index) => {
    const list = weekly[day];
    if (list.length === 0) return;
    const key = list.map((r) => `${r.start}-${r.end}`).join(',');
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  return [...groups].map(([key, indexes]) => `${formatDayList(indexes)} ${key}`).join('; ');
}

/** Closed dates in the {@link parseClosedDates} format (comma-separated, one item per date). */
export function formatClosedDates(dates: readonly string[]): string {
  return [...new Set(dates)].sort().join(',');
}

/**
 * Problems with a `ClinicHours` value built in code rather than parsed (same rules as the parsers:
 * `HH:mm` times, ranges not inverted, not overlapping, at least one open day, valid closed dates).
 * An empty list means valid.
 */
export function validateClinicHours(hours: ClinicHours): readonly string[] {
  const problems: string[] = [];
  for (const day of WEEKDAYS) {
    const list: Array<{ start: number; end: number }> = [];
    for (const r of hours.weekly[day]) {
      const range = parseRange(`${r.start}-${r.end}`, day, problems);
      if (range) list.push(range);
    }
    problems.push(...overlapProblems(day, list));
  }
  if (WEEKDAYS.every((d) => hours.weekly[d].length === 0)) problems.push('no opening hours on any weekday');
  for (const date of hours.closedDates) {
    if (!isIsoDate(date)) problems.push(`closed date "${date}" is not a YYYY-MM-DD date`);
  }
  return [...new Set(problems)];
}

/**
 * Opening ranges of one local calendar day `date` (`YYYY-MM-DD`): none on a closed date, else that
 * weekday's ranges. Times are wall-clock in the clinic's zone; the caller resolves them to instants.
 */
export function openingRangesOn(hours: ClinicHours, date: string): readonly OpeningRange[] {
  if (hours.closedDates.includes(date)) return [];
  return hours.weekly[weekdayKey(isoWeekdayOf(date))];
}

/**
 * Opening ranges of `date` as minutes since local midnight (0–1440), sorted, with touching or
 * overlapping ranges joined (open 08:00-12:00 and 12:00-17:00 means open through noon). Ranges that
 * are not valid `HH:mm` pairs are dropped; {@link validateClinicHours} reports them.
 */
export function openingMinutesOn(hours: ClinicHours, date: string): Array<{ start: number; end: number }> {
  const joined: Array<{ start: number; end: number }> = [];
  const ranges = openingRangesOn(hours, date).flatMap((r) => {
    const start = parseTimeOfDay(r.start);
    const end = parseTimeOfDay(r.end);
    return start === undefined || end === undefined || end <= start ? [] : [{ start, end }];
  });
  for (const next of ranges.sort((a, b) => a.start - b.start)) {
    const last = joined.at(-1);
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else joined.push({ ...next });
  }
  return joined;
}

/** The weekday key for an ISO weekday number (1 = Monday). */
export function weekdayKey(isoWeekday: 1 | 2 | 3 | 4 | 5 | 6 | 7): Weekday {
  return WEEKDAYS[isoWeekday - 1] ?? 'mon';
}

function parseDays(text: string, entry: string, problems: string[]): Weekday[] {
  if (text === '') {
    problems.push(`"${entry}": say which days first, e.g. ${EXAMPLE}`);
    return [];
  }
  const days = new Set<Weekday>();
  for (const token of text.split(',').map((t) => t.trim().toLowerCase())) {
    const [a, b, ...extra] = token.split(/[-–]/).map((t) => t.trim());
    const first = a === undefined ? undefined : DAY_NAMES[a];
    const last = b === undefined ? first : DAY_NAMES[b];
    if (first === undefined || last === undefined || extra.length > 0) {
      problems.push(
        `"${token}" in "${entry}" is not a day: use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri`,
      );
      continue;
    }
    // Ranges may wrap around the week (fri-mon), which is unambiguous for a weekly pattern.
    const from = WEEKDAYS.indexOf(first);
    const span = (WEEKDAYS.indexOf(last) - from + 7) % 7;
    for (let i = 0; i <= span; i++) days.add(WEEKDAYS[(from + i) % 7] ?? first);
  }
  return [...days];
}

function parseRange(
  text: string,
  context: string,
  problems: string[],
): { start: number; end: number } | undefined {
  const match = /^(\S+?)\s*[-–]\s*(\S+)$/.exec(text);
  const start = match?.[1] === undefined ? undefined : parseTimeOfDay(match[1]);
  const end = match?.[2] === undefined ? undefined : parseTimeOfDay(match[2]);
  if (start === undefined || end === undefined || start === 1440) {
    problems.push(`"${text}" in "${context}" is not a time range like 08:00-12:00 (24-hour clock)`);
    return undefined;
  }
  if (end === start) {
    problems.push(`"${text}" in "${context}" is empty: it ends when it starts`);
    return undefined;
  }
  if (end < start) {
    problems.push(
      `"${text}" in "${context}" ends before it starts; split overnight hours at midnight, e.g. "mon 22:00-24:00; tue 00:00-06:00"`,
    );
    return undefined;
  }
  return { start, end };
}

function overlapProblems(day: Weekday, list: ReadonlyArray<{ start: number; end: number }>): string[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  const problems: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const next = sorted[i];
    if (prev && next && next.start < prev.end) {
      problems.push(`${day}: ${describe(prev)} overlaps ${describe(next)}`);
    }
  }
  return problems;
}

function describe(range: { start: number; end: number }): string {
  return `${formatTimeOfDay(range.start)}-${formatTimeOfDay(range.end)}`;
}

function formatDayList(indexes: readonly number[]): string {
  const parts: string[] = [];
  let runStart = 0;
  for (let i = 1; i <= indexes.length; i++) {
    const prev = indexes[i - 1] ?? 0;
    const current = indexes[i];
    if (current !== undefined && current === prev + 1) continue;
    const first = WEEKDAYS[indexes[runStart] ?? 0];
    const last = WEEKDAYS[prev];
    parts.push(runStart === i - 1 ? `${first}` : `${first}-${last}`);
    runStart = i;
  }
  return parts.join(',');
}
