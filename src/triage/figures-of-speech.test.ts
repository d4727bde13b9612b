import { describe, expect, it } from 'vitest';
import { analyzeText } from './analysis.ts';
import { has } from './concept-matcher.ts';

describe('figures of speech drop the clinical hits inside them (round 7)', () => {
  it('"my heart is broken" is not a fracture', () => {
    const a = analyzeText('my heart is broken since she left me');
    expect(has(a.hits, 'fig.heartbreak')).toBe(true);
    expect(has(a.hits, 'inj.fracture')).toBe(false);
  });
  it('"me duele el corazón" after a break-up is not chest pain', () => {
    const a = analyzeText('termine con mi novio y me duele el corazon');
    expect(has(a.hits, 'chest.pain')).toBe(false);
  });
  it('without the break-up, "me duele el corazón" is chest pain', () => {
    const a = analyzeText('me duele el corazon desde la manana');
    expect(has(a.hits, 'fig.heartache')).toBe(false);
    expect(has(a.hits, 'chest.pain')).toBe(true);
  });
  it('a fracture outside the figure stays', () => {
    const a = analyzeText('my heart is broken and my arm is broken too');
    expect(has(a.hits, 'inj.fracture')).toBe(true);
  });
});
