import { KEYWORDS, PROTECTED_WORDS } from './lexicon/keywords.ts';

/**
 * Bounded edit-distance correction of misspelt key words, so "convlsing", "pregnent", "inconsient"
 * or "respiar" still reach the red-flag patterns. Deliberately narrow, because a false correction
 * invents a symptom:
 * - only tokens of 6+ letters, only towards KEYWORDS (red-flag anchors of 6+ letters);
 * - distance 1 (insert, delete, substitute or swap two neighbours) for key words under 10 letters,
 *   2 from 10 letters on;
 * - never a word the lexicon already knows or a real word near a key word (PROTECTED_WORDS, from
 *   the Debian word lists): "cooking" stays "cooking", not "choking";
 * - only when exactly one key word is that close (ties are left alone).
 * Pure; cost is a few hundred small, early-exit distance checks per message.
 */

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const LEAVE_ALONE: ReadonlySet<string> = new Set([...KEYWORDS, ...PROTECTED_WORDS]);
const BY_LENGTH = new Map<number, string[]>();
for (const k of KEYWORDS) {
  const list = BY_LENGTH.get(k.length);
  if (list) list.push(k);
  else BY_LENGTH.set(k.length, [k]);
}

/** Largest distance accepted towards a key word of this length. */
function budget(keywordLength: number): number {
  return keywordLength >= 10 ? 2 : 1;
}

/**
 * Optimal-string-alignment distance between a and b, or `max + 1` as soon as it must exceed `max`.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The single key word within budget of `token`, if there is exactly one. */
/**
 * Memo of nearestKeyword: the same words recur in every message ("because", "yesterday",
 * "jusqu"), and the search over keywords is the screen's second largest cost. Pure input → output,
 * bounded (cleared when full), so it can never change a result.
 */
const NEAREST_MEMO = new Map<string, string | null>();
const NEAREST_MEMO_MAX = 20_000;

export function nearestKeyword(token: string): string | undefined {
  const memo = NEAREST_MEMO.get(token);
  if (memo !== undefined) return memo ?? undefined;
  const found = searchNearestKeyword(token);
  if (NEAREST_MEMO.size >= NEAREST_MEMO_MAX) NEAREST_MEMO.clear();
  NEAREST_MEMO.set(token, found ?? null);
  return found;
}

function searchNearestKeyword(token: string): string | undefined {
  if (token.length < 6 || LEAVE_ALONE.has(token) || !/^[a-z]+$/.test(token)) return undefined;
  let found: string | undefined;
  let foundDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (let len = token.length - 2; len <= token.length + 2; len++) {
    for (const k of BY_LENGTH.get(len) ?? []) {
      const max = budget(k.length);
      if (Math.abs(k.length - token.length) > max) continue;
      const d = boundedEditDistance(token, k, max);
      if (d > max) continue;
      if (d < foundDistance) {
        found = k;
        foundDistance = d;
        tie = false;
      } else if (d === foundDistance && k !== found) {
        tie = true;
      }
    }
  }
  return tie ? undefined : found;
}

/**
 * Correct misspelt key words in normalised text. `known` holds words the lexicon spells out
 * (never corrected). Returns the text unchanged when nothing is close.
 */
export function correctSpelling(normalized: string, known: ReadonlySet<string> = new Set()): string {
  let changed = false;
  const tokens = normalized.split(' ').map((t) => {
    if (t.length < 6 || KEYWORD_SET.has(t) || known.has(t)) return t;
    const k = nearestKeyword(t);
    if (k === undefined) return t;
    changed = true;
    return k;
  });
  return changed ? tokens.join(' ') : normalized;
}
