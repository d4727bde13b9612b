import type { ClinicalContext, TextAnalysis } from './analysis.ts';
import { has, positives } from './concept-matcher.ts';
import type { SignLevel } from './types.ts';
import type { ReportedVitals } from './vitals.ts';

/** A level derived from a measured value the patient reported. */
export interface VitalSign {
  id: string;
  level: SignLevel;
  reason: string;
  evidence: string;
}

/** Reported-pressure signs that already cover a high reading. */
const HIGH_BP_IDS: ReadonlySet<string> = new Set([
  'vitals.hypertensive_emergency',
  'vitals.high_bp',
  'vitals.high_bp_symptomatic',
]);

/**
 * Signs from reported measurements. Like SATS TEWS they can only raise urgency: a normal value never
 * lowers what the discriminators found. Thresholds: SATS (glucose < 3 mmol/L emergency), TEWS-shaped
 * for temperature, pulse and blood pressure, NICE NG143 for infant temperature. `symptomatic`: the text
 * reports headache, chest pain, breathlessness, blurred vision or confusion (turns very high blood
 * pressure into a very urgent sign).
 */
export function vitalSigns(
  v: ReportedVitals,
  ctx: ClinicalContext,
  symptomatic = false,
  hyperglycaemiaSymptoms = false,
  bpMedicinesOut = false,
  /** Round 7: symptoms that make a very high reading an emergency (a slight headache does not). */
  bpEmergencySymptoms = symptomatic,
): VitalSign[] {
  const out: VitalSign[] = [];
  const t = v.temperatureC;
  if (t !== undefined) {
    if (ctx.infant && t < 36) {
      out.push({
        id: 'vitals.infant_hypothermia',
        level: 'very_urgent',
        reason: `Infant temperature ${t} °C (below 36 °C)`,
        evidence: `${t} C`,
      });
    } else if (t >= 41) {
      out.push({
        id: 'vitals.hyperpyrexia',
        level: 'very_urgent',
        reason: `Temperature ${t} °C (41 °C or more)`,
        evidence: `${t} C`,
      });
    } else if (t < 35) {
      out.push({
        id: 'vitals.hypothermia',
        level: 'urgent',
        reason: `Temperature ${t} °C (below 35 °C)`,
        evidence: `${t} C`,
      });
    }
  }
  if (v.spo2 !== undefined && v.spo2 < 92) {
    out.push({
      id: 'vitals.low_oxygen',
      level: 'very_urgent',
      reason: `Oxygen saturation ${v.spo2}% (below 92%)`,
      evidence: `${v.spo2}%`,
    });
  }
  if (v.glucoseLow !== undefined && v.glucoseLow < 3) {
    out.push({
      id: 'vitals.hypoglycaemia',
      level: 'emergency',
      reason: `Blood glucose ${v.glucoseLow} mmol/L (below 3, SATS emergency)`,
      evidence: `glucose ${v.glucoseLow}`,
    });
  } else if (v.glucoseLow !== undefined && v.glucoseLow < 4) {
    out.push({
      id: 'vitals.low_glucose',
      level: 'urgent',
      reason: `Blood glucose ${v.glucoseLow} mmol/L`,
      evidence: `glucose ${v.glucoseLow}`,
    });
  }
  if (v.glucoseHigh !== undefined && v.glucoseHigh > 20) {
    out.push({
      id: 'vitals.high_glucose',
      level: 'urgent',
      reason: `Blood glucose ${v.glucoseHigh} mmol/L (above 20)`,
      evidence: `glucose ${v.glucoseHigh}`,
    });
  } else if (v.glucoseHigh !== undefined && v.glucoseHigh >= 15 && hyperglycaemiaSymptoms) {
    out.push({
      id: 'vitals.high_glucose_symptomatic',
      level: 'urgent',
      reason: `Blood glucose ${v.glucoseHigh} mmol/L with thirst, passing much urine or weakness`,
      evidence: `glucose ${v.glucoseHigh}`,
    });
  }
  if (v.lowestSystolic !== undefined && v.lowestSystolic < 80) {
    out.push({
      id: 'vitals.hypotension',
      level: 'very_urgent',
      reason: `Systolic blood pressure ${v.lowestSystolic} mmHg (below 80)`,
      evidence: `bp ${v.lowestSystolic}`,
    });
  } else if (v.lowestSystolic !== undefined && v.lowestSystolic < 90) {
    out.push({
      id: 'vitals.low_bp',
      level: 'urgent',
      reason: `Systolic blood pressure ${v.lowestSystolic} mmHg`,
      evidence: `bp ${v.lowestSystolic}`,
    });
  }
  const veryHigh =
    (v.systolic !== undefined && v.systolic >= 180) || (v.diastolic !== undefined && v.diastolic >= 110);
  if (veryHigh && bpEmergencySymptoms) {
    out.push({
      id: 'vitals.hypertensive_emergency',
      level: 'very_urgent',
      reason: `Blood pressure ${v.systolic}/${v.diastolic} mmHg with headache, chest pain, breathlessness, visual or neurological symptoms`,
      evidence: `bp ${v.systolic}/${v.diastolic}`,
    });
  } else if (veryHigh) {
    out.push({
      id: 'vitals.high_bp',
      level: 'urgent',
      reason: `Blood pressure ${v.systolic}/${v.diastolic} mmHg (180/110 or more)`,
      evidence: `bp ${v.systolic}/${v.diastolic}`,
    });
  } else if (
    symptomatic &&
    ((v.systolic !== undefined && v.systolic >= 160) || (v.diastolic !== undefined && v.diastolic >= 100))
  ) {
    out.push({
      id: 'vitals.high_bp_symptomatic',
      level: 'urgent',
      reason: `Blood pressure ${v.systolic}/${v.diastolic} mmHg (160/100 or more) with symptoms`,
      evidence: `bp ${v.systolic}/${v.diastolic}`,
    });
  }
  // Severe-range pressure (160/100 or more) with the tablets run out or stopped: same-day review and
  // supply, even without symptoms (uncontrolled hypertension off treatment).
  if (
    bpMedicinesOut &&
    !out.some((o) => HIGH_BP_IDS.has(o.id)) &&
    ((v.systolic !== undefined && v.systolic >= 160) || (v.diastolic !== undefined && v.diastolic >= 100))
  ) {
    out.push({
      id: 'vitals.high_bp_untreated',
      level: 'urgent',
      reason: `Blood pressure ${v.systolic}/${v.diastolic} mmHg with blood-pressure medicines run out or stopped`,
      evidence: `bp ${v.systolic}/${v.diastolic}`,
    });
  }
  // Children's normal pulse runs higher; the adult thresholds would mislabel them.
  if (v.pulse !== undefined && !ctx.child) {
    if (v.pulse >= 150)
      out.push({
        id: 'vitals.tachycardia',
        level: 'very_urgent',
        reason: `Pulse ${v.pulse}/min (150 or more)`,
        evidence: `pulse ${v.pulse}`,
      });
    else if (v.pulse >= 130 || v.pulse <= 40)
      out.push({
        id: 'vitals.abnormal_pulse',
        level: 'urgent',
        reason: `Pulse ${v.pulse}/min`,
        evidence: `pulse ${v.pulse}`,
      });
  }
  return out;
}

