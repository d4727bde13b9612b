import { describe, expect, it } from 'vitest';
import restSearch from '../../../test/fixtures/openmrs/rest_patient_search_response.json' with {
  type: 'json',
};
import type { NewPatient } from '../ehr-port.ts';
import { type RestPatient, RestPatientSchema, restListSchema } from './openmrs-schemas.ts';
import {
  carriesIdentifier,
  isSameRegistration,
  newPatientBody,
  restDateOnly,
  toPatientSummary,
  whatsappValues,
} from './patient-mapping.ts';

const ID_TYPE = '05a29f94-c0ed-11e2-94be-8c13b969e334';
const WA_TYPE = 'a1b2c3d4-0000-4000-8000-000000000001';
const refs = {
  openmrsIdTypeUuid: ID_TYPE,
  whatsappIdentifierTypeUuid: WA_TYPE,
  locationUuid: '44c3efb0-2583-4c80-a79e-1f756a03c0a1',
  phoneAttributeTypeUuid: '14d4f066-15f5-102d-96e4-000c29c2a5d7',
};
const patient: NewPatient = {
  givenName: ' Amina ',
  familyName: 'Otieno',
  birthDate: '1990-04-02',
  birthDateEstimated: false,
  sex: 'female',
  phone: '+254712345678',
  whatsapp: { key: 'bsuid.1', userId: 'bsuid.1', waId: '254712345678' },
};
const stored: RestPatient = {
  uuid: 'p-1',
  voided: false,
  identifiers: [
    { identifier: '100008E', identifierType: { uuid: ID_TYPE }, preferred: true, voided: false },
    { identifier: 'bsuid.1', identifierType: { uuid: WA_TYPE }, preferred: false, voided: false },
    { identifier: '254700000000', identifierType: { uuid: WA_TYPE }, preferred: false, voided: true },
  ],
  person: {
    gender: 'F',
    birthdate: '1990-04-02T00:00:00.000+0300',
    birthdateEstimated: false,
    preferredName: { givenName: 'Amina', familyName: 'Otieno' },
  },
};

describe('patient mapping', () => {
  it('stores every value of the identity once, dropping blanks and 1-character values', () => {
    expect(whatsappValues({ key: 'bsuid.1', userId: 'bsuid.1', waId: '2547' })).toEqual(['bsuid.1', '2547']);
    expect(whatsappValues({ key: 'x', waId: ' ' })).toEqual([]);
  });

  it('builds the O3 registration body (openmrs.md §5)', () => {
    expect(newPatientBody(patient, '100008E', refs)).toEqual({
      identifiers: [
        { identifier: '100008E', identifierType: ID_TYPE, location: refs.locationUuid, preferred: true },
        { identifier: 'bsuid.1', identifierType: WA_TYPE, location: refs.locationUuid, preferred: false },
        {
          identifier: '254712345678',
          identifierType: WA_TYPE,
          location: refs.locationUuid,
          preferred: false,
        },
      ],
      person: {
        gender: 'F',
        birthdate: '1990-04-02',
        birthdateEstimated: false,
        dead: false,
        names: [{ givenName: 'Amina', familyName: 'Otieno', preferred: true }],
        attributes: [{ attributeType: refs.phoneAttributeTypeUuid, value: '+254712345678' }],
      },
    });
  });

  it('leaves out an absent family name and phone; maps every sex', () => {
    const { familyName: _f, phone: _p, ...rest } = patient;
    const body = newPatientBody({ ...rest, sex: 'unknown' }, '1', refs) as {
      person: { gender: string; names: unknown[]; attributes: unknown[] };
    };
    expect(body.person.gender).toBe('U');
    expect(body.person.names).toEqual([{ givenName: 'Amina', preferred: true }]);
    expect(body.person.attributes).toEqual([]);
    for (const [sex, g] of [
      ['male', 'M'],
      ['other', 'O'],
    ] as const) {
      expect(
        (newPatientBody({ ...patient, sex }, '1', refs) as { person: { gender: string } }).person.gender,
      ).toBe(g);
    }
  });

  it('summarises a REST patient: date in the server zone, OpenMRS ID as mrn', () => {
    expect(toPatientSummary(stored, ID_TYPE)).toEqual({
      id: 'p-1',
      givenName: 'Amina',
      familyName: 'Otieno',
      birthDate: '1990-04-02',
      sex: 'female',
      mrn: '100008E',
    });
    expect(restDateOnly('1936-12-04T00:00:00.000+0000')).toBe('1936-12-04');
    expect(restDateOnly(null)).toBeUndefined();
  });

  it('checks the identifier type and skips voided identifiers and patients', () => {
    expect(carriesIdentifier(stored, WA_TYPE, ['bsuid.1'])).toBe(true);
    expect(carriesIdentifier(stored, WA_TYPE, ['254700000000'])).toBe(false);
    expect(carriesIdentifier(stored, ID_TYPE, ['bsuid.1'])).toBe(false);
    expect(carriesIdentifier({ ...stored, voided: true }, WA_TYPE, ['bsuid.1'])).toBe(false);
  });

  it('recognises the same registration by name and birth date, case and spacing aside', () => {
    expect(isSameRegistration(stored, { ...patient, givenName: 'AMINA  ' })).toBe(true);
    expect(isSameRegistration(stored, { ...patient, givenName: 'Baraka' })).toBe(false);
    expect(isSameRegistration(stored, { ...patient, birthDate: '1990-04-03' })).toBe(false);
    const { familyName: _f, ...noFamily } = patient;
    expect(isSameRegistration(stored, noFamily)).toBe(false);
  });

  it('skips default-representation patients (no identifier types) instead of trusting them', () => {
    const parsed = restListSchema(RestPatientSchema).parse(restSearch);
    expect(parsed.results).toEqual([]);
    expect(parsed.links?.[0]?.rel).toBe('next');
  });
});
