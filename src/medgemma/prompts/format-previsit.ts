import type { TriageResult } from '../../triage/types.ts';
import type { MergedAssessment } from '../merge-assessment.ts';
import type { ModelAssessment } from '../triage-model.ts';

const DISPOSITION_TEXT = {
  emergency: 'emergency care now',
  urgent: 'same or next working day',
  routine: 'routine appointment',
  self_care: 'self-care advice (booking offered)',
} as const;

/**
 * The pre-visit note the clinician reads with the booking (AppointReady's report sections, reference
 * A6: primary concern, HPI, pertinent negatives — plus what a triage adds: urgency, red flags with
 * the patient's own words, reasons with their source). English, plain text, pure.
 *
 * The model's narrative is shown only as the model's ("HPI (model)"), next to the protocol's own
 * summary, so the clinician can tell machine text from rule output.
 *
 * @param protocol the protocol's result
 * @param merged the merge of the protocol and the model (`mergeAssessment`)
 * @param model the model's assessment, if there was one
 */
export function formatPrevisit(
  protocol: TriageResult,
  merged: MergedAssessment,
  model?: ModelAssessment,
): string {
  const lines: string[] = [];
  const source =
    merged.modelUrgency === undefined
      ? 'protocol only'
      : `protocol ${merged.protocolUrgency}/5, model ${merged.modelUrgency}/5 (${merged.agreement.replace('_', ' ')})`;
  lines.push(
    `WhatsApp triage: urgency ${merged.urgency}/5, ${DISPOSITION_TEXT[merged.disposition]} [${source}]`,
  );
  const concern = model?.primary_concern?.trim();
  lines.push(`Primary concern: ${concern ? concern : protocol.complaintGroup.replace(/[_.]/g, ' ')}`);
  if (model !== undefined && model.summary.trim() !== '')
    lines.push(`HPI (model): ${oneParagraph(model.summary)}`);
  if (protocol.summary.trim() !== '') lines.push(`Protocol summary: ${oneParagraph(protocol.summary)}`);
  if (protocol.temperatureC !== undefined)
    lines.push(`Reported temperature: ${protocol.temperatureC.toFixed(1)} °C`);
  if (protocol.pertinentPositives.length > 0)
    lines.push(`Reported: ${protocol.pertinentPositives.join('; ')}`);
  lines.push(
    `Pertinent negatives: ${merged.pertinentNegatives.length === 0 ? 'none recorded' : merged.pertinentNegatives.map(tagged).join('; ')}`,
  );
  lines.push(
    `Red flags: ${
      merged.redFlags.length === 0
        ? 'none'
        : merged.redFlags
            .map((f) =>
              f.source === 'protocol'
                ? `${f.id} (protocol)`
                : `${f.id.replace(/^model:/, '')} (model: "${f.quote ?? ''}")`,
            )
            .join('; ')
    }`,
  );
  if (merged.reasons.length > 0) lines.push(`Reasons: ${merged.reasons.map(tagged).join('; ')}`);
  if (merged.recommendedService !== undefined)
    lines.push(`Suggested service (model): ${merged.recommendedService}`);
  if (merged.modelUrgency !== undefined) {
    lines.push(
      'Model output is advisory: urgency is never set below the protocol and is to be confirmed by a clinician.',
    );
  }
  return lines.join('\n');
}

function tagged(item: { text: string; source: 'protocol' | 'model' }): string {
  return item.source === 'model' ? `${item.text} (model)` : item.text;
}

function oneParagraph(text: string): string {
  return text.replace(/\s*\n+\s*/g, ' ').trim();
}
