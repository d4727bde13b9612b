import { DateTime } from 'luxon';
import { O3 } from './o3-metadata.ts';
import { formatRestDate } from './openmrs-dates.ts';
import { type KindSpecs, RestNode, restLinks } from './rest-representation.ts';
import type {
  EncounterRecord,
  ObsRecord,
  PatientIdentifierRecord,
  PatientRecord,
  PersonAddressRecord,
  PersonAttributeRecord,
  PersonNameRecord,
  StandinState,
} from './standin-state.ts';

/** What node builders need: the state (for lookups and the clock) and the public base URL. */
export interface NodeContext {
  readonly state: StandinState;
  readonly baseUrl: string;
}

const REF = ['uuid', 'display', 'links'] as const;

// Representations follow the webservices.rest resources (default reps as in rest_patient_search_response.json).
const IDENTIFIER_TYPE: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    'name',
    'description',
    'format',
    'formatDescription',
    'required',
    'validator',
    'locationBehavior',
    'uniquenessBehavior',
    'retired',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    'name',
    'description',
    'format',
    'formatDescription',
    'required',
    'validator',
    'locationBehavior',
    'uniquenessBehavior',
    'retired',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const ATTRIBUTE_TYPE: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    'name',
    'description',
    'format',
    'searchable',
    'retired',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    'name',
    'description',
    'format',
    'searchable',
    'retired',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const SIMPLE_METADATA: KindSpecs = {
  ref: REF,
  default: ['uuid', 'display', 'name', 'description', 'retired', 'links', 'resourceVersion'],
  full: ['uuid', 'display', 'name', 'description', 'retired', 'auditInfo', 'links', 'resourceVersion'],
};

const LOCATION: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    'name',
    'description',
    'address1',
    'cityVillage',
    'stateProvince',
    'country',
    'postalCode',
    ['tags', 'ref'],
    ['parentLocation', 'ref'],
    ['childLocations', 'ref'],
    'retired',
    'attributes',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    'name',
    'description',
    'address1',
    'cityVillage',
    'stateProvince',
    'country',
    'postalCode',
    ['tags', 'default'],
    ['parentLocation', 'ref'],
    ['childLocations', 'ref'],
    'retired',
    'auditInfo',
    'attributes',
    'links',
    'resourceVersion',
  ],
};

const PROVIDER: KindSpecs = {
  ref: REF,
  default: ['uuid', 'display', 'identifier', 'retired', 'links', 'resourceVersion'],
  full: ['uuid', 'display', 'identifier', 'retired', 'auditInfo', 'links', 'resourceVersion'],
};

const CONCEPT: KindSpecs = {
  ref: REF,
  default: ['uuid', 'display', 'name', 'datatype', 'links', 'resourceVersion'],
  full: ['uuid', 'display', 'name', 'datatype', 'links', 'resourceVersion'],
};

const PATIENT: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    ['identifiers', 'ref'],
    ['person', 'default'],
    'voided',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    ['identifiers', 'full'],
    ['person', 'full'],
    'voided',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const PATIENT_IDENTIFIER: KindSpecs = {
  ref: REF,
  default: [
    'display',
    'uuid',
    'identifier',
    ['identifierType', 'ref'],
    ['location', 'ref'],
    'preferred',
    'voided',
    'links',
    'resourceVersion',
  ],
  full: [
    'display',
    'uuid',
    'identifier',
    ['identifierType', 'ref'],
    ['location', 'ref'],
    'preferred',
    'voided',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const PERSON: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    'gender',
    'age',
    'birthdate',
    'birthdateEstimated',
    'dead',
    'deathDate',
    'causeOfDeath',
    ['preferredName', 'ref'],
    ['preferredAddress', 'ref'],
    ['attributes', 'ref'],
    'voided',
    'birthtime',
    'deathdateEstimated',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    'gender',
    'age',
    'birthdate',
    'birthdateEstimated',
    'dead',
    'deathDate',
    'causeOfDeath',
    ['preferredName', 'default'],
    ['preferredAddress', 'default'],
    ['names', 'default'],
    ['addresses', 'default'],
    ['attributes', 'default'],
    'voided',
    'auditInfo',
    'birthtime',
    'deathdateEstimated',
    'links',
    'resourceVersion',
  ],
};

