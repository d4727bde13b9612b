import { mergeAssessment } from '../../medgemma/merge-assessment.ts';
import { formatPrevisit } from '../../medgemma/prompts/format-previsit.ts';
import type { ModelTurn } from '../../medgemma/triage-model.ts';
import { validateModelQuestion } from '../../medgemma/validate-model-question.ts';
import type { ProtocolState, TriageResult } from '../../triage/types.ts';
import type { EhrOutcome } from '../events.ts';
import { ageInYears } from '../parse-birth-date.ts';
import type { Turn } from '../turn.ts';

/** The model op kind (matches `TRIAGE_TURN_OP` of src/medgemma/triage-model-runner.ts). */
const TRIAGE_TURN = 'triage_turn';

/**
 * MedGemma's part of a triage, after the protocol has decided (its result is the floor): up to
 * `maxQuestions` short follow-up questions, one model call per patient turn with a compact running
 * summary, then an assessment merged so urgency can only go up and the clinician gets a pre-visit
 * note. The model's output is data: a question is shown only after validation, an assessment only
 * changes the result through `mergeAssessment`, and nothing it says can book or cancel.
 *
 * Returns false when the model is not configured (the caller finishes with the protocol's result).
 */
export function startModelTriage(t: Turn, base: TriageResult): boolean {
  if (t.options.model === undefined || base.disposition === 'emergency') return false;
  t.s.modelTriage = { summary: '', asked: 0, lastQuestion: null, requestId: null, base };
  callModel(t, patientTexts(t).join('\n'));
  return true;
}

/** The patient answered a model question (or added detail): one model call with the answer. */
export function handleModelAnswer(t: Turn, text: string): void {
  const m = t.s.modelTriage;
  if (m === null) return;
  const protocol = t.s.protocol as ProtocolState | null;
  if (protocol !== null) t.s.protocol = t.options.triage.addText(protocol, text);
  callModel(t, text);
}

function callModel(t: Turn, patientText: string): void {
  const s = t.s;
  const m = s.modelTriage;
  const model = t.options.model;
  if (m === null || model === undefined) return;
  const requestId = t.nextId('m');
  s.modelTriage = { ...m, requestId };
  const p = s.patient;
  const input = {
    language: s.language,
    runningSummary: m.summary,
    patientText: patientText.slice(0, 4000),
    ...(m.lastQuestion !== null ? { lastQuestion: m.lastQuestion } : {}),
    questionsAsked: m.asked,
    maxQuestions: model.maxQuestions,
    protocol: { complaintGroup: m.base.complaintGroup, urgency: m.base.urgency, redFlags: m.base.redFlags },
    patient: {
      ...(p?.birthDate !== undefined
        ? { ageYears: Math.floor(ageInYears(p.birthDate, t.now, t.ctx.clinic.timeZone)) }
        : {}),
      ...(p?.sex !== undefined ? { sex: p.sex } : {}),
    },
  };
  const mediaId = model.supportsImages ? s.pendingImage : null;
  s.pendingImage = null;
  t.go('TRIAGE_ASSESSMENT', 'model');
  t.effects.push({
    type: 'model',
    requestId,
    op: { kind: TRIAGE_TURN, input, ...(mediaId !== null ? { mediaId } : {}) },
  });
}

/**
 * The model answered (or failed). A failure of any kind — slow, down, nonsense — means the protocol's
 * result stands, at once: the patient is never left waiting on the model.
 */
export function onModelResult(
  t: Turn,
  requestId: string,
  outcome: EhrOutcome,
  finish: (result: TriageResult) => void,
): void {
  const s = t.s;
  const m = s.modelTriage;
  if (m === null || m.requestId !== requestId) return;
  if (!outcome.ok) {
    t.effects.push({ type: 'observe', metric: 'model_agreement', value: `failed:${outcome.code}` });
    s.modelTriage = null;
    finish(m.base);
    return;
  }
  const turn = outcome.value as ModelTurn;
  const summary = typeof turn.summary === 'string' ? turn.summary.slice(0, 1200) : m.summary;
  const model = t.options.model;
  if (turn.next.kind === 'ask' && model !== undefined && m.asked < model.maxQuestions) {
    const checked = validateModelQuestion(turn.next.question);
    if (checked.ok) {
      s.modelTriage = { ...m, summary, asked: m.asked + 1, lastQuestion: checked.question, requestId: null };
      t.s.lastPrompt = { kind: 'verbatim', text: checked.question };
      t.s.misunderstood = 0;
      t.go('TRIAGE_ASSESSMENT', 'model_question');
      t.say({ kind: 'verbatim', text: checked.question });
      return;
    }
    // A question that fails validation is not shown: the protocol's result stands.
    t.effects.push({ type: 'observe', metric: 'model_agreement', value: `bad_question:${checked.reason}` });
    s.modelTriage = null;
    finish(m.base);
    return;
  }
  if (turn.next.kind !== 'assess') {
    s.modelTriage = null;
    finish(m.base);
    return;
  }
  const assessment = turn.next.assessment;
  const merged = mergeAssessment(m.base, assessment, patientTexts(t));
  t.effects.push({ type: 'observe', metric: 'model_agreement', value: merged.agreement });
  s.modelTriage = null;
  finish({
    ...m.base,
    urgency: merged.urgency,
    disposition: merged.disposition,
    redFlags: merged.redFlagIds,
    reasons: merged.reasons.map((r) => (r.source === 'model' ? `${r.text} (model)` : r.text)),
    pertinentNegatives: merged.pertinentNegatives.map((r) => r.text),
    summary: formatPrevisit(m.base, merged, assessment),
  });
}

function patientTexts(t: Turn): string[] {
  const protocol = t.s.protocol as ProtocolState | null;
  const texts = protocol?.texts ?? [];
  return t.s.complaint !== null && !texts.includes(t.s.complaint) ? [t.s.complaint, ...texts] : [...texts];
}
