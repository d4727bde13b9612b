import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../../triage/types.ts';
import { mergeAssessment } from '../merge-assessment.ts';
import type { ModelAssessment } from '../triage-model.ts';
import { formatPrevisit } from './format-previsit.ts';

const protocol: TriageResult = {
  urgency: 3,
  disposition: 'urgent',
  redFlags: ['fever.high'],
  reasons: ['Fever 39.5 °C for 3 days'],
  pertinentPositives: ['fever', 'headache'],
  pertinentNegatives: ['Denies neck stiffness'],
  complaintGroup: 'fever',
  temperatureC: 39.5,
  summary: 'Fever and headache for 3 days.',
};

const model: ModelAssessment = {
  urgency: 4,
  disposition: 'emergency',
  red_flags: [
    { id: 'confusion', quote: 'my son is confused' },
    { id: 'rash', quote: 'purple spots' },
  ],
  reasons: ['New confusion with fever'],
  recommended_service: 'emergency department',
  primary_concern: 'Fever with confusion in a 7-year-old',
  pertinent_negatives: ['No vomiting'],
  summary: 'Primary concern: fever 3 days.\nHPI: confusion since this morning. Denies vomiting.',
};

describe('formatPrevisit', () => {
  it('renders urgency, concern, HPI, negatives, red flags with quotes, reasons with provenance', () => {
    const merged = mergeAssessment(protocol, model, ['Fever since Monday and my son is confused today']);
    expect(formatPrevisit(protocol, merged, model)).toBe(
      [
        'WhatsApp triage: urgency 4/5, emergency care now [protocol 3/5, model 4/5 (model higher)]',
        'Primary concern: Fever with confusion in a 7-year-old',
        'HPI (model): Primary concern: fever 3 days. HPI: confusion since this morning. Denies vomiting.',
        'Protocol summary: Fever and headache for 3 days.',
        'Reported temperature: 39.5 °C',
        'Reported: fever; headache',
        'Pertinent negatives: Denies neck stiffness; No vomiting (model)',
        'Red flags: fever.high (protocol); confusion (model: "my son is confused")',
        'Reasons: Fever 39.5 °C for 3 days; New confusion with fever (model)',
        'Suggested service (model): emergency department',
        'Model output is advisory: urgency is never set below the protocol and is to be confirmed by a clinician.',
      ].join('\n'),
    );
  });

  it('protocol only', () => {
    const merged = mergeAssessment({ ...protocol, redFlags: [], pertinentNegatives: [] }, undefined, []);
    const text = formatPrevisit(protocol, merged);
    expect(text.split('\n')[0]).toBe(
      'WhatsApp triage: urgency 3/5, same or next working day [protocol only]',
    );
    expect(text).toContain('Primary concern: fever');
    expect(text).toContain('Pertinent negatives: none recorded');
    expect(text).toContain('Red flags: none');
    expect(text).not.toContain('(model');
  });
});
