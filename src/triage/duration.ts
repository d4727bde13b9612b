import { NUM, parseNumber } from './numbers.ts';

const UNIT_DAYS: Readonly<Record<string, number>> = {
  hour: 1 / 24,
  hours: 1 / 24,
  hrs: 1 / 24,
  heure: 1 / 24,
  heures: 1 / 24,
  hora: 1 / 24,
  horas: 1 / 24,
  saa: 1 / 24,
  masaa: 1 / 24,
  day: 1,
  days: 1,
  jour: 1,
  jours: 1,
  dia: 1,
  dias: 1,
  siku: 1,
  week: 7,
  weeks: 7,
  wk: 7,
  wks: 7,
  semaine: 7,
  semaines: 7,
  semana: 7,
  semanas: 7,
  wiki: 7,
  month: 30,
  months: 30,
  mois: 30,
  mes: 30,
  meses: 30,
  mwezi: 30,
  miezi: 30,
  year: 365,
  years: 365,
  an: 365,
  ans: 365,
  ano: 365,
  anos: 365,
  mwaka: 365,
  miaka: 365,
};
const UNITS = Object.keys(UNIT_DAYS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const NUM_THEN_UNIT = new RegExp(`\\b${NUM} (${UNITS})\\b(?! old| de edad| de idade)`, 'g');
const SW_UNIT_THEN_NUM = new RegExp(`\\b(siku|wiki|mwezi|miezi|mwaka|miaka|masaa|saa) ${NUM}\\b`, 'g');
/** Age phrases to skip: "bébé de 3 mois", "mtoto wa miezi 2". */
const AGE_BEFORE =
  /(?:\b(?:bebe|enfant|nourrisson|nino|nina|nene|crianca|nenem|baby|filho|filha|hijo|hija|fils|fille) de|\b(?:wa|mwenye umri wa|nina|ana|j ai|il a|elle a|tengo|tiene|tenho|tem)) $/;

const FIXED: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(?:since|from) (?:this morning|today|earlier|last night|tonight)\b/, 0.5],
  [/\b(?:depuis|des) (?:ce matin|aujourd hui|cette nuit|hier soir)\b/, 0.5],
  [/\b(?:desde|de) (?:esta manana|hoy|anoche|la manana)\b/, 0.5],
  [/\bdesde (?:hoje|esta manha|ontem a noite|de manha)\b/, 0.5],
  [/\btangu (?:asubuhi|leo|usiku|jana usiku)\b/, 0.5],
  [/\b(?:since yesterday|yesterday|depuis hier|hier|desde ayer|ayer|desde ontem|ontem|tangu jana|jana)\b/, 1],
  [
    /\b(?:a|one|last|past|whole|this) week\b|\bune semaine\b|\buna semana\b|\buma semana\b|\bwiki (?:moja|nzima|iliyopita)\b/,
    7,
  ],
  [/\b(?:a|one|last|past) month\b|\bun mois\b|\bun mes\b|\bum mes\b|\bmwezi (?:mmoja|mzima|uliopita)\b/, 30],
  [/\b(?:a|one|last|past) year\b|\bun an\b|\bun ano\b|\bum ano\b|\bmwaka (?:mmoja|mzima|uliopita)\b/, 365],
  [
    /\b(?:a few|few|couple of|several) days\b|\bquelques jours\b|\bunos dias\b|\balguns dias\b|\bsiku kadhaa\b/,
    3,
  ],
];

/**
 * Longest duration, in days, stated in normalised text ("for 3 days", "depuis 2 semaines", "hace un mes",
 * "há 5 dias", "siku tatu", "since yesterday"). Ages ("2 months old") are skipped. Undefined when none.
 */
export function extractDurationDays(normalized: string): number | undefined {
  let best: number | undefined;
  const take = (d: number) => {
    if (d > 0 && d < 36500 && (best === undefined || d > best)) best = d;
  };
  NUM_THEN_UNIT.lastIndex = 0;
  for (let m = NUM_THEN_UNIT.exec(normalized); m !== null; m = NUM_THEN_UNIT.exec(normalized)) {
    if (AGE_BEFORE.test(normalized.slice(Math.max(0, m.index - 40), m.index))) continue;
    const n = parseNumber(m[1] ?? '');
    const f = UNIT_DAYS[m[2] ?? ''];
    if (n !== undefined && f !== undefined) take(n * f);
  }
  SW_UNIT_THEN_NUM.lastIndex = 0;
  for (let m = SW_UNIT_THEN_NUM.exec(normalized); m !== null; m = SW_UNIT_THEN_NUM.exec(normalized)) {
    if (/\b(?:wa|umri wa|nina|ana) $/.test(normalized.slice(Math.max(0, m.index - 20), m.index))) continue;
    const f = UNIT_DAYS[m[1] ?? ''];
    const n = parseNumber(m[2] ?? '');
    if (n !== undefined && f !== undefined) take(n * f);
  }
  for (const [re, d] of FIXED) if (re.test(normalized)) take(d);
  return best;
}
