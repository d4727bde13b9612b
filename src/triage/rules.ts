import type { SignLevel } from './types.ts';

/**
 * One way a sign can be present: every listed concept is positive (not negated), within the scope.
 * `text`: anywhere in the patient's texts; `sentence`: in one sentence; `near`: in one sentence within
 * `within` tokens, with no clause break ("," / "and" / "but") between them.
 */
export interface RuleCondition {
  all: readonly string[];
  scope?: 'text' | 'sentence' | 'near';
  within?: number;
  /** Only when the patient is a child (age < 12 or child words). */
  child?: boolean;
  /** Only when the patient is not known to be a child. */
  adult?: boolean;
  /** Additionally needs fever (a fever word or a temperature ≥ 38 °C). */
  fever?: boolean;
  /** Only for an infant under 3 months. */
  infant?: boolean;
  /**
   * The condition fails when every concept of one of these lists is present anywhere in the text
   * (e.g. known epilepsy + "as usual" + "fine now" turns a seizure from very urgent into urgent).
   */
  noneOf?: readonly (readonly string[])[];
}

/** A sign read from text: red flag (emergency/very urgent) or lower discriminator. */
export interface SignRule {
  id: string;
  group: string;
  level: SignLevel;
  /** English, clinician-readable: why this sign matters. */
  reason: string;
  when: readonly RuleCondition[];
}

const one = (...ids: string[]): RuleCondition[] => ids.map((id) => ({ all: [id] }));
const withAny = (
  base: string,
  others: readonly string[],
  scope: RuleCondition['scope'] = 'text',
): RuleCondition[] => others.map((o) => ({ all: [base, o], scope }));

/**
 * A known epileptic's usual, short seizure with full recovery (NICE CG137 / NG217): same-day review
 * rather than emergency care. Prolonged (≥ 5 min), repeated or first seizures, and any in a child, stay
 * emergencies through their own rules.
 */
const KNOWN_TYPICAL_SEIZURE = ['neuro.epilepsy_known', 'mod.as_usual', 'mod.recovered_now'] as const;

/**
 * Red flags (Part C, C2; SATS emergency = level emergency, SATS very urgent = level very_urgent). Any
 * of them ends triage in emergency care. Checked on every message.
 */
