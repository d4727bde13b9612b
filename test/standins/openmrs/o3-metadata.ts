/**
 * Reference-application metadata the stand-in is seeded with. Every UUID here is the O3 demo value cited in
 * shared/reference/openmrs.md (section given next to each group) unless marked "stand-in"; those few have
 * no published O3 value and are fixed here so tests can refer to them.
 */
export const O3 = {
  /** openmrs.md §1.4, §7: OpenMRS ID identifier type (required, Luhn mod-30, UNIQUE, location NOT_USED). */
  openmrsIdType: '05a29f94-c0ed-11e2-94be-8c13b969e334',
  /** openmrs.md §7: other ref-app identifier types. */
  legacyIdType: '22348099-3873-459e-a32e-d93b17eda533',
  idCardType: 'b4143563-16cd-4439-b288-f83d61670fc8',
  ssnType: 'a71403f3-8584-4289-ab41-2b4e5570bd45',
  /** openmrs.md §7: "Generator for OpenMRS ID", sequential from 100000, Luhn mod-30. */
  openmrsIdSource: '8549f706-7e85-4c1d-9424-217d50a2988b',
  /** openmrs.md §2.4, §8.4: person attribute types. */
  telephoneAttrType: '14d4f066-15f5-102d-96e4-000c29c2a5d7',
  unknownPatientAttrType: '8b56eac7-5c76-4b9c-8c6f-1deab8d3fc47',
  /** openmrs.md §8.1: locations. */
  outpatientClinic: '44c3efb0-2583-4c80-a79e-1f756a03c0a1',
  ubuntuHospital: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  inpatientWard: 'ba685651-ed3b-4e63-9b35-78893060758a',
  mobileClinic: '8d9045ad-50f0-45b8-93c8-3ed4bce19dbf',
  communityOutreach: '1ce1b7d4-c865-4178-82b0-5932e51503d6',
  unknownLocation: '8d6c993e-c2cc-11de-8d13-0010c6dffd0f',
  /** openmrs.md §8.3: encounter types. */
  vitalsEncounterType: '67a71486-1a54-468f-ac3e-7091a9a79584',
  visitNoteEncounterType: 'd7151f82-c1f3-4152-a605-2f9ea7414a79',
  consultationEncounterType: 'dd528487-82a5-4082-9c72-ed246bd49591',
  checkInEncounterType: 'ca3aed11-1aa4-42a1-b85c-8332fc8001fc',
  /** openmrs.md §6.6: appointment services, speciality and service type. */
  generalMedicineService: '7ba3aa21-cc56-47ca-bb4d-a60549f666c0',
  outpatientService: '1ef43565-9c96-4f58-bfd2-c864c7cedac1',
  rehabilitationService: '4ec5c4fe-cfe0-48ff-9e4d-2f201078feae',
  generalSpeciality: '9f2a8cd0-32c6-4844-8df7-1ac9c4d79943',
  shortFollowUpServiceType: 'fbec4378-2d0d-4509-a56e-be0a53700709',
  /** rest_session_response_legacy.json (demo server): admin user, its person, core role UUIDs. */
  adminUser: '45ce6c2e-dd5a-11e6-9d9c-0242ac150002',
  adminPerson: '24252571-dd5a-11e6-9d9c-0242ac150002',
  systemDeveloperRole: '8d94f852-c2cc-11de-8d13-0010c6dffd0f',
  providerRole: '8d94f280-c2cc-11de-8d13-0010c6dffd0f',
  /** stand-in: the admin's provider record (no O3 value published in the reference). */
  adminProvider: 'f5a3b0e2-6c1d-4b8e-9a7f-0d2c4e6a8b10',
} as const;

/** A concept the stand-in knows: openmrs.md §8.5 (datatypes, ranges) and §2.7 (temperature range). */
export interface ConceptSeed {
  readonly uuid: string;
  readonly name: string;
  readonly datatype: 'Text' | 'Numeric' | 'Coded' | 'N/A';
  /** CIEL code; FHIR `https://cielterminology.org` codings resolve through it (openmrs.md §2.7). */
  readonly ciel: string;
  readonly loinc?: string;
  readonly allowDecimal?: boolean;
  readonly lowAbsolute?: number;
  readonly hiAbsolute?: number;
  readonly units?: string;
}

const ciel = (code: string): string => `${code}${'A'.repeat(36 - code.length)}`;

/** openmrs.md §8.5 concept table; numeric limits from §2.7 (5088 25–43 decimals, 5087 0–230 integer). */
export const O3_CONCEPTS: readonly ConceptSeed[] = [
  { uuid: ciel('5219'), name: 'Chief complaint', datatype: 'Coded', ciel: '5219' },
  { uuid: ciel('160531'), name: 'Chief complaint (text)', datatype: 'Text', ciel: '160531' },
  { uuid: ciel('162169'), name: 'Text of encounter note', datatype: 'Text', ciel: '162169' },
  { uuid: ciel('165095'), name: 'General patient note', datatype: 'Text', ciel: '165095' },
  { uuid: ciel('161011'), name: 'Free text comment', datatype: 'Text', ciel: '161011' },
  {
    uuid: ciel('1731'),
    name: 'Sign/symptom duration',
    datatype: 'Numeric',
    ciel: '1731',
    allowDecimal: true,
  },
  { uuid: ciel('1732'), name: 'Duration units', datatype: 'Coded', ciel: '1732' },
  {
    uuid: ciel('5088'),
    name: 'Temperature (C)',
    datatype: 'Numeric',
    ciel: '5088',
    loinc: '8310-5',
    allowDecimal: true,
    lowAbsolute: 25,
    hiAbsolute: 43,
    units: 'DEG C',
  },
  {
    uuid: ciel('5087'),
    name: 'Pulse',
    datatype: 'Numeric',
    ciel: '5087',
    allowDecimal: false,
    lowAbsolute: 0,
    hiAbsolute: 230,
    units: 'beats/min',
  },
  {
    uuid: ciel('5085'),
    name: 'Systolic blood pressure',
    datatype: 'Numeric',
    ciel: '5085',
    allowDecimal: false,
  },
  {
    uuid: ciel('5086'),
    name: 'Diastolic blood pressure',
    datatype: 'Numeric',
    ciel: '5086',
    allowDecimal: false,
  },
  { uuid: ciel('5242'), name: 'Respiratory rate', datatype: 'Numeric', ciel: '5242', allowDecimal: false },
  {
    uuid: ciel('5092'),
    name: 'Arterial blood oxygen saturation (pulse oximeter)',
    datatype: 'Numeric',
    ciel: '5092',
  },
  { uuid: ciel('5089'), name: 'Weight (kg)', datatype: 'Numeric', ciel: '5089', allowDecimal: true },
  { uuid: ciel('5090'), name: 'Height (cm)', datatype: 'Numeric', ciel: '5090', allowDecimal: true },
  { uuid: ciel('1114'), name: 'Vital signs', datatype: 'N/A', ciel: '1114' },
  { uuid: ciel('159947'), name: 'Visit Diagnoses', datatype: 'N/A', ciel: '159947' },
  { uuid: ciel('162820'), name: 'Problem severity', datatype: 'Coded', ciel: '162820' },
];
