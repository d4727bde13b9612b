import { DateTime } from 'luxon';
import { normalizeText } from './normalize-text.ts';

export interface ParsedBirthDate {
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** True when derived from an age ("35", "6 months"): OpenMRS stores it as estimated. */
  readonly estimated: boolean;
}

const MONTHS: ReadonlyArray<readonly string[]> = [
  ['jan', 'january', 'janvier', 'enero', 'janeiro', 'januari'],
  ['feb', 'february', 'fevrier', 'febrero', 'fevereiro', 'februari'],
  ['mar', 'march', 'mars', 'marzo', 'marco', 'machi'],
  ['apr', 'april', 'avril', 'abril', 'aprili'],
  ['may', 'mai', 'mayo', 'maio', 'mei'],
  ['jun', 'june', 'juin', 'junio', 'junho', 'juni'],
  ['jul', 'july', 'juillet', 'julio', 'julho', 'julai'],
  ['aug', 'august', 'aout', 'agosto', 'agosti'],
  ['sep', 'sept', 'september', 'septembre', 'septiembre', 'setembro', 'septemba'],
  ['oct', 'october', 'octobre', 'octubre', 'outubro', 'oktoba'],
  ['nov', 'november', 'novembre', 'noviembre', 'novembro', 'novemba'],
  ['dec', 'december', 'decembre', 'diciembre', 'dezembro', 'desemba'],
];

const YEAR_WORDS = [
  'years',
  'year',
  'yrs',
  'yr',
  'y',
  'ans',
  'an',
  'anos',
  'ano',
  'anos de idade',
  'miaka',
  'mwaka',
  'years old',
  'ans et demi',
];
const MONTH_WORDS = ['months', 'month', 'mos', 'mo', 'mois', 'meses', 'mes', 'miezi', 'mwezi'];
const WEEK_WORDS = ['weeks', 'week', 'wks', 'semaines', 'semaine', 'semanas', 'semana', 'wiki'];
const DAY_WORDS = ['days', 'day', 'jours', 'jour', 'dias', 'dia', 'siku'];

/**
 * A date of birth or an age from free text, in the clinic's time zone, or null. Dates are read day
 * first (14/03/1985, 14-3-85, 14 March 1985, "14 machi 1985"), or ISO (1985-03-14). Ages: "35",
 * "35 years", "35 ans", "miaka 35", "6 months", "3 weeks". The result is never in the future and at
 * most 120 years back.
 */
export function parseBirthDate(text: string, now: number, timeZone: string): ParsedBirthDate | null {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  const normal = normalizeText(text.replace(/[/.]/g, '-')).replace(/ /g, ' ');
  const raw = text.trim();

  const check = (d: DateTime, estimated: boolean): ParsedBirthDate | null => {
    if (!d.isValid || d > today || d < today.minus({ years: 120 })) return null;
    return { birthDate: d.toISODate() ?? '', estimated };
  };

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (iso)
    return check(
      DateTime.fromObject({ year: +iso[1]!, month: +iso[2]!, day: +iso[3]! }, { zone: timeZone }),
      false,
    );

  const dmy = /^(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{2}|\d{4})$/.exec(raw);
  if (dmy) {
    let year = +dmy[3]!;
    if (dmy[3]!.length === 2) year += year > today.year % 100 ? 1900 : 2000;
    return check(DateTime.fromObject({ year, month: +dmy[2]!, day: +dmy[1]! }, { zone: timeZone }), false);
  }

  const words = normal.split(' ');
  const monthIndex = words.findIndex((w) => MONTHS.some((names) => names.includes(w)));
  if (monthIndex >= 0) {
    const month = MONTHS.findIndex((names) => names.includes(words[monthIndex] as string)) + 1;
    const numbers = words.filter((w) => /^\d+$/.test(w)).map(Number);
    const year = numbers.find((n) => n > 31);
    const day = numbers.find((n) => n >= 1 && n <= 31);
    if (year !== undefined && day !== undefined) {
      return check(DateTime.fromObject({ year, month, day }, { zone: timeZone }), false);
    }
  }

  const ageMatch =
    /^(?:(?:age|aged|umri|edad|idade|age de)\s+)?(?:(miaka|miezi|wiki|siku)\s+)?(\d{1,3})(?:\s+(.*))?$/.exec(
      normal,
    );
  if (ageMatch) {
    const prefixUnit = ageMatch[1];
    const n = Number(ageMatch[2]);
    const unit = (ageMatch[3] ?? prefixUnit ?? '').replace(/ old$| de idade$/, '').trim();
    if (unit === '' || YEAR_WORDS.includes(unit)) {
      if (n > 120) return null;
      return check(today.minus({ years: n }), true);
    }
    if (MONTH_WORDS.includes(unit) && n < 36) return check(today.minus({ months: n }), true);
    if (WEEK_WORDS.includes(unit) && n < 60) return check(today.minus({ weeks: n }), true);
    if (DAY_WORDS.includes(unit) && n < 90) return check(today.minus({ days: n }), true);
  }
  return null;
}

/** Whole years between a birth date and now (for triage age rules and display). */
export function ageInYears(birthDate: string, now: number, timeZone: string): number {
  const born = DateTime.fromISO(birthDate, { zone: timeZone });
  const today = DateTime.fromMillis(now, { zone: timeZone });
  return Math.max(0, today.diff(born, 'years').years);
}
