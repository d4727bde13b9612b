import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  O3,
  type OpenmrsStandin,
  startOpenmrsStandin,
} from '../../../test/standins/openmrs/openmrs-standin.ts';
import { type OpenmrsSetupConfig, runOpenmrsSetup, setupConfigFromEnv } from '../../cli/openmrs-setup.ts';

describe('npm run openmrs:setup against the stand-in', () => {
  let omrs: OpenmrsStandin;
  let config: OpenmrsSetupConfig;

  beforeEach(async () => {
    omrs = await startOpenmrsStandin();
    const parsed = setupConfigFromEnv({
      OPENMRS_BASE_URL: omrs.baseUrl,
      OPENMRS_USERNAME: 'admin',
      OPENMRS_PASSWORD: 'Admin123',
    });
    if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
    config = parsed;
  });
  afterEach(() => omrs.close());

  it('creates the WhatsApp identifier type and the triage encounter type once, and prints the env lines', async () => {
    const first = await runOpenmrsSetup(config);
    expect(first.problems).toEqual([]);
    expect(first.created).toEqual(['identifier type "WhatsApp ID"', 'encounter type "WhatsApp Triage"']);
    const type = omrs.identifierTypes().find((t) => t.name === 'WhatsApp ID');
    expect(type).toMatchObject({ uniquenessBehavior: 'NON_UNIQUE', required: false });
    const encounterType = omrs.encounterTypes().find((t) => t.name === 'WhatsApp Triage');
    expect(first.env).toEqual({
      OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID: type?.uuid,
      OPENMRS_TRIAGE_ENCOUNTER_TYPE_UUID: encounterType?.uuid,
      OPENMRS_LOCATION_UUID: O3.outpatientClinic,
      OPENMRS_ID_TYPE_UUID: O3.openmrsIdType,
      OPENMRS_IDENTIFIER_SOURCE_UUID: O3.openmrsIdSource,
      OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID: O3.telephoneAttrType,
      OPENMRS_SERVICE_UUIDS: [O3.generalMedicineService, O3.outpatientService, O3.rehabilitationService].join(
        ',',
      ),
    });

    omrs.resetCounts();
    const second = await runOpenmrsSetup(config);
    expect(second.created).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(second.env).toEqual(first.env);
    const counts = omrs.counts();
    expect(counts['POST /ws/rest/v1/patientidentifiertype'] ?? 0).toBe(0);
    expect(counts['POST /ws/rest/v1/encountertype'] ?? 0).toBe(0);
    expect(omrs.logins()).toBe(2);
    expect(omrs.activeSessions()).toBe(0);
  });

  it('reports what is missing or wrong instead of creating it', async () => {
    omrs.seedIdentifierType({ name: 'WhatsApp ID', uniquenessBehavior: 'UNIQUE' });
    const result = await runOpenmrsSetup({
      ...config,
      locationUuid: 'no-such-location',
      identifierSourceUuid: 'no-such-source',
      serviceUuids: [O3.generalMedicineService, 'no-such-service'],
      concepts: { ...config.concepts, summary: '5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(result.created).toEqual(['encounter type "WhatsApp Triage"']);
    expect(result.problems).toEqual([
      'identifier type "WhatsApp ID" is UNIQUE: set it to NON_UNIQUE (families share one phone)',
      'location no-such-location does not exist',
      'idgen identifier source no-such-source does not exist',
      'appointment service no-such-service does not exist',
      'concept 5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA (summary) is Numeric, expected Text',
    ]);
    expect(result.env.OPENMRS_SERVICE_UUIDS).toBe(O3.generalMedicineService);
  });

  it('a wrong password is one refused login and a clear problem', async () => {
    const result = await runOpenmrsSetup({ ...config, password: 'wrong' });
    expect(result.problems).toEqual(['EHR_AUTH_FAILED: OpenMRS refused the service-account credentials']);
    expect(omrs.failedLogins()).toBe(1);
  });

  it('lists every missing env var at once', () => {
    expect(setupConfigFromEnv({ OPENMRS_BASE_URL: 'localhost/openmrs' })).toEqual({
      problems: [
        'OPENMRS_USERNAME is required',
        'OPENMRS_PASSWORD is required',
        'OPENMRS_BASE_URL must start with http:// or https:// (e.g. http://localhost/openmrs)',
      ],
    });
  });
});
