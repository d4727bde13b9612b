/**
 * Word-form folding for the concept matcher: the same word in another person, tense, diminutive or
 * SMS spelling should reach the lexicon entry written for one form of it. Instead of listing every
 * form in every entry, the matcher also reads a few canonical *variants* of each sentence (see
 * matchConcepts) and keeps the union of hits. A variant has exactly the tokens of the sentence (one
 * token in, one token out), so offsets, negation scope and composites work unchanged.
 *
 * Because the original sentence is always matched too, folding can only add readings: a lexicon
 * entry that names a form ("bombinha", "amekwama") still matches as typed, and a folded form that
 * happens to collide with nothing changes nothing. False friends are limited by guards (stem length,
 * Swahili verb shape) and are tested in morphology.test.ts.
 */

/**
 * SMS abbreviations → full words (pt, es, fr, en, sw). Only unambiguous ones: "n" is handled apart
 * (it is also French "n'" and English "and").
 */
const SMS: Readonly<Record<string, string>> = {
  // pt
  ta: 'esta',
  tah: 'esta',
  to: 'estou',
  tou: 'estou',
  mto: 'muito',
  mt: 'muito',
  mta: 'muita',
  mtos: 'muitos',
  mtas: 'muitas',
  tb: 'tambem',
  tbm: 'tambem',
  hj: 'hoje',
  vc: 'voce',
  qdo: 'quando',
  qnd: 'quando',
  msm: 'mesmo',
  nd: 'nada',
  dps: 'depois',
  nao: 'nao',
  naum: 'nao',
  nn: 'nao',
  pra: 'para',
  // es
  q: 'que',
  k: 'que',
  ke: 'que',
  pq: 'porque',
  xq: 'porque',
  pk: 'porque',
  porq: 'porque',
  tmb: 'tambien',
  tbn: 'tambien',
  d: 'de',
  x: 'por',
  bb: 'bebe',
  // fr
  bcp: 'beaucoup',
  tjrs: 'toujours',
  tjs: 'toujours',
  pr: 'pour',
  ds: 'dans',
  // en
  u: 'you',
  r: 'are',
  ur: 'your',
  coz: 'because',
  cuz: 'because',
  bcz: 'because',
  abt: 'about',
  // sw
  cjui: 'sijui',
  xaxa: 'sasa',
};

/**
 * Round 7: tokens after which "n" is English SMS "and" ("delivered this morning n the blood is still
 * coming", "fell n got a bump"): a pronoun, an article or a past verb of a running story. Without
 * this, "n" read as French "n'" or Portuguese "não" and denied the symptom that followed.
 */
const EN_AFTER_N: ReadonlySet<string> = new Set([
  'the',
  'my',
  'his',
  'her',
  'their',
  'our',
  'your',
  'she',
  'he',
  'i',
  'it',
  'its',
  'they',
  'we',
  'this',
  'that',
  'now',
  'then',
  'got',
  'is',
  'was',
  'has',
  'had',
  'still',
  'also',
  'bit',
  'some',
  'cried',
  'started',
  'became',
  'went',
]);

/** "n" at token `i` is English "and" (see EN_AFTER_N); used by the negation scope too. */
export function isEnglishAndN(tokens: readonly string[], i: number): boolean {
  return tokens[i] === 'n' && EN_AFTER_N.has(tokens[i + 1] ?? '');
}

/** Tokens after which "n" is French "ne" ("n a pas"), not Portuguese/Spanish "não/no". */
const FR_AFTER_N: ReadonlySet<string> = new Set(['a', 'ai', 'as', 'est', 'es', 'y', 'en', 'etait', 'avait']);

/**
 * "n"/"ñ" (normalised to "n") before a verb is "não"/"no" in Portuguese and Spanish SMS ("n se mexe",
 * "n fala coisa com coisa", "ñ respira"). Left alone in French, where the next token shows it.
 */
function foldN(tokens: readonly string[], i: number): string | undefined {
  const next = tokens[i + 1] ?? '';
  if (isEnglishAndN(tokens, i)) return 'and';
  if (next === '' || FR_AFTER_N.has(next)) return undefined;
  // "ne … pas" spelt "n … pas": French.
  for (let j = i + 1; j <= i + 4 && j < tokens.length; j++) if (tokens[j] === 'pas') return undefined;
  return 'nao';
}

