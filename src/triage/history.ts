import type { ConceptHit, ConceptMatches } from './concept-matcher.ts';

/**
 * Past, resolved episodes and soft openers: two ways patient wording misleads a phrase matcher.
 *
 * "I had chest pain last year, they did tests and it was fine. Now I need a refill" names a red flag
 * that is not happening. A hit is historical when its clause holds a remote-past marker ("last year",
 * "il y a 2 ans", "hace meses", "ano passado", "mwaka jana"), the text says the episode resolved
 * ("tests were fine", "ça va bien maintenant", "salió todo bien", "deu tudo normal", "ikaonekana ni
 * sawa"), and nothing says it is back ("again", "de nouveau", "otra vez", "de novo", "tena"). All three
 * are required, so an ongoing complaint is never discarded by one stray phrase: a missed emergency is
 * the worst failure.
 *
 * Soft openers ("probably nothing but", "c'est peut-être rien", "seguro no es nada", "pole kwa
 * kusumbua") carry negation words; they are cut out before matching so they can never negate, and
 * so never lower urgency.
 */

const SOFT_OPENERS: readonly RegExp[] = [
  /\b(?:it s |its |this is |it is )?(?:probably|prob|maybe|likely|perhaps|most likely) (?:it s |its )?(?:nothing|nothin|no big deal|not serious|not a big deal)(?: serious| much| really)?(?: but)?\b/g,
  /\b(?:i m |im )?(?:sorry|sry) (?:to|for) (?:bother|disturb|trouble)\w*(?: you)?\b/g,
  /\b(?:i m |im )?(?:not sure|idk|dunno|i don t know|i dont know) (?:if|whether) (?:it s |its |this is )?(?:serious|anything|important|an emergency|a big deal)(?: but)?\b/g,
  /\b(?:ptet|peut etre|sans doute) (?:rien|pas grave)(?: mais)?\b/g,
  /\b(?:igual|capaz) no es nada(?: pero)?\b/g,
  /\b(?:talvez|pode ser que) (?:seja )?(?:besteira|bobagem|frescura)(?: mas)?\b/g,
  /\b(?:i )?(?:don t|dont) want to (?:bother|worry|disturb) (?:you|anyone)\b/g,
  /\bc est (?:peut etre|surement|sans doute|probablement|sans doute pas) (?:rien|pas grave|pas grand chose)(?: de grave)?(?: mais)?\b/g,
  /\bcest (?:peut etre|surement|sans doute|probablement) (?:rien|pas grave)(?: mais)?\b/g,
  /\b(?:ce n est|c est|cest) (?:peut etre |surement |sans doute )?(?:rien|pas grave)(?: mais)?\b/g,
  /\b(?:desole|pardon|excusez moi) (?:de|pour|du) (?:vous )?(?:deranger|derangement)\b/g,
  /\b(?:seguro|seguramente|capaz|quizas|quiza|tal vez|a lo mejor|igual|creo que|puede que) (?:no es|no sea|no sera) (?:nada|nada grave|gran cosa)(?: pero)?\b/g,
  /\b(?:no es|no sera) nada(?: grave)?(?: pero)?\b/g,
  /\b(?:perdon|disculpe?|disculpa) (?:la|por la|por) (?:molestia|molestar)\b/g,
  /\b(?:acho que|talvez|provavelmente|deve ser|pode ser que) (?:nao|n) (?:e|eh|seja) nada(?: demais| grave| serio)?(?: mas)?\b/g,
  /\b(?:nao|n) (?:e|eh|deve ser) nada(?: demais| grave)?(?: mas)?\b/g,
  /\b(?:desculpa|desculpe)(?: (?:o|pelo) incomodo| incomodar| (?:por|pra) incomodar)?\b/g,
  /\b(?:pole|samahani) (?:kwa|na) (?:kusumbua|usumbufu|kukusumbua)\b/g,
  /\b(?:pengine|labda|huenda|nadhani) (?:si|sio|siyo) (?:kitu|kitu kikubwa|jambo kubwa)\b/g,
];

/** Cut soft openers out of normalised text (each becomes a clause break). */
export function stripSoftOpeners(normalized: string): string {
  let s = normalized;
  for (const re of SOFT_OPENERS) s = s.replace(re, ' , ');
  return s.replace(/\s+/g, ' ').trim();
}

