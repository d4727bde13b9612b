import type { NewPatient, PatientSummary, Sex, WhatsAppIdentityRef } from '../ehr-port.ts';
import type { RestPatient } from './openmrs-schemas.ts';

/** Metadata a new patient's REST body refers to (all uuids). */
export interface PatientBodyRefs {
  readonly openmrsIdTypeUuid: string;
  readonly whatsappIdentifierTypeUuid: string;
  readonly locationUuid: string;
  readonly phoneAttributeTypeUuid: string;
}

const TO_GENDER: Readonly<Record<Sex, 'M' | 'F' | 'O' | 'U'>> = {
  male: 'M',
  female: 'F',
  other: 'O',
  unknown: 'U',
};
const FROM_GENDER: Readonly<Record<string, Sex>> = { M: 'male', F: 'female', O: 'other', U: 'unknown' };

/**
 * The values stored as WhatsApp identifiers of one identity: the key plus `userId` and `waId`, so the
 * patient is found by either alone (Meta may send only one of them). Strings under 2 characters are
 * dropped: REST `q=` ignores them (openmrs.md §5).
 */
export function whatsappValues(identity: WhatsAppIdentityRef): string[] {
  const values = [identity.key, identity.userId, identity.waId].flatMap((v) => {
    const trimmed = v?.trim();
    return trimmed && trimmed.length >= 2 ? [trimmed] : [];
  });
  return [...new Set(values)];
}

/**
 * The O3 registration body (openmrs.md §5): the generated OpenMRS ID (preferred), one WhatsApp
 * identifier per value of the identity (a NON_UNIQUE type: families share phones), the name, gender
 * M/F/O/U, birthdate `YYYY-MM-DD` with `birthdateEstimated`, and the phone as the Telephone Number
 * attribute (openmrs.md §2.4).
 */
export function newPatientBody(patient: NewPatient, openmrsId: string, refs: PatientBodyRefs): unknown {
  const familyName = patient.familyName?.trim();
  return {
    identifiers: [
      {
        identifier: openmrsId,
        identifierType: refs.openmrsIdTypeUuid,
        location: refs.locationUuid,
        preferred: true,
      },
      ...whatsappValues(patient.whatsapp).map((value) => ({
        identifier: value,
        identifierType: refs.whatsappIdentifierTypeUuid,
        location: refs.locationUuid,
        preferred: false,
      })),
    ],
    person: {
      gender: TO_GENDER[patient.sex],
      birthdate: patient.birthDate,
      birthdateEstimated: patient.birthDateEstimated,
      dead: false,
      names: [
        {
          givenName: patient.givenName.trim(),
          ...(familyName ? { familyName } : {}),
          preferred: true,
        },
      ],
      attributes: patient.phone ? [{ attributeType: refs.phoneAttributeTypeUuid, value: patient.phone }] : [],
    },
  };
}

/** `YYYY-MM-DD` of a core REST date (`1990-04-02T00:00:00.000+0300`, written in the server zone). */
export function restDateOnly(text: string | null | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(text ?? '');
  return match?.[1];
}

/** What the conversation may show of a REST patient; `mrn` is the OpenMRS ID. */
export function toPatientSummary(p: RestPatient, openmrsIdTypeUuid: string): PatientSummary {
  const name = p.person.preferredName;
  const familyName = name?.familyName?.trim();
  const birthDate = restDateOnly(p.person.birthdate);
  const sex = FROM_GENDER[p.person.gender ?? ''];
  const active = p.identifiers.filter((i) => !i.voided);
  const mrn =
    active.find((i) => i.identifierType?.uuid === openmrsIdTypeUuid && i.preferred) ??
    active.find((i) => i.identifierType?.uuid === openmrsIdTypeUuid);
  return {
    id: p.uuid,
    givenName: name?.givenName?.trim() ?? '',
    ...(familyName ? { familyName } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(sex ? { sex } : {}),
    ...(mrn ? { mrn: mrn.identifier } : {}),
  };
}

/** True when the patient is active and has a live identifier of `typeUuid` equal to one of `values`. */
export function carriesIdentifier(p: RestPatient, typeUuid: string, values: readonly string[]): boolean {
  return (
    p.voided !== true &&
    p.identifiers.some(
      (i) => !i.voided && i.identifierType?.uuid === typeUuid && values.includes(i.identifier),
    )
  );
}

const fold = (text: string | null | undefined): string =>
  (text ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

/**
 * Whether `p` is the registration `patient` describes: same given and family name (case and spacing
 * aside) and same birth date. This is how a retried registration finds the patient its first attempt
 * created (OpenMRS has no idempotency key and no place for one that is not clinical data), and it also
 * keeps one person from being registered twice under the same WhatsApp identity.
 */
export function isSameRegistration(p: RestPatient, patient: NewPatient): boolean {
  const name = p.person.preferredName;
  return (
    fold(name?.givenName) === fold(patient.givenName) &&
    fold(name?.familyName) === fold(patient.familyName) &&
    restDateOnly(p.person.birthdate) === patient.birthDate
  );
}
