import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../shared/language.ts';
import { en } from './conversation/en.ts';
import { es } from './conversation/es.ts';
import { fr } from './conversation/fr.ts';
import { pt } from './conversation/pt.ts';
import { sw } from './conversation/sw.ts';
import type { Catalogues } from './translator.ts';

const CONVERSATION = { en, fr, es, pt, sw } as const;

/**
 * Every patient-facing catalogue, by language and namespace: `conversation` (TypeScript, checked for
 * completeness at compile time) and `triage` (the protocol's questions and advice, JSON files next to
 * this module, checked by a test).
 */
export function loadCatalogues(): Catalogues {
  const out = {} as Record<Language, Record<string, Record<string, string>>>;
  for (const language of LANGUAGES) {
    out[language] = { conversation: { ...CONVERSATION[language] }, triage: readJson(language) };
  }
  return out;
}

function readJson(language: Language): Record<string, string> {
  const file = join(import.meta.dirname, 'triage', `${language}.json`);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`bad triage catalogue ${file}`);
  return Object.fromEntries(
    Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}
