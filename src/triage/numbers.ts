/** Number words (after normalisation) in en, fr, es, pt and sw, for ages and durations typed in words. */
const WORDS: Readonly<Record<string, number>> = {
  // en
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  few: 3,
  couple: 2,
  several: 4,
  // fr
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  quelques: 3,
  plusieurs: 4,
  // es
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  unos: 3,
  unas: 3,
  varios: 4,
  varias: 4,
  // pt
  um: 1,
  uma: 1,
  dois: 2,
  duas: 2,
  quatro: 4,
  sete: 7,
  oito: 8,
  nove: 9,
  dez: 10,
  doze: 12,
  alguns: 3,
  algumas: 3,
  // sw (with noun-class agreement)
  moja: 1,
  mmoja: 1,
  mbili: 2,
  miwili: 2,
  wawili: 2,
  tatu: 3,
  mitatu: 3,
  watatu: 3,
  nne: 4,
  minne: 4,
  wanne: 4,
  tano: 5,
  mitano: 5,
  watano: 5,
  sita: 6,
  saba: 7,
  nane: 8,
  tisa: 9,
  kumi: 10,
  kadhaa: 3,
};

/** Regex source matching one number: digits (with decimal) or a number word. */
export const NUM = `(\\d{1,3}(?:\\.\\d+)?|${Object.keys(WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

/** Parse a digit string or number word; undefined when it is neither. */
export function parseNumber(token: string): number | undefined {
  if (/^\d{1,3}(?:\.\d+)?$/.test(token)) return Number(token);
  return WORDS[token];
}
