import type { CompositeDef } from '../concept-matcher.ts';
import { alt, type ConceptDef, gap } from './concept.ts';
import { CANT } from './round6-atoms.ts';

/**
 * Round 7 (holdout-6 review): more atoms in the round-6 style, each one idea in en, fr, es, pt and
 * sw, combined by order-free proximity (composites below) or read by rules anywhere in the message.
 * See COVERAGE.md, "Round 7".
 */

/** Weeks of a pregnancy (12–42): "36", "32"… A baby's age in weeks is written in the third person. */
const GESTATION_WEEKS = '(?:1[2-9]|[23][0-9]|4[0-2])';

export const R7_EXTRA_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  // A writer who counts her own weeks is pregnant: "tengo 36 semanas", "i m 34 weeks", "estou com 32
  // semanas", "je suis à 30 semaines", "nina wiki 36". The pregnancy rules need this context.
  'preg.pregnant': [
    `${alt('tengo', 'tenho', 'estou com', 'estou de', 'estoy de', 'i m', 'im', 'i am', 'je suis a', 'j ai', 'j en suis a', 'nina', 'niko na')} ${GESTATION_WEEKS} ${alt('semanas', 'weeks', 'wks', 'semaines', 'sa', 'wiki')}`,
    `${GESTATION_WEEKS} ${alt('semanas', 'weeks', 'semaines')} ${alt('de embarazo', 'de gestacion', 'de gestacao', 'de gravidez', 'de grossesse', 'of pregnancy', 'along')}`,
    `${alt('nina', 'ana')} ${alt('mimba', 'ujauzito')} ya wiki ${GESTATION_WEEKS}`,
    `wiki ${GESTATION_WEEKS} ${alt('za', 'ya')} ${alt('mimba', 'ujauzito')}`,
  ],
  // French "une bourse" (one side of the scrotum), in the singular as well as "les bourses".
  'abdo.testicular': [
    `(?:mal|douleur\\w*) ${gap(3)}bourse`,
    `bourse ${alt('gauche', 'droite', 'gonflee', 'enflee', 'douloureuse')}`,
  ],
  // Pills counted out or gathered are means at hand, like pills kept hidden (read with a farewell,
  // a time set or the end of hope: rules.ts, self_harm.plan).
  'mh.means': [
    `${alt('counted', 'collected', 'gathered', 'saved up', 'stockpiled', 'lined up', 'hoarded')} ${gap(6)}${alt('pills', 'tablets', 'medicines?', 'meds')}`,
    `${alt('compte', 'rassemble', 'mis de cote', 'amasse')} ${gap(4)}${alt('comprimes', 'cachets', 'medicaments', 'pilules')}`,
    `${alt('conte', 'junte', 'ahorre', 'acumule')} ${gap(4)}${alt('pastillas', 'pildoras', 'medicinas', 'remedios')}`,
    `${alt('contei', 'juntei', 'separei', 'acumulei')} ${gap(4)}${alt('comprimidos', 'remedios', 'pilulas')}`,
    `${alt('nimehesabu', 'nimekusanya', 'nimeficha', 'ninazo')} ${gap(2)}${alt('vidonge', 'dawa')}`,
  ],
  // "I don't have a plan" (the round-5 list had "no plan" only).
  'mh.no_plan': [
    `${alt('don t', 'dont', 'do not')} have ${alt('a ', 'any ')}?plans?`,
    `${alt('je n ai', 'j ai')} (?:pas|aucun) (?:de )?plan`,
  ],
  // A pain in the diminutive is a slight one: "uma dorzinha de cabeça", "un dolorcito".
  'mod.mild': [
    'dorzinha',
    'dorzinho',
    'dolorcito',
    'dolorcillo',
    'kidogo tu',
    'un peu mal',
    'petite douleur',
  ],
};

