import type { ClinicalContext } from './analysis.ts';
import type { ComplaintGroup } from './complaint-groups.ts';
import type { SignLevel } from './types.ts';

/** A yes/no question the protocol may ask; its text lives in src/i18n/triage/*.json under `key`. */
export interface QuestionDef {
  id: string;
  key: string;
  level: SignLevel;
  /** Concepts that answer the question from free text: positive → yes, only negated → no. */
  concepts: readonly string[];
  /** English reason when answered yes (or unsure: the safer answer). */
  reason: string;
  /** English pertinent positive / negative. */
  positive: string;
  negative: string;
  /** Ask only when this holds. */
  applies?: (ctx: ClinicalContext) => boolean;
  /** Ask only when one of these concepts is present in the text. */
  requires?: readonly string[];
}

const womanOfChildbearingAge = (ctx: ClinicalContext) =>
  ctx.female && !ctx.child && (ctx.ageYears === undefined || (ctx.ageYears >= 12 && ctx.ageYears <= 50));

const Q: Record<string, QuestionDef> = {};
function q(def: QuestionDef): QuestionDef {
  Q[def.id] = def;
  return def;
}

const breathSevere = q({
  id: 'breath.severe',
  key: 'q.breath.severe',
  level: 'very_urgent',
  concepts: ['breathing.sob_severe', 'breathing.sob_acute', 'breathing.asthma_attack'],
  reason: 'Difficulty breathing (very urgent discriminator)',
  positive: 'Difficulty breathing',
  negative: 'Denies difficulty breathing',
});
const breathBlue = q({
  id: 'breath.blue',
  key: 'q.breath.blue',
  level: 'emergency',
  concepts: ['breathing.arrest'],
  reason: 'Blue or grey lips/face (emergency discriminator)',
  positive: 'Blue or grey lips/face',
  negative: 'Denies blue lips',
});
const consciousDrowsy = q({
  id: 'conscious.drowsy',
  key: 'q.conscious.drowsy',
  level: 'very_urgent',
  concepts: ['neuro.drowsy', 'neuro.confusion', 'neuro.unresponsive'],
  reason: 'Very sleepy, hard to wake or confused (very urgent discriminator)',
  positive: 'Drowsy or confused',
  negative: 'Denies drowsiness or confusion',
});
const feverNeck = q({
  id: 'fever.neck',
  key: 'q.fever.neck',
  level: 'emergency',
  concepts: ['neuro.stiff_neck', 'child.rash_nonblanching'],
  reason: 'Stiff neck or non-blanching rash (emergency discriminator)',
  positive: 'Stiff neck or non-blanching rash',
  negative: 'Denies stiff neck or non-blanching rash',
});
const feverAny = q({
  id: 'fever.any',
  key: 'q.fever.any',
  level: 'urgent',
  concepts: ['fever.any', 'fever.high'],
  reason: 'Fever (urgent discriminator)',
  positive: 'Fever',
  negative: 'Denies fever',
});
const feverHigh = q({
  id: 'fever.high',
  key: 'q.fever.high',
  level: 'urgent',
  concepts: ['fever.high'],
  reason: 'High (≥38 °C) or prolonged fever (urgent discriminator)',
  positive: 'High or prolonged fever',
  negative: 'Fever not high and under 2 days',
});
const feverFits = q({
  id: 'fever.fits',
  key: 'q.fever.fits',
  level: 'very_urgent',
  concepts: ['neuro.seizure'],
  reason: 'Fits with fever (very urgent discriminator)',
  positive: 'Fits/convulsions',
  negative: 'Denies fits',
});
const pregPossible = q({
  id: 'preg.possible',
  key: 'q.preg.possible',
  level: 'very_urgent',
  concepts: ['preg.pregnant'],
  reason: 'Abdominal pain in possible pregnancy (very urgent: ectopic not excluded)',
  positive: 'Possibly pregnant',
  negative: 'Not pregnant',
  applies: womanOfChildbearingAge,
});
const long = q({
  id: 'long',
  key: 'q.long',
  level: 'routine',
  concepts: ['mod.chronic'],
  reason: 'Lasting more than a week or recurring (routine review)',
  positive: 'Long-standing or recurrent',
  negative: 'Recent onset',
});

