import type { ClinicalContext, TextAnalysis } from './analysis.ts';
import { type ConceptHit, positives } from './concept-matcher.ts';
import { SCOPE_TERMINATORS } from './lexicon/negation-words.ts';
import type { RuleCondition, SignRule } from './rules.ts';

/** A sign found in the text, with the phrases that show it. */
export interface SignHit {
  rule: SignRule;
  evidence: string;
}

function nearEnough(a: ConceptHit, b: ConceptHit, within: number, tokens: readonly string[]): boolean {
  if (a.sentence !== b.sentence) return false;
  let from: number;
  let to: number;
  if (a.tokenEnd <= b.tokenStart) {
    from = a.tokenEnd;
    to = b.tokenStart;
  } else if (b.tokenEnd <= a.tokenStart) {
    from = b.tokenEnd;
    to = a.tokenStart;
  } else {
    return true;
  }
  if (to - from > within) return false;
  for (let i = from; i < to; i++) if (SCOPE_TERMINATORS.has(tokens[i] ?? '')) return false;
  return true;
}

function conditionEvidence(c: RuleCondition, a: TextAnalysis, ctx: ClinicalContext): string | undefined {
  if (c.child && !ctx.child) return undefined;
  if (c.adult && ctx.child) return undefined;
  if (c.infant && !ctx.infant) return undefined;
  if (c.fever && !ctx.fever) return undefined;
  if (c.noneOf?.some((ids) => ids.every((id) => positives(a.hits, id).length > 0))) return undefined;
  const lists = c.all.map((id) => positives(a.hits, id));
  if (lists.some((l) => l.length === 0)) return undefined;
  const extra = c.fever
    ? ctx.temperatureC !== undefined && ctx.temperatureC >= 38
      ? [`${ctx.temperatureC} C`]
      : ['fever']
    : [];
  const scope = c.scope ?? 'text';
  if (scope === 'text' || lists.length <= 1) {
    return (
      [...lists.map((l) => l[0]?.evidence ?? ''), ...extra].filter((e) => e.length > 0).join(' + ') ||
      'reported'
    );
  }
  // Sentence / near scope: the first concept anchors; every other must share its sentence (and be near).
  const [first, ...rest] = lists;
  for (const anchor of first ?? []) {
    const picks: ConceptHit[] = [anchor];
    let ok = true;
    for (const l of rest) {
      const tokens = a.sentences[anchor.sentence] ?? [];
      const found = l.find((h) =>
        scope === 'near' ? nearEnough(anchor, h, c.within ?? 3, tokens) : h.sentence === anchor.sentence,
      );
      if (!found) {
        ok = false;
        break;
      }
      picks.push(found);
    }
    if (ok) return [...picks.map((p) => p.evidence), ...extra].join(' + ');
  }
  return undefined;
}

/** Evaluate sign rules against analysed text; one hit per rule (the first condition that holds). */
export function evaluateSigns(rules: readonly SignRule[], a: TextAnalysis, ctx: ClinicalContext): SignHit[] {
  const out: SignHit[] = [];
  for (const rule of rules) {
    for (const c of rule.when) {
      const ev = conditionEvidence(c, a, ctx);
      if (ev !== undefined) {
        out.push({ rule, evidence: ev.length > 80 ? `${ev.slice(0, 77)}...` : ev });
        break;
      }
    }
  }
  return out;
}