/** Remote past: months or years ago, last year, as a child. Not "since last year" (still going). */
const PAST_MARKER = new RegExp(
  [
    '(?<!since |from )last (?:year|month|winter|summer)',
    '(?:a|one|two|three|four|five|six|few|several|many|couple of|\\d+) (?:years?|months?) ago',
    'years ago',
    '(?:as|when (?:i|he|she) was) (?:a )?(?:child|kid|baby|little|young|small|teen\\w*|student|boy|girl)',
    'in the past',
    '(?<!depuis )l an(?:nee)? (?:dernier|derniere|passe|passee)',
    '(?<!depuis )le mois (?:dernier|passe)',
    'il y a (?:\\d+|un|une|deux|trois|quatre|cinq|quelques|plusieurs) (?:ans?|annees?|mois)',
    '(?:quand|lorsqu) (?:il|elle|j) (?:etait|etais) (?:petite?|bebe|enfant|jeune)',
    'dans le passe',
    // At an age: "cuando tenía un año", "quand il avait 2 ans", "quando tinha 3 anos".
    'cuando tenia (?:\\d+|un|una|dos|tres) (?:anos?|meses)',
    'quand (?:il|elle|j) (?:avait|avais) (?:\\d+|un|deux|trois) (?:ans?|mois)',
    'quando (?:ele |ela |eu )?tinha (?:\\d+|um|uma|dois|tres) (?:anos?|meses)',
    'when (?:he|she|i) was (?:\\d+|one|two|three|a baby)',
    'mwaka juzi',
    // Bare "years ago" in each language: "hace años", "faz anos", "il y a des années".
    '(?<!desde )hace (?:anos|tiempo|mucho tiempo)',
    '(?<!desde )(?:ha|faz) (?:anos|muito tempo)',
    'il y a (?:des annees|longtemps|bien longtemps)',
    'long ago',
    // Named months and years ("in March", "en 2019").
    'in (?:january|february|march|april|may|june|july|august|september|october|november|december)',
    '(?:in|en|em|mwaka) (?:19|20)\\d\\d',
    '(?<!desde )el (?:ano|mes) pasado',
    '(?<!desde )hace (?:\\d+|un|una|dos|tres|cuatro|cinco|unos|unas|varios|varias|muchos|muchas) (?:anos?|meses?)',
    '(?:cuando|de) (?:era|chiquit[oa]|nin[oa]|bebe)',
    '(?:a los|aos|a) \\d+ (?:meses|anos|mois|ans)(?= .*\\b(?:tuvo|tuve|estuvo|teve|tive|a eu|avait|had|alikuwa)\\b| (?:tuvo|tuve|estuvo|teve|tive))',
    '(?<!desde )(?:no )?(?:ano|mes) passado',
    '(?<!desde )(?:ha|faz) (?:\\d+|um|uma|dois|duas|tres|uns|umas|alguns|algumas|varios|varias|muitos|muitas) (?:anos?|meses?)',
    '(?:\\d+|um|uma|dois|duas|tres) (?:anos?|meses?) atras',
    'quando (?:eu )?era (?:crianca|pequen[oa]|bebe)',
    '(?<!tangu )mwaka (?:jana|uliopita|juzi)',
    '(?<!tangu )mwezi uliopita',
    '(?:miaka|miezi) (?:\\w+ )?iliyopita',
    '(?:nilipokuwa|alipokuwa|nikiwa|akiwa) mtoto',
    'zamani',
    'utotoni',
    // Round 5: an age at the time of a past event ("had a fit at age 2", "à 18 mois" after "a eu",
    // "com 2 anos" after "teve", "akiwa na miaka 2").
    'at (?:the )?age (?:of )?\\d+',
    // (the lookbehind is last, so it runs only where the age itself matched)
    '(?:a los|aos|a|com|con|at) \\d+ (?:meses|anos|mois|ans|years?|months?)(?<=\\b(?:a eu|avait|ai eu|had|tuvo|tuve|teve|tive|alipata|alikuwa|nilipata)\\b.*)',
    '(?:akiwa|alipokuwa|nikiwa|nilipokuwa) na (?:miaka|miezi) \\d+',
    // Round 7: "2 years back"; a deficit "like before", "como antes", "kama awali" is the old one,
    // unchanged (read only with a resolution or a refill request elsewhere, like every marker here).
    '(?:a|one|two|three|four|five|few|several|many|\\d+) (?:years?|months?) back',
    '(?:like|as|same as) before',
    'comme avant',
    'como (?:antes|dantes)',
    'kama (?:awali|mwanzo)',
  ].join('|'),
  'g',
);

