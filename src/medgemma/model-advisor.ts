import { languageFromText } from '../conversation/guess-language.ts';
import type { TriageAdvisor } from '../triage/triage-one.ts';
import type { TriagePatient } from '../triage/types.ts';
import type { ModelLanguage, TriageModel } from './triage-model.ts';

/**
 * MedGemma as a one-shot second opinion for `triageOne` (the triage command line): one turn with the
 * question budget spent, so the model must assess rather than ask. What comes back is used only
 * through `triageOne`'s floor rule (it can raise urgency, never lower it); a model error, a timeout
 * or an answer that is still a question leaves the protocol's result standing.
 *
 * @param model a configured model (`createTriageModel`)
 * @param options the per-case deadline, and the patient's age and sex when known
 */
export function modelAdvisor(
  model: TriageModel,
  options: { timeoutMs: number; patient?: TriagePatient },
): TriageAdvisor {
  return async (text, protocol) => {
    const language: ModelLanguage = languageFromText(text) ?? 'en';
    const turn = await model.turn(
      {
        language,
        runningSummary: '',
        patientText: text,
        questionsAsked: 1,
        maxQuestions: 1,
        protocol: {
          complaintGroup: protocol.complaintGroup,
          urgency: protocol.urgency,
          redFlags: protocol.redFlags,
        },
        ...(options.patient?.ageYears !== undefined
          ? { patient: { ageYears: options.patient.ageYears } }
          : {}),
      },
      AbortSignal.timeout(options.timeoutMs),
    );
    if (turn.next.kind !== 'assess') return undefined;
    return { urgency: turn.next.assessment.urgency, reasons: turn.next.assessment.reasons };
  };
}
