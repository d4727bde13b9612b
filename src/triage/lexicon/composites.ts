import type { CompositeDef } from '../concept-matcher.ts';
import {
  CHEST_GI_CONTEXT,
  CHEST_MSK_CONTEXT,
  CHEST_RESP_CONTEXT,
  MINOR_AMOUNT,
} from './cardio-respiratory.ts';
import { FIELD_COMPOSITES } from './field-families.ts';
import { LIMB_NOT_STROKE } from './neuro.ts';
import { ROUND5_COMPOSITES } from './round5.ts';
import { H4_COMPOSITES } from './round5-holdout4.ts';
import { R6_COMPOSITES } from './round6-atoms.ts';
import { R7_COMPOSITES } from './round7-atoms.ts';

/**
 * Clinical concepts found by proximity of atoms (atoms.ts), added to the phrase matches under the
 * same ids, so every rule that reads e.g. `chest.pain` sees them. Patients do not use our phrases:
 * "une douleur qui serre la poitrine", "dolor d pecho fuerte como si me aplastaran", "kifua pain
 * inauma". Windows are small (3–5 tokens) and never cross a clause break, which keeps "my chest x-ray
 * was fine, but my knee hurts" apart. Order matters only where a composite reads another.
 */

const CHEST_PAIN_PARTS = [['atom.chest'], ['atom.pain', 'mod.pressure']] as const;

export const COMPOSITE_CONCEPTS: readonly CompositeDef[] = [
  // Chest pain in any wording, with the same context variants as the phrase concept.
  { id: 'chest.pain', parts: CHEST_PAIN_PARTS, within: 4 },
  {
    id: 'chest.pain_plain',
    parts: CHEST_PAIN_PARTS,
    within: 4,
    unlessSentence: [...CHEST_RESP_CONTEXT, ...CHEST_MSK_CONTEXT, ...CHEST_GI_CONTEXT],
  },
  { id: 'chest.pain_gi', parts: CHEST_PAIN_PARTS, within: 4, requireSentence: CHEST_GI_CONTEXT },
  {
    id: 'chest.pain_resp',
    parts: CHEST_PAIN_PARTS,
    within: 4,
    requireSentence: CHEST_RESP_CONTEXT,
    unlessSentence: CHEST_MSK_CONTEXT,
  },
  { id: 'chest.pain_msk', parts: CHEST_PAIN_PARTS, within: 4, requireSentence: CHEST_MSK_CONTEXT },
  // "me duele un poco la cabeza", "kichwa inauma kidogo"
  { id: 'neuro.headache', parts: [['atom.head'], ['atom.pain']], within: 3 },
  // FAST: a sided body part with loss of power/feeling, in either order ("le côté droit du corps
  // engourdi", "tengo adormecida la mitad de la cara", "ganzi upande wa kushoto wa mwili").
  {
    id: 'neuro.limb_weak',
    parts: [['atom.sided_part'], ['atom.deficit']],
    within: 5,
    unlessSentence: LIMB_NOT_STROKE,
  },
  // A face or mouth that droops: "se le chuecó la boca", "uso wake umelegea".
  { id: 'neuro.face', parts: [['atom.mouth_face'], ['atom.droop']], within: 3 },
  // Anaphylaxis: a closing throat or a swelling/thick tongue threatens the airway on its own.
  { id: 'allergy.airway', parts: [['atom.throat'], ['atom.closing']], within: 3 },
  { id: 'allergy.airway', parts: [['atom.tongue'], ['atom.swelling', 'atom.thick']], within: 3 },
  // A swollen throat is also tonsillitis: it counts only with an allergic trigger (rules.ts).
  { id: 'allergy.throat_swell', parts: [['atom.throat'], ['atom.swelling']], within: 3 },
  { id: 'allergy.lips', parts: [['atom.lips'], ['atom.swelling', 'atom.thick']], within: 3 },
  { id: 'swell.face', parts: [['atom.face'], ['atom.swelling']], within: 3 },
  // "du mal à avaler", "dificuldade pra engolir", "shida kumeza"
  { id: 'throat.cant_swallow', parts: [['atom.difficulty'], ['atom.swallow']], within: 2 },
  { id: 'throat.painful_swallow', parts: [['atom.pain'], ['atom.swallow']], within: 3 },
  // Upper GI bleeding: "vomited loads of dark red blood", "vomitei sangue vivo", "sangre al vomitar".
  { id: 'bleed.vomit_blood', parts: [['atom.vomit'], ['atom.blood']], within: 5 },
  // Melaena: "popó negra como chapopote", "selles toutes noires", "kinyesi cheusi".
  { id: 'bleed.melena', parts: [['atom.stool'], ['atom.black']], within: 3 },
  // Coughing blood: "je crache un peu de sang", "coughed up phlegm with blood".
  { id: 'resp.haemoptysis', parts: [['atom.cough_spit'], ['atom.blood']], within: 5 },
  {
    id: 'resp.haemoptysis_major',
    parts: [['atom.cough_spit'], ['atom.blood']],
    within: 5,
    unlessSentence: MINOR_AMOUNT,
  },
  // "la plaie est profonde", "la herida es honda", "kidonda ni kirefu"
  { id: 'inj.deep', parts: [['atom.wound'], ['atom.deep']], within: 3 },
  // "un chien errant m'a mordu", "me mordió un perro de la calle"
  { id: 'inj.bite', parts: [['atom.animal'], ['atom.bite']], within: 3 },
  // Too breathless to talk: "falo e perco o ar", "je parle et je m'essouffle".
  { id: 'breathing.sob_severe', parts: [['atom.talk'], ['atom.breath_loss']], within: 4 },
  // Overdose: a swallowing verb, an overdose amount and a drug ("se tomó un frasco de paracetamol").
  // A course finished as prescribed is not an overdose.
  {
    id: 'mh.self_harm_done',
    parts: [['atom.ingest'], ['atom.bulk'], ['atom.drug']],
    within: 6,
    unlessSentence: [
      'as (?:prescribed|directed)',
      'course',
      'antibiotic\\w*',
      'prescri\\w*',
      'every day',
      'daily',
      'on time',
      'traitement',
      'comme (?:prescrit|indique)',
      'tous les jours',
      'tratamiento',
      'como (?:me )?(?:indicaron|indico|recetaron)',
      'todos los dias',
      'tratamento',
      'todo dia',
      'kila siku',
      'dozi',
      'kama nilivyoandikiwa',
    ],
  },
  // "pulled my back … sore when I bend", "mgongo unauma", "travei as costas … dói"
  { id: 'msk.back', parts: [['atom.back'], ['atom.pain', 'msk.mechanical']], within: 4 },
  // "una muela que me duele muchísimo"
  { id: 'tooth.pain', parts: [['atom.tooth'], ['atom.pain']], within: 3 },
  // Period pain ("cólicos de la regla", "maumivu ya hedhi", "period pain … cramps").
  { id: 'gen.period_pain', parts: [['atom.period'], ['atom.pain', 'abdo.pain']], within: 4 },
  // Reliever not working: "a bombinha não tá fazendo efeito", "la ventoline ne fait rien".
  { id: 'breathing.asthma_attack', parts: [['atom.inhaler'], ['atom.not_helping']], within: 4 },
  ...FIELD_COMPOSITES,
  ...ROUND5_COMPOSITES,
  ...H4_COMPOSITES,
  ...R6_COMPOSITES,
  ...R7_COMPOSITES,
];