/**
 * Weeks ago: past enough for a fever or a sprain that is over, not for a bite or an exposure whose
 * prophylaxis (rabies, PEP) is still due. Those concepts stay current after a weeks-old marker.
 */
const WEEKS_MARKER = new RegExp(
  [
    '(?:\\d+|two|three|four|few|several|couple of) weeks ago',
    '(?<!since )last week',
    'il y a (?:\\d+|deux|trois|quatre|quelques|plusieurs) semaines',
    '(?<!depuis )la semaine (?:derniere|passee)',
    '(?<!desde )hace (?:\\d+|dos|tres|cuatro|unas|varias) semanas',
    '(?<!desde )la semana pasada',
    '(?<!desde )(?:ha|faz) (?:\\d+|duas|tres|quatro|umas|algumas) semanas',
    '(?<!desde )(?:na )?semana passada',
    '(?<!tangu )wiki (?:\\w+ )?(?:iliyopita|zilizopita)',
  ].join('|'),
  'g',
);
const STILL_DUE_AFTER_WEEKS: ReadonlySet<string> = new Set(['inj.bite', 'sti.pep_exposure', 'u.animal_bite']);

/** The episode resolved or was found harmless. */
const RESOLVED_EPISODE =
  /\b(?:(?:was|were|it s|its|is|been|came back|all|everything|came out|turned out) (?:all |totally |completely )?(?:fine|normal|ok|okay|clear|negative|nothing)|(?:fine|well|ok|okay|good|normal) (?:since|ever since|since then)|resolved|recovered|went away|cured|healed|nothing (?:was )?(?:wrong|found)|c (?:est|etait) rien|c etait (?:normal|bon)|(?:ca|cela) va (?:bien|mieux)|va bien (?:maintenant|depuis)|gueri\w*|soigne\w*|rien (?:trouve|de grave)|tout (?:etait |est )?normal|(?:salio|salieron|estaba|salio todo|todo) (?:todo )?(?:bien|normal)|ya (?:esta|estoy) bien|esta bien|se (?:curo|recupero)|nada grave|(?:deu|deram|estava|tudo) (?:tudo )?(?:normal|bem|certo)|(?:ja )?(?:estou|esta|ta|to) bem|sarou|curou|melhorou|(?:ikaonekana|ilionekana|nilionekana|ikawa) (?:ni )?(?:sawa|salama|poa|safi)|(?:niko|yuko|yu|nipo) (?:sawa|salama|poa|fiti)|nimepona|amepona|alipona|hakuna tatizo|no symptoms (?:now|since)|(?:ahora |agora |maintenant )?(?:sin|sem|pas de|plus de) (?:sintomas|symptomes)|sina dalili (?:sasa|tena)|(?:got|had|completed|finished) (?:all )?(?:her|his|my|the) (?:rabies )?(?:shots|vaccines?|injections|jabs)|nunca mas|never again|plus jamais|jamais plus|nunca mais|ficou bo[mn]|ficou bem|quedo bien|(?:is|is now|now|esta|ahora esta|esta agora|agora|yuko) (?:stable|estable|estavel|imara)|maintenant (?:il|elle|je) vai?s? bien|(?:now )?all (?:is )?(?:well|good|fine)|(?:was|got|been) treated|tout va bien|todo (?:esta )?bien|tudo bem|kila kitu (?:ni )?sawa|nilitibiwa|nikapona|maintenant (?:ca|cela) va|(?:ca|cela) va maintenant|ahora (?:esta|estoy) bien|estoy bien|agora (?:esta|estou|ta|to) bem|now (?:fine|ok|okay|well|good)|(?:fine|ok|okay|well) now|sasa (?:sina|hana) (?:maumivu|shida|tatizo)|(?:now|ahora|agora|maintenant) (?:no|sin|sem|plus de|pas de) (?:pain|dolor|dor|douleur)|ja passou|ya (?:se )?paso|nimeshamaliza dawa|amemaliza dawa|(?:nothing|none|no more|no other) since|(?:rien|plus rien) depuis|depuis (?:plus )?rien|nada (?:desde entonces|mas)|nada desde entao|hakuna tena|tangu hapo (?:sijapata|niko sawa)|(?:ca|cela) va (?:tres |vraiment |tout a fait )?(?:bien|mieux)|(?:fiquei|ficou|quede|quedo) (?:bem|bien|otim[oa]|boa|bom)|(?:ta|esta|to|estou) (?:otim[oa]|estavel|boa|bom)|(?:estoy|esta|estou|i m|im|i am|he is|she is|he s|she s|je suis|il est|elle est|niko|yuko) (?:stable|estable|estavel|imara)|(?:he|she) (?:is|s) (?:now )?\d+ (?:years old |now )?(?:and )?(?:fine|well|healthy|ok)|(?:and|is|s|now) healthy|(?:depuis|desde|since) (?:je vais|il va|elle va|ca va|estoy|esta|estou|ta|i m|i am|he s|she s|all is) (?:tres |muy |muito )?(?:bien|bem|fine|well|ok)|(?:je vais|il va|elle va) (?:tres )?bien|(?:sasa )?(?:ni|yu|yuko|niko) mzima|(?:esta|ta|est) (?:sano|sana|saudavel|en bonne sante)|(?:i|u|ki|li|ya|zi|vi|a|ni|tu)?kawa (?:ni )?(?:sawa|salama|poa|safi)|(?:said|told (?:me|us)|they said) it was (?:an? |just |only )?(?:ulcer|gas|gastritis|acid\w*|reflux|stress|muscle|muscular|nothing|indigestion)|ilikuwa (?:ni )?(?:gesi|vidonda vya tumbo|asidi|msongo)|c etait (?:de la |du |un |une |juste )?(?:gaz|ulcere|gastrite|stress|musculaire|reflux)|era (?:gastritis|gases|una ulcera|estres|muscular|reflujo|gastrite|ulcera|estresse|refluxo|virose)|fever (?:is |has )?(?:gone|went away|settled|resolved|broke)|(?:\d+|two|three|four|five) days? (?:without|with no|no) fever|(?:faz|ha) \d+ dias sem febre|sans fievre depuis|sin fiebre desde|homa imeisha|hana homa tena|(?:finished|completed) (?:the|his|her|my) (?:dose|treatment|course|medicine|tablets)|(?:mn|mtn|mnt) (?:ca|cela) va)\b/;

