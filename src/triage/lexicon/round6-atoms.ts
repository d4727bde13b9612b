import type { CompositeDef } from '../concept-matcher.ts';
import { alt, type ConceptDef } from './concept.ts';

/**
 * Round 6 (holdout-5 review): word atoms rather than sentences. Each atom is one idea in en, fr, es,
 * pt and sw (roots, written for the folded forms of morphology.ts: third-person Swahili verbs, base
 * words for diminutives, full words for SMS spellings); the families are built from them by
 * order-free proximity (composites below) or by rules that read atoms anywhere in the message
 * (rules.ts, "Round 6"). See COVERAGE.md, "Round 6: mechanisms".
 */

/** "Cannot" before a verb, in five languages (after SMS folding "n" reads "nao"). */
export const CANT = alt(
  'can t',
  'cannot',
  'can not',
  'couldn t',
  'unable to',
  'ne peut (?:pas|plus)',
  'ne peux (?:pas|plus)',
  'n arrive (?:pas|plus) a',
  'no (?:puede|puedo|pudo)',
  'nao (?:consegue|consigo|pode|conseguiu)',
  'hawezi',
  'siwezi',
  'hakuweza',
  'hashindwa',
  'ameshindwa',
);

export const R6_EXTRA_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  // Regional vehicle words: Mozambican "mota", "camião", "chapa"; East African boda boda, bajaji.
  'atom.vehicle': [
    'mota',
    'motas',
    'camiao',
    'camioes',
    'boda ?boda',
    'piki ?piki',
    'bajaji',
    'tuk ?tuk',
    'camioneta',
  ],
  // "ana sukari" / "mgonjwa wa sukari" (a sugar patient) is how a diabetic is named in Swahili.
  'ctx.diabetic': [
    `${alt('ana', 'mwenye', 'nina', 'una')} ${alt('sukari', 'kisukari')}`,
    `${alt('mgonjwa', 'ugonjwa', 'wagonjwa')} wa ${alt('sukari', 'kisukari')}`,
  ],
  // A meter that reads "HI" is above its range.
  'sugar.high': [
    `${alt('glucometre', 'glucometer', 'glucometro', 'glicosimetro', 'glucosimetro', 'meter', 'machine', 'aparelho', 'medidor', 'mashine')} ${alt('affiche', 'shows', 'says', 'marca', 'mostra', 'da', 'inaonyesha', 'reads')} (?:hi|high)`,
  ],
  // Talk nobody can follow, in Swahili relative forms.
  'neuro.confusion': [
    `${alt('anaongea', 'anasema', 'anaropoka')} ${alt('vitu', 'maneno', 'mambo')} ${alt('visivyoeleweka', 'yasiyoeleweka', 'ovyo')}`,
    'haeleweki',
    'anaongea ovyo',
  ],
  // A kick or blow to the belly is trauma in pregnancy in the plural too.
  'preg.trauma': ['coups? de pieds?', 'patadas', 'chutes', 'mateke', 'amenipiga'],
  // "l'enfant bouge plus" (without "ne") with a pregnancy in the message.
  'preg.no_movement_loose': [
    `(?:l )?${alt('enfant', 'bebe')} ${alt('ne bouge plus', 'bouge plus', 'ne bouge pas', 'bouge pas')}`,
  ],
};

