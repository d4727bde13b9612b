import { normalizeText } from './normalize.ts';
import type { ProtocolAnswerValue } from './types.ts';

const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'ya',
  'yah',
  'yes please',
  'sure',
  'correct',
  'true',
  'ok yes',
  'i do',
  'it is',
  'he is',
  'she is',
  'oui',
  'ouais',
  'si',
  'sim',
  'claro',
  'exacto',
  'exactamente',
  'isso',
  'ndiyo',
  'ndio',
  'naam',
  'eeh',
  'ee',
  'ehe',
  'yes yes',
  'ndiyo ndiyo',
  'oui oui',
  'si si',
  'sim sim',
  'afirmativo',
  'ewe',
  'sawa',
  'kweli',
  'yes it is',
  'yes he is',
  'yes she is',
  'a little',
  'un peu',
  'un poco',
  'um pouco',
  'kidogo',
]);
const NO = new Set([
  'no',
  'n',
  'nope',
  'nah',
  'not',
  'none',
  'never',
  'no no',
  'non',
  'nao',
  'nao nao',
  'hapana',
  'la',
  'hakuna',
  'sio',
  'siyo',
  'hapana hapana',
  'non non',
  'pas du tout',
  'para nada',
  'de jeito nenhum',
  'no it isn t',
  'not at all',
  'hata kidogo',
  'negative',
  'nada',
]);
const UNSURE = new Set([
  'not sure',
  'unsure',
  'i don t know',
  'dont know',
  'don t know',
  'idk',
  'maybe',
  'perhaps',
  'i m not sure',
  'no idea',
  'je ne sais pas',
  'sais pas',
  'je sais pas',
  'peut etre',
  'pas sur',
  'pas sure',
  'no se',
  'no estoy segur',
  'no estoy seguro',
  'no estoy segura',
  'tal vez',
  'quizas',
  'a lo mejor',
  'nao sei',
  'sei la',
  'talvez',
  'nao tenho certeza',
  'sijui',
  'labda',
  'sina uhakika',
  'sielewi',
]);

/**
 * Read a yes / no / not-sure answer typed in any of the five languages ("oui", "sí", "não", "hapana",
 * "sijui", "yes, and …"). Returns undefined when the text is not an answer; the protocol then treats it
 * as "not sure", the safer reading for emergency questions.
 */
export function parseYesNo(text: string): ProtocolAnswerValue | undefined {
  const n = normalizeText(text).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  if (n.length === 0) return undefined;
  if (UNSURE.has(n)) return 'unsure';
  if (YES.has(n)) return 'yes';
  if (NO.has(n)) return 'no';
  for (const u of UNSURE) if (n.startsWith(`${u} `)) return 'unsure';
  const first = n.split(' ')[0] ?? '';
  if (['yes', 'yeah', 'yep', 'oui', 'si', 'sim', 'ndiyo', 'ndio', 'eeh', 'ehe'].includes(first)) return 'yes';
  if (['no', 'nope', 'non', 'nao', 'hapana'].includes(first)) return 'no';
  return undefined;
}