/**
 * Round 7: the message only asks for a refill or a form ("just need my pills renewed", "só quero os
 * remédios", "nahitaji dawa zangu tu", "school wants a medical form"): the condition named with a
 * remote-past marker is chronic and stable. Like any resolution, it retires only hits inside a
 * past-marked clause, and "again"/"back" still keeps everything current.
 */
const ROUTINE_ONLY = [
  '(?:just|only) (?:need|want|needs|wants) (?:\\w+ ){0,2}(?:pills|medicines?|meds|tablets|refill|prescription|renewal)',
  '(?:need|want) (?:my|the) (?:pills|medicines?|meds|tablets|prescription) renewed',
  '(?:juste|seulement|simplement) (?:\\w+ ){0,2}(?:l ordonnance|mes medicaments|mes comprimes|le renouvellement)',
  '(?:solo|solamente|nada mas) (?:quiero|necesito) (?:\\w+ ){0,2}(?:pastillas|medicinas|medicamentos|receta|remedios)',
  '(?:so|somente|apenas) (?:quero|preciso) (?:\\w+ ){0,2}(?:remedios|comprimidos|receita|medicamentos)',
  'nahitaji (?:dawa|vidonge) (?:zangu |yangu )?tu',
  '(?:school|work|job|employer) (?:wants|needs|asks for|asked for) (?:a |an )?(?:medical )?(?:form|certificate|note|report)',
  'certificat medical',
  'certificado medico',
  'atestado medico',
].join('|');

const ROUTINE_ONLY_RE = new RegExp(`\\b(?:${ROUTINE_ONLY})\\b`);
const RESOLVED = new RegExp(`${RESOLVED_EPISODE.source}|${ROUTINE_ONLY_RE.source}`);

/**
 * A new onset told in the same message ("since this morning", "today", "suddenly", "depuis hier",
 * "desde hoy", "tangu asubuhi"): a refill request then no longer says the old condition is stable.
 */
const ACUTE_NOW =
  /\b(?:this morning|today|tonight|yesterday|last night|suddenly|since (?:this|last|yesterday|\d+ (?:hours?|days?))|ce matin|aujourd hui|hier|cette nuit|soudain\w*|d un coup|depuis (?:ce|hier|\d+ (?:heures?|jours?))|esta manana|hoy|ayer|anoche|de repente|desde (?:hoy|ayer|esta|hace \d+ (?:horas?|dias?))|hoje|ontem|esta manha|de repente|de uma hora para outra|desde (?:hoje|ontem)|leo|jana|asubuhi|ghafla|tangu (?:leo|jana|asubuhi))\b/;
