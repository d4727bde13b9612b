import { assessText } from './assess-text.ts';
import type { TriagePatient, TriageResult, Urgency } from './types.ts';
import { isUrgency, maxUrgency, urgencyToDisposition } from './urgency.ts';

/** A second opinion (e.g. a model) on a triage; it can only raise urgency, never lower it. */
export interface TriageOpinion {
  urgency: Urgency;
  reasons?: string[];
}

/** Anything that can give an opinion on a text given the protocol's result. */
export type TriageAdvisor = (text: string, protocol: TriageResult) => Promise<TriageOpinion | undefined>;

/**
 * Triage one free text. Today: the embedded protocol alone. With an advisor (a model, added later),
 * its opinion is merged by the protocol's floor rule: max(protocol, advisor). An advisor that fails,
 * returns nothing or returns a malformed urgency is ignored (the protocol result stands).
 */
export async function triageOne(
  text: string,
  options: { patient?: TriagePatient; advisor?: TriageAdvisor } = {},
): Promise<TriageResult> {
  const protocol = assessText(text, options.patient ?? {});
  if (!options.advisor) return protocol;
  let opinion: TriageOpinion | undefined;
  try {
    opinion = await options.advisor(text, protocol);
  } catch {
    return protocol;
  }
  if (!opinion || !isUrgency(opinion.urgency) || opinion.urgency <= protocol.urgency) return protocol;
  const urgency = maxUrgency(protocol.urgency, opinion.urgency);
  return {
    ...protocol,
    urgency,
    disposition: urgencyToDisposition(urgency),
    reasons: [...(opinion.reasons ?? []).map((r) => `${r} (advisor)`), ...protocol.reasons],
    summary: `${protocol.summary} Raised to urgency ${urgency} by advisor.`,
  };
}
