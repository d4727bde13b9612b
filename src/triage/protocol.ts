import { parseYesNo } from './answer-parse.ts';
import { COMPLAINT_GROUPS, type ComplaintGroup } from './complaint-groups.ts';
import { deniedOnly, has } from './concept-matcher.ts';
import { type Evaluation, evaluate } from './evaluate.ts';
import { type QuestionDef, questionById, questionsFor } from './questions.ts';
import type {
  ProtocolAnswer,
  ProtocolAnswerValue,
  ProtocolState,
  ProtocolStep,
  TriagePatient,
} from './types.ts';
import { levelToUrgency } from './urgency.ts';

/** At most this many questions per triage: patients on WhatsApp give up after a few. */
export const MAX_QUESTIONS = 5;

const GROUPS: ReadonlySet<string> = new Set<string>([...COMPLAINT_GROUPS, 'child']);

function asGroup(g: string): ComplaintGroup {
  return GROUPS.has(g) ? (g as ComplaintGroup) : 'general';
}

function cleanPatient(p: TriagePatient | undefined): TriagePatient {
  const out: TriagePatient = {};
  if (p?.ageYears !== undefined && Number.isFinite(p.ageYears) && p.ageYears >= 0 && p.ageYears < 130)
    out.ageYears = p.ageYears;
  if (p?.sex !== undefined) out.sex = p.sex;
  return out;
}

function evaluateState(state: ProtocolState): Evaluation {
  return evaluate({ texts: state.texts, patient: state.patient, answers: state.answers, mode: 'protocol' });
}

/** Does the text already answer this question? */
function answeredByText(q: QuestionDef, ev: Evaluation): boolean {
  return (
    q.concepts.some((id) => has(ev.analysis.hits, id)) ||
    (q.concepts.length > 0 &&
      q.concepts.every((id) => deniedOnly(ev.analysis.hits, id) || !ev.analysis.hits.has(id)) &&
      q.concepts.some((id) => deniedOnly(ev.analysis.hits, id)))
  );
}

function pickQuestion(state: ProtocolState, ev: Evaluation): QuestionDef | undefined {
  if (state.asked.length >= MAX_QUESTIONS) return undefined;
  // Emergency and very urgent end the protocol: nothing a question adds can change the disposition.
  if (ev.result.urgency >= 4) return undefined;
  for (const q of questionsFor(asGroup(state.group))) {
    if (state.asked.includes(q.id) || state.answers[q.id] !== undefined) continue;
    if (levelToUrgency(q.level) <= ev.result.urgency) continue;
    if (q.applies && !q.applies(ev.ctx)) continue;
    if (q.requires && !q.requires.some((id) => has(ev.analysis.hits, id))) continue;
    if (answeredByText(q, ev)) continue;
    return q;
  }
  return undefined;
}

function step(state: ProtocolState): ProtocolStep {
  const ev = evaluateState(state);
  // A vague first message ("I'm sick") takes the group of the first specific complaint that follows.
  let current = state;
  if (state.group === 'general' && ev.primary !== 'general') current = { ...state, group: ev.primary };
  const q = pickQuestion(current, ev);
  if (!q) {
    const { pending: _done, ...rest } = current;
    return { state: rest, next: { kind: 'done', result: ev.result } };
  }
  const next: ProtocolState = { ...current, asked: [...current.asked, q.id], pending: q.id };
  return { state: next, next: { kind: 'question', question: { id: q.id, key: q.key } } };
}

/**
 * Start triage from the patient's first free text. Ends at once (kind `done`) on any red flag; else
 * asks up to MAX_QUESTIONS yes/no questions of the complaint group, emergency discriminators first,
 * skipping those the text already answers or that cannot change the outcome.
 */
export function startProtocol(input: { text: string; patient?: TriagePatient }): ProtocolStep {
  const patient = cleanPatient(input.patient);
  const text = typeof input.text === 'string' ? input.text : '';
  const ev = evaluate({ texts: [text], patient, answers: {}, mode: 'protocol' });
  const state: ProtocolState = {
    version: 1,
    texts: [text],
    patient,
    group: ev.primary,
    asked: [],
    answers: {},
  };
  return step(state);
}

/**
 * Record the answer to the pending question and continue. "unsure" counts as yes (the safer answer);
 * a free-text answer is read as yes/no/unsure in any language (unreadable → unsure) and its text is
 * also screened, so "yes and now I can't breathe" ends in emergency.
 */
export function answerProtocol(state: ProtocolState, answer: ProtocolAnswer): ProtocolStep {
  let next: ProtocolState = state;
  let value: ProtocolAnswerValue;
  if (answer.kind === 'text') {
    value = parseYesNo(answer.text) ?? 'unsure';
    next = addPatientText(next, answer.text);
  } else {
    value = answer.kind;
  }
  const pending = state.pending;
  if (pending !== undefined && questionById(pending)) {
    next = { ...next, answers: { ...next.answers, [pending]: value } };
  }
  const { pending: _answered, ...rest } = next;
  return step(rest);
}

/** Add free text sent mid-protocol (a burst, extra details). Pure; call resumeProtocol to continue. */
export function addPatientText(state: ProtocolState, text: string): ProtocolState {
  if (typeof text !== 'string' || text.trim().length === 0) return state;
  return { ...state, texts: [...state.texts, text] };
}

/**
 * Re-evaluate after addPatientText without answering: returns `done` if the new text raised a red
 * flag, the pending question again if there is one, or the next question.
 */
export function resumeProtocol(state: ProtocolState): ProtocolStep {
  const ev = evaluateState(state);
  if (ev.result.urgency >= 4) {
    const { pending: _p, ...rest } = state;
    return { state: rest, next: { kind: 'done', result: ev.result } };
  }
  if (state.pending !== undefined) {
    const q = questionById(state.pending);
    if (q) return { state, next: { kind: 'question', question: { id: q.id, key: q.key } } };
  }
  return step(state);
}

/** The current result of a protocol in progress (as if it ended now). */
export function protocolResult(state: ProtocolState) {
  return evaluateState(state).result;
}