const RESOLVED_G = new RegExp(RESOLVED.source, 'g');
/** Present states that a resolution phrase itself expresses ("niko salama", "eating well"): kept current. */
const STATE_IDS: ReadonlySet<string> = new Set([
  'mh.safe_now',
  'gen.eating_ok',
  'gen.booking',
  'gen.routine_admin',
]);

/**
 * Round 7: "plus rien depuis 2 ans", "nothing for 3 years", "sin crisis desde hace 2 años", "sem
 * crises há 2 anos": a quiet spell of months or years after a clause that names the episode
 * ("j'ai fait des crises avant, plus rien depuis 2 ans") puts that preceding clause in the past.
 */
const LONG_QUIET =
  /\b(?:plus rien|plus de crises?|aucune crise|nothing|no more (?:fits|seizures|attacks)|no (?:fits|seizures|attacks)|nada|sin crisis|ninguna crisis|sem crises?|nenhuma crise|nada mais|hakuna kitu|sijapata tena) (?:depuis|since|for|in|desde hace|desde|hace|ha|faz|tangu|kwa) (?:\d+|un|une|deux|trois|one|two|three|a|dos|tres|um|dois|miaka \d+|miezi \d+) ?(?:ans?|annees?|years?|mois|months?|anos?|meses)?\b/g;

/** It is back, or happening now. */
const RECURRENT =
  /\b(?:(?<!(?:give|take|use|prescribe|try|start|get|have) (?:it|them|me|her|him) |never )again|(?:it s|its|it is|is|came|come|coming|comes) back(?! (?:for|to (?:the )?(?:clinic|hospital|doctor)|on|next|tomorrow|in \d))|recurr\w*|returned|same (?:pain|thing|as)|like last time|de nouveau|encore|revenu\w*|recommenc\w*|comme la derniere fois|otra vez|de nuevo|volvio|regreso|como la vez pasada|de novo|outra vez|voltou|como da outra vez|tena|imerudi|imerejea|kama mara ya mwisho)\b/;

/** Tokens that start a new clause for the history scope: punctuation and a shift to the present. */
const HISTORY_BREAKS: ReadonlySet<string> = new Set([
  ',',
  '.',
  'but',
  'now',
  'today',
  'currently',
  'mais',
  'maintenant',
  'actuellement',
  'pero',
  'ahora',
  'hoy',
  'ahorita',
  'actualmente',
  'mas',
  'porem',
  'agora',
  'hoje',
  'atualmente',
  'lakini',
  'sasa',
  'leo',
]);

function countSpaces(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) === 32) n++;
  return n;
}

/**
 * Mark hits that tell of a resolved past episode as historical (see the module note). Returns a new
 * map; hits are copied, never mutated.
 */
