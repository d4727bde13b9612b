import type { RedFlagHit, TriageResult } from '../../triage/types.ts';
import { CHOICE, choices } from '../prompts.ts';
import type { Turn } from '../turn.ts';
import { recordTriage } from './record-triage.ts';

/**
 * Red flags (protocol rule ids) with one extra, fixed first-aid line: catalogue key
 * `emergency.tip.<tip>`. Keyed by rule id, not group, because a group can hold signs that need
 * different first aid (a severe burn and a head injury are both `trauma`). Most specific first: when a
 * message raises several flags, the first listed here wins (a snakebite also raises the generic
 * poisoning flag, whose "do not make them vomit" is no help for a bite).
 */
export const FIRST_AID_TIPS: Readonly<Record<string, string>> = {
  // WHO snakebite first aid: keep still, no cutting, suction or tourniquet.
  'poisoning.snakebite': 'snakebite',
  'pregnancy.postpartum_haemorrhage': 'postpartum_bleeding',
  'trauma.spinal': 'spinal',
  'trauma.burn_severe': 'burns',
  'gi.severe_dehydration': 'dehydration',
  'child.dehydration': 'dehydration',
  'self_harm.act': 'suicide',
  'self_harm.plan': 'suicide',
  'self_harm.farewell': 'suicide',
  'self_harm.suicidal': 'suicide',
  'anaphylaxis.airway': 'anaphylaxis',
  'anaphylaxis.angioedema': 'anaphylaxis',
  'seizure.ongoing': 'seizure',
  'seizure.child': 'seizure',
  'seizure.any': 'seizure',
  'stroke.fast': 'stroke',
  'chest.cardiac': 'chest_pain',
  'breathing.severe': 'breathing',
  'bleeding.severe': 'bleeding',
  'poisoning.ingestion': 'poisoning',
};

/** The first-aid line for a set of red flags: the most specific one that has a line, or none. */
export function firstAidTip(hits: readonly RedFlagHit[]): string | undefined {
  const ids = new Set(hits.map((h) => h.id));
  return Object.entries(FIRST_AID_TIPS).find(([id]) => ids.has(id))?.[1];
}

/**
 * Send the fixed emergency advice with the local emergency number, first and before anything else in
 * this turn, and end the episode's booking flow for good. The advice text is reviewed content in the
 * catalogue (`emergency.advice`), never model output. Staff are alerted; the triage is written to the
 * EHR when we know who the patient is.
 */
export function enterEmergency(t: Turn, hits: readonly RedFlagHit[], complaint: string): void {
  const s = t.s;
  const alreadyIn = s.state === 'EMERGENCY';
  for (const hit of hits) if (!s.redFlags.includes(hit.id)) s.redFlags.push(hit.id);
  // Whatever was in flight (a slot offer, a confirmation) is abandoned: an emergency never books.
  s.offer = null;
  s.chosen = null;
  s.returnTo = null;
  s.handover = null;
  t.go('EMERGENCY', 'advised');
  const advice = choices(
    'emergency.advice',
    [
      { id: CHOICE.emergencySafe, key: 'emergency.choice_safe' },
      { id: CHOICE.restart, key: 'emergency.choice_restart' },
    ],
    { number: t.ctx.clinic.emergencyNumber },
  );
  // The advice goes out even to a patient who said STOP: safety overrides the opt-out for this reply.
  s.optedOut = false;
  t.ask(advice);
  const group = hits[0]?.group;
  // One first-aid line at most, the most specific one.
  const tip = firstAidTip(hits);
  if (tip !== undefined) t.sayKey(`emergency.tip.${tip}`);
  if (!alreadyIn) t.alert('EMERGENCY_ADVISED');

  const level = hits.some((h) => h.level === 'emergency') ? 5 : 4;
  const result: TriageResult = {
    urgency: level,
    disposition: 'emergency',
    redFlags: [...s.redFlags],
    reasons: hits.map((h) => `Red flag: ${h.group.replace(/_/g, ' ')} ("${h.evidence}")`),
    pertinentPositives: hits.map((h) => h.evidence),
    pertinentNegatives: [],
    complaintGroup: group ?? 'emergency',
    summary: `Patient reported ${hits.map((h) => h.group.replace(/_/g, ' ')).join(', ')} on WhatsApp and was advised to seek emergency care immediately (call ${t.ctx.clinic.emergencyNumber}).`,
  };
  s.triage = result;
  s.complaint = s.complaint ?? complaint;
  s.triageRecorded = false;
  recordTriage(t);
}

/** A message while the emergency advice stands: "I am safe", "start again", or the reminder. */
export function handleEmergencyReply(
  t: Turn,
  input: { choiceId: string | null; text: string },
  restart: () => void,
): void {
  if (
    input.choiceId === CHOICE.emergencySafe ||
    /\b(safe|salama|seguro|segura|en securite|ca va|better|mieux|mejor|melhor|nafuu)\b/i.test(input.text)
  ) {
    t.go('COMPLETED', 'after_emergency');
    t.s.lastPrompt = null;
    t.sayKey('emergency.safe_ack', { number: t.ctx.clinic.emergencyNumber });
    return;
  }
  if (input.choiceId === CHOICE.restart) {
    restart();
    return;
  }
  t.say(
    choices(
      'emergency.reminder',
      [
        { id: CHOICE.emergencySafe, key: 'emergency.choice_safe' },
        { id: CHOICE.restart, key: 'emergency.choice_restart' },
      ],
      { number: t.ctx.clinic.emergencyNumber },
    ),
  );
}
