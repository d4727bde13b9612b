import { normalizeText } from './normalize-text.ts';

export type YesNo = 'yes' | 'no' | 'unsure';

const YES = [
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'sure',
  'correct',
  'right',
  'true',
  'i agree',
  'agree',
  'of course',
  'yes please',
  'oui',
  'ouais',
  'd accord',
  'daccord',
  'bien sur',
  'exact',
  'j accepte',
  'si',
  'claro',
  'vale',
  'de acuerdo',
  'correcto',
  'acepto',
  'sim',
  'certo',
  'concordo',
  'com certeza',
  'aceito',
  'isso',
  'ndio',
  'ndiyo',
  'sawa',
  'naam',
  'kweli',
  'nakubali',
  'ee',
  'eeh',
  'ndiyo kabisa',
  'yes i have',
  'i do',
  'it is',
];
const NO = [
  'no',
  'n',
  'nope',
  'nah',
  'not really',
  'no thanks',
  'no thank you',
  'non',
  'non merci',
  'pas du tout',
  'nao',
  'nao obrigado',
  'nao obrigada',
  'de jeito nenhum',
  'hapana',
  'la',
  'sio',
  'sikubali',
  'hakuna',
  'sina',
  'i don t',
  'i do not',
  'none',
  'ninguno',
  'nada',
  'aucun',
  'rien',
  'nenhum',
  'no tengo',
  'je n en ai pas',
];
const UNSURE = [
  'not sure',
  'unsure',
  'don t know',
  'dont know',
  'i don t know',
  'i dont know',
  'idk',
  'maybe',
  'perhaps',
  'je ne sais pas',
  'sais pas',
  'je sais pas',
  'peut etre',
  'no se',
  'no lo se',
  'tal vez',
  'quizas',
  'a lo mejor',
  'nao sei',
  'talvez',
  'nao tenho certeza',
  'sijui',
  'labda',
  'sina uhakika',
];
const EMOJI_YES = ['👍', '✅', '👌', '✔️', '✔'];
const EMOJI_NO = ['👎', '❌', '✖️', '✖'];

const YES_SET = new Set(YES.map(normalizeText));
const NO_SET = new Set(NO.map(normalizeText));
const UNSURE_SET = new Set(UNSURE.map(normalizeText));

/**
 * Yes / no / not sure from free text in any of the five languages, or null when the message is not
 * such an answer. Only the whole message (or its first clause: "yes, since Monday") counts.
 */
export function parseYesNo(text: string): YesNo | null {
  const raw = text.trim();
  if (EMOJI_YES.some((e) => raw.startsWith(e))) return 'yes';
  if (EMOJI_NO.some((e) => raw.startsWith(e))) return 'no';
  const normal = normalizeText(raw);
  if (normal === '') return null;
  for (const candidate of [normal, normalizeText(raw.split(/[,.;!:\n]/)[0] ?? '')]) {
    if (UNSURE_SET.has(candidate)) return 'unsure';
    if (YES_SET.has(candidate)) return 'yes';
    if (NO_SET.has(candidate)) return 'no';
  }
  return null;
}

export type Sex = 'female' | 'male' | 'other';

const SEX_WORDS: Readonly<Record<Sex, readonly string[]>> = {
  female: [
    'f',
    'female',
    'woman',
    'girl',
    'femme',
    'feminin',
    'fille',
    'mujer',
    'femenino',
    'nina',
    'mulher',
    'feminino',
    'menina',
    'mwanamke',
    'msichana',
    'kike',
    'ke',
  ],
  male: [
    'm',
    'male',
    'man',
    'boy',
    'homme',
    'masculin',
    'garcon',
    'hombre',
    'masculino',
    'nino',
    'homem',
    'menino',
    'mwanaume',
    'mvulana',
    'kiume',
    'me',
  ],
  other: ['other', 'autre', 'otro', 'otra', 'outro', 'outra', 'nyingine', 'non binary', 'nonbinary'],
};

/** Sex from free text ("F", "mujer", "mwanaume"), or null. */
export function parseSex(text: string): Sex | null {
  const normal = normalizeText(text);
  for (const [sex, words] of Object.entries(SEX_WORDS) as Array<[Sex, readonly string[]]>) {
    if (words.includes(normal)) return sex;
  }
  return null;
}

export interface ParsedName {
  readonly givenName: string;
  readonly familyName?: string;
}

/**
 * A person's name from free text: letters, spaces, apostrophes and hyphens, 2–80 characters, at most
 * six words; the last word is the family name when there are two or more. Null when it does not look
 * like a name (a sentence, digits).
 */
export function parseName(text: string): ParsedName | null {
  const cleaned = text
    .trim()
    .replace(
      /^(my name is|i am|i'm|je m'appelle|je suis|me llamo|soy|meu nome é|eu sou|chamo-me|jina langu ni|naitwa|mimi ni)\s+/i,
      '',
    )
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  if (cleaned.length < 2 || cleaned.length > 80) return null;
  if (!/^[\p{L}][\p{L}\p{M}' .-]*$/u.test(cleaned)) return null;
  const words = cleaned.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 6) return null;
  const titled = words.map((w) => (w === w.toLowerCase() || w === w.toUpperCase() ? capitalize(w) : w));
  if (titled.length === 1) return { givenName: titled[0] as string };
  return { givenName: titled.slice(0, -1).join(' '), familyName: titled.at(-1) as string };
}

function capitalize(word: string): string {
  return word
    .toLowerCase()
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}