const chest = [
  breathSevere,
  q({
    id: 'chest.sweating',
    key: 'q.chest.sweating',
    level: 'very_urgent',
    concepts: ['sym.sweating', 'sym.nausea', 'sym.faint'],
    reason: 'Chest pain with sweating, nausea or faintness (very urgent discriminator)',
    positive: 'Sweating, nausea or faintness with the pain',
    negative: 'Denies sweating, nausea or faintness',
  }),
  q({
    id: 'chest.spreading',
    key: 'q.chest.spreading',
    level: 'very_urgent',
    concepts: ['sym.radiating', 'mod.pressure'],
    reason: 'Chest pain that is heavy/tight or spreads to arm, jaw, neck or back (very urgent discriminator)',
    positive: 'Heavy/tight pain or spreading to arm, jaw, neck or back',
    negative: 'Pain not heavy and not spreading',
  }),
  q({
    id: 'chest.ongoing',
    key: 'q.chest.ongoing',
    level: 'very_urgent',
    concepts: [],
    reason: 'Chest pain present now or lasting over 15 minutes (very urgent discriminator)',
    positive: 'Pain ongoing or lasted over 15 minutes',
    negative: 'Pain brief and gone',
  }),
];

const breathing = [
  breathBlue,
  breathSevere,
  q({
    id: 'breath.chest',
    key: 'q.breath.chest',
    level: 'very_urgent',
    concepts: ['chest.pain'],
    reason: 'Chest pain with breathing complaint (very urgent discriminator)',
    positive: 'Chest pain',
    negative: 'Denies chest pain',
  }),
  q({
    id: 'breath.blood',
    key: 'q.breath.blood',
    level: 'very_urgent',
    concepts: ['resp.haemoptysis'],
    reason: 'Coughing up blood (very urgent discriminator)',
    positive: 'Coughing up blood',
    negative: 'Denies coughing blood',
  }),
  feverAny,
  q({
    id: 'cough.long',
    key: 'q.cough.long',
    level: 'routine',
    concepts: ['resp.tb_signs'],
    reason: 'Cough for more than 2 weeks or with weight loss (TB screening)',
    positive: 'Cough over 2 weeks or weight loss',
    negative: 'Cough under 2 weeks',
  }),
];

const coldFlu = [
  breathSevere,
  feverHigh,
  q({
    id: 'cold.long',
    key: 'q.cold.long',
    level: 'routine',
    concepts: ['mod.chronic'],
    reason: 'Cold symptoms over 10 days or worsening (routine review)',
    positive: 'Over 10 days or worsening',
    negative: 'Under 10 days and improving',
  }),
];

const fever = [feverNeck, consciousDrowsy, breathSevere, feverFits, feverHigh];

const headache = [
  q({
    id: 'head.sudden',
    key: 'q.head.sudden',
    level: 'very_urgent',
    concepts: ['neuro.thunderclap'],
    reason: 'Sudden, worst-ever headache (very urgent discriminator)',
    positive: 'Sudden worst-ever headache',
    negative: 'Not sudden or worst-ever',
  }),
  q({
    id: 'head.neuro',
    key: 'q.head.neuro',
    level: 'very_urgent',
    concepts: ['neuro.face', 'neuro.limb_weak', 'neuro.speech', 'neuro.confusion'],
    reason: 'Headache with focal neurology (very urgent discriminator)',
    positive: 'Weakness, numbness, speech problem or facial droop',
    negative: 'Denies weakness, numbness, speech problems or facial droop',
  }),
  feverNeck,
  q({
    id: 'head.severe',
    key: 'q.head.severe',
    level: 'urgent',
    concepts: ['gi.vomiting', 'eye.blurred', 'inj.head'],
    reason: 'Severe headache or with vomiting, blurred vision or head injury (urgent discriminator)',
    positive: 'Severe, or with vomiting, blurred vision or head injury',
    negative: 'Not severe; no vomiting, visual change or head injury',
  }),
  long,
];

