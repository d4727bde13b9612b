import { evaluate } from './evaluate.ts';
import type { TriagePatient, TriageResult } from './types.ts';

/**
 * One-shot triage from text alone (no questions), for the CLI, the benchmark and a model-less
 * fallback. Infers everything it can: red flags, discriminators, vitals, age, duration. Unknown
 * cardiac features in adult chest pain count as present (SATS: chest pain is very urgent). Pure.
 */
export function assessText(text: string, patient: TriagePatient = {}): TriageResult {
  return evaluate({ texts: [typeof text === 'string' ? text : ''], patient, answers: {}, mode: 'oneshot' })
    .result;
}