export const R6_CONCEPTS: readonly ConceptDef[] = [
  // ── Breathing, order-free ─────────────────────────────────────────────────────────────────────
  {
    id: 'atom.breathe',
    patterns: [
      'breath\\w*',
      'respir\\w*',
      'respire\\w*',
      'respiracao',
      'respiracion',
      'apumua',
      'anapumua',
      'amepumua',
      'kupumua',
      'pumzi',
      'anahema',
    ],
  },
  {
    id: 'atom.fast_deep',
    patterns: [
      'fast',
      'quick\\w*',
      'rapid\\w*',
      'deep\\w*',
      'vite',
      'profond\\w*',
      'rapido',
      'rapida',
      'profund\\w*',
      'depressa',
      'acelerad[oa]',
      'haraka',
      'kwa kina',
      'ndani ndani',
    ],
  },
  // ── ETAT danger signs as atoms (they fire in a child context, rules.ts) ─────────────────────
  {
    id: 'atom.sink_in',
    patterns: [
      'sink\\w*',
      'suck\\w* in',
      'caving in',
      'pulling in',
      'rentre\\w*',
      'se creuse\\w*',
      'hunde\\w*',
      'se hunde',
      'afunda\\w*',
      'afundando',
      'puxa\\w* para dentro',
      'inaingia ndani',
      'kinaingia ndani',
      'inabonyea',
      'kinabonyea',
    ],
  },
  {
    id: 'atom.blue',
    patterns: [
      'blue\\w*',
      'bluish',
      'grey',
      'gray',
      'bleu\\w*',
      'bleus',
      'violac\\w*',
      'azul\\w*',
      'morad[oa]s?',
      'roxos?',
      'roxas?',
      'arroxead\\w*',
      'cianotic\\w*',
      'bluu',
      'zambarau',
      'meusi',
    ],
  },
  {
    id: 'atom.stuck',
    patterns: [
      'stuck',
      'lodged',
      'coince\\w*',
      'bloque\\w*',
      'atorad[oa]',
      'atascad[oa]',
      'atragant\\w*',
      'entalad[oa]',
      'engasgad[oa]',
      'preso na',
      'amekwama',
      'kimekwama',
      'imekwama',
      'umekwama',
      'amekabwa',
    ],
  },
  {
    id: 'atom.stiffen',
    patterns: [
      'stiffen\\w*',
      'went stiff',
      'goes stiff',
      'rigid',
      'se raidi\\w*',
      'raide',
      'se puso (?:rigid[oa]|ties[oa]|dur[oa])',
      'se pone (?:rigid[oa]|ties[oa]|dur[oa])',
      'ficou (?:dur[oa]|rigid[oa]|tes[oa])',
      'endurec\\w*',
      'kukakamaa',
      'amekakamaa',
      'anakakamaa',
      'alikakamaa',
      'mwili umekakamaa',
    ],
  },
  {
    id: 'atom.stare',
    patterns: [
      'stares?',
      'staring',
      'blank look',
      'fixe le vide',
      'regard (?:fixe|vide)',
      'mirada (?:perdida|fija)',
      'mira (?:fijo|a la nada)',
      'olhar (?:parado|fixo|perdido)',
      'olhando (?:pro nada|para o nada)',
      'anakodoa macho',
      'macho yamekodoa',
      'anatazama tu',
    ],
  },
  {
    id: 'atom.not_moving',
    patterns: [
      'not moving',
      'doesn t move',
      'isn t moving',
      'ne bouge (?:plus|pas)',
      'no se mueve',
      'nao se mexe',
      'nao mexe',
      'hasogei',
      'hajisogezi',
      'hatikisiki',
    ],
  },
  {
    id: 'atom.cant_feel',
    patterns: [
      `${CANT} ${alt('feel', 'sentir', 'sentir', 'kusikia', 'kuhisi', 'sente')}`,
      'ne sent (?:plus|pas|rien)',
      'no siente',
      'nao sente',
    ],
  },
  {
    id: 'atom.crash',
    patterns: [
      'crash\\w*',
      'accident\\w*',
      'collision',
      'collided',
      'knocked down',
      'hit by',
      'renverse\\w*',
      'accidente',
      'choque',
      'atropell\\w*',
      'acidente',
      'batida',
      'atropelad[oa]',
      'ajali',
      'amegongwa',
    ],
  },
  // ── Suicide: the means at hand, and the end of hope ─────────────────────────────────────────
  {
    id: 'mh.means',
    patterns: [
      `${alt('bought', 'got', 'have', 'keep', 'kept', 'saved', 'hid')} ${alt('a gun', 'the gun', 'a rope', 'the rope', 'poison', 'the poison', 'pesticide')}`,
      `${alt('achete', 'acheter', 'garde', 'cache', 'ai')} ${alt('le produit', 'du produit', 'le poison', 'du poison', 'la corde', 'une corde', 'le fusil', 'une arme')}`,
      // Medicines alone after "I have" are a refill or a painkiller that fails; only weapons, rope and
      // poison count here, and pills only when kept hidden or saved (next pattern).
      `${alt('tengo', 'compre', 'guarde', 'consegui')} ${alt('la pistola', 'una pistola', 'el arma', 'un arma', 'la soga', 'una soga', 'el veneno', 'veneno')}`,
      `${alt('tenho', 'comprei', 'guardei', 'peguei')} ${alt('a arma', 'uma arma', 'a corda', 'uma corda', 'o veneno', 'veneno', 'chumbinho')}`,
      `${alt('comprimidos', 'remedios', 'pastillas', 'comprimes', 'cachets', 'pills')} ${alt('guardados', 'guardadas', 'escondidos', 'escondidas', 'caches', 'hidden', 'saved')}`,
      `${alt('nimenunua', 'nina', 'nimeficha')} ${alt('sumu', 'kamba', 'bunduki', 'dawa ya panya')}`,
    ],
  },
  {
    id: 'mh.end_of_hope',
    patterns: [
      'c est fini pour moi',
      'j en peux plus',
      'je n en peux plus',
      'ya no aguanto',
      'no aguanto mas',
      'no puedo mas',
      'nao aguento mais',
      'ja nao vou estar (?:ca|aqui)',
      'nao vou estar mais (?:ca|aqui)',
      'i won t be here',
      'i will not be here',
      'can t go on',
      'je ne serai plus la',
      'ya no voy a estar',
      'sitakuwepo',
      'nimechoka na maisha',
    ],
  },
  {
    id: 'mh.do_it_soon',
    patterns: [
      `${alt('tonight', 'today', 'tomorrow')} ${alt('i ll do it', 'i will do it', 'i do it')}`,
      `${alt('ce soir', 'cette nuit', 'demain')} ${alt('je le bois', 'je le fais', 'je le prends', 'je vais le faire')}`,
      `${alt('hoy en la noche', 'esta noche', 'hoy', 'manana')} ${alt('lo hago', 'me lo tomo', 'lo voy a hacer')}`,
      `${alt('hoje a noite', 'esta noite', 'hoje', 'amanha')} ${alt('eu faco', 'faco', 'vou fazer', 'eu tomo', 'tomo')}`,
      `${alt('leo usiku', 'leo', 'kesho')} ${alt('nitafanya', 'nitakunywa', 'nitameza')}`,
    ],
  },
];

