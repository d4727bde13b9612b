/**
 * Longest text the screen reads. WhatsApp caps one message at 4096 characters; a whole triage
 * conversation stays far below this. The cap bounds the cost of the screen on hostile input.
 */
export const MAX_SCREEN_CHARS = 20_000;

const LIGATURES: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};

/**
 * Normalise patient text for matching: lower case, no accents or ligatures, apostrophes as spaces
 * ("can't" → "can t", "j'ai" → "j ai"), decimal commas as points, "°"/"º" as " deg ", clause
 * punctuation kept as the tokens "," and "." (negation scope and sentence scope stop there), letter
 * runs of 3+ squeezed to one ("sooo" → "so"), single spaces. Pure and total: never throws.
 */
export function normalizeText(raw: string): string {
  let s = raw.length > MAX_SCREEN_CHARS ? raw.slice(0, MAX_SCREEN_CHARS) : raw;
  s = s.toLowerCase();
  s = s.replace(/[œæßøłđı]/g, (c) => LIGATURES[c] ?? c);
  s = s.replace(/[°º˚]/g, ' deg ');
  s = s.normalize('NFKD').replace(/\p{M}+/gu, '');
  s = s.replace(/['’‘`´ʼ]/g, ' ');
  s = s.replace(/(\d)\s*,\s*(\d)/g, '$1.$2');
  s = s.replace(/(\d)\s*\/\s*(\d)/g, '$1/$2');
  // A point that is not a decimal point ends a sentence; so do ! ? ; : and line breaks.
  s = s.replace(/(?<!\d)\.|\.(?!\d)/g, ' . ');
  s = s.replace(/[!?;:\n\r…¿¡]+/g, ' . ');
  s = s.replace(/\s[-–—]+\s/g, ' , ');
  // Brackets are transparent: "dor no saco (no testículo)", "se tomó gas (kerosén)" keep their
  // words together; a comma would cut the phrase in two.
  s = s.replace(/[()[\]{}]+/g, ' ');
  s = s.replace(/[,"“”«»]+/g, ' , ');
  s = s.replace(/[^a-z0-9.,/% ]+/g, ' ');
  s = s.replace(/([a-z])\1{2,}/g, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  // Collapse runs of punctuation tokens so scopes are not split into empty pieces.
  s = s.replace(/(?:[.,] )+(?=[.,](?: |$))/g, '');
  return s;
}
