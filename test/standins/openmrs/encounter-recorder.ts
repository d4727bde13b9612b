import { ValidationErrors } from './openmrs-errors.ts';
import { type EncounterRecord, newUuid, type ObsRecord, type StandinState } from './standin-state.ts';

/** One observation to record; `value` already converted to the concept's datatype (or null). */
export interface ObsInput {
  readonly conceptUuid: string | null;
  readonly value: number | string | null;
  /** Defaults to the encounter datetime (core `Encounter.addObs`, openmrs.md §9). */
  readonly obsDatetime?: number | null;
}

/** An encounter to record; unknown references are already null, as `ConversionUtil` leaves them. */
export interface EncounterInput {
  readonly patientUuid: string | null;
  readonly encounterTypeUuid: string | null;
  readonly locationUuid: string | null;
  readonly encounterDatetime: number;
  readonly obs: readonly ObsInput[];
  readonly via: 'rest' | 'fhir';
}

/**
 * Core `EncounterValidator` (openmrs.md §2.6): encounter type and patient required, datetime not in the
 * future. Messages as a real O3 server returns them ("Patient is Required", "The encounter datetime should
 * be before the current date.").
 */
export function validateEncounter(state: StandinState, input: EncounterInput): ValidationErrors {
  const errors = new ValidationErrors();
  if (input.encounterTypeUuid === null) {
    errors.rejectValue(
      'encounterType',
      'Encounter.error.encounterType.required',
      'Encounter type is Required',
    );
  }
  if (input.patientUuid === null) {
    errors.rejectValue('patient', 'Encounter.error.patient.required', 'Patient is Required');
  }
  if (input.encounterDatetime > state.now()) {
    errors.rejectValue(
      'encounterDatetime',
      'Encounter.datetimeShouldBeBeforeCurrent',
      'The encounter datetime should be before the current date.',
    );
  }
  return errors;
}

/**
 * Core `ObsValidator` (openmrs.md §2.7): person, concept, obsDatetime and a value are required; numeric
 * concepts enforce their absolute range and "allow decimals" (5088 25–43 with decimals, 5087 integers).
 */
export function validateObs(
  state: StandinState,
  obs: { personUuid: string | null; conceptUuid: string | null; obsDatetime: number | null; value: unknown },
): ValidationErrors {
  const errors = new ValidationErrors();
  if (obs.personUuid === null) errors.rejectValue('person', 'error.null', 'Cannot be empty or null');
  if (obs.obsDatetime === null) errors.rejectValue('obsDatetime', 'error.null', 'Cannot be empty or null');
  const concept = obs.conceptUuid === null ? undefined : state.concepts.get(obs.conceptUuid);
  if (!concept) {
    errors.rejectValue('concept', 'error.null', 'Cannot be empty or null');
    return errors;
  }
  if (obs.value === null || obs.value === undefined || obs.value === '') {
    errors.reject('error.null', 'Cannot be empty or null');
    return errors;
  }
  if (concept.datatype === 'Numeric' && typeof obs.value === 'number') {
    const v = obs.value;
    if (concept.hiAbsolute !== undefined && v > concept.hiAbsolute) {
      errors.rejectValue(
        'valueNumeric',
        'error.outOfRange.high',
        `Value exceeds the absolute high of ${concept.hiAbsolute}`,
      );
    }
    if (concept.lowAbsolute !== undefined && v < concept.lowAbsolute) {
      errors.rejectValue(
        'valueNumeric',
        'error.outOfRange.low',
        `Value is below the absolute low of ${concept.lowAbsolute}`,
      );
    }
    if (concept.allowDecimal === false && !Number.isInteger(v)) {
      errors.rejectValue('valueNumeric', 'Obs.error.precision', 'This concept does not allow decimal values');
    }
  }
  return errors;
}

/** Stores an already validated encounter and its observations. */
export function saveEncounter(state: StandinState, input: EncounterInput): EncounterRecord {
  const now = state.now();
  const uuid = newUuid();
  const obs: ObsRecord[] = input.obs.map((o) => ({
    uuid: newUuid(),
    conceptUuid: o.conceptUuid!,
    value: o.value!,
    obsDatetime: o.obsDatetime ?? input.encounterDatetime,
    personUuid: input.patientUuid!,
    encounterUuid: uuid,
    locationUuid: input.locationUuid,
    status: 'FINAL',
    voided: false,
    dateCreated: now,
  }));
  const record: EncounterRecord = {
    uuid,
    encounterDatetime: input.encounterDatetime,
    patientUuid: input.patientUuid!,
    encounterTypeUuid: input.encounterTypeUuid!,
    locationUuid: input.locationUuid,
    obs,
    voided: false,
    dateCreated: now,
    createdVia: input.via,
  };
  state.encounters.set(uuid, record);
  return record;
}
