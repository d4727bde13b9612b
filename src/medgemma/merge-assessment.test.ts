import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Disposition, TriageResult, Urgency } from '../triage/types.ts';
import { mergeAssessment, normalizeForQuote } from './merge-assessment.ts';
import type { ModelAssessment } from './triage-model.ts';

const RANK: Record<Disposition, number> = { self_care: 0, routine: 1, urgent: 2, emergency: 3 };
const urgencyArb = fc.constantFrom<Urgency>(1, 2, 3, 4, 5);
const dispositionArb = fc.constantFrom<Disposition>('self_care', 'routine', 'urgent', 'emergency');
const idArb = fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8})?$/);

function protocol(overrides: Partial<TriageResult> = {}): TriageResult {
  return {
    urgency: 2,
    disposition: 'routine',
    redFlags: [],
    reasons: ['Cough without danger signs'],
    pertinentPositives: ['cough'],
    pertinentNegatives: ['Denies difficulty breathing'],
    complaintGroup: 'respiratory',
    summary: 'Cough for 3 days.',
    ...overrides,
  };
}

function model(overrides: Partial<ModelAssessment> = {}): ModelAssessment {
  return {
    urgency: 2,
    disposition: 'routine',
    red_flags: [],
    reasons: [],
    pertinent_negatives: [],
    summary: 'Cough.',
    ...overrides,
  };
}

const protocolArb: fc.Arbitrary<TriageResult> = fc.record({
  urgency: urgencyArb,
  disposition: dispositionArb,
  redFlags: fc.uniqueArray(idArb, { maxLength: 4 }),
  reasons: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
  pertinentPositives: fc.constant([]),
  pertinentNegatives: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
  complaintGroup: fc.constant('general'),
  summary: fc.constant(''),
});

const textsArb = fc.array(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('J’ai très mal à la poitrine', 'I cannot breathe!', 'Siwezi kupumua'),
  ),
  { maxLength: 3 },
);

const modelArb = (texts: string[]): fc.Arbitrary<ModelAssessment> =>
  fc.record({
    urgency: urgencyArb,
    disposition: dispositionArb,
    red_flags: fc.array(
      fc.record({
        id: idArb,
        quote: fc.oneof(
          fc.string({ maxLength: 20 }),
          texts.length === 0 ? fc.constant('nothing') : fc.constantFrom(...texts),
          fc.constantFrom('TRES MAL A LA POITRINE', 'cannot breathe', 'chest pain'),
        ),
      }),
      { maxLength: 4 },
    ),
    reasons: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    pertinent_negatives: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    summary: fc.constant('s'),
  });

const caseArb = textsArb.chain((texts) =>
  fc.record({ texts: fc.constant(texts), protocol: protocolArb, model: modelArb(texts) }),
);