export const R7_CONCEPTS: readonly ConceptDef[] = [
  // Vomit that looks like coffee grounds is digested blood (upper GI bleed). Only the likeness
  // counts ("like coffee", "borra", "molido"), never a drink of coffee.
  {
    id: 'atom.coffee_grounds',
    patterns: [
      'coffee grounds?',
      `${alt('like', 'looks like', 'looked like')} coffee`,
      'marc de cafe',
      'cafe moulu',
      'comme du cafe',
      'cafe molido',
      'borra de cafe',
      `${alt('como', 'parecido a', 'parece')} (?:el |o )?cafe`,
      'po de cafe',
      `${alt('kama', 'rangi ya')} kahawa`,
    ],
  },
  // "Cannot bend/move/turn" + a body part (neck below): the word order of each language varies, so
  // this is an atom and the body part is joined by proximity.
  {
    id: 'atom.cant_bend',
    patterns: [
      `${CANT} ${alt('bend', 'move', 'turn', 'lower', 'doblar', 'mover', 'girar', 'voltear', 'bajar', 'agachar', 'plier', 'bouger', 'tourner', 'baisser', 'pencher', 'dobrar', 'mexer', 'virar', 'abaixar', 'kugeuza', 'kupinda', 'kuinamisha', 'kuinama', 'kusogeza')}`,
    ],
  },
  // Suicidal thoughts told with "I have not done anything": with "no plan", a same-day contact.
  {
    id: 'mh.no_act',
    patterns: [
      `${alt('haven t', 'havent', 'have not', 'didn t', 'didnt', 'did not')} ${alt('done', 'tried')} ${alt('anything', 'nothing')}`,
      `${alt('je n ai', 'j ai')} rien (?:fait|tente)`,
      'no he (?:hecho|intentado) nada',
      'no hice nada',
      '(?:nao|n) (?:fiz|tentei) nada',
      `sijafanya ${alt('kitu', 'chochote', 'lolote')}`,
    ],
  },
  // A foreign body that flew or fell into the eye (metal, wood, glass): same-day care unless the
  // eye bleeds or sight is lost (rules.ts, trauma.eye). Chemicals and blows stay in inj.eye_serious.
  {
    id: 'inj.eye_projectile',
    patterns: [
      `${alt('glass', 'metal', 'stick')} ${gap(2)}${alt('in', 'into')} ${alt('my', 'his', 'her', 'the', 'their', 'your')}? ?eyes?`,
      `${alt('verre', 'eclat')} ${gap(2)}${alt('dans l', 'dans les', 'a l')} ${alt('oeil', 'yeux')}`,
      `vidrio ${gap(2)}${alt('en', 'dentro de')} (?:el |mi |los |su )?ojos?`,
      `vidro ${gap(2)}${alt('no', 'nos')} olhos?`,
      `kioo ${gap(1)}${alt('imeingia', 'kimeingia', 'imemrukia', 'imenirukia')} ${alt('jichoni', 'machoni')}`,
    ],
  },
  // ── Figures of speech (analysis.ts drops clinical hits inside them) ──────────────────────────
  // A broken heart is grief, not a fracture: "my heart is broken since she left", "moyo wangu
  // umevunjika", "meu coração tá partido".
  {
    id: 'fig.heartbreak',
    patterns: [
      `${alt('heart', 'coeur', 'corazon', 'coracao', 'moyo')} ${gap(3)}${alt('broken', 'brise', 'casse', 'roto', 'rota', 'partido', 'despedazado', 'umevunjika', 'imevunjika', 'umeumia')}`,
      'heartbroken',
      'broken heart',
      'coeur brise',
      'chagrin d amour',
      'mal de amore?s?',
      'desamor',
    ],
  },
  // "Me duele el corazón" after a break-up is heartache, not chest pain: only in a sentence that
  // names the break-up or the sadness.
  {
    id: 'fig.heartache',
    patterns: [
      `${alt('me duele', 'duele', 'doi', 'doi o', 'dor no', 'mal au', 'hurts', 'aches')} ${gap(1)}${alt('el corazon', 'o coracao', 'coracao', 'coeur', 'heart')}`,
      `${alt('my heart', 'mon coeur', 'mi corazon', 'meu coracao', 'moyo wangu', 'moyo')} ${alt('hurts', 'aches', 'me fait mal', 'me duele', 'doi', 'dói', 'unauma')}`,
    ],
    requireSentence: [
      'left me',
      'broke up',
      'break ?up',
      'dumped',
      'divorce\\w*',
      'm a quitte\\w*',
      'rupture',
      'me dejo',
      'termine',
      'terminamos',
      'rompimos',
      'me largou',
      'terminou',
      'ameniacha',
      'tumeachana',
      'novi[oa]',
      'namorad[oa]',
      'boyfriend',
      'girlfriend',
      'copain',
      'copine',
      'sad',
      'triste',
      'huzuni',
    ],
  },
];

export const R7_COMPOSITES: readonly CompositeDef[] = [
  // Vomiting "como café molido", "kama kahawa", "like coffee grounds" in any order.
  { id: 'bleed.vomit_blood', parts: [['atom.vomit'], ['atom.coffee_grounds']], within: 6 },
  // "no puedo doblar el cuello", "não consigo mexer o pescoço", "hawezi kugeuza shingo".
  // The "cannot" is inside the first part, so only a cue before the whole span denies it.
  { id: 'neuro.stiff_neck', parts: [['atom.cant_bend'], ['atom.neck']], within: 4, spanNegationOnly: true },
  // Something that flew into the eye (moved from the round-5 inj.eye_serious composite).
  { id: 'inj.eye_projectile', parts: [['atom.eyes'], ['atom.projectile']], within: 8 },
];