const abdominal = [
  q({
    id: 'abdo.severe',
    key: 'q.abdo.severe',
    level: 'very_urgent',
    concepts: ['abdo.rigid'],
    reason: 'Severe abdominal pain (very urgent discriminator)',
    positive: 'Severe pain',
    negative: 'Pain not severe',
  }),
  q({
    id: 'abdo.blood',
    key: 'q.abdo.blood',
    level: 'very_urgent',
    concepts: ['bleed.vomit_blood', 'bleed.melena', 'gi.stool_blood'],
    reason: 'Vomiting blood or black/bloody stools (very urgent discriminator)',
    positive: 'Blood in vomit or stool',
    negative: 'Denies blood in vomit or stool',
  }),
  pregPossible,
  q({
    id: 'abdo.fluids',
    key: 'q.abdo.fluids',
    level: 'urgent',
    concepts: ['gi.vomit_persistent', 'gi.vomit_everything', 'gi.dehydration'],
    reason: 'Cannot keep fluids down or passing little urine (urgent discriminator)',
    positive: 'Cannot keep fluids down / little urine',
    negative: 'Keeping fluids down',
  }),
  feverAny,
  long,
];

const injury = [
  q({
    id: 'injury.major',
    key: 'q.injury.major',
    level: 'emergency',
    concepts: ['inj.major', 'bleed.severe'],
    reason: 'Major trauma or uncontrolled bleeding (emergency discriminator)',
    positive: 'Serious accident or uncontrolled bleeding',
    negative: 'No major mechanism; bleeding controlled',
  }),
  q({
    id: 'injury.head',
    key: 'q.injury.head',
    level: 'very_urgent',
    concepts: [],
    reason: 'Head injury with loss of consciousness, vomiting or confusion (very urgent discriminator)',
    positive: 'Head injury with loss of consciousness, vomiting or confusion',
    negative: 'No head injury with worrying features',
  }),
  q({
    id: 'injury.deformed',
    key: 'q.injury.deformed',
    level: 'very_urgent',
    concepts: ['inj.open_fracture'],
    reason: 'Open fracture or deformity (very urgent discriminator)',
    positive: 'Bone showing or limb deformed',
    negative: 'No deformity',
  }),
  q({
    id: 'burn.serious',
    key: 'q.burn.serious',
    level: 'very_urgent',
    concepts: ['inj.burn_severe_site'],
    requires: ['inj.burn'],
    reason: 'Burn to face/neck, chemical/electrical or large (very urgent discriminator)',
    positive: 'Serious burn site/type/size',
    negative: 'Burn small, not face, not chemical/electrical',
  }),
  q({
    id: 'injury.cant_use',
    key: 'q.injury.cant_use',
    level: 'urgent',
    concepts: ['inj.fracture', 'mob.cant_walk', 'inj.deep', 'inj.bite', 'inj.blister'],
    reason: 'Cannot use limb, deep wound, blistered burn or animal bite (urgent discriminator)',
    positive: 'Cannot use limb / deep wound / blistered burn / animal bite',
    negative: 'Can use it; wound superficial',
  }),
  long,
];

