import type { ConceptDef } from './lexicon/concept.ts';
import {
  HEDGE_AFTER_CUE,
  HEDGE_BEFORE_CUE,
  NEGATION_CUES,
  NEGATION_FILLERS,
  OR_WORDS,
  SCOPE_TERMINATORS,
  WITHOUT_CUES,
} from './lexicon/negation-words.ts';
import { isEnglishAndN, sentenceVariants } from './morphology.ts';

/** One place a concept was found. */
export interface ConceptHit {
  /** The matched phrase (normalised text). */
  evidence: string;
  /** Sentence number in the normalised text (0-based). */
  sentence: number;
  /** Token offsets of the match inside its sentence: [start, end). */
  tokenStart: number;
  tokenEnd: number;
  /** True when a negation cue governs the phrase ("no chest pain"). */
  negated: boolean;
  /**
   * True when the phrase tells of a past, resolved episode ("I had chest pain last year, tests were
   * fine"): neither present nor denied. Set by the history pass in analysis.ts.
   */
  historical?: boolean;
}

/** Hits by concept id; only concepts with at least one hit are present. */
export type ConceptMatches = ReadonlyMap<string, readonly ConceptHit[]>;

/** A concept ready to match (opaque outside this module). */
export interface CompiledConcept {
  id: string;
  re: RegExp;
  unless: RegExp | undefined;
  require: RegExp | undefined;
}

const FRENCH_SECOND_NEGATION: ReadonlySet<string> = new Set(['pas', 'plus', 'rien', 'jamais', 'personne']);

const CANT_WORDS: ReadonlySet<string> = new Set([
  'can',
  'cant',
  'cannot',
  'unable',
  'peux',
  'peut',
  'puedo',
  'puede',
  'consigo',
  'consegue',
  'siwezi',
  'hawezi',
]);