const PERSON_NAME: KindSpecs = {
  ref: REF,
  default: [
    'display',
    'uuid',
    'givenName',
    'middleName',
    'familyName',
    'familyName2',
    'voided',
    'links',
    'resourceVersion',
  ],
  full: [
    'display',
    'uuid',
    'givenName',
    'middleName',
    'familyName',
    'familyName2',
    'preferred',
    'voided',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const ADDRESS_FIELDS = [
  'address1',
  'address2',
  'cityVillage',
  'stateProvince',
  'country',
  'postalCode',
  'countyDistrict',
] as const;

const PERSON_ADDRESS: KindSpecs = {
  ref: REF,
  default: ['display', 'uuid', 'preferred', ...ADDRESS_FIELDS, 'voided', 'links', 'resourceVersion'],
  full: [
    'display',
    'uuid',
    'preferred',
    ...ADDRESS_FIELDS,
    'voided',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const PERSON_ATTRIBUTE: KindSpecs = {
  ref: REF,
  default: ['display', 'uuid', 'value', ['attributeType', 'ref'], 'voided', 'links', 'resourceVersion'],
  full: [
    'display',
    'uuid',
    'value',
    ['attributeType', 'ref'],
    'voided',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

const ENCOUNTER: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    'encounterDatetime',
    ['patient', 'ref'],
    ['location', 'ref'],
    'form',
    ['encounterType', 'ref'],
    ['obs', 'ref'],
    'orders',
    'voided',
    'visit',
    'encounterProviders',
    'diagnoses',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    'encounterDatetime',
    ['patient', 'default'],
    ['location', 'default'],
    'form',
    ['encounterType', 'default'],
    ['obs', 'default'],
    'orders',
    'voided',
    'auditInfo',
    'visit',
    'encounterProviders',
    'diagnoses',
    'links',
    'resourceVersion',
  ],
};

const OBS: KindSpecs = {
  ref: REF,
  default: [
    'uuid',
    'display',
    ['concept', 'ref'],
    ['person', 'ref'],
    'obsDatetime',
    'accessionNumber',
    'obsGroup',
    'valueCodedName',
    'groupMembers',
    'comment',
    ['location', 'ref'],
    'order',
    ['encounter', 'ref'],
    'voided',
    'value',
    'valueModifier',
    'formFieldPath',
    'formFieldNamespace',
    'status',
    'interpretation',
    'links',
    'resourceVersion',
  ],
  full: [
    'uuid',
    'display',
    ['concept', 'default'],
    ['person', 'ref'],
    'obsDatetime',
    'accessionNumber',
    'obsGroup',
    'valueCodedName',
    'groupMembers',
    'comment',
    ['location', 'ref'],
    'order',
    ['encounter', 'ref'],
    'voided',
    'value',
    'valueModifier',
    'formFieldPath',
    'formFieldNamespace',
    'status',
    'interpretation',
    'auditInfo',
    'links',
    'resourceVersion',
  ],
};

function audit(ctx: NodeContext, dateCreated: number): unknown {
  return {
    creator: {
      uuid: O3.adminUser,
      display: 'admin',
      links: restLinks(ctx.baseUrl, `user/${O3.adminUser}`).slice(0, 1),
    },
    dateCreated: formatRestDate(dateCreated, ctx.state.serverZone),
    changedBy: null,
    dateChanged: null,
  };
}

/** Node for a patient identifier type, or null. */
export function identifierTypeNode(ctx: NodeContext, uuid: string | null): RestNode | null {
  const t = uuid === null ? undefined : ctx.state.identifierTypes.get(uuid);
  if (!t) return null;
  return new RestNode(
    IDENTIFIER_TYPE,
    {
      uuid: t.uuid,
      display: t.name,
      name: t.name,
      description: t.description,
      format: t.format,
      formatDescription: t.formatDescription,
      required: t.required,
      validator: t.validator,
      locationBehavior: t.locationBehavior,
      uniquenessBehavior: t.uniquenessBehavior,
      retired: t.retired,
      auditInfo: audit(ctx, 0),
      links: restLinks(ctx.baseUrl, `patientidentifiertype/${t.uuid}`),
      resourceVersion: '2.0',
    },
    'org.openmrs.PatientIdentifierType',
  );
}

/** Node for a person attribute type, or null. */
export function attributeTypeNode(ctx: NodeContext, uuid: string): RestNode | null {
  const t = ctx.state.personAttributeTypes.get(uuid);
  if (!t) return null;
  return new RestNode(
    ATTRIBUTE_TYPE,
    {
      uuid: t.uuid,
      display: t.name,
      name: t.name,
      description: t.description,
      format: t.format,
      searchable: t.searchable,
      retired: t.retired,
      auditInfo: audit(ctx, 0),
      links: restLinks(ctx.baseUrl, `personattributetype/${t.uuid}`),
      resourceVersion: '2.0',
    },
    'org.openmrs.PersonAttributeType',
  );
}

/** Node for an encounter type, or null. */
export function encounterTypeNode(ctx: NodeContext, uuid: string): RestNode | null {
  const t = ctx.state.encounterTypes.get(uuid);
  if (!t) return null;
  return new RestNode(
    SIMPLE_METADATA,
    {
      uuid: t.uuid,
      display: t.name,
      name: t.name,
      description: t.description,
      retired: t.retired,
      auditInfo: audit(ctx, 0),
      links: restLinks(ctx.baseUrl, `encountertype/${t.uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.EncounterType',
  );
}

function tagNode(ctx: NodeContext, name: string): RestNode {
  const uuid = `tag-${name.toLowerCase().replace(/\s+/g, '-')}`;
  return new RestNode(
    SIMPLE_METADATA,
    {
      uuid,
      display: name,
      name,
      description: null,
      retired: false,
      auditInfo: audit(ctx, 0),
      links: restLinks(ctx.baseUrl, `locationtag/${uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.LocationTag',
  );
}

/** Node for a location, or null. */
export function locationNode(ctx: NodeContext, uuid: string | null, depth = 0): RestNode | null {
  const l = uuid === null ? undefined : ctx.state.locations.get(uuid);
  if (!l) return null;
  const children =
    depth > 0
      ? []
      : [...ctx.state.locations.values()].filter((c) => c.parentUuid === l.uuid).map((c) => c.uuid);
  return new RestNode(
    LOCATION,
    {
      uuid: l.uuid,
      display: l.name,
      name: l.name,
      description: l.description,
      address1: null,
      cityVillage: null,
      stateProvince: null,
      country: null,
      postalCode: null,
      tags: l.tags.map((t) => tagNode(ctx, t)),
      parentLocation: depth > 0 ? null : locationNode(ctx, l.parentUuid, depth + 1),
      childLocations: children.map((c) => locationNode(ctx, c, depth + 1)),
      retired: l.retired,
      auditInfo: audit(ctx, 0),
      attributes: [],
      links: restLinks(ctx.baseUrl, `location/${l.uuid}`),
      resourceVersion: '2.0',
    },
    'org.openmrs.Location',
  );
}

/** Node for a provider, or null. */
export function providerNode(ctx: NodeContext, uuid: string): RestNode | null {
  const p = ctx.state.providers.get(uuid);
  if (!p) return null;
  return new RestNode(
    PROVIDER,
    {
      uuid: p.uuid,
      display: `${p.identifier} - ${p.name}`,
      identifier: p.identifier,
      retired: p.retired,
      auditInfo: audit(ctx, 0),
      links: restLinks(ctx.baseUrl, `provider/${p.uuid}`),
      resourceVersion: '1.9',
    },
    'org.openmrs.Provider',
  );
}

/** Node for a concept, or null. */
export function conceptNode(ctx: NodeContext, uuid: string): RestNode | null {
  const c = ctx.state.concepts.get(uuid);
  if (!c) return null;
  return new RestNode(
    CONCEPT,
    {
      uuid: c.uuid,
      display: c.name,
      name: { display: c.name, name: c.name, locale: 'en' },
      datatype: { display: c.datatype, name: c.datatype },
      links: restLinks(ctx.baseUrl, `concept/${c.uuid}`),
      resourceVersion: '2.0',
    },
    'org.openmrs.Concept',
  );
}

/** Full name the way `PersonName.getFullName` joins it: given, middle, family, family2. */
export function fullName(name: PersonNameRecord | undefined): string {
  if (!name) return '';
  return [name.givenName, name.middleName, name.familyName, name.familyName2]
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .join(' ');
}

/** The preferred non-voided name, else the first non-voided one. */
export function preferredName(p: PatientRecord): PersonNameRecord | undefined {
  const names = p.names.filter((n) => !n.voided);
  return names.find((n) => n.preferred) ?? names[0];
}

/** The preferred active identifier, else the first active one. */
export function preferredIdentifier(p: PatientRecord): PatientIdentifierRecord | undefined {
  const ids = p.identifiers.filter((i) => !i.voided);
  return ids.find((i) => i.preferred) ?? ids[0];
}

/** Age in whole years at the server clock, in the server zone; null without a birthdate. */
export function ageOf(ctx: NodeContext, p: PatientRecord): number | null {
  if (p.birthdate === null) return null;
  const birth = DateTime.fromMillis(p.birthdate, { zone: ctx.state.serverZone });
  const now = DateTime.fromMillis(ctx.state.now(), { zone: ctx.state.serverZone });
  return Math.floor(now.diff(birth, 'years').years);
}

/** Node for one identifier of a patient (`PatientIdentifierResource1_8`: display is `<type name> = <value>`). */
export function identifierNode(ctx: NodeContext, p: PatientRecord, i: PatientIdentifierRecord): RestNode {
  const type = ctx.state.identifierTypes.get(i.identifierTypeUuid);
  return new RestNode(
    PATIENT_IDENTIFIER,
    {
      display: `${type?.name ?? ''} = ${i.identifier}`,
      uuid: i.uuid,
      identifier: i.identifier,
      identifierType: identifierTypeNode(ctx, i.identifierTypeUuid),
      location: locationNode(ctx, i.locationUuid),
      preferred: i.preferred,
      voided: i.voided,
      auditInfo: audit(ctx, p.dateCreated),
      links: restLinks(ctx.baseUrl, `patient/${p.uuid}/identifier/${i.uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.PatientIdentifier',
  );
}

function nameNode(ctx: NodeContext, p: PatientRecord, n: PersonNameRecord): RestNode {
  return new RestNode(
    PERSON_NAME,
    {
      display: fullName(n),
      uuid: n.uuid,
      givenName: n.givenName,
      middleName: n.middleName,
      familyName: n.familyName,
      familyName2: n.familyName2,
      preferred: n.preferred,
      voided: n.voided,
      auditInfo: audit(ctx, p.dateCreated),
      links: restLinks(ctx.baseUrl, `person/${p.uuid}/name/${n.uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.PersonName',
  );
}

function addressNode(ctx: NodeContext, p: PatientRecord, a: PersonAddressRecord): RestNode {
  const fields = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, a.fields[f] ?? null]));
  return new RestNode(
    PERSON_ADDRESS,
    {
      display: a.fields.address1 ?? a.fields.cityVillage ?? null,
      uuid: a.uuid,
      preferred: a.preferred,
      ...fields,
      voided: a.voided,
      auditInfo: audit(ctx, p.dateCreated),
      links: restLinks(ctx.baseUrl, `person/${p.uuid}/address/${a.uuid}`),
      resourceVersion: '2.0',
    },
    'org.openmrs.PersonAddress',
  );
}

function attributeNode(ctx: NodeContext, p: PatientRecord, a: PersonAttributeRecord): RestNode {
  const type = ctx.state.personAttributeTypes.get(a.attributeTypeUuid);
  return new RestNode(
    PERSON_ATTRIBUTE,
    {
      display: `${type?.name ?? ''} = ${a.value}`,
      uuid: a.uuid,
      value: a.value,
      attributeType: attributeTypeNode(ctx, a.attributeTypeUuid),
      voided: a.voided,
      auditInfo: audit(ctx, p.dateCreated),
      links: restLinks(ctx.baseUrl, `person/${p.uuid}/attribute/${a.uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.PersonAttribute',
  );
}

function personNode(ctx: NodeContext, p: PatientRecord): RestNode {
  const name = preferredName(p);
  const addresses = p.addresses.filter((a) => !a.voided);
  const address = addresses.find((a) => a.preferred) ?? addresses[0];
  const zone = ctx.state.serverZone;
  return new RestNode(
    PERSON,
    {
      uuid: p.uuid,
      display: fullName(name),
      gender: p.gender,
      age: ageOf(ctx, p),
      birthdate: p.birthdate === null ? null : formatRestDate(p.birthdate, zone),
      birthdateEstimated: p.birthdateEstimated,
      dead: p.dead,
      deathDate: null,
      causeOfDeath: null,
      preferredName: name ? nameNode(ctx, p, name) : null,
      personName: name ? nameNode(ctx, p, name) : null,
      preferredAddress: address ? addressNode(ctx, p, address) : null,
      names: p.names.filter((n) => !n.voided).map((n) => nameNode(ctx, p, n)),
      addresses: addresses.map((a) => addressNode(ctx, p, a)),
      attributes: p.attributes.filter((a) => !a.voided).map((a) => attributeNode(ctx, p, a)),
      voided: p.voided,
      auditInfo: audit(ctx, p.dateCreated),
      birthtime: null,
      deathdateEstimated: false,
      links: restLinks(ctx.baseUrl, `person/${p.uuid}`),
      resourceVersion: '1.11',
    },
    'org.openmrs.Person',
  );
}

/** Node for a patient: display is `<preferred identifier> - <full name>` (fixture rest_patient_search_response.json). */
export function patientNode(ctx: NodeContext, p: PatientRecord): RestNode {
  const pid = preferredIdentifier(p);
  const name = fullName(preferredName(p));
  return new RestNode(
    PATIENT,
    {
      uuid: p.uuid,
      display: pid ? `${pid.identifier} - ${name}` : name,
      patientId: p.patientId,
      identifiers: p.identifiers.filter((i) => !i.voided).map((i) => identifierNode(ctx, p, i)),
      patientIdentifier: pid ? identifierNode(ctx, p, pid) : null,
      person: personNode(ctx, p),
      voided: p.voided,
      auditInfo: audit(ctx, p.dateCreated),
      links: restLinks(ctx.baseUrl, `patient/${p.uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.Patient',
  );
}

function obsDisplay(ctx: NodeContext, o: ObsRecord): string {
  const concept = ctx.state.concepts.get(o.conceptUuid);
  const value =
    concept?.datatype === 'Coded'
      ? (ctx.state.concepts.get(String(o.value))?.name ?? String(o.value))
      : o.value;
  return `${concept?.name ?? ''}: ${value}`;
}

/** Node for an observation. */
export function obsNode(ctx: NodeContext, o: ObsRecord): RestNode {
  const concept = ctx.state.concepts.get(o.conceptUuid);
  const patient = ctx.state.patients.get(o.personUuid);
  return new RestNode(
    OBS,
    {
      uuid: o.uuid,
      display: obsDisplay(ctx, o),
      concept: conceptNode(ctx, o.conceptUuid),
      person: patient ? personNode(ctx, patient) : null,
      obsDatetime: formatRestDate(o.obsDatetime, ctx.state.serverZone),
      accessionNumber: null,
      obsGroup: null,
      valueCodedName: null,
      groupMembers: null,
      comment: null,
      location: locationNode(ctx, o.locationUuid),
      order: null,
      encounter: o.encounterUuid ? encounterRefNode(ctx, o.encounterUuid) : null,
      voided: o.voided,
      value: concept?.datatype === 'Coded' ? conceptNode(ctx, String(o.value)) : o.value,
      valueModifier: null,
      formFieldPath: null,
      formFieldNamespace: null,
      status: o.status,
      interpretation: null,
      auditInfo: audit(ctx, o.dateCreated),
      links: restLinks(ctx.baseUrl, `obs/${o.uuid}`),
      resourceVersion: '1.11',
    },
    'org.openmrs.Obs',
  );
}

function encounterDisplay(ctx: NodeContext, e: EncounterRecord): string {
  const type = ctx.state.encounterTypes.get(e.encounterTypeUuid);
  const date = DateTime.fromMillis(e.encounterDatetime, { zone: ctx.state.serverZone }).toFormat(
    'dd/MM/yyyy',
  );
  return `${type?.name ?? ''} ${date}`;
}

function encounterRefNode(ctx: NodeContext, uuid: string): RestNode | null {
  const e = ctx.state.encounters.get(uuid);
  if (!e) return null;
  return new RestNode(
    { ref: REF, default: REF, full: REF },
    { uuid, display: encounterDisplay(ctx, e), links: restLinks(ctx.baseUrl, `encounter/${uuid}`) },
    'org.openmrs.Encounter',
  );
}

/** Node for an encounter with its observations. */
export function encounterNode(ctx: NodeContext, e: EncounterRecord): RestNode {
  const patient = ctx.state.patients.get(e.patientUuid);
  return new RestNode(
    ENCOUNTER,
    {
      uuid: e.uuid,
      display: encounterDisplay(ctx, e),
      encounterDatetime: formatRestDate(e.encounterDatetime, ctx.state.serverZone),
      patient: patient ? patientNode(ctx, patient) : null,
      location: locationNode(ctx, e.locationUuid),
      form: null,
      encounterType: encounterTypeNode(ctx, e.encounterTypeUuid),
      obs: e.obs.filter((o) => !o.voided).map((o) => obsNode(ctx, o)),
      orders: [],
      voided: e.voided,
      auditInfo: audit(ctx, e.dateCreated),
      visit: null,
      encounterProviders: [],
      diagnoses: [],
      links: restLinks(ctx.baseUrl, `encounter/${e.uuid}`),
      resourceVersion: '2.2',
    },
    'org.openmrs.Encounter',
  );
}
