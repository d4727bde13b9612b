/** Letters NFKD does not decompose into a base letter plus marks. */
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
 * Lower case without accents or ligatures ("Œdème TRÈS" → "oedeme tres"), so patient text in five
 * languages compares the same however it was typed. Punctuation and spacing are left to the caller.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[œæßøłđı]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}