function compileAlternation(patterns: readonly string[], flags: string): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${patterns.join('|')})(?![a-z0-9])`, flags);
}

/**
 * Compile concept definitions once. Throws at module load on a bad pattern or a duplicate id, so a
 * lexicon mistake fails the unit tests instead of a patient's message.
 */
export function compileConcepts(defs: readonly ConceptDef[]): readonly CompiledConcept[] {
  const seen = new Set<string>();
  return defs.map((d) => {
    if (seen.has(d.id)) throw new Error(`duplicate concept id ${d.id}`);
    seen.add(d.id);
    if (d.patterns.length === 0) throw new Error(`concept ${d.id} has no patterns`);
    return {
      id: d.id,
      re: compileAlternation(d.patterns, 'g'),
      unless: d.unlessSentence ? compileAlternation(d.unlessSentence, '') : undefined,
      require: d.requireSentence ? compileAlternation(d.requireSentence, '') : undefined,
    };
  });
}

/**
 * Is the phrase starting at token `start` of `tokens` negated? Walk back inside the clause: a cue
 * reached through fillers (and "or"-lists) negates; a terminator or any other word stops the walk.
 * Hedges ("not sure", "no sé si", "je ne sais pas si") do not negate.
 */
/**
 * Swahili negates inside the verb: "uso haujavimba" (the face has not swollen), "hakuzimia" (he did
 * not faint), "sijapanga kujidhuru" (I have not planned to harm myself). Only stems whose negative
 * denies a symptom are listed: "hajakojoa" (has not passed urine) or "hanyonyi" (not feeding) are
 * symptoms themselves and must never read as denials.
 */
const SW_NEGATED_VERB =
  /^(?:ha|si|hatu|hawa|hau|hai|haya|haki|havi|hazi|hali)(?:ja|ku)?(?:ni|mu|m|ji)?(?:vimb|zimi|tapik|pang|jidhur|jiu|harish|kohoa|kohoi|anguk)/;

/**
 * Portuguese "no"/"nos" is "in the" ("dor forte no saco", "inchado no pé"), not a denial, when a
 * noun follows. Only Portuguese nouns are listed: English "no chest pain" and Spanish "no puede"
 * keep their negation.
 */
const PT_NO_PREPOSITION_NEXT: ReadonlySet<string> = new Set([
  'testiculo',
  'testiculos',
  'saco',
  'peito',
  'olho',
  'olhos',
  'braco',
  'bracos',
  'pe',
  'pes',
  'joelho',
  'pescoco',
  'rosto',
  'estomago',
  'ouvido',
  'nariz',
  'corpo',
  'dedo',
  'ombro',
  'quadril',
  'tornozelo',
  'pulso',
  'umbigo',
  'lugar',
  'lado',
  'meu',
  'seu',
  'chao',
  'hospital',
  'posto',
  'fundo',
  'meio',
  'pulmao',
  'coracao',
  'pre',
  'prenatal',
  'exame',
  'trabalho',
  'centro',
  // Round 5: where an injury happened ("encostou no fio desencapado", "picado no mato").
  'fio',
  'fios',
  'cabo',
  'poste',
  'mato',
  'quintal',
  'campo',
  'rio',
]);

/** Spanish "no sé si" is a hedge, but "no se desmayó" is a reflexive verb under negation. */
const ES_SE_HEDGE_NEXT: ReadonlySet<string> = new Set([
  'si',
  'que',
  'cuanto',
  'como',
  'bien',
  'exactamente',
  'cual',
  'donde',
  'porque',
  'por',
  'nada',
  'quien',
]);

/** Before a symptom, "hajapata kifafa" (has not had a fit) denies it too. */
const SW_NEGATED_VERB_BEFORE =
  /^(?:(?:ha|si|hatu|hawa)ja(?:pata|ona)|(?:si|ha|hatu|hawa)(?:fikirii|wazi|taki|pangi|kusudii))$/;

/**
 * "Not chest pain exactly, more like indigestion", "pas vraiment une douleur, plutôt…": a word right
 * after the phrase that softens the denial into a description. The patient is saying the symptom is
 * there but hard to name, so the cue does not deny it (Part C: cardiac pain "may feel like indigestion").
 */
const HEDGE_AFTER_PHRASE: ReadonlySet<string> = new Set([
  'exactly',
  'precisely',
  'exactement',
  'exactamente',
  'exatamente',
  'hasa',
]);

export function isNegatedAt(tokens: readonly string[], start: number, end = start): boolean {
  if (HEDGE_AFTER_PHRASE.has(tokens[end] ?? '')) return false;
  for (let j = start; j < end; j++) if (SW_NEGATED_VERB.test(tokens[j] ?? '')) return true;
  // French "ne … pas" around a symptom that is itself negative ("je n'arrive pas à respirer"): the "ne"
  // belongs to the symptom, not to a denial.
  let matchHasNegation = false;
  for (let j = start; j < end; j++) if (FRENCH_SECOND_NEGATION.has(tokens[j] ?? '')) matchHasNegation = true;
  let orBudget = 0;
  for (let i = start - 1, steps = 0; i >= 0 && steps < 10; i--, steps++) {
    const t = tokens[i] ?? '';
    // English SMS "n" (= "and") joins clauses: it neither denies nor lets an earlier cue through.
    if (isEnglishAndN(tokens, i)) return false;
    if ((SW_NEGATED_VERB.test(t) || SW_NEGATED_VERB_BEFORE.test(t)) && start - i <= 2) return true;
    if ((t === 'no' || t === 'nos') && PT_NO_PREPOSITION_NEXT.has(tokens[i + 1] ?? '')) return false;
    // "do nada", "de la nada" are "out of nowhere" (sudden onset), not a denial.
    if (t === 'nada' && (tokens[i - 1] === 'do' || (tokens[i - 1] === 'la' && tokens[i - 2] === 'de')))
      return false;
    if (
      t === 'no' &&
      tokens[i + 1] === 'se' &&
      i + 2 < tokens.length &&
      !ES_SE_HEDGE_NEXT.has(tokens[i + 2] ?? '')
    )
      return true;
    // French "personne" is "nobody" only at the head of its clause ("une personne a bu" is "a person").
    if (
      t === 'personne' &&
      !['une', 'la', 'cette', 'chaque', 'de', 'd', 'autre'].includes(tokens[i - 1] ?? '')
    )
      return true;
    if (NEGATION_CUES.has(t)) {
      if ((t === 'ne' || t === 'n') && matchHasNegation && start - i <= 2) return false;
      const after = tokens[i + 1] ?? '';
      const before = tokens[i - 1] ?? '';
      if (HEDGE_AFTER_CUE.has(after) || HEDGE_BEFORE_CUE.has(before)) return false;
      if (t === 'pas' && after === 'mal' && (tokens[i + 2] === 'de' || tokens[i + 2] === 'd')) return false;
      if (WITHOUT_CUES.has(t)) {
        for (let j = Math.max(0, i - 5); j < i; j++) if (CANT_WORDS.has(tokens[j] ?? '')) return false;
      }
      return true;
    }
    if (SCOPE_TERMINATORS.has(t)) return false;
    if (NEGATION_FILLERS.has(t)) continue;
    if (OR_WORDS.has(t)) {
      orBudget = 3;
      continue;
    }
    if (orBudget > 0) {
      orBudget--;
      continue;
    }
    return false;
  }
  return false;
}

function countSpaces(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) === 32) n++;
  return n;
}

/** Split normalised text into sentences (the "." token separates them). */
export function splitSentences(normalized: string): string[] {
  return normalized
    .split(/(?:^| )\.(?: |$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Find every concept in the sentences of normalised text (see splitSentences). Each concept is searched sentence by sentence; every hit
 * records whether it is negated. Pure; linear in text length times the number of concepts.
 */
export function matchConcepts(
  sentences: readonly string[],
  compiled: readonly CompiledConcept[],
): ConceptMatches {
  const out = new Map<string, ConceptHit[]>();
  sentences.forEach((sentence, sIdx) => {
    // The sentence as typed, then its folded variants (morphology.ts): same tokens, so a hit found in
    // a variant has valid offsets. Union of hits; an identical hit is kept once.
    const texts = [sentence, ...sentenceVariants(sentence)];
    const tokenLists = texts.map((t) => t.split(' '));
    for (const c of compiled) {
      texts.forEach((text, vIdx) => {
        if (c.require && !c.require.test(text)) return;
        if (c.unless?.test(text)) return;
        const tokens = tokenLists[vIdx] ?? [];
        c.re.lastIndex = 0;
        for (let m = c.re.exec(text); m !== null; m = c.re.exec(text)) {
          if (m[0].length === 0) {
            c.re.lastIndex++;
            continue;
          }
          const evidence = m[0].trim();
          const tokenStart = countSpaces(text, m.index);
          const tokenEnd = tokenStart + evidence.split(' ').length;
          const negated = isNegatedAt(tokens, tokenStart, tokenEnd);
          const list = out.get(c.id);
          if (
            vIdx > 0 &&
            list?.some(
              (h) =>
                h.sentence === sIdx &&
                h.tokenStart === tokenStart &&
                h.tokenEnd === tokenEnd &&
                h.negated === negated,
            )
          )
            continue;
          const hit: ConceptHit = { evidence, sentence: sIdx, tokenStart, tokenEnd, negated };
          if (list) list.push(hit);
          else out.set(c.id, [hit]);
        }
      });
    }
  });
  return out;
}

/** Positive (not negated, not historical) hits of a concept. */
export function positives(m: ConceptMatches, id: string): readonly ConceptHit[] {
  return (m.get(id) ?? []).filter((h) => !h.negated && h.historical !== true);
}

/** True when the concept is present now (not negated, not a resolved past episode) at least once. */
export function has(m: ConceptMatches, id: string): boolean {
  return (m.get(id) ?? []).some((h) => !h.negated && h.historical !== true);
}

/** True when the concept was mentioned only in negated form ("no fever"). */
export function deniedOnly(m: ConceptMatches, id: string): boolean {
  const hits = m.get(id);
  return hits !== undefined && hits.length > 0 && hits.every((h) => h.negated);
}

/**
 * A concept found by the proximity of other concepts, for wordings no phrase list can enumerate:
 * "une douleur qui serre la poitrine", "dolor d pecho", "tengo adormecida la mitad de la cara".
 * Every part must be present in one sentence, each within `within` tokens of the first part's hit
 * (either side) with no clause break between them. The hit spans all parts; it is negated when a cue
 * governs the span ("no chest pain") or any part was itself negated ("chest doesn't hurt").
 */
export interface CompositeDef {
  id: string;
  /** Each part lists concept ids, any one of which fills it. The first part anchors. */
  parts: readonly (readonly string[])[];
  within: number;
  /** The hit is dropped when its sentence matches one of these (regular-expression sources). */
  unlessSentence?: readonly string[];
  /** The hit counts only when its sentence matches one of these. */
  requireSentence?: readonly string[];
  /**
   * Round 7: a part whose own cue is a negation ("no puedo" in "no puedo doblar el cuello") would
   * mark the other parts denied; with this flag only a cue before the whole span denies the hit.
   */
  spanNegationOnly?: boolean;
}

/** A composite ready to match (opaque outside this module). */
export interface CompiledComposite {
  def: CompositeDef;
  unless: RegExp | undefined;
  require: RegExp | undefined;
}

/**
 * Clause breaks for composites: punctuation and contrast words. Unlike negation scope, "and" does not
 * break ("chest and arm hurt" is one complaint), nor do Portuguese "e" (also "é", is) and Swahili "na"
 * (also "with", "by": "kubanwa na kifua").
 */
const COMPOSITE_BREAKS: ReadonlySet<string> = new Set([
  ',',
  '.',
  'but',
  'however',
  'although',
  'though',
  'except',
  'mais',
  'cependant',
  'pourtant',
  'sauf',
  'pero',
  'sino',
  'aunque',
  'excepto',
  'porem',
  'exceto',
  'entretanto',
  'lakini',
  'ila',
  'ingawa',
]);

/** Compile composite definitions once (throws at module load on a bad pattern). */
export function compileComposites(defs: readonly CompositeDef[]): readonly CompiledComposite[] {
  return defs.map((def) => {
    if (def.parts.length < 2) throw new Error(`composite ${def.id} needs at least two parts`);
    return {
      def,
      unless: def.unlessSentence ? compileAlternation(def.unlessSentence, '') : undefined,
      require: def.requireSentence ? compileAlternation(def.requireSentence, '') : undefined,
    };
  });
}

function gapClear(tokens: readonly string[], a: ConceptHit, b: ConceptHit, within: number): boolean {
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
  for (let i = from; i < to; i++) if (COMPOSITE_BREAKS.has(tokens[i] ?? '')) return false;
  return true;
}

/**
 * Add composite hits to `matches` (in definition order, so a composite may use an earlier one). Pure
 * apart from filling the returned map, which is a copy. Cost: pairs of hits per sentence, small.
 */
export function matchComposites(
  sentences: readonly string[],
  matches: ConceptMatches,
  composites: readonly CompiledComposite[],
): ConceptMatches {
  const out = new Map<string, ConceptHit[]>();
  for (const [k, v] of matches) out.set(k, [...v]);
  const tokensOf = sentences.map((s) => s.split(' '));
  for (const { def, unless, require } of composites) {
    const partHits = def.parts.map((ids) => ids.flatMap((id) => out.get(id) ?? []));
    if (partHits.some((l) => l.length === 0)) continue;
    const [anchors, ...rest] = partHits;
    for (const anchor of anchors ?? []) {
      const sentence = sentences[anchor.sentence] ?? '';
      const tokens = tokensOf[anchor.sentence] ?? [];
      const picks: ConceptHit[] = [anchor];
      let ok = true;
      for (const l of rest) {
        const near = l.filter(
          (h) => h.sentence === anchor.sentence && gapClear(tokens, anchor, h, def.within),
        );
        // Prefer a part that is affirmed, so one denied mention does not hide an affirmed one.
        const found = near.find((h) => !h.negated) ?? near[0];
        if (!found) {
          ok = false;
          break;
        }
        picks.push(found);
      }
      if (!ok) continue;
      if (require && !require.test(sentence)) continue;
      if (unless?.test(sentence)) continue;
      const tokenStart = Math.min(...picks.map((p) => p.tokenStart));
      const tokenEnd = Math.max(...picks.map((p) => p.tokenEnd));
      const list = out.get(def.id) ?? [];
      if (
        list.some(
          (h) => h.sentence === anchor.sentence && h.tokenStart === tokenStart && h.tokenEnd === tokenEnd,
        )
      )
        continue;
      list.push({
        evidence: tokens.slice(tokenStart, tokenEnd).join(' '),
        sentence: anchor.sentence,
        tokenStart,
        tokenEnd,
        negated:
          isNegatedAt(tokens, tokenStart, tokenEnd) ||
          (!def.spanNegationOnly && picks.some((p) => p.negated)),
        ...(picks.some((p) => p.historical === true) ? { historical: true } : {}),
      });
      out.set(def.id, list);
    }
  }
  return out;
}
