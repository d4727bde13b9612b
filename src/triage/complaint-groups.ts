import type { ClinicalContext, TextAnalysis } from './analysis.ts';
import { deniedOnly, has } from './concept-matcher.ts';
import type { ProtocolAnswerValue, Urgency } from './types.ts';

/** Complaint groups, in the order used to pick the main one when several are mentioned. */
export const COMPLAINT_GROUPS = [
  'pregnancy',
  'chest_pain',
  'breathing',
  'neuro',
  'poisoning',
  'injury',
  'headache',
  'abdominal',
  'fever',
  'mental_health',
  'urinary',
  'skin',
  'eye_ear_throat',
  'back_joint',
  'cold_flu',
  'general',
] as const;
export type ComplaintGroup = (typeof COMPLAINT_GROUPS)[number] | 'child';

const GROUP_CONCEPTS: Readonly<Record<Exclude<ComplaintGroup, 'general' | 'child'>, readonly string[]>> = {
  pregnancy: [
    'preg.pregnant',
    'preg.labour',
    'preg.reduced_movements',
    'preg.miscarriage',
    'preg.recent_birth',
  ],
  chest_pain: ['chest.pain', 'chest.heart_attack'],
  breathing: [
    'breathing.sob_severe',
    'breathing.sob_acute',
    'breathing.sob_exertion',
    'breathing.arrest',
    'breathing.asthma_attack',
    'breathing.wheeze',
    'breathing.asthma',
    'breathing.fast',
    'child.indrawing',
    'resp.cough',
    'resp.haemoptysis',
    'throat.airway',
  ],
  neuro: [
    'neuro.face',
    'neuro.limb_weak',
    'neuro.limb_cant_move',
    'neuro.speech',
    'neuro.stroke_word',
    'neuro.vision_loss',
    'neuro.unresponsive',
    'neuro.fainted',
    'neuro.confusion',
    'neuro.drowsy',
    'neuro.seizure',
    'gen.dizzy',
  ],
  poisoning: ['poison.ingestion', 'mh.self_harm_done'],
  injury: [
    'inj.major',
    'inj.head',
    'inj.open_fracture',
    'inj.spinal',
    'inj.fracture',
    'inj.wound',
    'inj.deep',
    'inj.bite',
    'inj.burn',
    'inj.eye_serious',
    'inj.eye_projectile',
    'inj.sunburn',
  ],
  headache: ['neuro.headache', 'neuro.thunderclap'],
  abdominal: [
    'abdo.pain',
    'abdo.rigid',
    'abdo.rlq',
    'abdo.testicular',
    'gi.vomiting',
    'gi.diarrhoea',
    'gi.stool_blood',
    'gi.minor',
    'bleed.vomit_blood',
    'bleed.melena',
    'gen.period_pain',
    'abdo.epigastric',
  ],
  fever: ['fever.any', 'fever.mild', 'fever.high'],
  mental_health: ['mh.suicide_intent', 'mh.passive', 'mh.psychosis', 'mh.general', 'mh.not_coping'],
  urinary: ['uri.dysuria', 'uri.retention', 'uri.haematuria', 'uri.flank', 'gu.discharge'],
  skin: [
    'skin.rash',
    'skin.cellulitis',
    'skin.widespread_blisters',
    'allergy.airway',
    'allergy.lips',
    'child.rash_nonblanching',
    'skin.minor',
    'skin.mole',
    'skin.zoster',
    'skin.abscess',
  ],
  eye_ear_throat: [
    'eye.painful',
    'eye.red',
    'eye.blurred',
    'eye.foreign_body',
    'ear.pain',
    'ear.other',
    'ent.sore_throat',
    'throat.cant_swallow',
    'tooth.pain',
    'nose.bleed',
    'eye.any',
    'ear.any',
  ],
  back_joint: [
    'msk.back',
    'msk.joint',
    'msk.cauda',
    'msk.hot_joint',
    'msk.calf',
    'msk.neck_pain',
    'neuro.stiff_neck',
  ],
  cold_flu: ['cold.urti'],
};

/** Groups a child's illness is triaged under with ETAT questions instead of adult ones. */
const CHILD_GROUPS: ReadonlySet<ComplaintGroup> = new Set([
  'fever',
  'breathing',
  'cold_flu',
  'abdominal',
  'skin',
  'general',
  'neuro',
]);