export const BP_SYMPTOMS = [
  'neuro.headache',
  'chest.pain',
  'eye.blurred',
  'neuro.confusion',
  'breathing.sob_acute',
  'breathing.sob_severe',
  'neuro.limb_weak',
  'neuro.speech',
];

/** True when the text reports thirst, passing much urine, weakness or vomiting (symptomatic high sugar). */
export function hasHyperglycaemiaSymptoms(a: TextAnalysis): boolean {
  return ['sym.thirst', 'sym.polyuria', 'gen.weak', 'gi.vomiting', 'gi.dehydration'].some((id) =>
    has(a.hits, id),
  );
}

/** True when the text says medicines ran out or were stopped (read with a high pressure reading). */
export function hasMedicinesOut(a: TextAnalysis): boolean {
  return ['atom.ran_out', 'atom.stopped_taking'].some((id) => has(a.hits, id));
}

/** True when the text reports a symptom that makes very high blood pressure an emergency. */
export function hasBpSymptoms(a: TextAnalysis): boolean {
  return BP_SYMPTOMS.some((id) => has(a.hits, id));
}

/** Like hasBpSymptoms, but a headache the patient calls slight does not count (see below). */
export function hasBpEmergencySymptoms(a: TextAnalysis): boolean {
  return BP_SYMPTOMS.some((id) => (id === 'neuro.headache' ? hasNotMildHeadache(a) : has(a.hits, id)));
}

/**
 * Round 7: a headache the patient calls slight ("slight headache", "petit mal de tête", "uma
 * dorzinha de cabeça", "kichwa kinauma kidogo tu") beside a very high reading is a same-day
 * hypertensive urgency, not the end-organ sign that makes it an emergency. Only a headache with the
 * mild word next to it (3 tokens) is discounted; any other headache counts.
 */
function hasNotMildHeadache(a: TextAnalysis): boolean {
  const mild = positives(a.hits, 'mod.mild');
  return positives(a.hits, 'neuro.headache').some(
    (h) =>
      !mild.some(
        (m) => m.sentence === h.sentence && m.tokenStart <= h.tokenEnd + 3 && m.tokenEnd >= h.tokenStart - 3,
      ),
  );
}
