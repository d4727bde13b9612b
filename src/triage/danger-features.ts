import { normalizeText } from './normalize.ts';

/**
 * Feature hashing for the statistical danger screen (danger-score.ts). Shared by training
 * (scripts/train-danger-model.ts) and inference so both see exactly the same features.
 *
 * Text is normalised by the protocol's own `normalizeText` (lower case, no accents, SMS letter runs
 * squeezed), then split into words at spaces and clause punctuation. Features: character 2–5-grams of
 * each word padded with spaces (they absorb typos, missing accents and word endings), word unigrams,
 * and word bigrams within a clause (they keep short negations and pairs such as "cant breathe").
 * Each feature string is hashed with 32-bit FNV-1a into `2^bits` buckets; presence only (a word said
 * twice counts once), scaled to unit length so long messages do not score higher for being long.
 */

/** Feature configuration recorded in the model file; inference refuses a model built otherwise. */
export interface DangerFeatureConfig {
  hash: 'fnv1a32';
  bits: number;
  charGrams: [number, number];
  wordBigrams: boolean;
}

export const DANGER_FEATURES: DangerFeatureConfig = {
  hash: 'fnv1a32',
  bits: 16,
  charGrams: [2, 5],
  wordBigrams: true,
};

/** 32-bit FNV-1a over UTF-16 code units (the normalised text is ASCII). Unsigned result. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Sparse unit-length feature vector: ascending bucket indices and one shared value. */
export interface SparseFeatures {
  indices: Uint32Array;
  value: number;
}

/** Clauses of normalised words; "." and "," tokens end a clause (bigrams do not cross them). */
export function dangerClauses(text: string): string[][] {
  const clauses: string[][] = [[]];
  for (const tok of normalizeText(text).split(' ')) {
    if (tok === '') continue;
    if (tok === '.' || tok === ',') clauses.push([]);
    else clauses[clauses.length - 1]?.push(tok);
  }
  return clauses.filter((c) => c.length > 0);
}

/**
 * Hashed features of one patient text. Pure and deterministic; never throws (any string, even empty,
 * gives a valid, possibly empty, vector).
 */
export function dangerFeatures(text: string, config: DangerFeatureConfig = DANGER_FEATURES): SparseFeatures {
  const mask = (1 << config.bits) - 1;
  const [minN, maxN] = config.charGrams;
  const buckets = new Set<number>();
  // The prefixes keep the three kinds of feature apart before hashing ('|' never survives normalising).
  for (const clause of dangerClauses(typeof text === 'string' ? text : '')) {
    for (let i = 0; i < clause.length; i++) {
      const w = clause[i] as string;
      buckets.add(fnv1a32(`w|${w}`) & mask);
      if (config.wordBigrams && i + 1 < clause.length) buckets.add(fnv1a32(`b|${w} ${clause[i + 1]}`) & mask);
      const padded = ` ${w} `;
      for (let n = minN; n <= maxN; n++) {
        for (let j = 0; j + n <= padded.length; j++)
          buckets.add(fnv1a32(`c|${padded.slice(j, j + n)}`) & mask);
      }
    }
  }
  const indices = Uint32Array.from(buckets).sort();
  return { indices, value: indices.length === 0 ? 0 : 1 / Math.sqrt(indices.length) };
}