/** Every complaint group the text mentions, in priority order; `general` when none. */
export function detectGroups(a: TextAnalysis, ctx: ClinicalContext): ComplaintGroup[] {
  const found: ComplaintGroup[] = [];
  for (const g of COMPLAINT_GROUPS) {
    if (g === 'general') continue;
    const byTemperature = g === 'fever' && (ctx.fever || ctx.feverMildOnly);
    if (byTemperature || GROUP_CONCEPTS[g].some((id) => has(a.hits, id))) found.push(g);
  }
  if (found.length === 0) found.push('general');
  return found;
}

/** Main group: the first detected, or `child` when a child's illness falls in a general group. */
export function primaryGroup(groups: readonly ComplaintGroup[], ctx: ClinicalContext): ComplaintGroup {
  const first = groups[0] ?? 'general';
  return ctx.child && CHILD_GROUPS.has(first) ? 'child' : first;
}

/** The group's own level when no discriminator is positive. */
export interface GroupBaseline {
  group: ComplaintGroup;
  urgency: Urgency;
  reason: string;
  adviceKey?: string;
}

interface BaselineInput {
  a: TextAnalysis;
  ctx: ClinicalContext;
  mode: 'oneshot' | 'protocol';
  answers: Readonly<Record<string, ProtocolAnswerValue>>;
}

function chronic(i: BaselineInput, days = 7): boolean {
  return (
    has(i.a.hits, 'mod.chronic') ||
    (i.a.durationDays !== undefined && i.a.durationDays >= days) ||
    i.answers.long === 'yes'
  );
}
const yes = (v: ProtocolAnswerValue | undefined) => v === 'yes' || v === 'unsure';

/** Self-harm concepts whose only mention may be a denial ("aucune idée de me faire du mal"). */
const SELF_HARM_IDS = [
  'mh.self_harm_done',
  'mh.suicide_intent',
  'mh.passive_wish',
  'mh.plan',
  'mh.harm_self_phrase',
];

/**
 * Teething: a baby or toddler (under 3) with teething words, or swollen gums while mouthing everything
 * and drooling. Self-care with safety-netting; fever or any danger sign is read by its own rules.
 */
function teething(i: BaselineInput): boolean {
  const { a, ctx } = i;
  if (!ctx.child || (ctx.ageYears !== undefined && ctx.ageYears >= 3)) return false;
  return (
    has(a.hits, 'child.teething_words') || (has(a.hits, 'swell.gum') && has(a.hits, 'child.teething_context'))
  );
}
const TEETHING: Omit<GroupBaseline, 'group'> = {
  urgency: 1,
  reason: 'Teething in a well baby',
  adviceKey: 'advice.selfcare.general',
};

function feverBaseline(i: BaselineInput): GroupBaseline | undefined {
  const { a, ctx } = i;
  const urti = has(a.hits, 'cold.urti') || has(a.hits, 'ent.sore_throat');
  const t = ctx.temperatureC;
  const high = has(a.hits, 'fever.high') || (t !== undefined && t >= 39) || yes(i.answers['fever.high']);
  const highDenied = i.answers['fever.high'] === 'no';
  const pregnant = has(a.hits, 'preg.pregnant') || has(a.hits, 'preg.recent_birth');
  if (ctx.fever) {
    // IMCI: a febrile child past 3 months, fever not high, negative malaria test, playing, eating or
    // drinking normally: home care with safety-netting (danger signs are red flags and come first).
    if (
      ctx.child &&
      !ctx.infant &&
      !high &&
      has(a.hits, 'test.malaria_negative') &&
      has(a.hits, 'mod.back_to_play')
    )
      return {
        group: 'fever',
        urgency: 1,
        reason: 'Fever in a well child with a negative malaria test (IMCI home care)',
        adviceKey: 'advice.selfcare.fever',
      };
    if (ctx.child)
      return { group: 'fever', urgency: 3, reason: 'Fever in a child (same-day assessment, IMCI)' };
    if (pregnant) return { group: 'fever', urgency: 3, reason: 'Fever in pregnancy or after birth' };
    if (high) return { group: 'fever', urgency: 3, reason: 'High fever (39 °C or more)' };
    if (a.durationDays !== undefined && a.durationDays >= 3)
      return { group: 'fever', urgency: 3, reason: 'Fever for 3 days or more' };
    if (highDenied) return { group: 'fever', urgency: 2, reason: 'Fever, not high and under 2 days' };
    if (urti)
      return { group: 'fever', urgency: 2, reason: 'Fever with cold/sore-throat symptoms in an adult' };
    return {
      group: 'fever',
      urgency: 3,
      reason: 'Fever without a clear minor cause (same-day test, e.g. malaria)',
    };
  }
  if (ctx.feverMildOnly) {
    if (pregnant) return { group: 'fever', urgency: 3, reason: 'Fever in pregnancy or after birth' };
    // A slight temperature the day after a vaccine in a baby past 3 months who feeds well: expected.
    if (has(a.hits, 'ctx.vaccine') && !ctx.infant && has(a.hits, 'gen.eating_ok'))
      return {
        group: 'fever',
        urgency: 1,
        reason: 'Slight temperature after a vaccine, feeding well',
        adviceKey: 'advice.selfcare.fever',
      };
    if (urti)
      return {
        group: 'fever',
        urgency: 1,
        reason: 'Slight fever with a cold',
        adviceKey: 'advice.selfcare.cold',
      };
    return { group: 'fever', urgency: 2, reason: 'Slight fever', adviceKey: 'advice.selfcare.fever' };
  }
  return undefined;
}

