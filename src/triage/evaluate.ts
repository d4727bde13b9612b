import { analyzeText, buildContext, type ClinicalContext, type TextAnalysis } from './analysis.ts';
import {
  type ComplaintGroup,
  detectGroups,
  type GroupBaseline,
  groupBaseline,
  primaryGroup,
} from './complaint-groups.ts';
import { deniedOnly, has } from './concept-matcher.ts';
import { DANGER_THRESHOLDS, dangerScores } from './danger-score.ts';
import { NEGATIVE_LABELS, POSITIVE_LABELS } from './labels.ts';
import { questionById } from './questions.ts';
import { RED_FLAG_RULES, URGENT_RULES } from './rules.ts';
import { evaluateSigns } from './sign-eval.ts';
import type { ProtocolAnswerValue, TriagePatient, TriageResult, Urgency } from './types.ts';
import { levelToUrgency, urgencyToDisposition } from './urgency.ts';
import {
  hasBpEmergencySymptoms,
  hasBpSymptoms,
  hasHyperglycaemiaSymptoms,
  hasMedicinesOut,
  vitalSigns,
} from './vital-signs.ts';

/** Inputs of one evaluation. */
export interface EvaluationInput {
  texts: readonly string[];
  patient: TriagePatient;
  answers: Readonly<Record<string, ProtocolAnswerValue>>;
  /** `oneshot`: decide from text alone (unknown cardiac features count as present in adult chest pain). */
  mode: 'oneshot' | 'protocol';
  /**
   * Apply the statistical danger screen (danger-score.ts) after the protocol: it can only raise the
   * result. Default true; false gives the protocol alone (training and measurement).
   */
  dangerScreen?: boolean;
}

/** The result plus what the protocol needs to choose its next question. */
export interface Evaluation {
  result: TriageResult;
  analysis: TextAnalysis;
  ctx: ClinicalContext;
  groups: ComplaintGroup[];
  primary: ComplaintGroup;
}

interface Reason {
  urgency: Urgency;
  text: string;
}

const LEVEL_WORD: Readonly<Record<Urgency, string>> = {
  5: 'emergency',
  4: 'very urgent',
  3: 'urgent',
  2: 'routine',
  1: 'self-care',
};

function describePatient(ctx: ClinicalContext, p: TriagePatient): string {
  const parts: string[] = [];
  if (ctx.ageYears !== undefined) {
    const a = ctx.ageYears;
    parts.push(
      a < 1 / 12
        ? `${Math.max(1, Math.round(a * 365))} days old`
        : a < 2
          ? `${Math.round(a * 12)} months old`
          : `${Math.floor(a)} years old`,
    );
  } else if (ctx.child) {
    parts.push('child (age not stated)');
  }
  if (p.sex && p.sex !== 'unknown') parts.push(p.sex);
  return parts.length > 0 ? parts.join(', ') : 'age and sex not stated';
}

function quote(texts: readonly string[]): string {
  const joined = texts.join(' / ').replace(/\s+/g, ' ').trim();
  return joined.length > 240 ? `${joined.slice(0, 237)}...` : joined;
}

const uniq = (xs: readonly string[]) => [...new Set(xs)];

/**
 * Acute-danger markers that forbid a self-care result when no rule explained them (see
 * COVERAGE.md, round 6, mechanism d). Each is a concept that a minor, benign complaint does not need.
 */
export const SELF_CARE_BLOCKERS: readonly string[] = [
  // Kept narrow on purpose: "severe", "very" (sw "sana"), "blood" and "weak" also describe minor
  // complaints ("a very itchy rash", a nosebleed that stopped) and sent ~50 self-care cases to a
  // booking across the sets when tried.
  'atom.not_moving',
  'atom.cant_feel',
  'inj.vehicle_crash',
  'atom.stiffen',
  'sign.cyanosis',
  'child.indrawing_any',
  'airway.stuck_throat',
];

/** Red-flag id of an escalation by the statistical screen (not a rule: no first-aid tip). */
export const DANGER_SCREEN_FLAG = 'screen.statistical';

/** Lines of a conversation the net reads (it scores every prefix; this bounds the cost). */
const MAX_SCREEN_LINES = 24;

/** A raise by the statistical screen, and the shortest leading part of the text that earned it. */
interface ScreenRaise extends Reason {
  /** The lines up to the first prefix whose score crossed the threshold. */
  readonly earnedBy: string;
}

/**
 * The statistical safety net: a raise when the text resembles our emergency (or urgent) vignettes
 * more than the chosen threshold, else undefined. Escalation only: never returns a lower urgency.
 */