describe('mergeAssessment: properties', () => {
  it('final urgency ≥ protocol urgency and ≥ model urgency; disposition never below either', () => {
    fc.assert(
      fc.property(caseArb, ({ texts, protocol: p, model: m }) => {
        const merged = mergeAssessment(p, m, texts);
        expect(merged.urgency).toBeGreaterThanOrEqual(p.urgency);
        expect(merged.urgency).toBeGreaterThanOrEqual(m.urgency);
        expect(RANK[merged.disposition]).toBeGreaterThanOrEqual(RANK[p.disposition]);
        expect(RANK[merged.disposition]).toBeGreaterThanOrEqual(RANK[m.disposition]);
      }),
      { numRuns: 1_000 },
    );
  });

  it('red flags ⊇ protocol red flags, protocol ones first and unchanged', () => {
    fc.assert(
      fc.property(caseArb, ({ texts, protocol: p, model: m }) => {
        const merged = mergeAssessment(p, m, texts);
        expect(merged.redFlagIds.slice(0, p.redFlags.length)).toEqual(p.redFlags);
        expect(merged.redFlags.filter((f) => f.source === 'protocol').map((f) => f.id)).toEqual(p.redFlags);
      }),
      { numRuns: 1_000 },
    );
  });

  it('every model red flag kept has a quote that occurs (normalised, whole words) in the patient text', () => {
    fc.assert(
      fc.property(caseArb, ({ texts, protocol: p, model: m }) => {
        const merged = mergeAssessment(p, m, texts);
        const hay = ` ${texts.map(normalizeForQuote).join(' | ')} `;
        for (const f of merged.redFlags.filter((x) => x.source === 'model')) {
          expect(f.id.startsWith('model:')).toBe(true);
          expect(hay.includes(` ${normalizeForQuote(f.quote ?? '')} `)).toBe(true);
        }
        const kept = merged.redFlags.filter((x) => x.source === 'model').length;
        expect(kept + merged.droppedModelRedFlags).toBeLessThanOrEqual(m.red_flags.length);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a model red flag whose quote is not in the text is always dropped', () => {
    fc.assert(
      fc.property(caseArb, fc.stringMatching(/^zq[a-z]{6}$/), ({ texts, protocol: p, model: m }, absent) => {
        const flagged = {
          ...m,
          red_flags: [...m.red_flags, { id: 'invented', quote: `felt ${absent} today` }],
        };
        const merged = mergeAssessment(
          p,
          flagged,
          texts.map((t) => t.replaceAll('zq', '')),
        );
        expect(merged.redFlags.some((f) => f.quote === `felt ${absent} today`)).toBe(false);
        expect(merged.droppedModelRedFlags).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('the protocol alone passes through unchanged', () => {
    fc.assert(
      fc.property(protocolArb, textsArb, (p, texts) => {
        const merged = mergeAssessment(p, undefined, texts);
        expect(merged).toMatchObject({
          urgency: p.urgency,
          disposition: p.disposition,
          redFlagIds: p.redFlags,
        });
        expect(merged.agreement).toBe('no_model');
      }),
    );
  });

  it('agreement follows urgency, then disposition', () => {
    fc.assert(
      fc.property(protocolArb, urgencyArb, dispositionArb, (p, u, d) => {
        const a = mergeAssessment(p, model({ urgency: u, disposition: d }), []).agreement;
        if (u > p.urgency) expect(a).toBe('model_higher');
        else if (u < p.urgency) expect(a).toBe('model_lower');
        else
          expect(a).toBe(
            RANK[d] > RANK[p.disposition]
              ? 'model_higher'
              : RANK[d] < RANK[p.disposition]
                ? 'model_lower'
                : 'agree',
          );
      }),
    );
  });
});

describe('mergeAssessment: examples', () => {
  it('a lower model urgency is raised to the protocol floor (model_lower)', () => {
    const merged = mergeAssessment(
      protocol({ urgency: 4, disposition: 'emergency', redFlags: ['chest.cardiac'] }),
      model({ urgency: 1, disposition: 'self_care' }),
      ['chest pain going to my left arm'],
    );
    expect(merged).toMatchObject({
      urgency: 4,
      disposition: 'emergency',
      agreement: 'model_lower',
      redFlagIds: ['chest.cardiac'],
    });
  });

  it('a higher model urgency raises the result; the model pair is made consistent upwards', () => {
    const merged = mergeAssessment(protocol(), model({ urgency: 4, disposition: 'routine' }), ['x']);
    expect(merged).toMatchObject({ urgency: 4, disposition: 'emergency', agreement: 'model_higher' });
  });

  it('adds a model red flag only when its quote is in the text (accents, case, punctuation ignored)', () => {
    const merged = mergeAssessment(
      protocol(),
      model({
        urgency: 3,
        disposition: 'urgent',
        red_flags: [
          { id: 'chest_pain', quote: 'TRES MAL a la poitrine' },
          { id: 'stroke', quote: 'my face is drooping' },
          { id: 'tiny', quote: 'a' },
        ],
      }),
      ["Bonjour, j'ai très mal à la poitrine!!"],
    );
    expect(merged.redFlags).toEqual([
      { id: 'model:chest_pain', source: 'model', quote: 'TRES MAL a la poitrine' },
    ]);
    expect(merged.droppedModelRedFlags).toBe(2);
  });

  it('a quote must match whole words ("pain" is not in "spain")', () => {
    const merged = mergeAssessment(protocol(), model({ red_flags: [{ id: 'p', quote: 'pain' }] }), [
      'back from spain',
    ]);
    expect(merged.redFlags).toEqual([]);
  });

  it('reasons and negatives merged with provenance, duplicates removed', () => {
    const merged = mergeAssessment(
      protocol(),
      model({
        reasons: ['cough without danger signs', 'Fever for 3 days'],
        pertinent_negatives: ['denies chest pain'],
      }),
      [],
    );
    expect(merged.reasons).toEqual([
      { text: 'Cough without danger signs', source: 'protocol' },
      { text: 'Fever for 3 days', source: 'model' },
    ]);
    expect(merged.pertinentNegatives).toEqual([
      { text: 'Denies difficulty breathing', source: 'protocol' },
      { text: 'denies chest pain', source: 'model' },
    ]);
  });
});