export const R6_COMPOSITES: readonly CompositeDef[] = [
  // Breathing fast or deep told in any order: "il respire profond et vite", "respira profundo y
  // rápido", "anapumua haraka na kwa kina".
  { id: 'breathing.deep_fast', parts: [['atom.breathe'], ['atom.fast_deep']], within: 4 },
  // Chest indrawing as a parent sees it: "o peito afunda", "the chest sinks in", "kifua kinaingia ndani".
  { id: 'child.indrawing_any', parts: [['atom.chest'], ['atom.sink_in']], within: 3 },
  // Blue lips or tongue: "os lábios tão roxinhos", "lips going blue", "midomo ni bluu".
  { id: 'sign.cyanosis', parts: [['atom.lips'], ['atom.blue']], within: 3 },
  // Something stuck in the throat: "amekwama na kipande cha nyama kooni", "coincé dans la gorge".
  { id: 'airway.stuck_throat', parts: [['atom.stuck'], ['atom.throat']], within: 6 },
  // Shaking and stiffening: what a relative sees of a fit.
  { id: 'neuro.seizure', parts: [['atom.shake'], ['atom.stiffen']], within: 4 },
  // A crash involving a vehicle: "acidente de mota com um camião", "ajali ya matatu".
  { id: 'inj.vehicle_crash', parts: [['atom.crash'], ['atom.vehicle']], within: 6 },
  // "hawezi kusikia miguu yake", "can't feel his legs", "ne sent plus ses jambes".
  { id: 'inj.legs_numb', parts: [['atom.cant_feel'], ['atom.legs']], within: 3 },
];
