/**
 * A concept is one clinical idea ("chest pain", "sweating", "pregnant") with the phrases that express
 * it in en, fr, es, pt and sw. Patterns are regular-expression sources over normalised text
 * (see normalize.ts): lower case, no accents, apostrophes as spaces, single spaces between tokens.
 * A pattern must not cross a sentence (it never contains "." ) and should be anchored on words.
 */
export interface ConceptDef {
  id: string;
  patterns: readonly string[];
  /** The hit is dropped when its sentence also matches one of these (e.g. exertion for breathlessness). */
  unlessSentence?: readonly string[];
  /** The hit counts only when its sentence also matches one of these. */
  requireSentence?: readonly string[];
}

/** `(?:a|b|c)` */
export function alt(...xs: readonly string[]): string {
  return `(?:${xs.join('|')})`;
}

/** Up to `n` arbitrary word tokens (each followed by a space). */
export function gap(n: number): string {
  return `(?:[a-z0-9]+ ){0,${n}}`;
}

/** English "cannot" in its lay and SMS spellings (apostrophes are spaces after normalisation). */
export const CANT_EN = alt(
  'can t',
  'cant',
  'cannot',
  'can not',
  'unable to',
  'not able to',
  'couldn t',
  'couldnt',
  'could not',
  'can hardly',
  'can barely',
  'hardly',
  'barely',
  'struggling to',
  'struggle to',
);

/** English breath word with common misspellings ("breth", "breathe", "breating"). */
export const BREATH_EN = alt('breath\\w*', 'breth\\w*', 'breat\\w*', 'breeth\\w*', 'brea?the', 'bref');

/** Possessives and articles that sit before a body part. */
export const POSS_EN = alt('my', 'his', 'her', 'their', 'the', 'our', 'your', 'its');