/** Words that look like diminutives but are not ("vizinho", "caminho", "vomito", "bonito"). */
const NOT_DIMINUTIVE: ReadonlySet<string> = new Set([
  'vizinho',
  'vizinha',
  'caminho',
  'sozinho',
  'sozinha',
  'cozinha',
  'carinho',
  'galinha',
  'farinha',
  'espinha',
  'padrinho',
  'madrinha',
  'rainha',
  'sardinha',
  'vomito',
  'vomitos',
  'apetito',
  'bonito',
  'bonita',
  'mosquito',
  'mosquitos',
  'maldito',
  'transito',
  'distrito',
  'favorito',
  'infinito',
  'escrito',
  'exito',
  'visita',
  // Lexicalised as "mild/low": "dolor bajito" is a slight pain, not "dolor bajo" (lower pain).
  'bajito',
  'bajita',
  'poquito',
  'poquita',
  'pouquinho',
  'pouquinha',
  'cita',
  'maquina',
  // Round 7: "direito" (right, properly) is not "dire-".
  'direito',
  'direita',
  'perfeito',
  'perfeita',
  'estreito',
  'estreita',
]);

/**
 * Portuguese and Spanish diminutives → base word: "roxinhos" → "roxos", "magrinha" → "magra",
 * "bebezinho" → "bebe", "mollerita" → "mollera", "barriguinha" → "barriga", "pouquinho" → "pouco",
 * "hundidita" → "hundida", "calentito"… The stem must keep 3+ letters; listed look-alikes are left
 * alone (they stay matched as typed in any case).
 */
export function foldDiminutive(w: string): string | undefined {
  if (w.length < 6 || NOT_DIMINUTIVE.has(w)) return undefined;
  // -zinho/-zinha/-cito/-cita attach to whole words: "pezinho", "bebezinho", "mujercita".
  let m = /^([a-z]{2,})(?:zinh|cit)([oa]s?)$/.exec(w);
  if (m?.[1]) return m[1].length >= 2 && /[aeiou]$/.test(m[1]) ? m[1] : `${m[1]}${m[2]}`;
  m = /^([a-z]{3,})(?:inh|it)([oa]s?)$/.exec(w);
  if (m?.[1] && m[2]) {
    // Spelling shifts back at the stem end: "barriguinha" → "barriga", "pouquinho" → "pouco".
    const stem = m[1].replace(/gu$/, 'g').replace(/qu$/, 'c');
    return `${stem}${m[2]}`;
  }
  return undefined;
}

const SW_SUBJECT = '(?:ni|u|a|tu|m|mu|wa|i|ki|li|ya|zi|vi)';
const SW_TENSE = '(?:me|na|li|ta|ki|ka|nge|sha)';
/** Affirmative Swahili verb: subject + tense + root ("wamekwama", "ninapumua", "tulikuwa"). */
const SW_VERB = new RegExp(`^${SW_SUBJECT}(${SW_TENSE})([a-z]{3,})$`);
/**
 * Negative: "si-/hu-/hatu-/ham-/hawa-…" + "ja"/"ku" (not yet, did not) + root, or + a root ending in
 * -i (present negative: "sisikii", "huwezi"). Nouns such as "sindano", "sikio", "huduma" do not end
 * that way and stay as typed.
 */
const SW_NEG = /^(?:si|hu|hatu|ham|hawa|hayu|hazi|havi)(?:(ja|ku)([a-z]{2,})|([a-z]{2,}i))$/;

/**
 * A Swahili verb in another person → the third person singular the lexicon is mostly written in,
 * keeping the tense: "wamekwama"/"nimekwama" → "amekwama", "ninapumua" → "anapumua",
 * "hatusikii"/"sisikii" → "hasikii", "sijala" → "hajala". The tense is never changed: "alijifungua
 * miezi mitatu iliyopita" (past) is not "amejifungua" (has just given birth), and "anaacha kupumua
 * usingizini" (habitually, in sleep) is not "ameacha kupumua" (has stopped breathing). Roots keep 3+
 * letters, so "wakati" (time), "akili" (mind), "umeme" (electricity) are not read as verbs.
 */
export function swahiliVerbForm(w: string): string | undefined {
  if (w.length < 5) return undefined;
  const m = SW_VERB.exec(w);
  if (m?.[1] && m[2]) return `a${m[1]}${m[2]}`;
  const n = SW_NEG.exec(w);
  if (n) return `ha${n[1] ?? ''}${n[2] ?? n[3] ?? ''}`;
  return undefined;
}

/**
 * The canonical variant of one normalised sentence (same number of tokens), or undefined when
 * nothing folds: SMS spellings expanded, diminutives to their base word, Swahili verbs to the third
 * person singular. Pure.
 */
export function canonicalSentence(sentence: string): string | undefined {
  const tokens = sentence.split(' ');
  let changed = false;
  const out = tokens.map((t, i) => {
    const v =
      SMS[t] ?? (t === 'n' ? foldN(tokens, i) : undefined) ?? swahiliVerbForm(t) ?? foldDiminutive(t) ?? t;
    if (v !== t) changed = true;
    return v;
  });
  return changed ? out.join(' ') : undefined;
}

/** The sentence's folded variants (at most one today), each with the sentence's token count. */
export function sentenceVariants(sentence: string): string[] {
  const c = canonicalSentence(sentence);
  return c === undefined ? [] : [c];
}
