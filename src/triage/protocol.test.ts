import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYesNo } from './answer-parse.ts';
import { assessText } from './assess-text.ts';
import {
  addPatientText,
  answerProtocol,
  MAX_QUESTIONS,
  protocolResult,
  resumeProtocol,
  startProtocol,
} from './protocol.ts';
import type { ProtocolAnswer, ProtocolStep } from './types.ts';

function run(step: ProtocolStep, answers: ProtocolAnswer[]): { step: ProtocolStep; asked: string[] } {
  const asked: string[] = [];
  let s = step;
  let i = 0;
  while (s.next.kind === 'question') {
    asked.push(s.next.question.id);
    s = answerProtocol(s.state, answers[i] ?? { kind: 'no' });
    i++;
    if (i > 20) throw new Error('protocol does not end');
  }
  return { step: s, asked };
}

describe('protocol', () => {
  it('ends at once, with no question, on a red flag', () => {
    const s = startProtocol({ text: "I can't breathe" });
    expect(s.next.kind).toBe('done');
    if (s.next.kind === 'done') {
      expect(s.next.result.disposition).toBe('emergency');
      expect(s.next.result.redFlags).toContain('breathing.severe');
    }
  });

  it('asks chest-pain discriminators, emergency-level first, and downgrades to urgent when all are no', () => {
    const s = startProtocol({ text: 'I have some chest pain', patient: { ageYears: 40, sex: 'male' } });
    expect(s.next.kind).toBe('question');
    const { step, asked } = run(s, []);
    expect(asked[0]).toBe('breath.severe');
    expect(asked).toContain('chest.sweating');
    expect(asked.length).toBeLessThanOrEqual(MAX_QUESTIONS);
    if (step.next.kind !== 'done') throw new Error('not done');
    expect(step.next.result.disposition).toBe('urgent');
    expect(step.next.result.pertinentNegatives).toContain('Denies difficulty breathing');
  });

  it('any yes to an emergency discriminator ends at once with emergency', () => {
    const s = startProtocol({ text: 'I have some chest pain', patient: { ageYears: 40 } });
    const next = answerProtocol(s.state, { kind: 'yes' });
    expect(next.next.kind).toBe('done');
    if (next.next.kind === 'done') expect(next.next.result.disposition).toBe('emergency');
  });

  it('"unsure" counts as the safer answer', () => {
    const s = startProtocol({ text: 'my child has a fever', patient: { ageYears: 3 } });
    expect(s.next.kind).toBe('question');
    const next = answerProtocol(s.state, { kind: 'unsure' });
    expect(next.next.kind).toBe('done');
    if (next.next.kind === 'done') expect(next.next.result.disposition).toBe('emergency');
  });

  it('reads free-text answers in five languages and screens them', () => {
    expect(parseYesNo('oui')).toBe('yes');
    expect(parseYesNo('Sí')).toBe('yes');
    expect(parseYesNo('não')).toBe('no');
    expect(parseYesNo('hapana')).toBe('no');
    expect(parseYesNo('ndiyo')).toBe('yes');
    expect(parseYesNo('sijui')).toBe('unsure');
    expect(parseYesNo('no sé')).toBe('unsure');
    expect(parseYesNo('my leg is blue')).toBeUndefined();
    const s = startProtocol({ text: 'I have a headache', patient: { ageYears: 30 } });
    expect(s.next.kind).toBe('question');
    const next = answerProtocol(s.state, { kind: 'text', text: "no but now I can't breathe" });
    expect(next.next.kind).toBe('done');
    if (next.next.kind === 'done') expect(next.next.result.redFlags).toContain('breathing.severe');
  });

  it('mild cold ends in self-care with advice', () => {
    const { step } = run(
      startProtocol({ text: 'runny nose and sneezing since yesterday', patient: { ageYears: 25 } }),
      [],
    );
    if (step.next.kind !== 'done') throw new Error('not done');
    expect(step.next.result.disposition).toBe('self_care');
    expect(step.next.result.selfCareAdviceKey).toBe('advice.selfcare.cold');
  });

  it('skips questions the text already answers', () => {
    const s = startProtocol({
      text: 'chest pain, no shortness of breath, no sweating',
      patient: { ageYears: 50 },
    });
    const { asked } = run(s, []);
    expect(asked).not.toContain('breath.severe');
    expect(asked).not.toContain('chest.sweating');
  });

  it('addPatientText + resumeProtocol catches a red flag sent mid-protocol', () => {
    const s = startProtocol({ text: 'my stomach hurts a bit', patient: { ageYears: 30, sex: 'female' } });
    const withText = addPatientText(s.state, 'now I am vomiting blood');
    const r = resumeProtocol(withText);
    expect(r.next.kind).toBe('done');
    if (r.next.kind === 'done') expect(r.next.result.redFlags).toContain('bleeding.vomiting_blood');
  });

  it('state is JSON-serialisable and a round trip gives the same next step', () => {
    const s = startProtocol({ text: 'I have a fever', patient: { ageYears: 30 } });
    const copy = JSON.parse(JSON.stringify(s.state));
    expect(copy).toEqual(s.state);
    expect(answerProtocol(copy, { kind: 'no' })).toEqual(answerProtocol(s.state, { kind: 'no' }));
  });

  it('never asks more than MAX_QUESTIONS, always ends, and never goes below the text-only floor (property)', () => {
    const texts = [
      'chest pain',
      'fever',
      'my baby has a fever',
      'headache',
      'stomach pain',
      'cut my hand',
      'rash',
      'burning pee',
      'I feel sad',
      'back pain',
      'sore throat',
      'I am pregnant',
      'cough',
      'tumbo linauma',
      'fièvre',
      'dolor de cabeza',
      'dor nas costas',
      'hello',
    ];
    const answer = fc.constantFrom<ProtocolAnswer>(
      { kind: 'yes' },
      { kind: 'no' },
      { kind: 'unsure' },
      { kind: 'text', text: 'hapana' },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(answer, { maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: 90 })),
        (text, answers, age) => {
          const patient = age === null ? {} : { ageYears: age };
          const { step, asked } = run(startProtocol({ text, patient }), answers);
          expect(asked.length).toBeLessThanOrEqual(MAX_QUESTIONS);
          if (step.next.kind !== 'done') throw new Error('not done');
          const floor = assessText(text, patient);
          // The protocol may only lower the one-shot result where the one-shot assumed unknown cardiac features.
          if (floor.complaintGroup !== 'chest_pain')
            expect(step.next.result.urgency).toBeGreaterThanOrEqual(Math.min(floor.urgency, 3));
          expect(step.next.result.redFlags).toEqual(expect.arrayContaining(floor.redFlags));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('adding text never lowers urgency below the previous red flags and urgent discriminators (property)', () => {
    const phrases = [
      'chest pain',
      'no chest pain',
      'cant breathe',
      'mild headache',
      'sina homa',
      'I feel better',
      'fever 39',
      'but',
      'dog bit me',
      'vomiting blood',
      'runny nose',
      'no',
      'not',
      'stomach pain',
      'pas de fièvre',
      'sangrando mucho',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...phrases), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom(...phrases), { maxLength: 4 }),
        (a, b) => {
          const first = a.join(' ');
          const s = startProtocol({ text: first, patient: { ageYears: 35 } });
          const before = protocolResult(s.state);
          const after = protocolResult(addPatientText(s.state, b.join(' ')));
          if (before.urgency >= 3) expect(after.urgency).toBeGreaterThanOrEqual(before.urgency);
          expect(after.redFlags).toEqual(expect.arrayContaining(before.redFlags));
          const oneShotBefore = assessText(first);
          const oneShotAfter = assessText(`${first}\n${b.join(' ')}`);
          if (oneShotBefore.urgency >= 3)
            expect(oneShotAfter.urgency).toBeGreaterThanOrEqual(oneShotBefore.urgency);
        },
      ),
      { numRuns: 300 },
    );
  });
});
