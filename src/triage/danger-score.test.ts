import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessText } from './assess-text.ts';
import { dangerFeatures, fnv1a32 } from './danger-features.ts';
import MODEL from './danger-model.json' with { type: 'json' };
import { DANGER_THRESHOLDS, dangerScores } from './danger-score.ts';
import { trainingDataHash } from './danger-training.ts';
import { evaluate } from './evaluate.ts';
import { dispositionRank } from './urgency.ts';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/vignettes');

describe('danger screen features', () => {
  it('uses a stable FNV-1a hash', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
  it('folds case and accents before hashing', () => {
    expect(dangerFeatures('Él NO RESPIRA').indices).toEqual(dangerFeatures('el no respira').indices);
  });
});

describe('danger screen model file', () => {
  it('was trained on the committed vignettes (else run npx tsx scripts/train-danger-model.ts)', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.jsonl'))
      .map((name) => ({ name, text: readFileSync(resolve(DIR, name), 'utf8') }));
    expect(MODEL.training.dataSha256).toBe(trainingDataHash(files));
  });
});

describe('danger screen escalation', () => {
  it('only raises the protocol result (property)', () => {
    const words = [
      'chest',
      'pain',
      'baby',
      'fever',
      'no',
      'not',
      'blood',
      'cough',
      'dor',
      'homa',
      'cae',
      'ojos',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 12 }), (ws) => {
        const texts = [ws.join(' ')];
        const base = { texts, patient: {}, answers: {}, mode: 'oneshot' } as const;
        const net = evaluate(base).result.disposition;
        const alone = evaluate({ ...base, dangerScreen: false }).result.disposition;
        expect(dispositionRank(net)).toBeGreaterThanOrEqual(dispositionRank(alone));
      }),
      { numRuns: 200 },
    );
  });
  // Self-written (not from any vignette file), in the five languages. The screen on its own must
  // reach the threshold on each: a retrained model that forgets these families fails here.
  const SCREENED = [
    'my daughter swallowed a peanut and now she cannot cough or talk, her lips are turning blue',
    'we found my grandfather on the floor of the shop, he does not wake up when we shake him',
    "mon petit frère est tombé dans le puits, on l'a sorti mais il ne respire presque pas",
    "il a une douleur terrible dans la poitrine qui va jusqu'au bras gauche et il transpire",
    'a mi hermana le dio un ataque, se puso tiesa y sacudia los brazos y no reacciona',
    'o meu pai levou um choque no fio da rua e caiu, nao responde',
    'mtoto wangu amemeza sarafu, anashindwa kupumua na midomo inakuwa bluu',
    'mama amezimia jikoni, hajibu tukimwita',
    'the boda boda hit him, he is lying on the road not moving and blood from his ears',
  ];
  it.each(SCREENED)('the screen alone reaches its threshold: %s', (text) => {
    expect(dangerScores(text).emergency).toBeGreaterThanOrEqual(DANGER_THRESHOLDS.emergency ?? 1);
    expect(assessText(text).disposition).toBe('emergency');
  });
  it('raises a case the protocol alone leaves at self-care, with a readable reason and flag', () => {
    const text = "mon petit frère est tombé dans le puits, on l'a sorti mais il ne respire presque pas";
    const base = { texts: [text], patient: {}, answers: {}, mode: 'oneshot' } as const;
    const alone = evaluate({ ...base, dangerScreen: false }).result;
    const net = evaluate(base).result;
    // If the protocol learns this family, this case stops exercising the raise: pick another one.
    expect(alone.disposition).not.toBe('emergency');
    expect(net.disposition).toBe('emergency');
    expect(net.redFlags).toContain('screen.statistical');
    expect(net.reasons.join('\n')).toMatch(
      /Danger screen: message resembles emergency descriptions \(score 0\.\d\d\)/,
    );
  });
});
