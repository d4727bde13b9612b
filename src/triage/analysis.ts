import { extractAges } from './age.ts';
import {
  type CompiledComposite,
  type CompiledConcept,
  type ConceptHit,
  type ConceptMatches,
  compileComposites,
  compileConcepts,
  has,
  matchComposites,
  matchConcepts,
  positives,
  splitSentences,
} from './concept-matcher.ts';
import { extractDurationDays } from './duration.ts';
import { dropFigurative, FIGURE_IDS } from './figures-of-speech.ts';
import { markHistorical, markStoppedBleeding, stripSoftOpeners } from './history.ts';
import { COMPOSITE_CONCEPTS } from './lexicon/composites.ts';
import { ALL_CONCEPTS } from './lexicon/concepts.ts';
import { normalizeText } from './normalize.ts';
import { correctSpelling } from './spelling.ts';
import type { TriagePatient } from './types.ts';
import { parseVitals, type ReportedVitals } from './vitals.ts';

const COMPILED = compileConcepts(ALL_CONCEPTS);

/** French elisions typed without the apostrophe: whole tokens only, never a prefix rule ("my"). */
const FR_ELISION =
  /\b(?:(j)(ai|arrive|arrivais|arrivait|etais|etait|avais|avait|en|entends)|(n)(arrive|arrivait|arrivais|est|etait|ai|avait|en)|(c)(est|etait)|(s)(est|etait)|(qu)(il|elle|ils|on))\b/g;

/**
 * SMS spelling drops apostrophes. "isnt" reads as "isn t" (like "isn't") and "jarrive" as "j arrive"
 * (like "j'arrive"), so patterns and the negation check see one form.
 */
function expandContractions(s: string): string {
  return s
    .replace(/\b(is|does|do|ca|wo|did|was|are|could|would|should|has|have|had|were|must|need)nt\b/g, '$1n t')
    .replace(FR_ELISION, (m: string) => {
      const split = /^(j|n|c|s|qu)(.+)$/.exec(m);
      return split ? `${split[1]} ${split[2]}` : m;
    });
}
const COMPOSITES = compileComposites(COMPOSITE_CONCEPTS);

/** Every word of 6+ letters the lexicon spells out: correct as typed, never "corrected". */
const LEXICON_WORDS: ReadonlySet<string> = new Set(
  ALL_CONCEPTS.flatMap((c) => [...c.patterns, ...(c.unlessSentence ?? []), ...(c.requireSentence ?? [])])
    .join(' ')
    .replace(/\\[a-z]/g, ' ')
    .match(/[a-z]{6,}/g) ?? [],
);

/** Everything read from the patient's text, before any clinical decision. */
export interface TextAnalysis {
  normalized: string;
  /** Tokens of each sentence. */
  sentences: string[][];
  hits: ConceptMatches;
  vitals: ReportedVitals;
  /** Ages mentioned in the text, in years. */
  textAges: number[];
  durationDays: number | undefined;
}

/** Who the patient is, as far as the protocol can tell (registered data plus text). */
export interface ClinicalContext {
  /** Youngest age known (registered or mentioned), in years. */
  ageYears: number | undefined;
  /** Under 3 months. */
  infant: boolean;
  /** Under 2 months (ETAT priority sign "tiny baby"). */
  youngInfant: boolean;
  /** Under 12 years, or the text speaks of a baby/child. */
  child: boolean;
  female: boolean;
  /** Fever present: a fever word (not only "slight fever") or a temperature ≥ 38 °C. */
  fever: boolean;
  /** Only a slight fever is described (or 37.5–37.9 °C). */
  feverMildOnly: boolean;
  temperatureC: number | undefined;
}

/** The concepts and composites one analysis reads (all of them, or a closed subset for the screen). */
export interface ConceptSubset {
  concepts: readonly CompiledConcept[];
  composites: readonly CompiledComposite[];
}

