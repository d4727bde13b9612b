import { ABDOMINAL_URINARY_CONCEPTS } from './abdominal-urinary.ts';
import { ATOM_CONCEPTS } from './atoms.ts';
import { CARDIO_RESPIRATORY_CONCEPTS } from './cardio-respiratory.ts';
import type { ConceptDef } from './concept.ts';
import { FIELD_CONCEPTS } from './field-families.ts';
import { GENERAL_CONCEPTS } from './general.ts';
import { INJURY_POISONING_CONCEPTS } from './injury-poisoning.ts';
import { MATERNAL_CHILD_CONCEPTS } from './maternal-child.ts';
import { NEURO_CONCEPTS } from './neuro.ts';
import { ROUND5_ATOMS, ROUND5_CONCEPTS, ROUND5_EXTRA_PATTERNS, ROUND5_EXTRA_UNLESS } from './round5.ts';
import { H4_CONCEPTS, H4_EXTRA_PATTERNS, H4_EXTRA_UNLESS } from './round5-holdout4.ts';
import { R6_CONCEPTS, R6_EXTRA_PATTERNS } from './round6-atoms.ts';
import { R7_CONCEPTS, R7_EXTRA_PATTERNS } from './round7-atoms.ts';

function patternsOf(id: string, defs: readonly ConceptDef[]): readonly string[] {
  const d = defs.find((c) => c.id === id);
  if (!d) throw new Error(`unknown concept ${id}`);
  return d.patterns;
}

/**
 * Round-5 extra patterns and exclusions appended to existing concepts (see round5.ts and, for the
 * holdout-4 review, round5-holdout4.ts).
 */
function withRound5(d: ConceptDef): ConceptDef {
  const extra = [
    ...(ROUND5_EXTRA_PATTERNS[d.id] ?? []),
    ...(H4_EXTRA_PATTERNS[d.id] ?? []),
    ...(R6_EXTRA_PATTERNS[d.id] ?? []),
    ...(R7_EXTRA_PATTERNS[d.id] ?? []),
  ];
  const more = extra.length > 0 ? extra : undefined;
  const extraUnless = [...(ROUND5_EXTRA_UNLESS[d.id] ?? []), ...(H4_EXTRA_UNLESS[d.id] ?? [])];
  const unless = extraUnless.length > 0 ? extraUnless : undefined;
  if (!more && !unless) return d;
  return {
    ...d,
    patterns: [...d.patterns, ...(more ?? [])],
    ...(unless ? { unlessSentence: [...(d.unlessSentence ?? []), ...unless] } : {}),
  };
}

const BASE: readonly ConceptDef[] = [
  ...ATOM_CONCEPTS,
  ...CARDIO_RESPIRATORY_CONCEPTS,
  ...NEURO_CONCEPTS,
  ...ABDOMINAL_URINARY_CONCEPTS,
  ...INJURY_POISONING_CONCEPTS,
  ...MATERNAL_CHILD_CONCEPTS,
  ...GENERAL_CONCEPTS,
  ...FIELD_CONCEPTS,
  ...ROUND5_ATOMS,
  ...ROUND5_CONCEPTS,
  ...H4_CONCEPTS,
  ...R6_CONCEPTS,
  ...R7_CONCEPTS,
].map(withRound5);

// Every round-5 extension must name an existing concept (a typo would silently drop its patterns).
for (const id of [
  ...Object.keys(ROUND5_EXTRA_PATTERNS),
  ...Object.keys(ROUND5_EXTRA_UNLESS),
  ...Object.keys(H4_EXTRA_PATTERNS),
  ...Object.keys(H4_EXTRA_UNLESS),
  ...Object.keys(R6_EXTRA_PATTERNS),
  ...Object.keys(R7_EXTRA_PATTERNS),
])
  if (!BASE.some((c) => c.id === id)) throw new Error(`round-5 extension of unknown concept ${id}`);

const MINOR = [...patternsOf('mod.minor_amount', BASE), ...patternsOf('preg.bleed_minor', BASE)];

/** Every concept the triage reads, in all five languages. Ids are unique (checked when compiled). */
export const ALL_CONCEPTS: readonly ConceptDef[] = [
  ...BASE,
  // Variants that depend on the wording around the phrase ("a little blood" is not a haemorrhage).
  { id: 'resp.haemoptysis_major', patterns: patternsOf('resp.haemoptysis', BASE), unlessSentence: MINOR },
  { id: 'bleed.any_major', patterns: patternsOf('bleed.any', BASE), unlessSentence: MINOR },
];
