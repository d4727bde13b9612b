import { NUM, parseNumber } from './numbers.ts';

const UNIT_YEARS: Readonly<Record<string, number>> = {
  year: 1,
  years: 1,
  yr: 1,
  yrs: 1,
  yo: 1,
  ans: 1,
  an: 1,
  anos: 1,
  ano: 1,
  mwaka: 1,
  miaka: 1,
  month: 1 / 12,
  months: 1 / 12,
  mo: 1 / 12,
  mos: 1 / 12,
  mois: 1 / 12,
  mes: 1 / 12,
  meses: 1 / 12,
  mwezi: 1 / 12,
  miezi: 1 / 12,
  week: 7 / 365,
  weeks: 7 / 365,
  wk: 7 / 365,
  wks: 7 / 365,
  semaine: 7 / 365,
  semaines: 7 / 365,
  semana: 7 / 365,
  semanas: 7 / 365,
  wiki: 7 / 365,
  day: 1 / 365,
  days: 1 / 365,
  jour: 1 / 365,
  jours: 1 / 365,
  dia: 1 / 365,
  dias: 1 / 365,
  siku: 1 / 365,
};
const UNITS = Object.keys(UNIT_YEARS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const PERSON =
  '(?:baby|bebe|bebito|bebita|enfant|fils|fille|nourrisson|garcon|petit|petite|child|kid|son|daughter|boy|girl|nino|nina|hijo|hija|nene|nena|crianca|filho|filha|menino|menina|nenem|patient|patiente|paciente|mother|father|mum|mom|dad|grandmother|grandfather|granny|mere|pere|grand mere|grand pere|madre|padre|abuela|abuelo|mae|pai|avo|senhora|senhor|monsieur|madame|wawa|guagua|pikin|pitit)';

/** Patterns whose capture groups are (number, unit) or (unit, number) for Swahili. */
const NUM_UNIT: readonly RegExp[] = [
  // "2 month old", "6-week-old", "45 years old", "45 yo", "45yrs"
  new RegExp(`${NUM} ?(${UNITS}) ?old\\b`, 'g'),
  /\b(\d{1,3}) ?(yo|yrs|y o)\b/g,
  new RegExp(`\\baged? ${NUM} ?(${UNITS})?\\b`, 'g'),
  // "my 2 month baby", "a 3 week baby"
  new RegExp(`${NUM} ?(month|months|week|weeks|day|days) (?:baby|infant|newborn)\\b`, 'g'),
  // "girl 8 months", "boy 3 years": a person then the age without "of".
  // Round 5: also "bebe 1 mois", "nino 3 meses", "bebe 2 semanas".
  new RegExp(
    `\\b${PERSON} ${NUM} (months?|years?|yrs|mois|meses|mes|semaines|semanas|ans|anos)\\b(?! (?:ago|pregnant|of|with|de))`,
    'g',
  ),
  // fr/es/pt: "bébé de 2 mois", "niño de 3 años", "criança de 5 anos"
  new RegExp(`${PERSON} de ${NUM} (${UNITS})\\b`, 'g'),
  // "j'ai 45 ans", "il a 3 mois", "tengo 30 años", "tiene 2 meses", "tenho 40 anos", "tem 3 meses"
  // Round 7: singular units too ("tiene 1 mes", "il a 1 an"). Weeks only in the third person: "tengo
  // 36 semanas", "j'ai 30 semaines" is a gestation (see FIRST_PERSON_WEEKS), never the writer's age.
  new RegExp(
    `\\b(?:j ai|il a|elle a|tengo|tiene|tenho|tem) ${NUM} (ans|an|anos|ano|mois|meses|mes|semanas|semana|semaines|semaine|dias|dia|jours|jour)\\b(?! (?:con|de|que|com|avec|sin|sem|sans|a|o|en|em|dans))`,
    'g',
  ),
  new RegExp(`\\b${NUM} (anos|ans|years) de (?:edad|idade)\\b`, 'g'),
  new RegExp(
    `\\b(?:i am|i m|im|he is|she is|he s|she s|it is|baby is|age is|edad|idade|age de) (\\d{1,3})(?: (${UNITS}))?\\b(?! ?(?:kg|cm|min|minutes|times|%|deg|weeks? pregnant|months? pregnant))`,
    'g',
  ),
];
const SW_UNIT_NUM: readonly RegExp[] = [
  new RegExp(
    `\\b(?:mtoto|mwanangu|mwanao|mwanawe|kijana|mzee|mama|baba|binti|kichanga|mgonjwa) (?:wangu |wake |yangu )?(?:wa|mwenye) (?:umri wa )?(miezi|mwezi|wiki|siku|mwaka|miaka) ${NUM}\\b`,
    'g',
  ),
  new RegExp(
    `\\b(?:nina|ana|mwenye|umri wa|umri wangu ni|umri wake ni) (?:umri wa )?(miaka|miezi|wiki|siku|mwaka|mwezi) ${NUM}\\b`,
    'g',
  ),
];

/** "20 weeks pregnant" is a gestation, not an age. */
const PREGNANCY_AFTER = /pregnan|enceinte|embaraz|gravid|gestation|gestacao|mjamzito|mimba|ujauzito/;

/** A writer's own age in weeks is a gestation: "tengo 36 semanas", "i m 32 weeks", "j ai 30 semaines". */
const FIRST_PERSON_WEEKS = /^(?:j ai|tengo|tenho|i am|i m|im) \S+ (?:semanas?|semaines?|weeks?|wks?)\b/;

const NEWBORN =
  /\b(?:newborn|new born|neonate|nouveau ne|recien nacid[oa]|recem nascid[oa]|mtoto mchanga|kichanga)\b/;

/**
 * Ages (in years) mentioned in normalised text: "2 month old", "bébé de 3 semaines", "tengo 45 años",
 * "mtoto wa miezi 2", "newborn". Durations ("fever for 3 days") are not ages. Returns every age found.
 */
export function extractAges(normalized: string): number[] {
  const out: number[] = [];
  for (const re of NUM_UNIT) {
    re.lastIndex = 0;
    for (let m = re.exec(normalized); m !== null; m = re.exec(normalized)) {
      const n = parseNumber(m[1] ?? '');
      const unit = m[2];
      if (n === undefined || PREGNANCY_AFTER.test(normalized.slice(m.index, m.index + 48))) continue;
      if (FIRST_PERSON_WEEKS.test(m[0])) continue;
      const factor = unit ? (UNIT_YEARS[unit] ?? 1) : 1;
      const years = n * factor;
      if (years >= 0 && years <= 120) out.push(years);
    }
  }
  for (const re of SW_UNIT_NUM) {
    re.lastIndex = 0;
    for (let m = re.exec(normalized); m !== null; m = re.exec(normalized)) {
      const n = parseNumber(m[2] ?? '');
      const factor = UNIT_YEARS[m[1] ?? ''];
      if (n === undefined || factor === undefined) continue;
      const years = n * factor;
      if (years >= 0 && years <= 120) out.push(years);
    }
  }
  if (NEWBORN.test(normalized)) out.push(0.02);
  return out;
}
