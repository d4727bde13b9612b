import { O3 } from './o3-metadata.ts';
import { formatDateOnly, formatFhirDateTime } from './openmrs-dates.ts';
import { fullName, type NodeContext, preferredIdentifier } from './rest-nodes.ts';
import type { EncounterRecord, ObsRecord, PatientRecord } from './standin-state.ts';

/**
 * FHIR R4 JSON as OpenMRS FHIR2 4.x writes it (openmrs.md §2; fixtures fhir_patient_read_o3.json,
 * fhir_patient_search_bundle.json, fhir_observation_temperature.json).
 */

const GENDER: Readonly<Record<string, string>> = { M: 'male', F: 'female', O: 'other', U: 'unknown' };
const SUBSETTED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'Resource encoded in summary mode',
};

function narrative(text: string): unknown {
  const safe = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${safe}</div>` };
}

/**
 * A Patient: identifiers with `type.coding[0].code` = type UUID and `type.text` = type name, `use`
 * official for the preferred one, the identifier location extension, telecom from "Telephone Number"
 * without `system`, and every attribute also as a person-attribute extension (openmrs.md §2.4).
 * With `summary` the resource carries the SUBSETTED tag and no narrative, as in the fixtures.
 */
export function fhirPatient(ctx: NodeContext, p: PatientRecord, summary: boolean): Record<string, unknown> {
  const zone = ctx.state.serverZone;
  const preferred = preferredIdentifier(p);
  const attributes = p.attributes.filter((a) => !a.voided);
  const phone = attributes.filter((a) => a.attributeTypeUuid === O3.telephoneAttrType);
  const out: Record<string, unknown> = {
    resourceType: 'Patient',
    id: p.uuid,
    meta: summary
      ? { lastUpdated: formatFhirDateTime(p.dateCreated, zone), tag: [SUBSETTED] }
      : { lastUpdated: formatFhirDateTime(p.dateCreated, zone) },
  };
  if (!summary) out.text = narrative(`${fullName(p.names[0])} (${preferred?.identifier ?? ''})`);
  if (attributes.length > 0) {
    out.extension = attributes.map((a) => ({
      url: 'http://fhir.openmrs.org/ext/person-attribute',
      extension: [
        {
          url: 'http://fhir.openmrs.org/ext/person-attribute-type',
          valueString: ctx.state.personAttributeTypes.get(a.attributeTypeUuid)?.name ?? '',
        },
        { url: 'http://fhir.openmrs.org/ext/person-attribute-value', valueString: a.value },
      ],
    }));
  }
  out.identifier = p.identifiers
    .filter((i) => !i.voided)
    .map((i) => {
      const location = i.locationUuid === null ? undefined : ctx.state.locations.get(i.locationUuid);
      const type = ctx.state.identifierTypes.get(i.identifierTypeUuid);
      return {
        id: i.uuid,
        ...(location
          ? {
              extension: [
                {
                  url: 'http://fhir.openmrs.org/ext/patient/identifier#location',
                  valueReference: {
                    reference: `Location/${location.uuid}`,
                    type: 'Location',
                    display: location.name,
                  },
                },
              ],
            }
          : {}),
        use: i === preferred ? 'official' : 'usual',
        type: { coding: [{ code: i.identifierTypeUuid }], text: type?.name ?? '' },
        value: i.identifier,
      };
    });
  out.active = true;
  out.name = p.names
    .filter((n) => !n.voided)
    .map((n) => ({
      id: n.uuid,
      ...(n.familyName ? { family: n.familyName } : {}),
      given: [n.givenName, n.middleName].filter((g): g is string => typeof g === 'string' && g !== ''),
    }));
  if (phone.length > 0) out.telecom = phone.map((a) => ({ id: a.uuid, value: a.value }));
  out.gender = GENDER[p.gender] ?? 'unknown';
  if (p.birthdate !== null) out.birthDate = formatDateOnly(p.birthdate, zone);
  out.deceasedBoolean = p.dead;
  const addresses = p.addresses.filter((a) => !a.voided);
  if (addresses.length > 0) {
    out.address = addresses.map((a) => ({
      id: a.uuid,
      ...(a.fields.address1
        ? {
            extension: [
              {
                url: 'http://fhir.openmrs.org/ext/address',
                extension: [
                  { url: 'http://fhir.openmrs.org/ext/address#address1', valueString: a.fields.address1 },
                ],
              },
            ],
          }
        : {}),
      use: 'home',
      ...(a.fields.cityVillage ? { city: a.fields.cityVillage } : {}),
      ...(a.fields.stateProvince ? { state: a.fields.stateProvince } : {}),
      ...(a.fields.postalCode ? { postalCode: a.fields.postalCode } : {}),
      ...(a.fields.country ? { country: a.fields.country } : {}),
    }));
  }
  return out;
}

/** An Encounter with the encounter-type coding and encounter tag FHIR2 emits (fixture fhir_encounter_create_request.json). */
export function fhirEncounter(ctx: NodeContext, e: EncounterRecord): Record<string, unknown> {
  const zone = ctx.state.serverZone;
  const type = ctx.state.encounterTypes.get(e.encounterTypeUuid);
  const patient = ctx.state.patients.get(e.patientUuid);
  const location = e.locationUuid === null ? undefined : ctx.state.locations.get(e.locationUuid);
  return {
    resourceType: 'Encounter',
    id: e.uuid,
    meta: {
      lastUpdated: formatFhirDateTime(e.dateCreated, zone),
      tag: [{ system: 'http://fhir.openmrs.org/ext/encounter-tag', code: 'encounter', display: 'Encounter' }],
    },
    status: 'unknown',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    type: [
      {
        coding: [
          {
            system: 'http://fhir.openmrs.org/code-system/encounter-type',
            code: e.encounterTypeUuid,
            display: type?.name,
          },
        ],
      },
    ],
    subject: {
      reference: `Patient/${e.patientUuid}`,
      type: 'Patient',
      display: patient ? fullName(patient.names[0]) : undefined,
    },
    period: { start: formatFhirDateTime(e.encounterDatetime, zone) },
    ...(location
      ? {
          location: [
            {
              location: { reference: `Location/${location.uuid}`, type: 'Location', display: location.name },
            },
          ],
        }
      : {}),
  };
}

/** An Observation like the O3 temperature fixture: UUID coding plus CIEL/LOINC codings, absolute range. */
export function fhirObservation(ctx: NodeContext, o: ObsRecord): Record<string, unknown> {
  const zone = ctx.state.serverZone;
  const concept = ctx.state.concepts.get(o.conceptUuid);
  const patient = ctx.state.patients.get(o.personUuid);
  const coding: Array<Record<string, string>> = [{ code: o.conceptUuid, display: concept?.name ?? '' }];
  if (concept?.loinc) coding.push({ system: 'http://loinc.org', code: concept.loinc, display: concept.name });
  if (concept)
    coding.push({ system: 'https://cielterminology.org', code: concept.ciel, display: concept.name });
  const value: Record<string, unknown> = {};
  if (concept?.datatype === 'Numeric') {
    value.valueQuantity = { value: o.value, ...(concept.units ? { unit: concept.units } : {}) };
  } else if (concept?.datatype === 'Coded') {
    const answer = ctx.state.concepts.get(String(o.value));
    value.valueCodeableConcept = {
      coding: [{ code: String(o.value), display: answer?.name }],
      text: answer?.name,
    };
  } else {
    value.valueString = String(o.value);
  }
  const range =
    concept?.lowAbsolute !== undefined || concept?.hiAbsolute !== undefined
      ? {
          referenceRange: [
            {
              ...(concept.lowAbsolute !== undefined ? { low: { value: concept.lowAbsolute } } : {}),
              ...(concept.hiAbsolute !== undefined ? { high: { value: concept.hiAbsolute } } : {}),
              type: {
                coding: [{ system: 'http://fhir.openmrs.org/ext/obs/reference-range', code: 'absolute' }],
              },
            },
          ],
        }
      : {};
  return {
    resourceType: 'Observation',
    id: o.uuid,
    meta: { lastUpdated: formatFhirDateTime(o.dateCreated, zone) },
    status: o.status.toLowerCase(),
    code: { coding, text: concept?.name },
    subject: {
      reference: `Patient/${o.personUuid}`,
      type: 'Patient',
      display: patient ? fullName(patient.names[0]) : undefined,
    },
    ...(o.encounterUuid
      ? { encounter: { reference: `Encounter/${o.encounterUuid}`, type: 'Encounter' } }
      : {}),
    effectiveDateTime: formatFhirDateTime(o.obsDatetime, zone),
    issued: formatFhirDateTime(o.dateCreated, zone),
    ...value,
    ...range,
  };
}
