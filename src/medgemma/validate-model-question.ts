import { normalizeForQuote } from './merge-assessment.ts';
import { triageSystemPrompt } from './prompts/triage-prompt.ts';

/** Why a model question was refused (metric label `reason`). */
export type QuestionRejection =
  | 'empty'
  | 'too_long'
  | 'url'
  | 'contact'
  | 'markup'
  | 'diagnosis'
  | 'action_claim'
  | 'prompt_leak';

export type QuestionCheck = { ok: true; question: string } | { ok: false; reason: QuestionRejection };

/** AppointReady's rule (reference A6): each question 20 words or less. */
export const MAX_QUESTION_WORDS = 20;
const MAX_QUESTION_CHARS = 200;

/**
 * Phrases that tell a patient what they have, or give advice, in the five languages (normalised
 * form, see `normalizeForQuote`). Whole-word matches; "do you have" and a bare "diagnosis" are
 * deliberately not here — "Do you have…" and "Were you ever given a diagnosis of…" are history questions.
 */
const DIAGNOSIS_PHRASES = [
  // en
  'you probably have',
  'you likely have',
  'you may have',
  'you might have',
  'you could have',
  'i think you have',
  'it sounds like',
  'it looks like you have',
  'this is probably',
  'this could be',
  'this may be',
  'my diagnosis',
  'the diagnosis is',
  'you are suffering from',
  'you should take',
  'you need to take',
  'i recommend',
  // fr
  'vous avez probablement',
  'tu as probablement',
  'c est probablement',
  'il s agit probablement',
  'il s agit sans doute',
  'cela ressemble a',
  'ca ressemble a',
  'mon diagnostic',
  'le diagnostic est',
  'vous souffrez de',
  'vous devriez prendre',
  'prenez du',
  'je recommande',
  // es
  'probablemente tiene',
  'probablemente tienes',
  'usted tiene probablemente',
  'parece que tiene',
  'parece que tienes',
  'es probable que tenga',
  'puede que tenga',
  'mi diagnostico',
  'el diagnostico es',
  'usted sufre de',
  'debe tomar',
  'deberia tomar',
  'le recomiendo',
  // pt
  'provavelmente tem',
  'provavelmente voce tem',
  'parece que tem',
  'parece que voce tem',
  'voce pode ter',
  'voce deve ter',
  'meu diagnostico',
  'o diagnostico e',
  'voce sofre de',
  'deve tomar',
  'recomendo',
  // sw
  'huenda una',
  'inaonekana una',
  'labda una',
  'utambuzi wangu',
  'una ugonjwa wa',
  'unasumbuliwa na',
  'unapaswa kunywa',
  'unapaswa kutumia',
  'nakushauri',
] as const;

/**
 * Phrases that claim an action we did not take or offer one the model cannot perform (the model
 * cannot book, cancel or reveal records; only the state machine does, DESIGN.md "Safety").
 */
const ACTION_PHRASES = [
  'booked',
  'appointment is confirmed',
  'i have scheduled',
  'cancelled',
  'canceled',
  'your records',
  'other patient',
  'rendez vous est confirme',
  'j ai reserve',
  'annule',
  'votre dossier',
  'cita esta confirmada',
  'he reservado',
  'cancelada',
  'su historial',
  'consulta esta confirmada',
  'marquei',
  'cancelada',
  'seu prontuario',
  'miadi imethibitishwa',
  'nimeweka miadi',
  'imefutwa',
  'rekodi zako',
] as const;

const URL_PATTERN = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|org|net|io|info|biz|me|ly|co|app|link|xyz)\b)/i;
/** Phone numbers, ids: 6+ digits, allowing separators. */
const CONTACT_PATTERN = /(\d[\s().-]?){6,}|@[a-z0-9_]{3,}|\S+@\S+\.\S+/i;
/** Markup, code, JSON or our delimiters in a patient-facing question. */
const MARKUP_PATTERN = /[<>{}`‹›\\]|\[\s*\]|\*\*|^#/;

/** Words in a run shared with our instructions that count as leaking them ("what makes it better or worse" is 6). */
const LEAK_RUN_WORDS = 8;

/** Every run of LEAK_RUN_WORDS words of the system prompt (normalised); the language name is the only variable part. */
const PROMPT_RUNS: ReadonlySet<string> = (() => {
  const words = normalizeForQuote(triageSystemPrompt()).split(' ');
  const runs = new Set<string>();
  for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++)
    runs.add(words.slice(i, i + LEAK_RUN_WORDS).join(' '));
  return runs;
})();

/**
 * Checks a model question before it is shown to the patient: not empty, at most 20 words and 200
 * characters, no URL, no phone number or e-mail, no markup/JSON, no diagnosis or advice phrase, no
 * claim of a booking or record access — in any of the five languages — and no run of 8 words copied
 * from our instructions (a model tricked into reciting its prompt). On `ok: false` the caller
 * shows the protocol's next question instead (and counts `reason`).
 *
 * @param question the model's question, as returned
 * @returns the trimmed question, or why it was refused
 */
export function validateModelQuestion(question: string): QuestionCheck {
  const q = question.replace(/\s+/g, ' ').trim();
  if (q === '' || normalizeForQuote(q) === '') return { ok: false, reason: 'empty' };
  if (q.length > MAX_QUESTION_CHARS || q.split(' ').length > MAX_QUESTION_WORDS) {
    return { ok: false, reason: 'too_long' };
  }
  if (CONTACT_PATTERN.test(q)) return { ok: false, reason: 'contact' };
  if (URL_PATTERN.test(q)) return { ok: false, reason: 'url' };
  if (MARKUP_PATTERN.test(q)) return { ok: false, reason: 'markup' };
  const norm = ` ${normalizeForQuote(q)} `;
  if (DIAGNOSIS_PHRASES.some((p) => norm.includes(` ${p} `))) return { ok: false, reason: 'diagnosis' };
  if (ACTION_PHRASES.some((p) => norm.includes(` ${p} `))) return { ok: false, reason: 'action_claim' };
  const words = norm.trim().split(' ');
  for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) {
    if (PROMPT_RUNS.has(words.slice(i, i + LEAK_RUN_WORDS).join(' ')))
      return { ok: false, reason: 'prompt_leak' };
  }
  return { ok: true, question: q };
}
