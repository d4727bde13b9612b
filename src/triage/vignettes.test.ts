import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LANGUAGES } from '../shared/language.ts';
import { assessText } from './assess-text.ts';
import { screenRedFlags } from './red-flags.ts';

const FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/vignettes/triage-vignettes.jsonl');
const Vignette = z.object({
  id: z.string(),
  lang: z.enum(LANGUAGES),
  text: z.string().min(1),
  age: z.number().optional(),
  gold: z.enum(['emergency', 'urgent', 'routine', 'self_care']),
  reason: z.string().min(1),
});
const vignettes = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => Vignette.parse(JSON.parse(l)));
const results = vignettes.map((v) => ({
  v,
  r: assessText(v.text, v.age === undefined ? {} : { ageYears: v.age }),
}));

describe('triage vignettes', () => {
  it('has at least 120 cases, at least 18 per language, unique ids', () => {
    expect(vignettes.length).toBeGreaterThanOrEqual(120);
    for (const lang of LANGUAGES)
      expect(vignettes.filter((v) => v.lang === lang).length).toBeGreaterThanOrEqual(18);
    expect(new Set(vignettes.map((v) => v.id)).size).toBe(vignettes.length);
  });

  it('misses no emergency', () => {
    const missed = results
      .filter(({ v, r }) => v.gold === 'emergency' && r.disposition !== 'emergency')
      .map(({ v }) => `${v.id}: ${v.text}`);
    expect(missed).toEqual([]);
  });

  it('agrees exactly on at least 85% (reported)', () => {
    const exact = results.filter(({ v, r }) => v.gold === r.disposition).length;
    const pct = (100 * exact) / results.length;
    process.stdout.write(`vignettes: exact agreement ${pct.toFixed(1)}% (${exact}/${results.length})\n`);
    expect(pct).toBeGreaterThanOrEqual(85);
  });

  it('sends no more than a handful of self-care cases to emergency', () => {
    const over = results.filter(({ v, r }) => v.gold === 'self_care' && r.disposition === 'emergency');
    expect(over.length).toBeLessThanOrEqual(3);
  });
});

describe('red-flag screen reads a subset of the lexicon', () => {
  it('finds exactly the red flags of the full analysis on every vignette', () => {
    const mismatches = vignettes.filter((v) => {
      const screen = screenRedFlags(v.text, v.age === undefined ? {} : { ageYears: v.age })
        .map((h) => h.id)
        .filter((id) => !id.startsWith('vitals.'))
        .sort();
      const full = assessText(v.text, v.age === undefined ? {} : { ageYears: v.age })
        // The statistical danger screen is not part of the red-flag screen by design (evaluate.ts).
        .redFlags.filter((id) => !id.startsWith('vitals.') && !id.startsWith('screen.'))
        .sort();
      return screen.join(',') !== full.join(',');
    });
    expect(mismatches.map((v) => v.id)).toEqual([]);
  });
});