export function markHistorical(sentences: readonly string[], matches: ConceptMatches): ConceptMatches {
  const whole = sentences.join(' . ');
  const resolved = RESOLVED_EPISODE.test(whole) || (ROUTINE_ONLY_RE.test(whole) && !ACUTE_NOW.test(whole));
  if (!resolved || RECURRENT.test(whole)) return matches;
  const ranges: Array<{ sentence: number; from: number; to: number; weeks: boolean }> = [];
  sentences.forEach((sentence, sIdx) => {
    const tokens = sentence.split(' ');
    for (const [re, weeks] of [
      [PAST_MARKER, false],
      [WEEKS_MARKER, true],
    ] as const) {
      re.lastIndex = 0;
      for (let m = re.exec(sentence); m !== null; m = re.exec(sentence)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const at = countSpaces(sentence, m.index);
        let from = at;
        while (from > 0 && !HISTORY_BREAKS.has(tokens[from - 1] ?? '')) from--;
        let to = at;
        while (to < tokens.length && !HISTORY_BREAKS.has(tokens[to] ?? '')) to++;
        ranges.push({ sentence: sIdx, from, to, weeks });
      }
    }
  });
  sentences.forEach((sentence, sIdx) => {
    const tokens = sentence.split(' ');
    LONG_QUIET.lastIndex = 0;
    for (let m = LONG_QUIET.exec(sentence); m !== null; m = LONG_QUIET.exec(sentence)) {
      const at = countSpaces(sentence, m.index);
      let from = at;
      while (from > 0 && HISTORY_BREAKS.has(tokens[from - 1] ?? '')) from--;
      while (from > 0 && !HISTORY_BREAKS.has(tokens[from - 1] ?? '')) from--;
      if (from < at) ranges.push({ sentence: sIdx, from, to: at, weeks: false });
    }
  });
  // A symptom named inside the resolution itself ("fever gone", "sans fièvre depuis") is over.
  const resolvedSpans: Array<{ sentence: number; from: number; to: number }> = [];
  sentences.forEach((sentence, sIdx) => {
    RESOLVED_G.lastIndex = 0;
    for (let m = RESOLVED_G.exec(sentence); m !== null; m = RESOLVED_G.exec(sentence)) {
      if (m[0].length === 0) {
        RESOLVED_G.lastIndex++;
        continue;
      }
      const from = countSpaces(sentence, m.index);
      resolvedSpans.push({ sentence: sIdx, from, to: from + m[0].trim().split(' ').length });
    }
  });
  if (ranges.length === 0 && resolvedSpans.length === 0) return matches;
  const inPast = (id: string, h: ConceptHit) =>
    ranges.some(
      (r) =>
        r.sentence === h.sentence &&
        h.tokenStart >= r.from &&
        h.tokenEnd <= r.to &&
        !(r.weeks && STILL_DUE_AFTER_WEEKS.has(id)),
    ) ||
    (!STATE_IDS.has(id) &&
      !id.startsWith('mod.') &&
      !id.startsWith('ctx.') &&
      resolvedSpans.some((r) => r.sentence === h.sentence && h.tokenStart >= r.from && h.tokenEnd <= r.to));
  const out = new Map<string, ConceptHit[]>();
  for (const [id, hits] of matches)
    out.set(
      id,
      hits.map((h) => (inPast(id, h) ? { ...h, historical: true } : h)),
    );
  return out;
}

/**
 * Round 7: "sangrou muito mas já parou", "bled a lot but it has stopped", "sangró mucho pero ya
 * paró", "damu ilitoka nyingi lakini imekata". Heavy bleeding told as over, later in the same
 * sentence, is not the uncontrolled bleeding of the red flag. Only the "heavy" readings are retired:
 * any bleeding stays current, so bleeding with paleness or faintness (shock) and bleeding in
 * pregnancy or after birth still reach their rules. A denied stop ("has not stopped", "não parou") or
 * "again" keeps everything.
 */
const BLEEDING_STOPPED =
  /(?<!\b(?:not|no|nao|n|pas|never|hasn t|hasnt|didn t|didnt|won t) )\b(?:(?:it |has |it has |it s |already |now |ya |ja |deja |sasa )*(?:stopped|parou|paro|se detuvo|se paro|s est arrete\w*|a arrete|imekata|imeacha|imesimama|imeisha))\b/;

/** Signs of blood loss that keep a stopped bleed an emergency. */
const SHOCK_IDS: readonly string[] = ['sym.faint', 'sym.shock', 'sym.pale_shock', 'gen.dizzy'];

/** Concepts that read bleeding as heavy or uncontrolled (bleeding.severe and friends). */
const HEAVY_BLEEDING_IDS: ReadonlySet<string> = new Set(['bleed.severe', 'bleed.any_major']);

/** Mark heavy-bleeding hits followed by "(and) it stopped" in their sentence as historical. Pure. */
export function markStoppedBleeding(sentences: readonly string[], matches: ConceptMatches): ConceptMatches {
  if (RECURRENT.test(sentences.join(' . '))) return matches;
  // Blood loss with faintness or paleness is shock, however the bleeding is told.
  const shock = SHOCK_IDS.some((id) => (matches.get(id) ?? []).some((h) => !h.negated));
  if (shock) return matches;
  const stopAt = sentences.map((s) => {
    const m = BLEEDING_STOPPED.exec(s);
    return m ? countSpaces(s, m.index) : -1;
  });
  if (stopAt.every((i) => i < 0)) return matches;
  const out = new Map<string, ConceptHit[]>();
  for (const [id, hits] of matches)
    out.set(
      id,
      hits.map((h) =>
        HEAVY_BLEEDING_IDS.has(id) && (stopAt[h.sentence] ?? -1) >= h.tokenEnd
          ? { ...h, historical: true }
          : h,
      ),
    );
  return out;
}