export const RED_FLAG_RULES: readonly SignRule[] = [
  // chest pain
  {
    id: 'chest.cardiac',
    group: 'chest_pain',
    level: 'very_urgent',
    reason:
      'Chest pain with cardiac features (sweating, breathlessness, nausea, faintness, spreading, pressure or severe)',
    when: [
      ...withAny('chest.pain', [
        'sym.sweating',
        'sym.radiating',
        'sym.faint',
        'sym.nausea',
        'breathing.sob_acute',
        'breathing.sob_severe',
        'breathing.sob_exertion',
      ]),
      { all: ['chest.pain', 'mod.pressure'], scope: 'near', within: 4 },
      { all: ['chest.pain', 'mod.severe'], scope: 'near', within: 4 },
      { all: ['chest.heart_attack'] },
      // Atypical presentations (women, older people, diabetics): jaw pain or "indigestion" with
      // sweating, grey skin or breathlessness.
      ...['sym.sweating', 'sym.shock', 'breathing.sob_acute'].map(
        (s): RuleCondition => ({ all: ['sym.jaw_pain', s] }),
      ),
      { all: ['gi.indigestion', 'sym.sweating', 'sym.shock'] },
      { all: ['gi.indigestion', 'sym.jaw_pain'] },
      // Round 5: the chest named, pain spreading to the arm/jaw and sweating, in any wording.
      { all: ['atom.chest', 'sym.radiating', 'sym.sweating'], adult: true },
      // Epigastric pain ("boca del estómago") with sweating and pallor or nausea in an adult.
      { all: ['abdo.epigastric', 'sym.sweating', 'sym.shock'], adult: true },
      { all: ['abdo.epigastric', 'sym.sweating', 'sym.nausea'], adult: true },
    ],
  },
  // breathing
  {
    id: 'breathing.arrest',
    group: 'breathing',
    level: 'emergency',
    reason: 'Not breathing, choking, or blue/grey lips (airway/breathing emergency)',
    when: [
      ...one('breathing.arrest'),
      // Round 6: blue lips/tongue told in any order, with a breathing word ("os lábios tão roxinhos";
      // a bruised "lábio roxo" after a fall has no breathing word).
      { all: ['sign.cyanosis', 'atom.breathe'], noneOf: [['mod.talks_normally']] },
      { all: ['sign.cyanosis'], child: true, noneOf: [['inj.fall'], ['inj.wound']] },
      // Round 6: something stuck in a child's throat, or in anyone's who cannot cry, cough or speak
      // ("hawezi kulia wala kukohoa"); "respiro y hablo bien" is a fish bone with the airway clear.
      { all: ['airway.stuck_throat'], child: true, noneOf: [['mod.talks_normally']] },
      { all: ['airway.stuck_throat', 'atom.difficulty'], noneOf: [['mod.talks_normally']] },
    ],
  },
  {
    id: 'breathing.severe',
    group: 'breathing',
    level: 'very_urgent',
    reason: 'Acute shortness of breath / difficulty breathing',
    when: [
      ...one('breathing.sob_severe', 'breathing.sob_acute'),
      // "crise d'asthme" is also any asthma episode: talking normally, or the reliever working, is a
      // worsening control (same day), not an attack.
      {
        all: ['breathing.asthma_attack'],
        noneOf: [['mod.talks_normally'], ['atom.inhaler', 'mod.relieved']],
      },
    ],
  },
  {
    id: 'breathing.airway',
    group: 'breathing',
    level: 'very_urgent',
    reason: 'Cannot swallow saliva / drooling / noisy breathing (threatened airway)',
    when: one('throat.airway'),
  },
  {
    id: 'breathing.child_distress',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Child with chest indrawing, grunting or nasal flaring (severe respiratory distress, ETAT)',
    when: [
      ...one('child.indrawing'),
      // Round 6: the chest sinking in, told in any wording, in a child (ETAT atom).
      { all: ['child.indrawing_any'], child: true },
    ],
  },
  // stroke and sudden severe headache
  {
    id: 'stroke.fast',
    group: 'stroke',
    level: 'very_urgent',
    reason:
      'Possible stroke: face drooping, limb weakness/numbness, speech difficulty or sudden vision loss (FAST)',
    when: one(
      'neuro.face',
      'neuro.limb_weak',
      'neuro.limb_cant_move',
      'neuro.speech',
      'neuro.stroke_word',
      'neuro.vision_loss',
    ),
  },
  {
    id: 'stroke.thunderclap',
    group: 'stroke',
    level: 'very_urgent',
    reason: 'Sudden severe ("worst ever") headache: possible subarachnoid haemorrhage',
    when: [
      { all: ['neuro.thunderclap'] },
      { all: ['neuro.headache', 'mod.sudden', 'mod.severe'], scope: 'sentence' },
      // "worst ever", "a pior da minha vida", "kuliko yote maishani" anywhere in the message.
      { all: ['neuro.headache', 'mod.worst_ever'] },
      // Sudden and hit-like: "like being hit with a hammer", "kama nimepigwa rungu", "explodiu".
      { all: ['neuro.headache', 'mod.sudden', 'atom.hit_like'] },
      // The head named without a pain word: "grabbed her head … worst pain she has ever felt",
      // "a cabeça explodiu de repente".
      { all: ['atom.head', 'mod.worst_ever'], scope: 'sentence' },
      { all: ['atom.head', 'mod.sudden', 'atom.hit_like'], scope: 'sentence' },
    ],
  },
  // consciousness
  {
    id: 'consciousness.unresponsive',
    group: 'consciousness',
    level: 'emergency',
    reason: 'Unconscious or unresponsive',
    when: [
      ...one('neuro.unresponsive'),
      // Round 6: not answering when called and staring blankly ("eyes open but she just stares").
      { all: ['sym.unreachable', 'atom.stare'] },
    ],
  },
  {
    id: 'consciousness.fainted',
    group: 'consciousness',
    level: 'very_urgent',
    reason: 'Loss of consciousness / collapse, even if recovered',
    when: one('neuro.fainted'),
  },
  {
    id: 'consciousness.confusion',
    group: 'consciousness',
    level: 'very_urgent',
    reason: 'Acute confusion or reduced level of consciousness',
    when: one('neuro.confusion'),
  },
  {
    id: 'consciousness.drowsy_child',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Child very sleepy, lethargic or hard to wake (ETAT coma/lethargy)',
    when: [{ all: ['neuro.drowsy'], child: true }],
  },
  {
    id: 'consciousness.drowsy',
    group: 'consciousness',
    level: 'very_urgent',
    reason: 'Abnormally drowsy / hard to wake (reduced level of consciousness)',
    when: [{ all: ['neuro.drowsy'], adult: true }],
  },
  {
    id: 'consciousness.hypoglycaemia',
    group: 'consciousness',
    level: 'very_urgent',
    reason: 'Low blood sugar with neurological symptoms or sweating',
    when: [
      ...withAny('sugar.low', [
        'neuro.confusion',
        'neuro.drowsy',
        'neuro.fainted',
        'sym.sweating',
        'neuro.seizure',
        'neuro.unresponsive',
        // Round 5 (holdout-4): shaking or slurred speech after insulin without a meal.
        'atom.shake',
        'neuro.speech',
      ]),
      // A diabetic relative who is sweating and confused, limp, shaking or not talking right,
      // without a reading. (Round 5: these conditions had been spread outside `when` and never ran.)
      ...['neuro.confusion', 'child.floppy', 'neuro.drowsy', 'neuro.speech', 'atom.shake'].map(
        (s): RuleCondition => ({ all: ['ctx.diabetic', 'sym.sweating', s], adult: true }),
      ),
    ],
  },
  // seizure
  {
    id: 'seizure.ongoing',
    group: 'seizure',
    level: 'emergency',
    reason: 'Seizure still going, repeated, prolonged or a first seizure',
    when: [
      { all: ['neuro.seizure', 'neuro.seizure_ongoing'], scope: 'sentence' },
      // "he never had this before", "c'est la première fois", "dakika saba": anywhere in the message.
      { all: ['neuro.seizure', 'neuro.first_or_long'] },
      // What is seen, told across commas: "shaking badly on the floor, her eyes went back".
      { all: ['atom.shake', 'atom.seizure_sign', 'neuro.first_or_long'], scope: 'sentence' },
      { all: ['atom.jerk', 'atom.seizure_sign', 'neuro.first_or_long'], scope: 'sentence' },
      // "première crise de ma vie … réveillé par terre la langue mordue … j'ai tremblé".
      { all: ['atom.fit_aftermath', 'atom.shake', 'neuro.first_or_long'] },
      { all: ['atom.fit_aftermath', 'atom.jerk', 'neuro.first_or_long'] },
    ],
  },
  {
    id: 'seizure.child',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Convulsions in a child (ETAT emergency sign)',
    when: [{ all: ['neuro.seizure'], child: true, noneOf: [['neuro.epilepsy_known', 'mod.seizure_free']] }],
  },
  {
    id: 'seizure.any',
    group: 'seizure',
    level: 'very_urgent',
    reason: 'Seizure / fit (post-ictal, SATS very urgent)',
    when: [
      {
        all: ['neuro.seizure'],
        noneOf: [KNOWN_TYPICAL_SEIZURE, ['neuro.epilepsy_known', 'mod.seizure_free']],
      },
      { all: ['atom.shake', 'atom.seizure_sign'], scope: 'sentence', noneOf: [KNOWN_TYPICAL_SEIZURE] },
      { all: ['atom.jerk', 'atom.seizure_sign'], scope: 'sentence', noneOf: [KNOWN_TYPICAL_SEIZURE] },
      { all: ['atom.fit_aftermath', 'atom.shake'], noneOf: [KNOWN_TYPICAL_SEIZURE] },
      { all: ['atom.fit_aftermath', 'atom.jerk'], noneOf: [KNOWN_TYPICAL_SEIZURE] },
    ],
  },
  // bleeding
  {
    id: 'bleeding.severe',
    group: 'bleeding',
    level: 'very_urgent',
    reason: 'Heavy or uncontrolled bleeding',
    when: [
      ...one('bleed.severe'),
      // Round 5: a wound that soaks cloth after cloth, or bleeding with the skin going pale/cold
      // (haemorrhagic shock).
      { all: ['bleed.soaked_cloths', 'atom.wound'] },
      { all: ['bleed.soaked_cloths', 'inj.wound'] },
      { all: ['atom.bleeding', 'sym.pale_shock'] },
      // Told across commas: "il saigne du nez depuis 45 min, ça s'arrête pas même en serrant".
      { all: ['atom.bleeding', 'bleed.uncontrolled'], scope: 'sentence' },
    ],
  },
  {
    id: 'bleeding.vomiting_blood',
    group: 'bleeding',
    level: 'very_urgent',
    reason: 'Vomiting blood (SATS very urgent)',
    when: one('bleed.vomit_blood'),
  },
  {
    id: 'bleeding.melena',
    group: 'bleeding',
    level: 'very_urgent',
    reason: 'Black, tarry stools (possible gastrointestinal bleeding)',
    when: one('bleed.melena'),
  },
  {
    id: 'bleeding.coughing_blood',
    group: 'bleeding',
    level: 'very_urgent',
    reason: 'Coughing up blood (SATS very urgent)',
    when: one('resp.haemoptysis_major'),
  },
  // anaphylaxis
  {
    id: 'anaphylaxis.airway',
    group: 'anaphylaxis',
    level: 'emergency',
    reason:
      'Possible anaphylaxis: throat/tongue swelling, or allergic reaction with breathing difficulty or collapse',
    when: [
      { all: ['allergy.airway'] },
      ...withAny('allergy.trigger', [
        'breathing.sob_severe',
        'breathing.sob_acute',
        'breathing.wheeze',
        'neuro.fainted',
        'throat.cant_swallow',
        'allergy.throat_swell',
      ]),
      // A drug just given (dipyrone, amoxicillin, an injection) then a swollen face and wheeze.
      ...['breathing.sob_severe', 'breathing.sob_acute', 'breathing.wheeze', 'neuro.fainted'].map(
        (b): RuleCondition => ({ all: ['allergy.drug_trigger', 'allergy.face_swelling', b] }),
      ),
    ],
  },
  {
    id: 'anaphylaxis.angioedema',
    group: 'anaphylaxis',
    level: 'very_urgent',
    reason: 'Swelling of lips or face with an allergic trigger (angioedema)',
    when: [
      { all: ['allergy.lips'] },
      { all: ['allergy.trigger', 'swell.face'] },
      { all: ['allergy.trigger', 'allergy.face_swelling'] },
      { all: ['allergy.drug_trigger', 'allergy.face_swelling'] },
    ],
  },
  // trauma
  {
    id: 'trauma.major',
    group: 'trauma',
    level: 'emergency',
    reason:
      'Major trauma mechanism (road accident, fall from height, stabbing, gunshot, electrocution, assault)',
    when: [
      ...one('inj.major'),
      // Round 5: electrical injury told by what happened ("touched the naked wire, it threw him back").
      { all: ['inj.electric_injury'] },
      // Round 6: a crash with a vehicle and someone not moving or unresponsive.
      { all: ['inj.vehicle_crash', 'atom.not_moving'] },
      { all: ['inj.vehicle_crash', 'neuro.unresponsive'] },
    ],
  },
  {
    id: 'trauma.head',
    group: 'trauma',
    level: 'very_urgent',
    reason:
      'Head injury with loss of consciousness, vomiting, confusion, drowsiness, fit or bleeding from the ear',
    when: withAny('inj.head', [
      'neuro.fainted',
      'neuro.unresponsive',
      'neuro.confusion',
      'neuro.drowsy',
      'neuro.seizure',
      'gi.vomiting',
      'inj.ear_nose_blood',
    ]),
  },
  {
    id: 'trauma.fracture_open',
    group: 'trauma',
    level: 'very_urgent',
    reason: 'Open fracture, deformity or dislocation',
    when: one('inj.open_fracture'),
  },
  {
    id: 'trauma.spinal',
    group: 'trauma',
    level: 'very_urgent',
    reason: 'Possible spinal injury',
    when: [
      { all: ['inj.spinal'] },
      { all: ['inj.fall', 'msk.neck_pain', 'atom.deficit'] },
      { all: ['inj.fall', 'inj.legs_numb'] },
      { all: ['inj.major', 'inj.legs_numb'] },
      // Round 6: a road crash and legs that cannot be felt ("hawezi kusikia miguu yake").
      { all: ['inj.vehicle_crash', 'inj.legs_numb'] },
    ],
  },
  {
    id: 'trauma.burn_severe',
    group: 'trauma',
    level: 'very_urgent',
    reason: 'Severe burn (face/airway, large, chemical or electrical)',
    when: [
      { all: ['inj.burn', 'inj.burn_severe_site'], scope: 'sentence' },
      // Skin coming off or large blisters: deep or extensive ("la peau part", "a pele soltou").
      { all: ['inj.burn', 'inj.skin_off'] },
      // A scald of a child's chest, belly, back or both limbs is a large burn for the body size.
      { all: ['inj.burn', 'inj.burn_trunk'], scope: 'sentence', child: true },
      // A burn told over several sentences: "a panela caiu em cima dele. Tem bolhas no peito".
      { all: ['inj.burn', 'inj.burn_trunk', 'inj.blister'] },
      { all: ['inj.chemical_burn'] },
    ],
  },
  {
    id: 'trauma.eye',
    group: 'trauma',
    level: 'very_urgent',
    reason: 'Eye injury or chemical in the eye',
    when: [
      ...one('inj.eye_serious'),
      // Round 7: a splinter or chip that flew into the eye is a same-day foreign body (u.eye); it is
      // a penetrating injury when the eye bleeds or sight is lost.
      ...['atom.bleeding', 'bleed.any', 'eye.blurred', 'neuro.vision_loss'].map(
        (sign): RuleCondition => ({ all: ['inj.eye_projectile', sign] }),
      ),
    ],
  },
  // pregnancy
  {
    id: 'pregnancy.bleeding',
    group: 'pregnancy',
    level: 'very_urgent',
    reason: 'Vaginal bleeding in pregnancy',
    when: [{ all: ['preg.pregnant', 'bleed.any_major'] }, { all: ['preg.miscarriage'] }],
  },
  {
    id: 'pregnancy.postpartum_haemorrhage',
    group: 'pregnancy',
    level: 'emergency',
    reason:
      'Heavy or continuing bleeding after birth, or bleeding with signs of shock (postpartum haemorrhage)',
    when: [
      { all: ['preg.recent_birth', 'bleed.severe'] },
      { all: ['preg.recent_birth', 'atom.blood', 'bleed.not_stopping'] },
      { all: ['preg.recent_birth', 'bleed.any_major', 'bleed.not_stopping'] },
      { all: ['preg.recent_birth', 'atom.blood', 'sym.shock'] },
      { all: ['preg.recent_birth', 'bleed.any_major', 'sym.faint'] },
      { all: ['preg.recent_birth', 'bleed.any_major', 'gen.dizzy'] },
    ],
  },
  {
    id: 'pregnancy.ectopic',
    group: 'pregnancy',
    level: 'very_urgent',
    reason:
      'Missed period with abdominal pain and fainting, dizziness, shoulder-tip pain, bleeding or a racing heart (possible ectopic pregnancy)',
    when: [
      { all: ['preg.missed_period', 'abdo.pain_notmild'] },
      ...['sym.faint', 'gen.dizzy', 'sym.shoulder_tip', 'bleed.any', 'sym.fast_heart', 'inj.fall'].map(
        (s): RuleCondition => ({ all: ['preg.missed_period', 'abdo.pain', s] }),
      ),
      // "sharp pain low on the right side … I feel faint": the belly word is often left out.
      { all: ['preg.missed_period', 'atom.pain', 'sym.faint'] },
      { all: ['preg.missed_period', 'atom.pain', 'sym.shoulder_tip'] },
      { all: ['preg.missed_period', 'atom.pain', 'sym.shock'] },
    ],
  },
  {
    id: 'pregnancy.abdominal_pain',
    group: 'pregnancy',
    level: 'very_urgent',
    reason: 'Abdominal pain in pregnancy (SATS very urgent; ectopic/abruption)',
    when: [{ all: ['preg.pregnant', 'abdo.pain_notmild'] }],
  },
  {
    id: 'pregnancy.pre_eclampsia',
    group: 'pregnancy',
    level: 'very_urgent',
    reason: 'Pregnancy with blurred vision, face/hand swelling or severe headache (possible pre-eclampsia)',
    when: [
      ...withAny('preg.pregnant', ['eye.blurred', 'swell.face', 'swell.hands', 'neuro.thunderclap']),
      // Up to six weeks after birth: headache with blurred vision or swelling (postpartum pre-eclampsia).
      ...['eye.blurred', 'swell.face', 'swell.hands', 'atom.swelling'].map(
        (s): RuleCondition => ({ all: ['preg.recent_birth', 'neuro.headache', s] }),
      ),
      { all: ['preg.pregnant', 'neuro.headache', 'mod.severe'] },
    ],
  },
  {
    id: 'pregnancy.labour',
    group: 'pregnancy',
    level: 'very_urgent',
    reason: 'Labour, contractions or broken waters',
    when: [
      ...one('preg.labour'),
      { all: ['preg.rom', 'preg.pregnant'] },
      // Round 5: a limb or the bottom born first (malpresentation), or labour with the baby not
      // coming out (obstructed labour).
      { all: ['preg.baby_part_out'] },
      { all: ['preg.baby_not_coming', 'preg.pregnant'] },
    ],
  },
  {
    id: 'pregnancy.cord_prolapse',
    group: 'pregnancy',
    level: 'emergency',
    reason: 'Umbilical cord out before the baby (cord prolapse)',
    when: [
      { all: ['preg.cord_prolapse'] },
      // Seen during labour: "the waters broke and we can see the cord".
      { all: ['preg.labour', 'atom.cord_seen'] },
    ],
  },
  {
    id: 'pregnancy.reduced_movements',
    group: 'pregnancy',
    level: 'very_urgent',
    reason: 'Reduced or absent fetal movements',
    when: [
      ...one('preg.reduced_movements'),
      // Round 5: "the baby hasn't moved since last night" with a pregnancy in the message.
      { all: ['preg.no_movement_loose', 'preg.pregnant'] },
    ],
  },
  {
    id: 'pregnancy.trauma',
    group: 'pregnancy',
    level: 'very_urgent',
    reason: 'Trauma in pregnancy',
    when: [{ all: ['preg.pregnant', 'preg.trauma'] }],
  },
  // infant fever
  {
    id: 'infant.fever',
    group: 'infant_fever',
    level: 'emergency',
    reason: 'Fever in an infant under 3 months (NICE NG143 red feature)',
    when: [
      { all: [], infant: true, fever: true },
      { all: ['fever.mild'], infant: true },
    ],
  },
  {
    id: 'neonate.jaundice',
    group: 'child_danger',
    level: 'very_urgent',
    reason: 'Newborn yellow down to the legs/feet, or yellow and not feeding (severe neonatal jaundice)',
    when: [
      { all: ['neonate.jaundice_severe'], infant: true },
      { all: ['gen.jaundice', 'child.not_drinking'], infant: true },
      // Yellow on the first day of life is never physiological.
      { all: ['gen.jaundice', 'ctx.first_day'] },
    ],
  },
  // child danger signs and meningitis/sepsis
  {
    id: 'child.floppy',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Floppy child',
    when: [{ all: ['child.floppy'], child: true }],
  },
  {
    id: 'child.not_drinking',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Child unable to drink or breastfeed (IMCI/ETAT danger sign)',
    when: [{ all: ['child.not_drinking'], child: true }],
  },
  {
    id: 'child.vomits_everything',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Child vomiting everything (IMCI danger sign)',
    when: [{ all: ['gi.vomit_everything'], child: true }],
  },
  {
    id: 'gi.severe_dehydration',
    group: 'abdominal',
    level: 'very_urgent',
    reason: 'Profuse watery diarrhoea with dehydration and weakness, or cholera (severe dehydration)',
    when: [
      ...['mob.cant_walk', 'gen.bedbound', 'sym.faint', 'neuro.drowsy', 'neuro.confusion'].map(
        (s): RuleCondition => ({ all: ['gi.dehydration', 'gi.diarrhoea', s] }),
      ),
      { all: ['gi.cholera', 'gi.diarrhoea'] },
    ],
  },
  {
    id: 'child.dehydration',
    group: 'child_danger',
    level: 'very_urgent',
    reason: 'Child with signs of dehydration (sunken eyes, no urine)',
    when: [{ all: ['gi.dehydration'], child: true }],
  },
  {
    id: 'sepsis.non_blanching_rash',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Non-blanching (purpuric) rash: possible meningococcal sepsis',
    // Purple spots with fever are purpura until a glass test says otherwise.
    when: [...one('child.rash_nonblanching'), { all: ['skin.purpura'], fever: true }],
  },
  {
    id: 'sepsis.stiff_neck',
    group: 'child_danger',
    level: 'emergency',
    reason: 'Stiff neck with fever or headache: possible meningitis',
    when: [
      { all: ['neuro.stiff_neck'], fever: true },
      { all: ['neuro.stiff_neck', 'neuro.headache'] },
      { all: ['neuro.stiff_neck'], child: true },
    ],
  },
  {
    id: 'sepsis.meningitis',
    group: 'child_danger',
    level: 'very_urgent',
    reason: 'Suspected meningitis',
    when: one('neuro.meningitis_word'),
  },
  // self-harm
  {
    id: 'self_harm.act',
    group: 'self_harm',
    level: 'emergency',
    reason: 'Self-harm or overdose already taken',
    when: one('mh.self_harm_done'),
  },
  {
    id: 'self_harm.plan',
    group: 'self_harm',
    level: 'emergency',
    reason: 'Suicide plan with means or timing (pills saved up, poison bought, "tonight")',
    when: [
      ...one('mh.plan', 'mh.self_immolation'),
      // Round 6: the means at hand (gun, rope, poison, pills kept hidden) with a time set, a
      // farewell or the end of hope, anywhere in the message.
      ...['mh.do_it_soon', 'mh.end_of_hope', 'mh.final_time', 'mh.farewell_letter', 'mh.suicide_intent'].map(
        (s): RuleCondition => ({ all: ['mh.means', s] }),
      ),
      { all: ['mh.do_it_soon', 'mh.end_of_hope'] },
    ],
  },
  {
    id: 'self_harm.farewell',
    group: 'self_harm',
    level: 'emergency',
    reason: 'Farewell message or children entrusted to others, with suicide talk or no longer answering',
    when: [
      { all: ['mh.farewell', 'mh.suicide_history'] },
      { all: ['mh.farewell', 'sym.unreachable'] },
      { all: ['mh.farewell', 'mh.general'] },
      { all: ['mh.farewell_weak', 'mh.suicide_history'] },
      { all: ['mh.farewell_weak', 'sym.unreachable'] },
      // Round 5: warning acts: belongings given away, a letter asking forgiveness, a time set.
      { all: ['mh.give_away', 'mh.farewell_letter'] },
      { all: ['mh.give_away', 'mh.final_time'] },
      { all: ['mh.farewell_letter', 'mh.final_time'] },
      { all: ['mh.give_away', 'mh.general'] },
      { all: ['mh.give_away', 'mh.suicide_history'] },
      { all: ['mh.farewell_letter', 'mh.suicide_history'] },
    ],
  },

  {
    id: 'self_harm.suicidal',
    group: 'self_harm',
    level: 'very_urgent',
    reason: 'Suicidal intent',
    // Part C: thoughts without a plan, and safe now ("no plan, I can keep myself safe"), are a
    // same-day mental-health contact (u.mental), not an emergency.
    when: ['mh.suicide_intent', 'mh.suicide_intent_other'].map(
      // Round 7: "no plan" with "I haven't done anything" is the same statement of no steps taken.
      (id): RuleCondition => ({
        all: [id],
        noneOf: [
          ['mh.no_plan', 'mh.safe_now'],
          ['mh.no_plan', 'mh.no_act'],
        ],
      }),
    ),
  },
  {
    id: 'mental.psychosis',
    group: 'self_harm',
    level: 'very_urgent',
    reason: 'Psychosis or aggression (risk to self or others)',
    when: one('mh.psychosis'),
  },
  // abdominal
  {
    id: 'abdominal.severe',
    group: 'abdominal',
    level: 'very_urgent',
    reason: 'Severe abdominal pain',
    when: [
      { all: ['abdo.pain', 'mod.severe'], scope: 'near', within: 4 },
      { all: ['abdo.rigid'] },
      // Bowel obstruction: green (bilious) vomiting in a child, or with a hard belly or no stool.
      { all: ['gi.bilious'], child: true },
      { all: ['gi.bilious', 'abdo.rigid'] },
      { all: ['gi.bilious', 'gi.no_stool'] },
      { all: ['gi.vomiting', 'gi.no_stool', 'abdo.swollen'] },
    ],
  },
  {
    id: 'abdominal.testicular',
    group: 'abdominal',
    level: 'very_urgent',
    reason: 'Sudden or severe testicular pain (possible torsion)',
    when: [
      { all: ['abdo.testicular', 'mod.sudden'], scope: 'sentence' },
      { all: ['abdo.testicular', 'mod.severe'], scope: 'sentence' },
      // Torsion: pain with vomiting, or any painful testis in a boy.
      { all: ['abdo.testicular', 'gi.vomiting'] },
      { all: ['abdo.testicular_lay', 'gi.vomiting'] },
      { all: ['abdo.testicular_lay'], child: true },
      { all: ['abdo.testicular', 'atom.pain'], child: true },
    ],
  },
  {
    id: 'abdominal.appendicitis',
    group: 'abdominal',
    level: 'very_urgent',
    reason:
      'Right lower abdominal pain with fever or vomiting or that began at the navel, or pain on moving (possible appendicitis/peritonitis)',
    when: [
      // Vomiting and fever together (the classic triad); either alone is too often a UTI or a
      // gastroenteritis, urgent rather than very urgent.
      { all: ['abdo.rlq', 'gi.vomiting'], fever: true },
      { all: ['abdo.rlq', 'abdo.navel_start'] },
      { all: ['abdo.rlq', 'abdo.peritonism'] },
      { all: ['abdo.pain', 'abdo.peritonism'] },
    ],
  },
  {
    id: 'urinary.retention',
    group: 'abdominal',
    level: 'very_urgent',
    reason: 'Unable to pass urine (acute retention)',
    when: [
      ...one('uri.retention'),
      // An adult with no urine for hours and a swollen or painful lower belly.
      { all: ['uri.no_urine', 'abdo.swollen'], adult: true },
      { all: ['uri.no_urine', 'abdo.pain'], adult: true },
      { all: ['uri.no_urine', 'atom.pain'], adult: true },
    ],
  },
  // sickle cell disease
  {
    id: 'sickle.acute',
    group: 'sickle_cell',
    level: 'very_urgent',
    reason: 'Sickle cell disease with chest pain, breathlessness or fever (acute chest syndrome, sepsis)',
    when: [
      ...withAny('ctx.sickle_cell', [
        'chest.pain',
        'breathing.sob_acute',
        'breathing.sob_severe',
        'breathing.sob_exertion',
      ]),
      { all: ['ctx.sickle_cell'], fever: true },
    ],
  },
  // poisoning
  {
    id: 'poisoning.ingestion',
    group: 'poisoning',
    level: 'very_urgent',
    reason: 'Poisoning, envenomation or harmful ingestion',
    when: [
      ...one('poison.ingestion', 'poison.household'),
      // A child who swallowed an adult's pills by accident ("got into my handbag … maybe 5").
      { all: ['poison.meds_swallowed', 'ctx.accidental_meds'], child: true },
      // Round 5: an adult's medicine found with a child, or an empty strip / unknown number, even
      // when the swallowing and the pills are in different sentences.
      { all: ['atom.drink_swallow', 'atom.drug', 'ctx.accidental_meds_h4'], child: true },
      { all: ['poison.empty_pack', 'atom.drug', 'ctx.accidental_meds_h4'], child: true },
      // Spraying a farm chemical, then sweating, vomiting or breathing trouble (organophosphates).
      { all: ['atom.spraying', 'sym.sweating', 'gi.vomiting'] },
      ...[
        'sym.sweating',
        'gi.vomiting',
        'breathing.sob_acute',
        'breathing.sob_severe',
        'neuro.confusion',
      ].map((s): RuleCondition => ({ all: ['atom.spraying', 'atom.chemical', s] })),
      ...[
        'sym.sweating',
        'gi.vomiting',
        'breathing.sob_acute',
        'breathing.sob_severe',
        'neuro.confusion',
      ].map((s): RuleCondition => ({ all: ['atom.spraying', 'atom.toxic', s] })),
      // Told over several sentences: "il a bu quelque chose. C'était du pétrole". Word atoms anywhere,
      // only for a child or with cough/vomiting/breathing trouble.
      { all: ['atom.drink_swallow', 'atom.toxic'], child: true },
      ...['resp.cough', 'gi.vomiting', 'breathing.fast', 'breathing.sob_acute'].map(
        (s): RuleCondition => ({ all: ['atom.drink_swallow', 'atom.toxic', s] }),
      ),
    ],
  },
  {
    id: 'poisoning.snakebite',
    group: 'poisoning',
    level: 'very_urgent',
    reason: 'Snakebite (envenomation: swelling, bleeding or collapse can follow within hours)',
    when: [
      ...one('poison.snakebite'),
      // Round 5: any bite followed by bleeding gums (venom that stops clotting), snake unnamed.
      { all: ['atom.venom_bite', 'sym.bleeding_gums'] },
    ],
  },
  // other very urgent conditions
  {
    id: 'diabetic.crisis',
    group: 'consciousness',
    level: 'very_urgent',
    reason: 'High blood sugar with vomiting, drowsiness, confusion or breathlessness (possible DKA)',
    when: [
      ...withAny('sugar.high', [
        'gi.vomiting',
        'neuro.drowsy',
        'neuro.confusion',
        'breathing.sob_acute',
        'breathing.sob_severe',
      ]),
      // A diabetic vomiting with fast/deep breathing or drowsiness: DKA whatever the meter says.
      { all: ['ctx.diabetic', 'gi.vomiting', 'breathing.fast'] },
      { all: ['ctx.diabetic', 'gi.vomiting', 'neuro.drowsy'] },
      { all: ['ctx.diabetic', 'breathing.fast', 'neuro.drowsy'] },
      // Round 6: deep or fast breathing told in any order ("respire profond et vite").
      { all: ['ctx.diabetic', 'gi.vomiting', 'breathing.deep_fast'] },
      { all: ['sugar.high', 'breathing.deep_fast'] },
    ],
  },
  {
    id: 'skin.severe_blistering',
    group: 'anaphylaxis',
    level: 'very_urgent',
    reason: 'Widespread blistering/peeling skin or mucosal sores (possible SJS/TEN)',
    when: one('skin.widespread_blisters'),
  },
  {
    id: 'spine.cauda_equina',
    group: 'trauma',
    level: 'very_urgent',
    reason: 'Back pain with leg numbness/weakness or loss of bladder/bowel control (possible cauda equina)',
    when: withAny('msk.back', ['msk.cauda']),
  },
];