const pregnancy = [
  q({
    id: 'preg.bleeding',
    key: 'q.preg.bleeding',
    level: 'very_urgent',
    concepts: ['bleed.any_major'],
    reason: 'Vaginal bleeding in pregnancy (very urgent discriminator)',
    positive: 'Vaginal bleeding',
    negative: 'Denies vaginal bleeding',
  }),
  q({
    id: 'preg.pain',
    key: 'q.preg.pain',
    level: 'very_urgent',
    concepts: ['abdo.pain_notmild'],
    reason: 'Abdominal pain in pregnancy (very urgent discriminator)',
    positive: 'Abdominal pain',
    negative: 'Denies abdominal pain',
  }),
  q({
    id: 'preg.eclampsia',
    key: 'q.preg.eclampsia',
    level: 'very_urgent',
    concepts: ['eye.blurred', 'swell.face', 'swell.hands', 'neuro.thunderclap'],
    reason: 'Severe headache, blurred vision or face/hand swelling in pregnancy (very urgent discriminator)',
    positive: 'Headache, blurred vision or swelling',
    negative: 'Denies headache, visual change or swelling',
  }),
  q({
    id: 'preg.movement',
    key: 'q.preg.movement',
    level: 'very_urgent',
    concepts: ['preg.reduced_movements', 'preg.labour'],
    reason: 'Reduced fetal movements or broken waters (very urgent discriminator)',
    positive: 'Reduced movements or waters broken',
    negative: 'Normal movements, waters intact',
  }),
  feverAny,
];

const child = [
  q({
    id: 'child.breathing',
    key: 'q.child.breathing',
    level: 'emergency',
    concepts: ['breathing.sob_severe', 'breathing.sob_acute', 'breathing.arrest', 'child.indrawing'],
    reason: 'Child with severe breathing difficulty or blue lips (ETAT emergency sign)',
    positive: 'Breathing difficulty or blue lips',
    negative: 'Denies breathing difficulty',
  }),
  q({
    id: 'child.wake',
    key: 'q.child.wake',
    level: 'emergency',
    concepts: ['neuro.drowsy', 'child.floppy', 'neuro.unresponsive'],
    reason: 'Child very sleepy, floppy or hard to wake (ETAT emergency sign)',
    positive: 'Very sleepy/floppy/hard to wake',
    negative: 'Alert',
  }),
  q({
    id: 'child.fits',
    key: 'q.child.fits',
    level: 'emergency',
    concepts: ['neuro.seizure'],
    reason: 'Convulsions (ETAT emergency sign)',
    positive: 'Fits/convulsions',
    negative: 'Denies fits',
  }),
  q({
    id: 'child.drink',
    key: 'q.child.drink',
    level: 'emergency',
    concepts: ['child.not_drinking', 'gi.vomit_everything'],
    reason: 'Unable to drink/breastfeed or vomiting everything (IMCI danger sign)',
    positive: 'Not drinking or vomiting everything',
    negative: 'Drinking/feeding',
  }),
  q({
    id: 'child.rash',
    key: 'q.child.rash',
    level: 'emergency',
    concepts: ['child.rash_nonblanching', 'neuro.stiff_neck'],
    reason: 'Non-blanching rash or stiff neck (emergency sign)',
    positive: 'Non-blanching rash or stiff neck',
    negative: 'Denies non-blanching rash or stiff neck',
  }),
  feverAny,
];

const skin = [
  q({
    id: 'allergy.swelling',
    key: 'q.allergy.swelling',
    level: 'emergency',
    concepts: ['allergy.airway', 'allergy.lips'],
    reason: 'Swelling of lips, tongue or throat, or breathing difficulty (anaphylaxis)',
    positive: 'Lip/tongue/throat swelling or breathing difficulty',
    negative: 'Denies lip/tongue/throat swelling',
  }),
  q({
    id: 'skin.glass',
    key: 'q.skin.glass',
    level: 'emergency',
    concepts: ['child.rash_nonblanching'],
    requires: ['skin.rash'],
    reason: 'Non-blanching rash (emergency discriminator)',
    positive: 'Rash does not fade under a glass',
    negative: 'Rash fades under a glass',
  }),
  q({
    id: 'skin.blisters',
    key: 'q.skin.blisters',
    level: 'very_urgent',
    concepts: ['skin.widespread_blisters'],
    reason: 'Peeling/blistering skin or mouth/eye sores (very urgent discriminator)',
    positive: 'Peeling/blistering skin or mucosal sores',
    negative: 'No blistering or mucosal sores',
  }),
  q({
    id: 'skin.spreading',
    key: 'q.skin.spreading',
    level: 'urgent',
    concepts: ['skin.cellulitis'],
    reason: 'Red, hot, spreading skin or fever (urgent discriminator)',
    positive: 'Red, hot, spreading or fever',
    negative: 'Not spreading, no fever',
  }),
  long,
];