function dangerScreen(texts: readonly string[], urgency: Urgency): ScreenRaise | undefined {
  const { emergency, urgent } = DANGER_THRESHOLDS;
  if (emergency === null && urgent === null) return undefined;
  // The highest score over every prefix of the lines: more text can then never take back a raise
  // (the protocol's rule "adding text never lowers urgency" holds for the net too). The first prefix
  // that crosses a threshold is kept too: later text cannot change it (see ageDecided).
  const lines = texts.join('\n').split('\n').slice(0, MAX_SCREEN_LINES);
  const s = { emergency: 0, urgent: 0 };
  const firstCrossing = { emergency: 0, urgent: 0 };
  for (let i = 1; i <= lines.length; i++) {
    const p = dangerScores(lines.slice(0, i).join('\n'));
    s.emergency = Math.max(s.emergency, p.emergency);
    s.urgent = Math.max(s.urgent, p.urgent ?? 0);
    if (firstCrossing.emergency === 0 && emergency !== null && s.emergency >= emergency)
      firstCrossing.emergency = i;
    if (firstCrossing.urgent === 0 && urgent !== null && s.urgent >= urgent) firstCrossing.urgent = i;
  }
  if (firstCrossing.emergency > 0) {
    return {
      urgency: 4,
      text: `Danger screen: message resembles emergency descriptions (score ${s.emergency.toFixed(2)})`,
      earnedBy: lines.slice(0, firstCrossing.emergency).join('\n'),
    };
  }
  if (urgency < 3 && firstCrossing.urgent > 0) {
    return {
      urgency: 3,
      text: `Danger screen: message resembles urgent descriptions (score ${s.urgent.toFixed(2)})`,
      earnedBy: lines.slice(0, firstCrossing.urgent).join('\n'),
    };
  }
  return undefined;
}

/**
 * True when the protocol would put `text` at `level` or above for a patient of another age, so the
 * registered age is what kept it lower (a 2-year-old's "baby has a temperature of 38.3" is not an
 * infant fever). The net sees the text, not the age, so it must not undo an age-based decision.
 * `text` is the part that earned the raise (`ScreenRaise.earnedBy`), not the whole conversation: text
 * added later cannot then turn an earned raise into an age-decided one and take it back. Costs up to
 * three protocol evaluations, only when the net would raise and an age is known.
 */
function ageDecided(input: EvaluationInput, level: Urgency, text: string): boolean {
  const age = input.patient.ageYears;
  if (age === undefined) return false;
  // Probe a young infant, a child and an adult: if another age reaches `level`, the protocol's
  // decision for this text turns on the age, and the registered age is what kept it lower.
  return [0.1, 3, 35].some(
    (probe) =>
      probe !== age &&
      evaluate({
        ...input,
        texts: [text],
        answers: {},
        patient: { ...input.patient, ageYears: probe },
        dangerScreen: false,
      }).result.urgency >= level,
  );
}

