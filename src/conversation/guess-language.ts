import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Language } from '../shared/language.ts';
import { normalizeText } from './normalize-text.ts';

/*
 * First guess of the patient's language, before they choose: words of the first message beat the
 * phone number's country (a French speaker may live in Kenya). The patient can change it at any time.
 */
const COUNTRY_LANGUAGE: Readonly<Record<string, Language>> = {
  // Swahili-speaking East Africa
  KE: 'sw',
  TZ: 'sw',
  UG: 'sw',
  CD: 'fr',
  RW: 'sw',
  BI: 'fr',
  // French-speaking
  FR: 'fr',
  BE: 'fr',
  SN: 'fr',
  CI: 'fr',
  ML: 'fr',
  BF: 'fr',
  NE: 'fr',
  GN: 'fr',
  CM: 'fr',
  TG: 'fr',
  BJ: 'fr',
  GA: 'fr',
  CG: 'fr',
  MG: 'fr',
  HT: 'fr',
  TD: 'fr',
  CF: 'fr',
  DJ: 'fr',
  MA: 'fr',
  DZ: 'fr',
  TN: 'fr',
  CH: 'fr',
  // Spanish-speaking
  ES: 'es',
  MX: 'es',
  GT: 'es',
  HN: 'es',
  SV: 'es',
  NI: 'es',
  CR: 'es',
  PA: 'es',
  CO: 'es',
  VE: 'es',
  EC: 'es',
  PE: 'es',
  BO: 'es',
  CL: 'es',
  AR: 'es',
  UY: 'es',
  PY: 'es',
  DO: 'es',
  CU: 'es',
  GQ: 'es',
  // Portuguese-speaking
  BR: 'pt',
  PT: 'pt',
  MZ: 'pt',
  AO: 'pt',
  GW: 'pt',
  CV: 'pt',
  ST: 'pt',
  TL: 'pt',
};

const MARKERS: ReadonlyArray<readonly [Language, readonly string[]]> = [
  [
    'sw',
    [
      'habari',
      'jambo',
      'mambo',
      'naumwa',
      'ninaumwa',
      'nina',
      'sana',
      'mtoto',
      'tumbo',
      'kichwa',
      'homa',
      'asante',
      'hujambo',
      'shikamoo',
      'siwezi',
      'nataka',
      'daktari',
      'tafadhali',
      'leo',
      'jana',
    ],
  ],
  [
    'fr',
    [
      'bonjour',
      'bonsoir',
      'salut',
      'j ai',
      'mal',
      'je',
      'suis',
      'mon',
      'ma',
      'enfant',
      'merci',
      'fievre',
      'tete',
      'ventre',
      'depuis',
      'rendez vous',
      'oui',
      'pas',
    ],
  ],
  [
    'es',
    [
      'hola',
      'buenos',
      'buenas',
      'tengo',
      'dolor',
      'me duele',
      'hijo',
      'hija',
      'gracias',
      'fiebre',
      'cabeza',
      'estomago',
      'desde',
      'cita',
      'quiero',
      'estoy',
      'muy',
    ],
  ],
  [
    'pt',
    [
      'ola',
      'bom dia',
      'boa tarde',
      'tenho',
      'dor',
      'estou',
      'meu',
      'minha',
      'filho',
      'filha',
      'obrigado',
      'obrigada',
      'febre',
      'cabeca',
      'barriga',
      'consulta',
      'nao',
      'voce',
    ],
  ],
  [
    'en',
    [
      'hello',
      'hi',
      'good morning',
      'i have',
      'pain',
      'my',
      'child',
      'thanks',
      'thank you',
      'fever',
      'head',
      'stomach',
      'since',
      'appointment',
      'need',
      'please',
      'the',
    ],
  ],
];

/** Language suggested by a message's words, or null when the text gives no clear signal. */
export function languageFromText(text: string): Language | null {
  const padded = ` ${normalizeText(text)} `;
  const scores = MARKERS.map(([language, words]) => ({
    language,
    score: words.filter((w) => padded.includes(` ${w} `)).length,
  })).sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (best === undefined || best.score === 0 || (second !== undefined && second.score === best.score))
    return null;
  return best.language;
}

/** Language of the country of a WhatsApp id (digits without "+"), or null. */
export function languageFromPhone(waId: string | undefined): Language | null {
  if (waId === undefined) return null;
  const country = parsePhoneNumberFromString(`+${waId}`)?.country;
  return country === undefined ? null : (COUNTRY_LANGUAGE[country] ?? null);
}

/**
 * The country of a BSUID (`KE.1234…`: ISO-3166 alpha-2 prefix, whatsapp.md §2.10), used when the
 * user has no phone number.
 */
export function languageFromUserId(userId: string | undefined): Language | null {
  const country = userId === undefined ? undefined : /^([A-Z]{2})\./.exec(userId)?.[1];
  return country === undefined ? null : (COUNTRY_LANGUAGE[country] ?? null);
}

/** Best first guess: the message's words, then the phone's country, then the BSUID's, then the default. */
export function guessLanguage(input: {
  text: string;
  waId?: string;
  userId?: string;
  fallback: Language;
}): Language {
  return (
    languageFromText(input.text) ??
    languageFromPhone(input.waId) ??
    languageFromUserId(input.userId) ??
    input.fallback
  );
}