/** Baseline of one group (see the clinical notes beside each case). */
export function groupBaseline(group: ComplaintGroup, i: BaselineInput): GroupBaseline | undefined {
  const { a, ctx } = i;
  const h = (id: string) => has(a.hits, id);
  const mild = h('mod.mild');
  switch (group) {
    case 'chest_pain': {
      if (h('chest.pain_plain') && !ctx.child && i.mode === 'oneshot') {
        return {
          group,
          urgency: 4,
          reason: 'Chest pain in an adult: cardiac cause not excluded (SATS very urgent)',
        };
      }
      if (h('chest.pain_plain') || h('chest.pain_resp')) return { group, urgency: 3, reason: 'Chest pain' };
      if (h('chest.pain_gi')) {
        // Burning after meals that antacids relieve is reflux (NICE dyspepsia: self-care first).
        if (h('mod.relieved'))
          return {
            group,
            urgency: 1,
            reason: 'Reflux-type chest burning relieved by antacids',
            adviceKey: 'advice.selfcare.stomach',
          };
        return { group, urgency: 2, reason: 'Reflux-type chest discomfort' };
      }
      return { group, urgency: 2, reason: 'Chest wall pain with musculoskeletal features' };
    }
    case 'breathing': {
      // A single streak of blood with a cold (the urgent rule handles every other haemoptysis).
      if (h('resp.haemoptysis'))
        return { group, urgency: 2, reason: 'Blood-streaked sputum once, with a cold' };
      if (h('breathing.asthma')) return { group, urgency: 2, reason: 'Asthma/chronic lung disease review' };
      if (h('resp.tb_signs'))
        return { group, urgency: 2, reason: 'Cough with weight loss or night sweats (TB screening)' };
      if (chronic(i, 14)) return { group, urgency: 2, reason: 'Cough for 2 weeks or more (TB screening)' };
      if (!h('resp.cough')) return { group, urgency: 2, reason: 'Breathing complaint' };
      return { group, urgency: 1, reason: 'Cough without danger signs', adviceKey: 'advice.selfcare.cough' };
    }
    case 'cold_flu':
      if (chronic(i, 10)) return { group, urgency: 2, reason: 'Cold symptoms for 10 days or more' };
      return {
        group,
        urgency: 1,
        reason: 'Common cold without danger signs',
        adviceKey: 'advice.selfcare.cold',
      };
    case 'fever':
      return feverBaseline(i);
    case 'headache':
      if (chronic(i) || (a.durationDays !== undefined && a.durationDays >= 3 && !mild)) {
        return { group, urgency: 2, reason: 'Recurrent or persistent headache' };
      }
      return {
        group,
        urgency: 1,
        reason: 'Headache without danger signs',
        adviceKey: 'advice.selfcare.headache',
      };
    case 'abdominal': {
      // The patient's usual period pain (primary dysmenorrhoea): self-care unless it has changed.
      if (
        h('gen.period_pain') &&
        (h('mod.as_usual') || h('mod.every_month')) &&
        !h('mod.worse') &&
        !h('mod.severe')
      ) {
        return {
          group,
          urgency: 1,
          reason: 'Usual period pain',
          adviceKey: 'advice.selfcare.period',
        };
      }
      if (h('gen.period_pain') && !h('abdo.pain'))
        return { group, urgency: 2, reason: 'Period pain that is new, worse or different' };
      // Upper-belly burning after meals that antacids relieve (dyspepsia, NICE: self-care first).
      if (h('abdo.epigastric') && h('mod.relieved') && !chronic(i) && !h('mod.severe'))
        return {
          group,
          urgency: 1,
          reason: 'Dyspepsia relieved by antacids',
          adviceKey: 'advice.selfcare.stomach',
        };
      const minorContext = h('gi.minor') || h('gen.period') || h('gi.diarrhoea');
      if (h('abdo.pain_notmild') && !chronic(i) && !minorContext) {
        return { group, urgency: 3, reason: 'Abdominal pain (SATS urgent)' };
      }
      if (h('abdo.pain')) {
        if (chronic(i)) return { group, urgency: 2, reason: 'Recurrent or long-standing abdominal pain' };
        if (mild || minorContext)
          return {
            group,
            urgency: 1,
            reason: 'Mild abdominal discomfort',
            adviceKey: 'advice.selfcare.stomach',
          };
        return { group, urgency: 2, reason: 'Abdominal pain' };
      }
      if (h('gi.diarrhoea') || h('gi.vomiting')) {
        if (ctx.child && ctx.ageYears !== undefined && ctx.ageYears < 0.5)
          return { group, urgency: 3, reason: 'Diarrhoea or vomiting in a baby under 6 months' };
        if (ctx.child)
          return { group, urgency: 2, reason: 'Diarrhoea or vomiting in a child without danger signs' };
        if (chronic(i, 3)) return { group, urgency: 2, reason: 'Diarrhoea or vomiting for 3 days or more' };
        return {
          group,
          urgency: 1,
          reason: 'Short diarrhoea/vomiting without danger signs',
          adviceKey: 'advice.selfcare.diarrhoea',
        };
      }
      if (chronic(i)) return { group, urgency: 2, reason: 'Persistent digestive symptoms' };
      return { group, urgency: 1, reason: 'Minor digestive complaint', adviceKey: 'advice.selfcare.stomach' };
    }
    case 'injury':
      if (h('inj.burn'))
        return {
          group,
          urgency: chronic(i) ? 2 : 1,
          reason: 'Small burn without danger signs',
          adviceKey: 'advice.selfcare.burn',
        };
      if (chronic(i)) return { group, urgency: 2, reason: 'Pain after an old injury' };
      return {
        group,
        urgency: 1,
        reason: 'Minor injury without danger signs',
        adviceKey: 'advice.selfcare.injury',
      };
    case 'poisoning':
      return { group, urgency: 3, reason: 'Possible harmful ingestion' };
    case 'pregnancy':
      // Morning sickness while eating and drinking (no pain, no bleeding): self-care, antenatal care as
      // planned. Vomiting everything or dehydration are read by the urgent rules.
      if (
        (h('sym.nausea') || h('gi.vomiting')) &&
        h('gen.eating_ok') &&
        !h('abdo.pain') &&
        !h('preg.bleed_minor') &&
        !h('preg.recent_birth')
      )
        return {
          group,
          urgency: 1,
          reason: 'Early-pregnancy nausea while eating and drinking',
          adviceKey: 'advice.selfcare.stomach',
        };
      return { group, urgency: 2, reason: 'Pregnancy (antenatal review)' };
    case 'neuro':
      return { group, urgency: 2, reason: 'Dizziness or neurological complaint without danger signs' };
    case 'mental_health':
      // Situational stress or poor sleep, self-harm thoughts denied, asking for tips: self-help first
      // with a booking offered (any risk wording is read by the red-flag and urgent rules first).
      if (
        (h('mh.risk_denied') || SELF_HARM_IDS.some((id) => deniedOnly(a.hits, id))) &&
        h('gen.asks_tips') &&
        !h('mh.passive') &&
        !h('mh.passive_wish') &&
        !h('mh.not_coping') &&
        !h('mh.psychosis')
      )
        return {
          group,
          urgency: 1,
          reason: 'Stress without risk, asking for self-help',
          adviceKey: 'advice.selfcare.general',
        };
      return { group, urgency: 2, reason: 'Mental health concern without immediate risk' };
    case 'urinary':
      return {
        group,
        urgency: 2,
        reason: h('gu.discharge') ? 'Genital symptoms (STI check)' : 'Urinary symptoms',
      };
    case 'skin':
      // A mole that changed needs a prompt skin review (not same day, not home care).
      if (h('skin.mole')) return { group, urgency: 2, reason: 'Changing mole (skin review)' };
      // Insect bites, heat rash, athlete's foot: self-care at any age and duration.
      if (h('skin.minor'))
        return {
          group,
          urgency: 1,
          reason: 'Minor skin complaint (bites, heat rash, athlete s foot)',
          adviceKey: 'advice.selfcare.skin',
        };
      if (ctx.child || chronic(i)) return { group, urgency: 2, reason: 'Skin complaint' };
      if (mild || a.durationDays === undefined || a.durationDays < 7) {
        return {
          group,
          urgency: 1,
          reason: 'Minor skin complaint without danger signs',
          adviceKey: 'advice.selfcare.skin',
        };
      }
      return { group, urgency: 2, reason: 'Skin complaint' };
    case 'eye_ear_throat': {
      const long = chronic(i);
      const parts: GroupBaseline[] = [];
      if (h('tooth.pain'))
        parts.push(
          teething(i) ? { group, ...TEETHING } : { group, urgency: 2, reason: 'Toothache (dental review)' },
        );
      if (h('ear.other')) parts.push({ group, urgency: 2, reason: 'Ear or hearing complaint' });
      if (h('ear.pain')) {
        parts.push(
          ctx.child || long
            ? { group, urgency: 2, reason: 'Earache' }
            : { group, urgency: 1, reason: 'Earache without danger signs', adviceKey: 'advice.selfcare.ear' },
        );
      }
      if (h('ent.sore_throat')) {
        parts.push(
          long
            ? { group, urgency: 2, reason: 'Persistent sore throat' }
            : {
                group,
                urgency: 1,
                reason: 'Sore throat without danger signs',
                adviceKey: 'advice.selfcare.sore_throat',
              },
        );
      }
      if (h('eye.red')) {
        parts.push(
          long
            ? { group, urgency: 2, reason: 'Persistent red eye' }
            : {
                group,
                urgency: 1,
                reason: 'Red/itchy eye without pain or visual change',
                adviceKey: 'advice.selfcare.eye',
              },
        );
      }
      if (h('nose.bleed'))
        parts.push({
          group,
          urgency: long ? 2 : 1,
          reason: 'Nosebleed that stopped',
          adviceKey: 'advice.selfcare.nosebleed',
        });
      if (parts.length === 0) parts.push({ group, urgency: 2, reason: 'Eye, ear or throat complaint' });
      return parts.reduce((x, y) => (y.urgency > x.urgency ? y : x));
    }
    case 'back_joint':
      // A back or joint strained lifting, bending or at sport in the last days, without red flags.
      if (
        // A neck stiff after sleeping badly, without fever or headache (those are red flags first).
        (h('msk.back') || h('msk.joint') || h('msk.neck_pain') || h('neuro.stiff_neck')) &&
        (h('msk.mechanical') || h('msk.exertion')) &&
        !chronic(i) &&
        (a.durationDays === undefined || a.durationDays <= 7) &&
        !h('mod.severe')
      )
        return {
          group,
          urgency: 1,
          reason: 'Acute mechanical back strain',
          adviceKey: 'advice.selfcare.back_pain',
        };
      if (mild && !chronic(i))
        return {
          group,
          urgency: 1,
          reason: 'Mild back or joint pain',
          adviceKey: 'advice.selfcare.back_pain',
        };
      return { group, urgency: 2, reason: 'Back or joint pain' };
    case 'child':
    case 'general':
      if (teething(i)) return { group, ...TEETHING };
      // A question about a home remedy with no symptoms and no booking asked: health information.
      if (h('gen.remedy_question') && h('gen.no_symptoms') && !h('gen.booking'))
        return {
          group,
          urgency: 1,
          reason: 'Health information question without symptoms',
          adviceKey: 'advice.selfcare.general',
        };
      return { group, urgency: 2, reason: 'General complaint (routine review)' };
  }
}
