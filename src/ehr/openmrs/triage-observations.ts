import type { TriageRecord } from '../ehr-port.ts';
import { cielUuid } from './openmrs-defaults.ts';
import type { RestEncounter } from './openmrs-schemas.ts';

/**
 * Concepts of the triage encounter's observations. Every one but `temperature` must be a Text concept;
 * `temperature` must be numeric in °C. Defaults are CIEL concepts loaded in the O3 demo content
 * (openmrs.md §8.5).
 */
export interface TriageConcepts {
  /** Chief complaint (text), CIEL 160531. */
  readonly chiefComplaint: string;
  /** Temperature (C), CIEL 5088: numeric, absolute range 25–43. */
  readonly temperature: string;
  /** The pre-visit summary, CIEL 162169 "Text of encounter note" (the O3 visit-note body). */
  readonly summary: string;
  /** "Triage urgency: 3 of 5", CIEL 161011 "Free text comment". */
  readonly urgency: string;
  /** "Triage disposition: routine", CIEL 161011. */
  readonly disposition: string;
  /** "Triage reasons: …", CIEL 161011. */
  readonly reasons: string;
  /** "Red flags: …", CIEL 161011. */
  readonly redFlags: string;
}

export const DEFAULT_TRIAGE_CONCEPTS: TriageConcepts = {
  chiefComplaint: cielUuid(160531),
  temperature: cielUuid(5088),
  summary: cielUuid(162169),
  urgency: cielUuid(161011),
  disposition: cielUuid(161011),
  reasons: cielUuid(161011),
  redFlags: cielUuid(161011),
};

/** Absolute range of CIEL 5088 in the O3 content (openmrs.md §2.7): outside it the obs is refused. */
export const TEMPERATURE_RANGE_C = { min: 25, max: 43 } as const;
/** Obs `value_text` is a TEXT column; notes longer than this are cut (a chat summary never is). */
const MAX_OBS_TEXT = 4000;

export interface TriageObs {
  readonly concept: string;
  readonly value: string | number;
}

const DISPOSITION_TEXT: Readonly<Record<TriageRecord['disposition'], string>> = {
  emergency: 'emergency',
  urgent: 'urgent',
  routine: 'routine',
  self_care: 'self care',
};

const cut = (text: string): string =>
  text.length > MAX_OBS_TEXT ? `${text.slice(0, MAX_OBS_TEXT - 1)}…` : text;

/**
 * The observations of one triage encounter, as O3 vitals posts them (`{concept, value}`, openmrs.md §9):
 * chief complaint, temperature only inside 25–43 °C (rounded to 0.1), urgency, disposition, reasons,
 * red flags ("none" is recorded too: the clinician should see that they were checked) and the summary,
 * which ends with the idempotency tag so a retry can find the encounter.
 */
export function triageObservations(record: TriageRecord, concepts: TriageConcepts, tag: string): TriageObs[] {
  const obs: TriageObs[] = [];
  const complaint = record.chiefComplaint.trim();
  if (complaint !== '') obs.push({ concept: concepts.chiefComplaint, value: cut(complaint) });
  const t = record.temperatureC;
  if (t !== undefined && Number.isFinite(t) && t >= TEMPERATURE_RANGE_C.min && t <= TEMPERATURE_RANGE_C.max) {
    obs.push({ concept: concepts.temperature, value: Math.round(t * 10) / 10 });
  }
  obs.push(
    { concept: concepts.urgency, value: `Triage urgency: ${record.urgency} of 5 (5 = immediate)` },
    { concept: concepts.disposition, value: `Triage disposition: ${DISPOSITION_TEXT[record.disposition]}` },
  );
  if (record.reasons.length > 0) {
    obs.push({ concept: concepts.reasons, value: cut(`Triage reasons: ${record.reasons.join('; ')}`) });
  }
  obs.push({
    concept: concepts.redFlags,
    value: cut(`Red flags: ${record.redFlags.length > 0 ? record.redFlags.join('; ') : 'none'}`),
  });
  const summary = record.summary.trim();
  const room = MAX_OBS_TEXT - tag.length - 1;
  const body = summary.length > room ? `${summary.slice(0, room - 1)}…` : summary;
  obs.push({ concept: concepts.summary, value: body === '' ? tag : `${body}\n${tag}` });
  return obs;
}

/** Whether an encounter is the one a triage write with `tag` created (its summary obs carries the tag). */
export function encounterHasTag(e: RestEncounter, summaryConcept: string, tag: string): boolean {
  return (
    e.voided !== true &&
    (e.obs ?? []).some(
      (o) =>
        o.voided !== true &&
        o.concept?.uuid === summaryConcept &&
        typeof o.value === 'string' &&
        o.value.includes(tag),
    )
  );
}