const urinary = [
  q({
    id: 'uri.retention',
    key: 'q.uri.retention',
    level: 'very_urgent',
    concepts: ['uri.retention'],
    reason: 'Unable to pass urine (very urgent discriminator)',
    positive: 'Unable to pass urine',
    negative: 'Passing urine',
  }),
  q({
    id: 'uri.fever',
    key: 'q.uri.fever',
    level: 'urgent',
    concepts: ['uri.flank'],
    reason: 'Urinary symptoms with fever, flank pain or vomiting (urgent discriminator)',
    positive: 'Fever, flank pain or vomiting',
    negative: 'No fever, flank pain or vomiting',
  }),
  q({
    id: 'uri.blood',
    key: 'q.uri.blood',
    level: 'urgent',
    concepts: ['uri.haematuria'],
    reason: 'Blood in urine (urgent discriminator)',
    positive: 'Blood in urine',
    negative: 'No blood in urine',
  }),
  q({
    id: 'uri.pregnant',
    key: 'q.uri.pregnant',
    level: 'urgent',
    concepts: ['preg.pregnant'],
    applies: womanOfChildbearingAge,
    reason: 'Urinary symptoms in pregnancy (urgent discriminator)',
    positive: 'Pregnant',
    negative: 'Not pregnant',
  }),
];

const mental = [
  q({
    id: 'mental.harm',
    key: 'q.mental.harm',
    level: 'emergency',
    concepts: ['mh.self_harm_done'],
    reason: 'Self-harm or overdose taken (emergency discriminator)',
    positive: 'Has self-harmed or taken an overdose',
    negative: 'Denies self-harm or overdose',
  }),
  q({
    id: 'mental.plan',
    key: 'q.mental.plan',
    level: 'very_urgent',
    concepts: ['mh.suicide_intent'],
    reason: 'Suicidal thoughts or cannot keep safe (very urgent discriminator)',
    positive: 'Suicidal thoughts or unable to keep safe',
    negative: 'Denies suicidal thoughts',
  }),
  q({
    id: 'mental.others',
    key: 'q.mental.others',
    level: 'very_urgent',
    concepts: ['mh.psychosis'],
    reason: 'Hearing voices or risk of harming others (very urgent discriminator)',
    positive: 'Hearing voices or risk to others',
    negative: 'Denies voices or risk to others',
  }),
  q({
    id: 'mental.coping',
    key: 'q.mental.coping',
    level: 'urgent',
    concepts: ['mh.not_coping', 'mh.passive'],
    reason: 'Not eating, sleeping or caring for self for days (urgent discriminator)',
    positive: 'Not coping with daily life',
    negative: 'Coping with daily life',
  }),
];

