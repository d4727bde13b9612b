import { describe, expect, it } from 'vitest';
import { extractAges } from './age.ts';
import { assessText } from './assess-text.ts';
import { extractDurationDays } from './duration.ts';
import { normalizeText } from './normalize.ts';
import { parseVitals } from './vitals.ts';

const disp = (text: string, ageYears?: number) =>
  assessText(text, ageYears === undefined ? {} : { ageYears }).disposition;

describe('parseVitals', () => {
  it.each([
    ['38.9', 38.9],
    ['temp 40', 40],
    ['39 C', 39],
    ['39°C', 39],
    ['102F', 38.9],
    ['fever of 101 f', 38.3],
    ['fièvre à 39,5', 39.5],
    ['fiebre de 39', 39],
    ['febre de 38,7', 38.7],
    ['homa 39', 39],
  ])('%s → %d °C', (text, t) => {
    expect(parseVitals(normalizeText(text)).temperatureC).toBeCloseTo(t, 1);
  });
  it('ignores numbers that are not temperatures', () => {
    expect(parseVitals(normalizeText('I weigh 38.5 kg')).temperatureC).toBeUndefined();
    expect(parseVitals(normalizeText('3 days')).temperatureC).toBeUndefined();
    expect(parseVitals(normalizeText('I am 39 years old')).temperatureC).toBeUndefined();
  });
  it('reads blood pressure, including cmHg, oxygen, pulse and glucose', () => {
    expect(parseVitals(normalizeText('bp 180/110')).systolic).toBe(180);
    expect(parseVitals(normalizeText('tension 18/11')).systolic).toBe(180);
    expect(parseVitals(normalizeText('pressão 19 por 12')).diastolic).toBe(120);
    expect(parseVitals(normalizeText('sat 88%')).spo2).toBe(88);
    expect(parseVitals(normalizeText('pulse 140')).pulse).toBe(140);
    expect(parseVitals(normalizeText('sugar 2.5')).glucoseLow).toBe(2.5);
    expect(parseVitals(normalizeText('glucose 450')).glucoseHigh).toBe(25);
  });
});

describe('ages and durations', () => {
  it('reads ages in five languages', () => {
    expect(Math.min(...extractAges(normalizeText('my 6-week-old')))).toBeLessThan(0.25);
    expect(Math.min(...extractAges(normalizeText('bébé de 2 mois')))).toBeLessThan(0.25);
    expect(Math.min(...extractAges(normalizeText('mi bebé tiene 2 semanas')))).toBeLessThan(0.25);
    expect(Math.min(...extractAges(normalizeText('criança de 5 anos')))).toBe(5);
    expect(Math.min(...extractAges(normalizeText('mtoto wa miezi miwili')))).toBeLessThan(0.25);
    expect(extractAges(normalizeText('I am 20 weeks pregnant'))).toEqual([]);
    expect(extractAges(normalizeText('fever for 3 days'))).toEqual([]);
  });
  it('reads durations in five languages', () => {
    expect(extractDurationDays(normalizeText('cough for 3 weeks'))).toBe(21);
    expect(extractDurationDays(normalizeText('depuis 2 jours'))).toBe(2);
    expect(extractDurationDays(normalizeText('desde hace un mes'))).toBe(30);
    expect(extractDurationDays(normalizeText('há 5 dias'))).toBe(5);
    expect(extractDurationDays(normalizeText('kwa siku tatu'))).toBe(3);
    expect(extractDurationDays(normalizeText('since yesterday'))).toBe(1);
  });
});

describe('assessText', () => {
  it('is conservative but not absurd', () => {
    expect(disp('mild headache since yesterday')).toBe('self_care');
    expect(disp('runny nose')).toBe('self_care');
    expect(disp('I need a refill of my medication')).toBe('routine');
    expect(disp('chest pain')).toBe('emergency');
    expect(disp('chest pain', 6)).toBe('urgent');
  });
  it('reported vitals only raise urgency', () => {
    expect(disp('runny nose, temp 41')).toBe('emergency');
    expect(disp('runny nose, temp 36.8')).toBe('self_care');
    expect(disp('cant breathe, temp 36.8')).toBe('emergency');
    expect(disp('sugar 2.1 and shaking')).toBe('emergency');
  });
  it('infant under 3 months with fever ≥38 is an emergency, older child urgent', () => {
    expect(disp('baby has a temperature of 38.3', 0.1)).toBe('emergency');
    expect(disp('baby has a temperature of 38.3', 2)).toBe('urgent');
  });
  it('gives a clinician summary, reasons, negatives and advice key', () => {
    const r = assessText('sore throat, no fever, no difficulty breathing');
    expect(r.disposition).toBe('self_care');
    expect(r.selfCareAdviceKey).toBe('advice.selfcare.sore_throat');
    expect(r.pertinentNegatives).toEqual(
      expect.arrayContaining(['Denies fever', 'Denies difficulty breathing']),
    );
    expect(r.summary).toMatch(/self-care/);
    const e = assessText('my chest hurts and I am sweating');
    expect(e.reasons[0]).toMatch(/Chest pain with cardiac features/);
    expect(e.selfCareAdviceKey).toBeUndefined();
  });
  it('is deterministic and JSON-clean', () => {
    const a = assessText('fièvre et toux depuis 3 jours');
    expect(assessText('fièvre et toux depuis 3 jours')).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('ages and gestation (round 7)', () => {
  it('"tengo 36 semanas" is a pregnancy, not a 36-week-old writer', () => {
    const r = assessText('tengo 36 semanas y me duele mucho la cabeza, veo borroso');
    expect(r.redFlags).toContain('pregnancy.pre_eclampsia');
  });
  it('"tiene 1 mes" is an infant age', () => {
    expect(assessText('mi bebe tiene 1 mes y tiene 38.5').disposition).toBe('emergency');
  });
});
