import { analyzeText, buildContext, conceptSubset } from './analysis.ts';
import { RED_FLAG_RULES } from './rules.ts';
import { evaluateSigns } from './sign-eval.ts';
import type { RedFlagHit, TriagePatient } from './types.ts';
import { BP_SYMPTOMS, hasBpEmergencySymptoms, hasBpSymptoms, vitalSigns } from './vital-signs.ts';

/**
 * The screen reads only the concepts its rules (and the blood-pressure symptoms) need: the baseline
 * and same-day vocabulary is skipped, which keeps the per-message cost low. The red flags found are
 * the same as with the full analysis (the subset is closed under composites; tested in
 * red-flags.test.ts).
 */
const SCREEN_SUBSET = conceptSubset([
  ...RED_FLAG_RULES.flatMap((r) => r.when.flatMap((c) => [...c.all, ...(c.noneOf ?? []).flat()])),
  ...BP_SYMPTOMS,
  // A slight headache does not make a very high reading an emergency (vital-signs.ts).
  'mod.mild',
]);

/**
 * Deterministic red-flag screen for one patient text (run it on every message, in every state).
 * Lay language in en, fr, es, pt and sw; accent-, case- and SMS-spelling-tolerant; negation-aware
 * ("no chest pain" does not fire, "I can't breathe" does). Pass the session's earlier texts joined
 * with a newline to catch signs split across messages ("I'm pregnant" … "bleeding"); pass the
 * patient's age when known (infant fever). Never throws; returns hits most severe first.
 */
export function screenRedFlags(text: string, patient: TriagePatient = {}): RedFlagHit[] {
  const a = analyzeText(typeof text === 'string' ? text : '', SCREEN_SUBSET);
  const ctx = buildContext(a, patient);
  const hits: RedFlagHit[] = evaluateSigns(RED_FLAG_RULES, a, ctx).map((h) => ({
    id: h.rule.id,
    group: h.rule.group,
    level: h.rule.level === 'emergency' ? 'emergency' : 'very_urgent',
    evidence: h.evidence,
  }));
  for (const v of vitalSigns(a.vitals, ctx, hasBpSymptoms(a), false, false, hasBpEmergencySymptoms(a))) {
    if (v.level === 'emergency' || v.level === 'very_urgent') {
      hits.push({ id: v.id, group: 'vitals', level: v.level, evidence: v.evidence });
    }
  }
  return hits.sort((x, y) => (x.level === y.level ? 0 : x.level === 'emergency' ? -1 : 1));
}
