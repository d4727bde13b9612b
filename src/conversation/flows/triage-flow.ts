import type { ProtocolAnswer, ProtocolState, ProtocolStep, TriageResult } from '../../triage/types.ts';
import { parseYesNo } from '../parse-answer.ts';
import { ageInYears } from '../parse-birth-date.ts';
import { CHOICE, choices, text, yesNoUnsure } from '../prompts.ts';
import type { Turn } from '../turn.ts';
import { enterEmergency } from './emergency.ts';
import { type Input, misunderstood } from './identify.ts';
import { handleModelAnswer, startModelTriage } from './model-triage.ts';
import { recordTriage } from './record-triage.ts';

const GREETINGS = new Set([
  'hi',
  'hello',
  'hey',
  'hallo',
  'good morning',
  'good afternoon',
  'good evening',
  'bonjour',
  'bonsoir',
  'salut',
  'hola',
  'buenos dias',
  'buenas tardes',
  'buenas',
  'ola',
  'oi',
  'bom dia',
  'boa tarde',
  'boa noite',
  'habari',
  'jambo',
  'mambo',
  'hujambo',
  'sasa',
  'salaam',
  'niaje',
  'hi there',
  'hello there',
  'ok',
  'okay',
  'thanks',
  'thank you',
  'merci',
  'gracias',
  'obrigado',
  'obrigada',
  'asante',
]);

/** True when a message says something about a health problem (not just "hi" or "thanks"). */
export function looksLikeComplaint(raw: string): boolean {
  const normal = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (normal.length < 3) return false;
  if (GREETINGS.has(normal)) return false;
  const words = normal.split(' ').filter((w) => !GREETINGS.has(w));
  return words.join('').length >= 3;
}

/** Ask for the problem, or triage what the patient already told us. */
export function startSymptoms(t: Turn): void {
  const s = t.s;
  if (s.complaint !== null && looksLikeComplaint(s.complaint)) {
    startTriage(t, s.complaint);
    return;
  }
  s.complaint = null;
  t.ask(text('symptoms.ask', { name: s.patient?.givenName.split(' ')[0] ?? '' }), 'COLLECTING_SYMPTOMS');
}

/** The patient described the problem. */
export function handleSymptoms(t: Turn, input: Input): void {
  if (!looksLikeComplaint(input.text)) {
    t.ask(text('symptoms.ask_again'));
    return;
  }
  t.s.complaint = input.text;
  startTriage(t, input.text);
}

function patientFacts(t: Turn): { ageYears?: number; sex?: 'male' | 'female' | 'other' | 'unknown' } {
  const p = t.s.patient;
  return {
    ...(p?.birthDate !== undefined
      ? { ageYears: ageInYears(p.birthDate, t.now, t.ctx.clinic.timeZone) }
      : {}),
    ...(p?.sex !== undefined ? { sex: p.sex } : {}),
  };
}

function startTriage(t: Turn, complaint: string): void {
  follow(t, t.options.triage.start({ text: complaint, patient: patientFacts(t) }));
}

/** A reply to a protocol question: a button, a typed yes/no/not sure, or more detail in words. */
export function handleTriageAnswer(t: Turn, input: Input, book: () => void): void {
  const s = t.s;
  if (s.step === 'model_question') {
    if (input.text.trim() === '') return misunderstood(t);
    return handleModelAnswer(t, input.text);
  }
  if (s.step === 'model') {
    // Still waiting for the model (only possible across a crash): keep the words for it.
    if (input.text.trim() !== '') return handleModelAnswer(t, input.text);
    return;
  }
  if (s.step === 'selfcare_offer') {
    const yes =
      input.choiceId === CHOICE.selfCareBook || (input.choiceId === null && parseYesNo(input.text) === 'yes');
    const no =
      input.choiceId === CHOICE.selfCareNo || (input.choiceId === null && parseYesNo(input.text) === 'no');
    if (yes) return book();
    if (no) {
      t.go('COMPLETED', 'self_care');
      t.s.lastPrompt = null;
      recordTriage(t);
      t.sayKey('result.self_care_no', { number: t.ctx.clinic.emergencyNumber });
      return;
    }
    return misunderstood(t);
  }
  const state = s.protocol as ProtocolState | null;
  if (state === null) return startSymptoms(t);
  const answer: ProtocolAnswer | null =
    input.choiceId === CHOICE.answerYes
      ? { kind: 'yes' }
      : input.choiceId === CHOICE.answerNo
        ? { kind: 'no' }
        : input.choiceId === CHOICE.answerUnsure
          ? { kind: 'unsure' }
          : input.text.trim() === ''
            ? null
            : yesNoAnswer(input.text);
  if (answer === null) return misunderstood(t);
  follow(t, t.options.triage.answer(state, answer));
}

function yesNoAnswer(raw: string): ProtocolAnswer {
  const yn = parseYesNo(raw);
  // Free text is handed to the protocol as it is: it may answer ("yes, since Monday") or add details.
  return yn === null ? { kind: 'text', text: raw } : { kind: yn };
}

function follow(t: Turn, step: ProtocolStep): void {
  t.s.protocol = step.state;
  if (step.next.kind === 'question') {
    t.ask(yesNoUnsure(`triage:${step.next.question.key}`), 'TRIAGE_ASSESSMENT', 'question');
    return;
  }
  finish(t, step.next.result);
}

/** The protocol decided: the model may add questions and raise urgency first, then the result. */
function finish(t: Turn, result: TriageResult): void {
  if (startModelTriage(t, result)) return;
  finishTriage(t, result);
}

/** Act on the final result: emergency care, or a booking window by urgency, or self-care advice. */
export function finishTriage(t: Turn, result: TriageResult): void {
  const s = t.s;
  s.triage = result;
  s.triageRecorded = false;
  if (result.disposition === 'emergency') {
    enterEmergency(
      t,
      result.redFlags.length > 0
        ? result.redFlags.map((id) => ({
            id,
            group: id.split('.')[0] ?? id,
            level: result.urgency === 5 ? 'emergency' : 'very_urgent',
            evidence: id,
          }))
        : [
            {
              id: `protocol.${result.complaintGroup}`,
              group: result.complaintGroup,
              level: result.urgency === 5 ? 'emergency' : 'very_urgent',
              evidence: result.reasons[0] ?? result.complaintGroup,
            },
          ],
      s.complaint ?? '',
    );
    s.triage = result;
    return;
  }
  const name = s.patient?.givenName.split(' ')[0] ?? '';
  if (result.disposition === 'self_care') {
    if (result.selfCareAdviceKey !== undefined) t.sayKey(`triage:${result.selfCareAdviceKey}`);
    t.ask(
      choices(
        'result.self_care',
        [
          { id: CHOICE.selfCareBook, key: 'result.self_care_book' },
          { id: CHOICE.selfCareNo, key: 'result.self_care_no_thanks' },
        ],
        { number: t.ctx.clinic.emergencyNumber },
      ),
      'TRIAGE_ASSESSMENT',
      'selfcare_offer',
    );
    return;
  }
  t.sayKey(result.disposition === 'urgent' ? 'result.urgent' : 'result.routine', { name });
  t.go('SCHEDULING_APPOINTMENT', 'start');
}