/**
 * The single decision function behind assessText and the protocol: red flags, text discriminators,
 * answered questions, reported vitals and the complaint group's baseline; the highest urgency wins.
 * Pure and deterministic.
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const a = analyzeText(input.texts.join('\n'));
  const ctx = buildContext(a, input.patient);
  const reasons: Reason[] = [];
  const positivesOut: string[] = [];
  const negativesOut: string[] = [];

  const flags = evaluateSigns(RED_FLAG_RULES, a, ctx);
  for (const f of flags) {
    reasons.push({
      urgency: levelToUrgency(f.rule.level),
      text: `${f.rule.reason} (red flag, "${f.evidence}")`,
    });
  }
  const redFlagIds = flags.map((f) => f.rule.id);

  for (const v of vitalSigns(
    a.vitals,
    ctx,
    hasBpSymptoms(a),
    hasHyperglycaemiaSymptoms(a),
    hasMedicinesOut(a),
    hasBpEmergencySymptoms(a),
  )) {
    reasons.push({ urgency: levelToUrgency(v.level), text: `${v.reason} (reported measurement)` });
    positivesOut.push(v.reason);
    if (v.level === 'emergency' || v.level === 'very_urgent') redFlagIds.push(v.id);
  }
  for (const u of evaluateSigns(URGENT_RULES, a, ctx)) {
    reasons.push({ urgency: 3, text: `${u.rule.reason} ("${u.evidence}")` });
  }
  if (ctx.youngInfant) reasons.push({ urgency: 3, text: 'Infant under 2 months (ETAT priority sign)' });
  // Someone asking for an appointment, a follow-up or a refill gets at least a routine booking.
  if (has(a.hits, 'gen.booking')) reasons.push({ urgency: 2, text: 'Asks for an appointment or refill' });

  for (const [id, value] of Object.entries(input.answers)) {
    const q = questionById(id);
    if (!q) continue;
    if (value === 'no') {
      negativesOut.push(q.negative);
    } else {
      const suffix = value === 'unsure' ? ' — answered "not sure", taken as yes' : '';
      reasons.push({ urgency: levelToUrgency(q.level), text: `${q.reason}${suffix}` });
      positivesOut.push(`${q.positive}${value === 'unsure' ? ' (unsure)' : ''}`);
    }
  }

  const groups = detectGroups(a, ctx);
  const primary = primaryGroup(groups, ctx);
  const baselineInput = { a, ctx, mode: input.mode, answers: input.answers };
  const baselines: GroupBaseline[] = [];
  const candidates = groups.includes('general') ? groups : groups.filter((g) => g !== 'general');
  for (const g of candidates) {
    // A joint named in an injury ("twisted my ankle") is part of the injury, not a joint complaint.
    if (g === 'back_joint' && candidates.includes('injury')) continue;
    const b = groupBaseline(g, baselineInput);
    if (b) baselines.push(b);
  }
  for (const b of baselines) reasons.push({ urgency: b.urgency, text: `${b.reason} (complaint baseline)` });

  let urgency: Urgency = 1;
  for (const r of reasons) if (r.urgency > urgency) urgency = r.urgency;
  if (baselines.length === 0 && reasons.length === 0) urgency = 2;
  // Round 6: self-care needs a benign complaint *and* no acute-danger marker. A message that names
  // blood, severe pain, a deficit or a spreading redness that no rule recognised is seen, not
  // sent home (the default of the default).
  const marker = urgency === 1 ? SELF_CARE_BLOCKERS.find((id) => has(a.hits, id)) : undefined;
  if (marker !== undefined) {
    urgency = 2;
    reasons.push({ urgency: 2, text: `Acute sign not recognised as minor (${marker}): seen, not self-care` });
  }
  // Scored whatever the protocol said, even an emergency, so that more text never drops the flag; a
  // raise the registered age argues against is dropped, a score the protocol already matches is not.
  if (input.dangerScreen !== false) {
    const raised = dangerScreen(input.texts, urgency);
    if (raised && (raised.urgency <= urgency || !ageDecided(input, raised.urgency, raised.earnedBy))) {
      if (raised.urgency >= 4) redFlagIds.push(DANGER_SCREEN_FLAG);
      if (raised.urgency > urgency) {
        urgency = raised.urgency;
        reasons.push({ urgency: raised.urgency, text: raised.text });
      }
    }
  }
  const disposition = urgencyToDisposition(urgency);

  for (const [id, label] of Object.entries(POSITIVE_LABELS)) if (has(a.hits, id)) positivesOut.push(label);
  if (ctx.temperatureC !== undefined) positivesOut.push(`Reported temperature ${ctx.temperatureC} °C`);
  if (a.durationDays !== undefined) {
    const d = a.durationDays;
    positivesOut.push(`Duration about ${d < 1 ? `${Math.round(d * 24)} hours` : `${Math.round(d)} days`}`);
  }
  for (const [id, label] of Object.entries(NEGATIVE_LABELS))
    if (deniedOnly(a.hits, id)) negativesOut.push(label);

  reasons.sort((x, y) => y.urgency - x.urgency);
  const reasonTexts = uniq(reasons.map((r) => r.text));
  const topBaseline = baselines.reduce<GroupBaseline | undefined>(
    (best, b) => (!best || b.urgency > best.urgency ? b : best),
    undefined,
  );
  const adviceKey =
    disposition === 'self_care' ? (topBaseline?.adviceKey ?? 'advice.selfcare.general') : undefined;

  const pos = uniq(positivesOut);
  const neg = uniq(negativesOut);
  const summary = [
    `Embedded SATS-shaped protocol (no model). Complaint: ${primary.replace(/_/g, ' ')}; patient ${describePatient(ctx, input.patient)}.`,
    `Urgency ${urgency}/5 (${LEVEL_WORD[urgency]}) → ${disposition.replace('_', '-')}.`,
    redFlagIds.length > 0 ? `Red flags: ${uniq(redFlagIds).join(', ')}.` : 'No red flags.',
    reasonTexts.length > 0 ? `Main reason: ${reasonTexts[0]}.` : '',
    pos.length > 0 ? `Positives: ${pos.join('; ')}.` : '',
    neg.length > 0 ? `Negatives: ${neg.join('; ')}.` : '',
    `Patient wrote: "${quote(input.texts)}"`,
  ]
    .filter((s) => s.length > 0)
    .join(' ');

  const result: TriageResult = {
    urgency,
    disposition,
    redFlags: uniq(redFlagIds),
    reasons: reasonTexts,
    pertinentPositives: pos,
    pertinentNegatives: neg,
    complaintGroup: primary,
    summary,
  };
  if (ctx.temperatureC !== undefined) result.temperatureC = ctx.temperatureC;
  if (adviceKey !== undefined) result.selfCareAdviceKey = adviceKey;
  return { result, analysis: a, ctx, groups, primary };
}