const eyeEarThroat = [
  q({
    id: 'ent.airway',
    key: 'q.ent.airway',
    level: 'very_urgent',
    concepts: ['throat.airway'],
    reason: 'Cannot swallow saliva or noisy breathing (very urgent discriminator)',
    positive: 'Cannot swallow saliva / noisy breathing',
    negative: 'Swallowing saliva, breathing quietly',
  }),
  q({
    id: 'eye.vision',
    key: 'q.eye.vision',
    level: 'very_urgent',
    concepts: ['neuro.vision_loss', 'inj.eye_serious'],
    reason: 'Sudden loss of vision or eye injury/chemical (very urgent discriminator)',
    positive: 'Sudden vision loss or eye injury/chemical',
    negative: 'No sudden vision loss or eye injury',
  }),
  q({
    id: 'ent.severe',
    key: 'q.ent.severe',
    level: 'urgent',
    concepts: ['eye.painful', 'eye.blurred', 'throat.cant_swallow', 'fever.high'],
    reason: 'Severe pain, blurred vision or high fever (urgent discriminator)',
    positive: 'Severe pain, blurred vision or high fever',
    negative: 'Pain not severe, vision normal, no high fever',
  }),
  long,
];

const backJoint = [
  q({
    id: 'back.nerves',
    key: 'q.back.nerves',
    level: 'very_urgent',
    concepts: ['msk.cauda'],
    reason: 'Leg weakness/numbness or loss of bladder/bowel control (very urgent discriminator)',
    positive: 'Leg weakness/numbness or bladder/bowel problems',
    negative: 'Denies leg weakness or bladder/bowel problems',
  }),
  q({
    id: 'joint.hot',
    key: 'q.joint.hot',
    level: 'urgent',
    concepts: ['msk.hot_joint'],
    reason: 'Hot, red, swollen joint or fever (urgent discriminator)',
    positive: 'Hot swollen joint or fever',
    negative: 'No hot joint or fever',
  }),
  q({
    id: 'leg.calf',
    key: 'q.leg.calf',
    level: 'urgent',
    concepts: ['msk.calf'],
    reason: 'Swollen, painful, warm calf (urgent discriminator: possible DVT)',
    positive: 'Swollen painful calf',
    negative: 'No calf swelling',
  }),
  q({
    id: 'msk.injury',
    key: 'q.msk.injury',
    level: 'urgent',
    concepts: ['inj.fracture', 'mob.cant_walk'],
    reason: 'Cannot walk or use the limb after an injury (urgent discriminator)',
    positive: 'Cannot walk/use limb after injury',
    negative: 'Can walk/use limb',
  }),
  long,
];

const general = [
  breathSevere,
  consciousDrowsy,
  q({
    id: 'general.chest',
    key: 'q.general.chest',
    level: 'very_urgent',
    concepts: ['chest.pain'],
    reason: 'Chest pain (very urgent discriminator)',
    positive: 'Chest pain',
    negative: 'Denies chest pain',
  }),
  q({
    id: 'general.worse',
    key: 'q.general.worse',
    level: 'urgent',
    concepts: ['gen.bedbound'],
    reason: 'Too weak to stand or getting quickly worse (urgent discriminator)',
    positive: 'Too weak to stand or rapidly worsening',
    negative: 'Able to stand, not rapidly worsening',
  }),
  feverAny,
];

const BY_GROUP: Readonly<Record<ComplaintGroup, readonly QuestionDef[]>> = {
  chest_pain: chest,
  breathing,
  cold_flu: coldFlu,
  fever,
  headache,
  neuro: general,
  poisoning: general,
  abdominal,
  injury,
  pregnancy,
  child,
  skin,
  urinary,
  mental_health: mental,
  eye_ear_throat: eyeEarThroat,
  back_joint: backJoint,
  general,
};

const RANK: Readonly<Record<SignLevel, number>> = { emergency: 0, very_urgent: 1, urgent: 2, routine: 3 };

/** Questions for a group, emergency discriminators first (stable within a level). */
export function questionsFor(group: ComplaintGroup): QuestionDef[] {
  return [...(BY_GROUP[group] ?? general)].sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** A question by id (undefined for unknown ids, e.g. from an older state). */
export function questionById(id: string): QuestionDef | undefined {
  return Q[id];
}

/** Every question definition (for catalogue checks). */
export function allQuestions(): QuestionDef[] {
  return Object.values(Q);
}
