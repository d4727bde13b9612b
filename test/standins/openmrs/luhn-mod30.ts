/** The idgen / OpenMRS ID alphabet (openmrs.md §7): 30 characters, no B, I, O, Q, S, Z. */
export const LUHN_MOD30_ALPHABET = '0123456789ACDEFGHJKLMNPRTUVWXY';

/** Thrown for characters outside the alphabet; core reports it as "not appropriate for validation scheme". */
export class UnallowedIdentifierError extends Error {}

/**
 * Luhn mod-30 check character of `base`, exactly as `LuhnModNIdentifierValidator.computeCheckDigit`
 * (openmrs.md §7): walk from the rightmost character with factor 2, 1, 2, …; add `addend/30 + addend%30`;
 * check = alphabet[(30 − sum % 30) % 30]. Input is trimmed and upper-cased first.
 */
export function luhnMod30CheckChar(base: string): string {
  const text = base.trim().toUpperCase();
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const codePoint = LUHN_MOD30_ALPHABET.indexOf(text.charAt(i));
    if (codePoint < 0) throw new UnallowedIdentifierError(`invalid character ${text.charAt(i)}`);
    let addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 30) + (addend % 30);
    sum += addend;
  }
  return LUHN_MOD30_ALPHABET.charAt((30 - (sum % 30)) % 30);
}

/**
 * Whether `identifier` (base + check character) carries a correct Luhn mod-30 check character.
 * Throws {@link UnallowedIdentifierError} when a character is outside the alphabet, like core's validator.
 */
export function isValidLuhnMod30(identifier: string): boolean {
  const text = identifier.trim().toUpperCase();
  if (text.length < 2) throw new UnallowedIdentifierError('identifier too short');
  for (const ch of text) {
    if (!LUHN_MOD30_ALPHABET.includes(ch)) throw new UnallowedIdentifierError(`invalid character ${ch}`);
  }
  return luhnMod30CheckChar(text.slice(0, -1)) === text.slice(-1);
}
