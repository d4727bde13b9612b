import type { ConceptHit, ConceptMatches } from './concept-matcher.ts';

/**
 * Figures of speech (round 7): "my heart is broken since she left", "me duele el corazón" after a
 * break-up, "moyo wangu umevunjika". Their words also spell a fracture or chest pain, so a phrase
 * matcher fires on them. The figures are concepts like any other (ids `fig.*`, lexicon/round7-atoms.ts,
 * each written with its own benign evidence, e.g. the break-up in the same sentence); a clinical hit
 * lying wholly inside a figure's span is dropped before composites and rules read it.
 */
export const FIGURE_IDS: readonly string[] = ['fig.heartbreak', 'fig.heartache'];

const inside = (h: ConceptHit, f: ConceptHit) =>
  f.sentence === h.sentence && h.tokenStart >= f.tokenStart && h.tokenEnd <= f.tokenEnd;

/** Drop clinical hits inside a figure of speech (see the module note). Pure; returns a new map. */
export function dropFigurative(m: ConceptMatches): ConceptMatches {
  const figures = FIGURE_IDS.flatMap((id) => (m.get(id) ?? []).filter((h) => !h.negated));
  if (figures.length === 0) return m;
  const out = new Map<string, readonly ConceptHit[]>();
  for (const [id, hits] of m) {
    const kept = FIGURE_IDS.includes(id) ? hits : hits.filter((h) => !figures.some((f) => inside(h, f)));
    if (kept.length > 0) out.set(id, kept);
  }
  return out;
}