const FULL: ConceptSubset = { concepts: COMPILED, composites: COMPOSITES };

/** Concepts that buildContext reads (age, fever, pregnancy context). */
export const CONTEXT_CONCEPT_IDS: readonly string[] = [
  'ctx.newborn',
  'ctx.child',
  'fever.mild',
  'fever.any',
  'fever.high',
  'preg.pregnant',
  'gen.period',
];

/**
 * A subset closed under composites: every composite that yields a needed id brings its parts, and so
 * on, so the needed ids get exactly the hits the full analysis would give them. The red-flag screen
 * runs on every message and reads only its own concepts (see red-flags.ts).
 */
export function conceptSubset(needed: Iterable<string>): ConceptSubset {
  const ids = new Set<string>([...needed, ...CONTEXT_CONCEPT_IDS, ...FIGURE_IDS]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of COMPOSITES)
      if (ids.has(c.def.id))
        for (const part of c.def.parts)
          for (const id of part)
            if (!ids.has(id)) {
              ids.add(id);
              grew = true;
            }
  }
  return {
    concepts: COMPILED.filter((c) => ids.has(c.id)),
    composites: COMPOSITES.filter((c) => ids.has(c.def.id)),
  };
}

/** Read concepts, vitals, ages and durations from patient text (all concepts, or `subset`). Pure. */
export function analyzeText(text: string, subset: ConceptSubset = FULL): TextAnalysis {
  const normalized = correctSpelling(
    expandContractions(stripSoftOpeners(normalizeText(text))),
    LEXICON_WORDS,
  );
  const sentenceTexts = splitSentences(normalized);
  const phraseHits = dropFigurative(matchConcepts(sentenceTexts, subset.concepts));
  return {
    normalized,
    sentences: sentenceTexts.map((s) => s.split(' ')),
    hits: markStoppedBleeding(
      sentenceTexts,
      markHistorical(sentenceTexts, matchComposites(sentenceTexts, phraseHits, subset.composites)),
    ),
    vitals: parseVitals(normalized),
    textAges: extractAges(normalized),
    durationDays: extractDurationDays(normalized),
  };
}

/** The hit overlaps one of `outer` ("ana joto" inside "ana joto kidogo" or overlapping it). */
function inside(h: ConceptHit, outer: readonly ConceptHit[]): boolean {
  return outer.some(
    (o) => o.sentence === h.sentence && h.tokenStart < o.tokenEnd && h.tokenEnd > o.tokenStart,
  );
}

/** Combine registered patient data with what the text says. */
export function buildContext(a: TextAnalysis, patient: TriagePatient): ClinicalContext {
  const ages = [...a.textAges];
  if (patient.ageYears !== undefined && Number.isFinite(patient.ageYears) && patient.ageYears >= 0)
    ages.push(patient.ageYears);
  const ageYears = ages.length > 0 ? Math.min(...ages) : undefined;
  const newborn = has(a.hits, 'ctx.newborn');
  const infant = newborn || (ageYears !== undefined && ageYears < 0.25);
  const youngInfant = newborn || (ageYears !== undefined && ageYears < 2 / 12);
  const child = infant || (ageYears !== undefined && ageYears < 12) || has(a.hits, 'ctx.child');
  const t = a.vitals.temperatureC;
  const mild = positives(a.hits, 'fever.mild');
  const feverWord = positives(a.hits, 'fever.any').some((h) => !inside(h, mild));
  const fever = feverWord || has(a.hits, 'fever.high') || (t !== undefined && t >= 38);
  const feverMildOnly = !fever && (mild.length > 0 || (t !== undefined && t >= 37.5));
  return {
    ageYears,
    infant,
    youngInfant,
    child,
    female: patient.sex === 'female' || has(a.hits, 'preg.pregnant') || has(a.hits, 'gen.period'),
    fever,
    feverMildOnly,
    temperatureC: t,
  };
}
