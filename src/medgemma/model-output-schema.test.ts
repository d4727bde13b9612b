import { describe, expect, it } from 'vitest';
import { askReply, assessReply } from '../../test/medgemma/model-test-kit.ts';
import {
  MAX_SUMMARY_CHARS,
  modelOutputJsonSchema,
  normalizeFlagId,
  parseModelOutput,
} from './model-output-schema.ts';

const limits = { questionsAsked: 0, maxQuestions: 5 };

describe('modelOutputJsonSchema (sent for constrained decoding)', () => {
  it('is a flat object, all fields required, no length keywords or defaults', () => {
    const text = JSON.stringify(modelOutputJsonSchema);
    expect(modelOutputJsonSchema).toMatchObject({
      type: 'object',
      required: ['summary', 'action', 'question', 'assessment'],
      additionalProperties: false,
    });
    expect(text).not.toMatch(/"(maxLength|minLength|maxItems|default|\$schema)"/);
    expect(text).toContain('"minimum":1');
    expect(text).toContain('"maximum":5');
  });
});

describe('parseModelOutput', () => {
  it('accepts an ask and an assess; an assessment sent with ask is ignored', () => {
    expect(parseModelOutput({ ...askReply(), assessment: assessReply().assessment }, limits)).toEqual({
      ok: true,
      turn: {
        summary: 'Cough 3 days, mild fever.',
        next: { kind: 'ask', question: 'Do you feel short of breath when you walk?' },
      },
    });
    const r = parseModelOutput(assessReply(), limits);
    expect(r.ok && r.turn.next.kind).toBe('assess');
  });

  it('fills defaults for optional assessment fields and drops empty ones', () => {
    const r = parseModelOutput(
      {
        summary: 's',
        action: 'assess',
        assessment: {
          urgency: 3,
          disposition: 'urgent',
          summary: 'x',
          recommended_service: ' ',
          reasons: ['', ' a '],
        },
      },
      limits,
    );
    expect(r).toEqual({
      ok: true,
      turn: {
        summary: 's',
        next: {
          kind: 'assess',
          assessment: {
            urgency: 3,
            disposition: 'urgent',
            red_flags: [],
            reasons: ['a'],
            pertinent_negatives: [],
            summary: 'x',
          },
        },
      },
    });
  });

  it('normalises red-flag ids and drops unusable flags', () => {
    const r = parseModelOutput(
      assessReply({
        red_flags: [
          { id: 'Chest Pain → Arm!', quote: 'pain in my arm' },
          { id: '***', quote: 'x' },
          { id: 'ok', quote: '  ' },
        ],
      }),
      limits,
    );
    expect(r.ok && r.turn.next.kind === 'assess' && r.turn.next.assessment.red_flags).toEqual([
      { id: 'chest_pain_arm', quote: 'pain in my arm' },
    ]);
    expect(normalizeFlagId('Fièvre Élevée')).toBe('fievre_elevee');
  });

  it('caps a long summary at a word boundary', () => {
    const r = parseModelOutput(askReply('Since when?', 'word '.repeat(200)), limits);
    expect(r.ok && r.turn.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(r.ok && r.turn.summary.endsWith('…')).toBe(true);
  });

  it('problems name paths and rules, never values', () => {
    const r = parseModelOutput(assessReply({ urgency: 9, disposition: 'PATIENT-SECRET' }), limits);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join(' ')).toContain('assessment.urgency');
    expect(r.problems.join(' ')).not.toContain('PATIENT-SECRET');
  });
});
