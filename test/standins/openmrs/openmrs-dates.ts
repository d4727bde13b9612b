import { DateTime } from 'luxon';

/** A date string the server cannot parse; the caller turns it into the API's own error shape. */
export class DateParseError extends Error {}

interface Parts {
  y: string;
  mo: string;
  d: string;
  h?: string | undefined;
  mi?: string | undefined;
  s?: string | undefined;
  ms?: string | undefined;
}

function build(parts: Parts, zone: string): DateTime {
  const dt = DateTime.fromObject(
    {
      year: Number(parts.y),
      month: Number(parts.mo),
      day: Number(parts.d),
      hour: Number(parts.h ?? 0),
      minute: Number(parts.mi ?? 0),
      second: Number(parts.s ?? 0),
    },
    { zone },
  );
  // Strict calendar: core's SimpleDateFormat is lenient (rolls 2000-01-56 over), but a real server still
  // rejected that birthdate with 400 in a public O3 test suite; rejecting is the safer stand-in.
  if (!dt.isValid || dt.day !== Number(parts.d) || dt.hour !== Number(parts.h ?? 0)) {
    throw new DateParseError('invalid calendar date');
  }
  return dt;
}

const D = '(\\d{4})-(\\d{2})-(\\d{2})';
const T = '(\\d{2}):(\\d{2}):(\\d{2})';

/**
 * The formats `ConversionUtil` tries, in order (openmrs.md §4), each as a *prefix* match because
 * `SimpleDateFormat.parse` ignores trailing text. Consequence kept on purpose: `…SSS` with `Z` or `+03:00`
 * fails the RFC-822 pattern and falls through to `…SSS` without zone, i.e. server-local wall time.
 */
const REST_FORMATS: ReadonlyArray<{
  re: RegExp;
  zone: 'rfc822' | 'iso' | 'local';
  ms: boolean;
  time: boolean;
}> = [
  { re: new RegExp(`^${D}T${T}\\.(\\d+)([+-]\\d{4})`), zone: 'rfc822', ms: true, time: true },
  { re: new RegExp(`^${D}T${T}\\.(\\d+)`), zone: 'local', ms: true, time: true },
  { re: new RegExp(`^${D}T${T}([+-]\\d{4})`), zone: 'rfc822', ms: false, time: true },
  { re: new RegExp(`^${D}T${T}(Z|[+-]\\d{2}:\\d{2})`), zone: 'iso', ms: false, time: true },
  { re: new RegExp(`^${D}T${T}`), zone: 'local', ms: false, time: true },
  { re: new RegExp(`^${D} ${T}`), zone: 'local', ms: false, time: true },
  { re: new RegExp(`^${D}`), zone: 'local', ms: false, time: false },
];

function offsetZone(offset: string): string {
  if (offset === 'Z') return 'UTC';
  const compact = offset.replace(':', '');
  return `UTC${compact.slice(0, 3)}:${compact.slice(3, 5)}`;
}

/**
 * Parses a date from a core REST body (birthdate, encounterDatetime) like webservices.rest `ConversionUtil`
 * (openmrs.md §4). `serverZone` is the JVM default zone used for patterns without an offset.
 * @returns epoch milliseconds
 * @throws DateParseError when no pattern matches
 */
export function parseRestDate(text: string, serverZone: string): number {
  for (const format of REST_FORMATS) {
    const m = format.re.exec(text);
    if (!m) continue;
    const [, y, mo, d, h, mi, s] = m as unknown as string[];
    let next = 7;
    const msDigits = format.ms ? m[next++] : undefined;
    const offset = format.zone === 'local' ? undefined : m[next];
    const zone = offset === undefined ? serverZone : offsetZone(offset);
    const dt = build(
      { y: y!, mo: mo!, d: d!, h: format.time ? h : undefined, mi: format.time ? mi : undefined, s },
      zone,
    );
    // SimpleDateFormat's SSS reads the digits as a millisecond count, whatever their number.
    return dt.toMillis() + (msDigits === undefined ? 0 : Number(msDigits));
  }
  throw new DateParseError(`Invalid format: "${text}"`);
}

/** Core REST output format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g. `2019-09-25T00:00:00.000+0000` (openmrs.md §4). */
export function formatRestDate(ms: number, serverZone: string): string {
  return DateTime.fromMillis(ms, { zone: serverZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ");
}

/** `yyyy-MM-dd` of an instant in the given zone. */
export function formatDateOnly(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
}

const JACKSON_ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parses a date in an appointments-module JSON body the way Jackson's `StdDateFormat` does (openmrs.md §6.2,
 * §6.8): epoch milliseconds (number or digit string), or ISO-8601 with `Z`/offset; no offset means UTC.
 * @throws DateParseError with Jackson's wording when the value is not a date
 */
export function parseJacksonDate(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string') {
    if (/^-?\d+$/.test(value)) return Number(value);
    const m = JACKSON_ISO.exec(value);
    if (m) {
      const [, y, mo, d, h, mi, s, frac, tz] = m;
      const zone = tz === undefined ? 'UTC' : offsetZone(tz.length === 3 ? `${tz}00` : tz);
      const dt = build({ y: y!, mo: mo!, d: d!, h, mi, s }, zone);
      const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
      return dt.toMillis() + millis;
    }
  }
  throw new DateParseError(
    `Cannot deserialize value of type \`java.util.Date\` from String ${JSON.stringify(String(value))}: ` +
      'not a valid representation (error: Failed to parse Date value: expected ISO-8601 format)',
  );
}

const APPT_QUERY = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d+)/;

/**
 * Parses a query-string date of the appointments module (`forDate`, `load` window, status-change `onDate`):
 * `SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")` in UTC (openmrs.md §6.8). Trailing text, such as an
 * offset, is silently ignored; milliseconds are mandatory.
 * @throws DateParseError `Unparseable date: "…"` (the server turns it into a 500)
 */
export function parseAppointmentQueryDate(text: string): number {
  const m = APPT_QUERY.exec(text);
  if (!m) throw new DateParseError(`Unparseable date: "${text}"`);
  const [, y, mo, d, h, mi, s, ms] = m;
  return build({ y: y!, mo: mo!, d: d!, h, mi, s }, 'UTC').toMillis() + Number(ms);
}

/** FHIR instant/dateTime output with a colon offset, e.g. `2021-05-19T04:26:51+00:00` (openmrs.md §2.2). */
export function formatFhirDateTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

const FHIR_DATETIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/**
 * Parses a FHIR `dateTime` (year, year-month, date, or date-time with a required offset); partial values
 * start at the beginning of the period in the server zone.
 * @throws DateParseError when the value is not a FHIR dateTime
 */
export function parseFhirDateTime(text: string, serverZone: string): number {
  const m = FHIR_DATETIME.exec(text);
  if (!m) throw new DateParseError(`Invalid date/time format: "${text}"`);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const zone = tz === undefined ? serverZone : offsetZone(tz);
  const dt = build({ y: y!, mo: mo ?? '01', d: d ?? '01', h, mi, s }, zone);
  return dt.toMillis() + (frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0')));
}