/** Urgent-level (same-day) discriminators read from text. */
export const URGENT_RULES: readonly SignRule[] = [
  {
    id: 'u.seizure_known_epilepsy',
    group: 'seizure',
    level: 'urgent',
    reason: 'Usual seizure in known epilepsy, recovered (same-day review: missed doses, triggers)',
    when: [{ all: ['neuro.seizure', ...KNOWN_TYPICAL_SEIZURE] }],
  },
  {
    id: 'u.chest_pain',
    group: 'chest_pain',
    level: 'urgent',
    reason: 'Chest pain (urgent discriminator)',
    when: one('chest.pain_plain', 'chest.pain_resp'),
  },
  {
    id: 'u.sickle_pain',
    group: 'sickle_cell',
    level: 'urgent',
    reason: 'Sickle cell pain crisis (same-day analgesia and review)',
    when: withAny('ctx.sickle_cell', ['atom.pain', 'abdo.pain', 'msk.back', 'msk.joint']),
  },
  {
    id: 'u.immunocompromised',
    group: 'general',
    level: 'urgent',
    reason: 'HIV or chemotherapy with signs of infection (fever, cough, TB signs, thrush, diarrhoea)',
    when: [
      { all: ['ctx.immunocompromised'], fever: true },
      ...withAny('ctx.immunocompromised', [
        'resp.tb_signs',
        'resp.cough',
        'throat.painful_swallow',
        'throat.cant_swallow',
        'mouth.thrush',
        'gi.diarrhoea',
        'breathing.sob_exertion',
      ]),
    ],
  },
  {
    id: 'u.hyperglycaemia',
    group: 'general',
    level: 'urgent',
    reason: 'High blood sugar with thirst, passing much urine or weakness',
    when: [
      ...withAny('sugar.high', ['sym.thirst', 'sym.polyuria', 'gen.weak']),
      { all: ['ctx.diabetic', 'sym.thirst', 'sym.polyuria'] },
      // New diabetes: thirst, passing much urine and weight loss, before any diagnosis.
      { all: ['sym.thirst', 'sym.polyuria', 'gen.weight_loss'] },
    ],
  },
  {
    id: 'u.wound_infection',
    group: 'injury',
    level: 'urgent',
    reason: 'Wound or ulcer with signs of infection (redness around, smell, pus, not healing)',
    when: [
      ...withAny('skin.infect_sign', ['atom.ulcer', 'inj.wound', 'inj.deep', 'inj.bite', 'atom.splinter']),
      // A splinter or thorn left in, now swollen: infected retained foreign body.
      { all: ['atom.splinter', 'atom.swelling'] },
    ],
  },
  {
    id: 'u.tetanus',
    group: 'injury',
    level: 'urgent',
    reason: 'Tetanus-prone wound or wound without tetanus cover (same-day prophylaxis)',
    when: [
      ...one('inj.rusty'),
      ...withAny('inj.no_tetanus_cover', ['inj.wound', 'inj.deep', 'inj.bite', 'atom.ulcer', 'atom.wound']),
    ],
  },
  {
    id: 'u.sob_exertion',
    group: 'breathing',
    level: 'urgent',
    reason: 'Breathlessness on exertion',
    when: one('breathing.sob_exertion'),
  },
  { id: 'u.wheeze', group: 'breathing', level: 'urgent', reason: 'Wheeze', when: one('breathing.wheeze') },
  {
    id: 'u.asthma_control',
    group: 'breathing',
    level: 'urgent',
    reason: 'Worsening asthma (more reliever use, night symptoms) without severe features',
    when: [
      { all: ['breathing.asthma_worse'] },
      { all: ['breathing.asthma_attack', 'mod.talks_normally'] },
      { all: ['breathing.asthma_attack', 'atom.inhaler', 'mod.relieved'] },
    ],
  },
  {
    id: 'u.fast_breathing',
    group: 'breathing',
    level: 'urgent',
    reason: 'Fast breathing',
    when: one('breathing.fast'),
  },
  {
    id: 'u.haemoptysis_minor',
    group: 'breathing',
    level: 'urgent',
    reason: 'Blood-streaked sputum',
    // One streak with a cold is routine; repeated, or with TB signs, it is not.
    when: [{ all: ['resp.haemoptysis'], noneOf: [['mod.once', 'cold.urti']] }],
  },
  {
    id: 'u.abdominal_pain',
    group: 'abdominal',
    level: 'urgent',
    reason: 'Abdominal pain (SATS urgent)',
    when: one('abdo.rlq'),
  },
  {
    id: 'u.testicular',
    group: 'abdominal',
    level: 'urgent',
    reason: 'Testicular pain or swelling',
    when: one('abdo.testicular'),
  },
  {
    id: 'u.vomiting_persistent',
    group: 'abdominal',
    level: 'urgent',
    reason: 'Persistent vomiting / cannot keep fluids down',
    when: one('gi.vomit_persistent', 'gi.vomit_everything'),
  },
  {
    id: 'u.stool_blood',
    group: 'abdominal',
    level: 'urgent',
    reason: 'Blood in stool / bloody diarrhoea',
    when: one('gi.stool_blood'),
  },
  {
    id: 'u.dehydration',
    group: 'abdominal',
    level: 'urgent',
    reason: 'Signs of dehydration',
    when: [
      ...one('gi.dehydration'),
      { all: ['gi.some_dehydration'], child: true },
      // A thirsty child with diarrhoea drinks eagerly (IMCI some dehydration).
      { all: ['sym.thirst', 'gi.diarrhoea'], child: true },
      // Round 5: vomiting or diarrhoea with dizziness on standing or little urine (adults too).
      ...['gi.vomiting', 'gi.diarrhoea'].flatMap((g) =>
        ['sym.postural_dizzy', 'uri.less_urine'].map((s): RuleCondition => ({ all: [g, s] })),
      ),
    ],
  },
  {
    id: 'u.headache_features',
    group: 'headache',
    level: 'urgent',
    reason: 'Headache that is severe or with vomiting or blurred vision',
    when: [
      { all: ['neuro.headache', 'mod.severe'], scope: 'near', within: 4 },
      { all: ['neuro.headache', 'gi.vomiting'] },
      { all: ['neuro.headache', 'eye.blurred'] },
    ],
  },
  {
    id: 'u.head_injury',
    group: 'injury',
    level: 'urgent',
    reason: 'Head injury',
    // A child back to play and eating after a bump is home care; any danger sign is a red flag.
    when: [{ all: ['inj.head'], noneOf: [['mod.back_to_play']] }],
  },
  {
    id: 'u.fracture',
    group: 'injury',
    level: 'urgent',
    reason: 'Possible fracture / cannot bear weight',
    when: [
      ...one('inj.fracture', 'mob.cant_walk'),
      // A fall then a painful hip (older people walk on a fractured neck of femur).
      { all: ['inj.fall', 'msk.hip_pain'] },
      // Round 5: a limb out of shape after a fall or with swelling.
      { all: ['inj.deformity', 'inj.fall'] },
      { all: ['inj.deformity', 'atom.swelling'] },
    ],
  },
  {
    id: 'u.neck_after_fall',
    group: 'injury',
    level: 'urgent',
    reason: 'Neck pain after a fall (cervical spine assessment)',
    when: [{ all: ['inj.fall', 'msk.neck_pain'] }],
  },
  {
    id: 'u.deep_wound',
    group: 'injury',
    level: 'urgent',
    reason: 'Deep or gaping wound',
    when: one('inj.deep'),
  },
  {
    id: 'u.animal_bite',
    group: 'injury',
    level: 'urgent',
    reason: 'Animal bite (rabies/tetanus prophylaxis)',
    when: one('inj.bite'),
  },
  {
    id: 'u.burn',
    group: 'injury',
    level: 'urgent',
    reason: 'Blistered burn, or burn in a child',
    // A tiny superficial burn (small red mark, blister the size of a bean) stays self-care.
    when: [
      { all: ['inj.burn', 'inj.blister'], noneOf: [['inj.burn_minor_mark']] },
      { all: ['inj.burn'], child: true, noneOf: [['inj.burn_minor_mark']] },
    ],
  },
  {
    id: 'u.eye',
    group: 'eye_ear_throat',
    level: 'urgent',
    reason: 'Painful eye, blurred vision, a blow to the eye or foreign body in the eye',
    when: [
      ...one('eye.painful', 'eye.foreign_body', 'eye.blunt_injury', 'inj.eye_projectile'),
      // Blurring that came on over months or years is a routine eye test, not a same-day review.
      { all: ['eye.blurred'], noneOf: [['mod.gradual'], ['mod.chronic']] },
    ],
  },
  {
    id: 'u.foreign_body',
    group: 'eye_ear_throat',
    level: 'urgent',
    reason: 'Swallowed bone or object that feels stuck (airway clear)',
    when: one('throat.foreign_body', 'throat.swallowed_object', 'ent.foreign_body'),
  },
  {
    id: 'u.cant_swallow',
    group: 'eye_ear_throat',
    level: 'urgent',
    reason: 'Unable to swallow',
    when: one('throat.cant_swallow'),
  },
  {
    id: 'u.dental_swelling',
    group: 'eye_ear_throat',
    level: 'urgent',
    reason: 'Toothache with facial swelling',
    // A baby's swollen gums while mouthing everything and drooling is teething.
    when: [
      { all: ['tooth.pain', 'swell.face'] },
      { all: ['tooth.pain', 'swell.gum'], noneOf: [['child.teething_context'], ['child.teething_words']] },
    ],
  },
  {
    id: 'u.pregnancy',
    group: 'pregnancy',
    level: 'urgent',
    reason: 'Pregnancy with spotting, mild cramps, headache, leg swelling or urinary symptoms',
    when: withAny('preg.pregnant', [
      'preg.bleed_minor',
      'abdo.pain',
      'neuro.headache',
      'swell.feet',
      'uri.dysuria',
      'sti.positive_test',
    ]),
  },
  {
    id: 'u.reduced_movements',
    group: 'pregnancy',
    level: 'urgent',
    reason: 'Baby moving less than usual (same-day fetal assessment)',
    // "anacheza kidogo" is also "the child plays a little": only with a pregnancy in the message.
    when: [{ all: ['preg.less_movement', 'preg.pregnant'] }],
  },
  {
    id: 'u.postpartum',
    group: 'pregnancy',
    level: 'urgent',
    reason: 'Recent birth with fever or headache',
    when: [{ all: ['preg.recent_birth'], fever: true }, { all: ['preg.recent_birth', 'neuro.headache'] }],
  },
  {
    id: 'u.uti_complicated',
    group: 'urinary',
    level: 'urgent',
    reason: 'Urinary symptoms with fever, flank pain or vomiting (possible pyelonephritis)',
    when: [
      { all: ['uri.dysuria'], fever: true },
      { all: ['uri.dysuria', 'gi.vomiting'] },
      { all: ['uri.flank'], fever: true },
    ],
  },
  {
    id: 'u.haematuria',
    group: 'urinary',
    level: 'urgent',
    reason: 'Blood in urine',
    when: one('uri.haematuria'),
  },
  {
    id: 'u.cellulitis',
    group: 'skin',
    level: 'urgent',
    reason: 'Spreading redness/infection',
    when: [
      ...one('skin.cellulitis'),
      // Round 5: red, hot and swollen with a fever (even slight) or in a diabetic.
      { all: ['skin.red_hot_swollen', 'fever.any'] },
      { all: ['skin.red_hot_swollen', 'ctx.diabetic'] },
    ],
  },
  {
    id: 'u.rash_fever',
    group: 'skin',
    level: 'urgent',
    reason: 'Rash with fever',
    when: [{ all: ['skin.rash'], fever: true }],
  },
  {
    id: 'u.allergic_rash',
    group: 'skin',
    level: 'urgent',
    reason: 'Allergic reaction with rash/hives',
    // Hives after a food or soap with swelling denied are self-care (antihistamine, safety-net); a new
    // medicine still needs review.
    when: [
      // A sting that itches and swells a little with breathing and face fine is a local reaction.
      {
        all: ['allergy.trigger', 'skin.rash'],
        noneOf: [['allergy.swelling_denied'], ['allergy.airway_fine']],
      },
      { all: ['allergy.drug_trigger', 'skin.rash'] },
    ],
  },
  {
    id: 'u.hot_joint',
    group: 'back_joint',
    level: 'urgent',
    reason: 'Hot swollen joint (possible septic arthritis)',
    when: [...one('msk.hot_joint'), { all: ['msk.joint'], fever: true, adult: true }],
  },
  {
    id: 'u.calf',
    group: 'back_joint',
    level: 'urgent',
    reason: 'Swollen painful calf (possible DVT)',
    when: one('msk.calf'),
  },
  {
    id: 'u.mental',
    group: 'mental_health',
    level: 'urgent',
    reason: 'Passive suicidal thoughts or not coping, or suicidal thoughts without a plan and safe now',
    when: [
      ...one('mh.passive', 'mh.not_coping', 'mh.passive_wish'),
      // Round 5: self-cutting without suicidal intent still needs a same-day mental-health contact.
      { all: ['mh.self_cut'] },
      { all: ['mh.suicide_intent', 'mh.no_plan', 'mh.safe_now'] },
      { all: ['mh.suicide_intent_other', 'mh.no_plan', 'mh.safe_now'] },
      // Round 7: no plan and nothing done (the other way out of self_harm.suicidal) is same-day too.
      { all: ['mh.suicide_intent', 'mh.no_plan', 'mh.no_act'] },
      { all: ['mh.suicide_intent_other', 'mh.no_plan', 'mh.no_act'] },
    ],
  },
  {
    id: 'u.bedbound',
    group: 'general',
    level: 'urgent',
    reason: 'Too weak to get up',
    when: one('gen.bedbound'),
  },
  { id: 'u.low_sugar', group: 'general', level: 'urgent', reason: 'Low blood sugar', when: one('sugar.low') },
  {
    id: 'u.critical_med_out',
    group: 'general',
    level: 'urgent',
    reason:
      'Ran out of ARVs, insulin, anti-epileptic or TB medicines (same-day supply: interruption is dangerous)',
    when: [
      ...one('med.critical_out'),
      // Told across commas: "tomo antirretrovirales, dejé de tomar 3 semanas".
      { all: ['atom.critical_med', 'atom.stopped_taking'], scope: 'sentence' },
    ],
  },
  {
    id: 'u.jaundice',
    group: 'general',
    level: 'urgent',
    reason: 'Yellow eyes or skin (jaundice: hepatitis, haemolysis, obstruction)',
    when: one('gen.jaundice'),
  },
  {
    id: 'u.pep',
    group: 'general',
    level: 'urgent',
    reason: 'Exposure needing post-exposure prophylaxis within 72 hours (condom broke, rape, needle-stick)',
    when: [{ all: ['sti.pep_exposure'] }, { all: ['sti.unprotected', 'sti.partner_hiv'] }],
  },
  {
    id: 'u.gangrene',
    group: 'skin',
    level: 'urgent',
    reason: 'Toe, foot or wound turning black (gangrene, e.g. diabetic foot)',
    when: one('skin.gangrene'),
  },
  {
    id: 'u.child_not_eating',
    group: 'child',
    level: 'urgent',
    reason: 'Child not eating',
    when: [{ all: ['child.not_eating'], child: true }],
  },
  {
    id: 'u.zoster',
    group: 'skin',
    level: 'urgent',
    reason: 'Painful blisters in a band on one side (shingles: antivirals within 72 hours)',
    when: one('skin.zoster'),
  },
  {
    id: 'u.abscess',
    group: 'skin',
    level: 'urgent',
    reason: 'Hot, painful or growing lump (abscess needing drainage)',
    when: [
      ...withAny('skin.abscess', ['atom.hot', 'atom.growing', 'atom.pain', 'skin.infect_sign']),
      // Told across commas: "painful lump in my armpit, red, hot and getting bigger".
      ...['atom.growing', 'atom.pain'].map(
        (s): RuleCondition => ({ all: ['atom.lump', 'atom.hot', s], scope: 'sentence' }),
      ),
      { all: ['skin.abscess'], fever: true },
    ],
  },
  {
    id: 'u.emergency_contraception',
    group: 'general',
    level: 'urgent',
    reason: 'Emergency contraception requested (most effective within 72 hours)',
    when: one('sti.emergency_contraception'),
  },
  {
    id: 'u.tb_signs',
    group: 'breathing',
    level: 'urgent',
    reason: 'Cough with night sweats and weight loss (probable TB: prompt assessment, infection control)',
    when: [{ all: ['resp.cough', 'sym.night_sweats', 'gen.weight_loss'] }],
  },
  {
    id: 'u.child_fast_breathing',
    group: 'child',
    level: 'urgent',
    reason: 'Child breathing fast (possible pneumonia)',
    when: [{ all: ['breathing.fast'], child: true }],
  },
];
