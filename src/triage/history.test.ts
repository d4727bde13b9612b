import { describe, expect, it } from 'vitest';
import { analyzeText } from './analysis.ts';
import { assessText } from './assess-text.ts';
import { has } from './concept-matcher.ts';

const current = (text: string, id: string) => has(analyzeText(text).hits, id);
const stroke = (text: string) => assessText(text).redFlags.includes('stroke.fast');

describe('history: refill or form requests and stable deficits (round 7)', () => {
  it('a past stroke with the same weakness "like before" and a refill request is history', () => {
    expect(stroke('had a stroke 5 years back, my arm is weak like before, just need my pills')).toBe(false);
  });
  it('a new onset told with the refill keeps the stroke current', () => {
    expect(
      stroke('had a stroke 5 years back, now my arm is weak since this morning, just need my pills'),
    ).toBe(true);
  });
  it('"again" keeps everything current', () => {
    expect(stroke('had a stroke 5 years back, my arm is weak again, just need my pills')).toBe(true);
  });
  it('a long quiet spell puts the clause before it in the past', () => {
    expect(
      current("j'ai fait des crises avant, plus rien depuis 3 ans, je veux l'ordonnance", 'neuro.seizure'),
    ).toBe(false);
  });
});

describe('history: heavy bleeding told as stopped (round 7)', () => {
  it('"sangrou muito mas já parou" is not heavy bleeding now', () => {
    expect(current('cortei o dedo, sangrou muito mas ja parou', 'bleed.severe')).toBe(false);
  });
  it('"não parou" keeps it', () => {
    expect(current('cortei o dedo, sangrou muito e nao parou', 'bleed.severe')).toBe(true);
  });
  it('with faintness it stays (shock)', () => {
    expect(current('it was bleeding a lot but it stopped, now she fainted', 'bleed.severe')).toBe(true);
  });
});
