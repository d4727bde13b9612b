import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LANGUAGES } from '../shared/language.ts';
import { allQuestions } from './questions.ts';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../i18n/triage');
const Catalogue = z.record(z.string(), z.string().min(1));
const catalogues = Object.fromEntries(
  LANGUAGES.map((l) => [l, Catalogue.parse(JSON.parse(readFileSync(resolve(DIR, `${l}.json`), 'utf8')))]),
);
const ADVICE_KEYS = [
  'cold',
  'cough',
  'fever',
  'headache',
  'stomach',
  'diarrhoea',
  'injury',
  'burn',
  'skin',
  'ear',
  'sore_throat',
  'eye',
  'nosebleed',
  'back_pain',
  'period',
  'general',
].map((k) => `advice.selfcare.${k}`);

describe('triage i18n catalogues', () => {
  const en = catalogues.en ?? {};
  it('every key exists in all five languages, and no extra keys', () => {
    const keys = Object.keys(en).sort();
    for (const l of LANGUAGES) expect(Object.keys(catalogues[l] ?? {}).sort()).toEqual(keys);
  });
  it('has a text for every protocol question and every self-care advice key', () => {
    for (const q of allQuestions()) expect(en[q.key], q.key).toBeDefined();
    for (const k of ADVICE_KEYS) expect(en[k], k).toBeDefined();
  });
  it('questions are short (≤ 20 words) in every language', () => {
    for (const l of LANGUAGES) {
      for (const [k, v] of Object.entries(catalogues[l] ?? {})) {
        if (k.startsWith('q.')) expect(v.split(/\s+/).length, `${l} ${k}`).toBeLessThanOrEqual(20);
      }
    }
  });
  it('translations are not copies of the English text', () => {
    for (const l of LANGUAGES.filter((x) => x !== 'en')) {
      const same = Object.entries(catalogues[l] ?? {}).filter(([k, v]) => v === en[k]);
      expect(same, l).toEqual([]);
    }
  });
});
