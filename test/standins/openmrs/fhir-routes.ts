import { randomUUID } from 'node:crypto';
import { saveEncounter, validateEncounter, validateObs } from './encounter-recorder.ts';
import { fhirEncounter, fhirObservation, fhirPatient } from './fhir-resources.ts';
import { O3 } from './o3-metadata.ts';
import { DateParseError, formatDateOnly, formatFhirDateTime, parseFhirDateTime } from './openmrs-dates.ts';
import { fhirError, HttpError, type StandinReply, type ValidationErrors } from './openmrs-errors.ts';
import { patientsByIdentifier, registerPatient } from './patient-registry.ts';
import type { NodeContext } from './rest-nodes.ts';
import type { RouteDef, StandinRequest } from './standin-router.ts';
import { newUuid, type ObsRecord, type PatientRecord, type StandinState } from './standin-state.ts';

const ENCOUNTER_TYPE_SYSTEM = 'http://fhir.openmrs.org/code-system/encounter-type';
const VISIT_TYPE_SYSTEM = 'http://fhir.openmrs.org/code-system/visit-type';
/** `PatientFhirResourceProvider.searchPatients` parameters (openmrs.md §2.3). */
const PATIENT_PARAMS_IMPLEMENTED = new Set([
  'identifier',
  'name',
  'given',
  'family',
  '_id',
  'gender',
  'birthdate',
]);
const PATIENT_PARAMS_NOT_MODELLED = new Set([
  'death-date',
  'deceased',
  'address-city',
  'address-state',
  'address-postalcode',
  'address-country',
  '_has',
  '_lastUpdated',
]);
const RESULT_PARAMS = new Set(['_count', '_summary', '_sort', '_revinclude', '_format', '_pretty']);
const FHIR_GENDER: Readonly<Record<string, string>> = { male: 'M', female: 'F', other: 'O', unknown: 'U' };
const SERVED = ['Patient', 'Encounter', 'Observation'];
/** Other FHIR2 4.1.0 resource providers (openmrs.md §2.1): real, but not modelled here. */
const OTHER_FHIR2_TYPES = [
  'Person',
  'Practitioner',
  'Location',
  'Condition',
  'AllergyIntolerance',
  'DiagnosticReport',
  'Immunization',
  'MedicationDispense',
  'Medication',
  'Task',
  'MedicationRequest',
  'ServiceRequest',
  'RelatedPerson',
  'ValueSet',
  'Group',
  'EpisodeOfCare',
];

type Json = Record<string, unknown>;

function fhirBody(req: StandinRequest, resourceType: string): Json {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fhirError(400, 'Failed to parse request body as JSON resource');
  }
  const json = body as Json;
  if (json.resourceType !== resourceType) {
    throw fhirError(
      400,
      `Incorrect resource type found, expected "${resourceType}" but found "${String(json.resourceType)}"`,
    );
  }
  return json;
}

/** `Patient/<id>` → id, else null. */
function refId(ref: unknown, type: string): string | null {
  const reference = (ref as { reference?: unknown } | undefined)?.reference;
  if (typeof reference !== 'string') return null;
  const m = new RegExp(`^(?:.*/)?${type}/([^/]+)$`).exec(reference);
  return m ? m[1]! : null;
}

function codings(value: unknown): Json[] {
  const list = (value as { coding?: unknown } | undefined)?.coding;
  return Array.isArray(list) ? (list.filter((c) => c !== null && typeof c === 'object') as Json[]) : [];
}

/** 422 with core's ValidationException message (`BaseFhirService.validateObject`, openmrs.md §2.8). */
function unprocessable(errors: ValidationErrors, label: string): HttpError {
  return fhirError(422, errors.summary(label));
}

function fhirDate(text: unknown, state: StandinState): number | null {
  if (typeof text !== 'string') return null;
  try {
    return parseFhirDateTime(text, state.serverZone);
  } catch (err) {
    if (err instanceof DateParseError) throw fhirError(400, err.message);
    throw err;
  }
}

interface PagedSearch {
  readonly ids: string[];
  readonly summary: boolean;
}

/**
 * FHIR2 endpoints a client plausibly uses (openmrs.md §2): Patient read/search/create, Encounter and
 * Observation create and read, `/metadata`, and `_getpages` paging. Unknown resource types are 404, an
 * undeclared search parameter 400.
 */
export function fhirRoutes(ctx: NodeContext): RouteDef[] {
  const { state } = ctx;
  const base = '/ws/fhir2/R4';
  const fhirUrl = () => `${ctx.baseUrl}${base}`;
  // FifoMemoryPagingProvider(100): next links expire once 100 newer searches are cached (openmrs.md §2.2).
  const pages = new Map<string, PagedSearch>();
  const ok = (body: unknown, status = 200, headers?: Record<string, string>): StandinReply => ({
    status,
    body,
    kind: 'fhir',
    ...(headers ? { headers } : {}),
  });

  const bundle = (
    search: PagedSearch,
    selfUrl: string,
    offset: number,
    count: number,
    pageId: string,
  ): Json => {
    const slice = search.ids.slice(offset, offset + count);
    const links: Json[] = [{ relation: 'self', url: selfUrl }];
    const pageLink = (o: number) =>
      `${fhirUrl()}?_getpages=${pageId}&_getpagesoffset=${o}&_count=${count}&_bundletype=searchset`;
    if (offset + count < search.ids.length) links.push({ relation: 'next', url: pageLink(offset + count) });
    if (offset > 0) links.push({ relation: 'previous', url: pageLink(Math.max(0, offset - count)) });
    return {
      resourceType: 'Bundle',
      id: randomUUID(),
      meta: { lastUpdated: formatFhirDateTime(state.now(), state.serverZone) },
      type: 'searchset',
      total: search.ids.length,
      link: links,
      entry: slice.flatMap((id) => {
        const p = state.patients.get(id);
        return p
          ? [{ fullUrl: `${fhirUrl()}/Patient/${id}`, resource: fhirPatient(ctx, p, search.summary) }]
          : [];
      }),
    };
  };

  const searchPatients = (req: StandinRequest): StandinReply => {
    for (const key of new Set(req.query.keys())) {
      const bare = key.split(':')[0]!;
      if (PATIENT_PARAMS_IMPLEMENTED.has(bare) || RESULT_PARAMS.has(bare)) continue;
      if (bare === '_query' || (bare === 'q' && req.query.get('_query') === 'openmrsPatients')) continue;
      if (PATIENT_PARAMS_NOT_MODELLED.has(bare)) {
        throw fhirError(
          501,
          `Search parameter ${bare} is valid in FHIR2 but not modelled by the OpenMRS stand-in`,
        );
      }
      // HAPI binds search methods by declared parameters: anything else is a 400 (openmrs.md §2.3).
      throw fhirError(
        400,
        `Invalid request: The FHIR endpoint on this server does not know how to handle GET operation[Patient] with parameters [[${[
          ...new Set(req.query.keys()),
        ].join(', ')}]]`,
      );
    }
    const query = req.query.get('_query');
    if (query !== null && query !== 'openmrsPatients') throw fhirError(400, `Unknown _query: ${query}`);
    let found: PatientRecord[] = [...state.patients.values()].filter((p) => !p.voided);
    const identifier = req.query.get('identifier');
    if (identifier !== null) {
      // `identifier=OpenMRS ID|100008E`: the system part is the identifier type NAME (openmrs.md §2.3).
      const bar = identifier.indexOf('|');
      const matched =
        bar < 0
          ? patientsByIdentifier(state, identifier)
          : patientsByIdentifier(state, identifier.slice(bar + 1), identifier.slice(0, bar) || undefined);
      found = found.filter((p) => matched.includes(p));
    }
    const startsWith = (values: Array<string | null>, needle: string) =>
      values.some((v) => v?.toLowerCase().startsWith(needle.toLowerCase()));
    const nameParam = (param: string, fields: (p: PatientRecord) => Array<string | null>) => {
      const value = req.query.get(param);
      if (value !== null) found = found.filter((p) => startsWith(fields(p), value));
    };
    const names = (p: PatientRecord) => p.names.filter((n) => !n.voided);
    nameParam('name', (p) =>
      names(p).flatMap((n) => [n.givenName, n.middleName, n.familyName, n.familyName2]),
    );
    nameParam('given', (p) => names(p).flatMap((n) => [n.givenName, n.middleName]));
    nameParam('family', (p) => names(p).flatMap((n) => [n.familyName, n.familyName2]));
    const q = req.query.get('q');
    if (query === 'openmrsPatients' && q !== null) {
      const words = q.toLowerCase().split(/\s+/).filter(Boolean);
      found = found.filter(
        (p) =>
          p.identifiers.some((i) => !i.voided && i.identifier.toLowerCase() === q.toLowerCase()) ||
          words.every((w) =>
            startsWith(
              names(p).flatMap((n) => [n.givenName, n.middleName, n.familyName]),
              w,
            ),
          ),
      );
    }
    const id = req.query.get('_id');
    if (id !== null) found = found.filter((p) => id.split(',').includes(p.uuid));
    const gender = req.query.get('gender');
    if (gender !== null) found = found.filter((p) => p.gender === FHIR_GENDER[gender]);
    const birthdate = req.query.get('birthdate');
    if (birthdate !== null) {
      found = found.filter(
        (p) =>
          p.birthdate !== null &&
          formatDateOnly(p.birthdate, state.serverZone) === birthdate.replace(/^eq/, ''),
      );
    }
    const summaryParam = req.query.get('_summary');
    const countParam = req.query.get('_count');
    // fhir2.paging.default 10, fhir2.paging.maximum 100 (openmrs.md §2.2).
    const count = Math.min(
      100,
      Math.max(1, countParam === null ? 10 : Number.parseInt(countParam, 10) || 10),
    );
    const search: PagedSearch = { ids: found.map((p) => p.uuid), summary: summaryParam === 'data' };
    const selfUrl = `${fhirUrl()}/Patient?${req.query.toString()}`;
    if (summaryParam === 'count') {
      return ok({ resourceType: 'Bundle', id: randomUUID(), type: 'searchset', total: search.ids.length });
    }
    const pageId = randomUUID();
    pages.set(pageId, search);
    while (pages.size > 100) pages.delete(pages.keys().next().value as string);
    return ok(bundle(search, selfUrl, 0, count, pageId));
  };

  return [
    {
      method: 'GET',
      pattern: `${base}/metadata`,
      auth: 'open',
      handle: () =>
        ok({
          resourceType: 'CapabilityStatement',
          status: 'active',
          fhirVersion: '4.0.1',
          format: ['application/fhir+json', 'application/fhir+xml'],
          rest: [{ mode: 'server', resource: SERVED.map((type) => ({ type })) }],
        }),
    },
    {
      method: 'GET',
      pattern: `${base}/Patient/{id}`,
      auth: 'fhir',
      handle: (req) => {
        const p = state.patients.get(req.params.id!);
        if (!p || p.voided) throw fhirError(404, `Could not find patient with Id ${req.params.id}`);
        return ok(fhirPatient(ctx, p, req.query.get('_summary') === 'data'));
      },
    },
    { method: 'GET', pattern: `${base}/Patient`, auth: 'fhir', handle: searchPatients },
    {
      method: 'GET',
      pattern: base,
      auth: 'fhir',
      handle: (req) => {
        const pageId = req.query.get('_getpages');
        if (pageId === null)
          throw fhirError(
            400,
            'This is the base URL of FHIR server. Unable to handle this request, as it does not contain a resource type or operation name.',
          );
        const search = pages.get(pageId);
        if (!search) throw fhirError(410, `Search ID "${pageId}" does not exist and may have expired`);
        const offset = Number.parseInt(req.query.get('_getpagesoffset') ?? '0', 10) || 0;
        const count = Math.min(100, Number.parseInt(req.query.get('_count') ?? '10', 10) || 10);
        return ok(bundle(search, `${fhirUrl()}?${req.query.toString()}`, offset, count, pageId));
      },
    },
    {
      method: 'POST',
      pattern: `${base}/Patient`,
      auth: 'fhir',
      handle: (req) => createPatient(req),
    },
    {
      method: 'POST',
      pattern: `${base}/Encounter`,
      auth: 'fhir',
      handle: (req) => {
        const body = fhirBody(req, 'Encounter');
        const typeCodings = (Array.isArray(body.type) ? body.type : []).flatMap(codings);
        const encounterCoding = typeCodings.find((c) => c.system === ENCOUNTER_TYPE_SYSTEM);
        if (!encounterCoding) {
          if (typeCodings.some((c) => c.system === VISIT_TYPE_SYSTEM)) {
            throw fhirError(501, 'Visits (visit-type coding) are not modelled by the OpenMRS stand-in');
          }
          // FhirUtils.getOpenmrsEncounterType: neither system → InvalidRequestException (openmrs.md §2.6).
          throw fhirError(400, 'Invalid type of request');
        }
        const typeUuid = typeof encounterCoding.code === 'string' ? encounterCoding.code : '';
        const patientId = refId(body.subject, 'Patient');
        const locations = Array.isArray(body.location) ? (body.location as Json[]) : [];
        const locationId = refId(locations[0]?.location, 'Location');
        const period = (body.period ?? {}) as Json;
        // period.start → encounterDatetime, falling back to period.end, then now (openmrs.md §2.6).
        const datetime = fhirDate(period.start, state) ?? fhirDate(period.end, state) ?? state.now();
        const input = {
          patientUuid: patientId !== null && state.patients.has(patientId) ? patientId : null,
          encounterTypeUuid: state.encounterTypes.has(typeUuid) ? typeUuid : null,
          locationUuid: locationId !== null && state.locations.has(locationId) ? locationId : null,
          encounterDatetime: datetime,
          obs: [],
          via: 'fhir' as const,
        };
        const errors = validateEncounter(state, input);
        if (errors.hasErrors) throw unprocessable(errors, 'Encounter#null');
        const saved = saveEncounter(state, input);
        return ok(fhirEncounter(ctx, saved), 201, { Location: `${fhirUrl()}/Encounter/${saved.uuid}` });
      },
    },
    {
      method: 'GET',
      pattern: `${base}/Encounter/{id}`,
      auth: 'fhir',
      handle: (req) => {
        const e = state.encounters.get(req.params.id!);
        if (!e || e.voided) throw fhirError(404, `Could not find encounter with Id ${req.params.id}`);
        return ok(fhirEncounter(ctx, e));
      },
    },
    {
      method: 'POST',
      pattern: `${base}/Observation`,
      auth: 'fhir',
      handle: (req) => {
        const body = fhirBody(req, 'Observation');
        // A coding without system is the concept UUID; with a system it is a source code (openmrs.md §2.7).
        let conceptUuid: string | null = null;
        for (const c of codings(body.code)) {
          const code = typeof c.code === 'string' ? c.code : '';
          const concept =
            typeof c.system === 'string' ? state.conceptByCode(c.system, code) : state.concepts.get(code);
          if (concept) {
            conceptUuid = concept.uuid;
            break;
          }
        }
        const concept = conceptUuid === null ? undefined : state.concepts.get(conceptUuid);
        const patientId = refId(body.subject, 'Patient');
        const personUuid = patientId !== null && state.patients.has(patientId) ? patientId : null;
        const encounterId = refId(body.encounter, 'Encounter');
        const encounter = encounterId === null ? undefined : state.encounters.get(encounterId);
        // effectiveDateTime is required: FHIR does not inherit it from the encounter (openmrs.md §2.7).
        const obsDatetime = fhirDate(body.effectiveDateTime, state);
        let value: number | string | null = null;
        const quantity = body.valueQuantity as Json | undefined;
        if (concept?.datatype === 'Numeric') {
          if (typeof quantity?.value === 'number') value = quantity.value;
          else if (typeof body.valueInteger === 'number') value = body.valueInteger;
        } else if (concept?.datatype === 'Text') {
          if (typeof body.valueString === 'string') value = body.valueString;
        } else if (concept?.datatype === 'Coded') {
          const answer = codings(body.valueCodeableConcept)
            .map((c) => (typeof c.code === 'string' ? c.code : ''))
            .find((code) => state.concepts.has(code));
          value = answer ?? null;
        }
        const errors = validateObs(state, { personUuid, conceptUuid, obsDatetime, value });
        if (errors.hasErrors) throw unprocessable(errors, 'Obs#null');
        const statusText = typeof body.status === 'string' ? body.status.toUpperCase() : 'FINAL';
        const obs: ObsRecord = {
          uuid: newUuid(),
          conceptUuid: conceptUuid!,
          value: value!,
          obsDatetime: obsDatetime!,
          personUuid: personUuid!,
          encounterUuid: encounter ? encounter.uuid : null,
          locationUuid: encounter?.locationUuid ?? null,
          status: statusText === 'PRELIMINARY' || statusText === 'AMENDED' ? statusText : 'FINAL',
          voided: false,
          dateCreated: state.now(),
        };
        if (encounter) encounter.obs.push(obs);
        else state.looseObs.push(obs);
        return ok(fhirObservation(ctx, obs), 201, { Location: `${fhirUrl()}/Observation/${obs.uuid}` });
      },
    },
    {
      method: 'GET',
      pattern: `${base}/Observation/{id}`,
      auth: 'fhir',
      handle: (req) => {
        const all = [...[...state.encounters.values()].flatMap((e) => e.obs), ...state.looseObs];
        const o = all.find((x) => x.uuid === req.params.id && !x.voided);
        if (!o) throw fhirError(404, `Could not find observation with Id ${req.params.id}`);
        return ok(fhirObservation(ctx, o));
      },
    },
    ...['GET', 'POST'].map(
      (method): RouteDef => ({
        method: method as 'GET' | 'POST',
        pattern: `${base}/{resourceType}`,
        auth: 'fhir',
        // FHIR2 has no Appointment, Slot, Schedule… provider (openmrs.md §2.1).
        handle: (req) => {
          const type = req.params.resourceType!;
          if (SERVED.includes(type) || OTHER_FHIR2_TYPES.includes(type)) {
            throw fhirError(
              501,
              `${method} ${type} is provided by FHIR2 but not modelled by the OpenMRS stand-in`,
            );
          }
          return fail404(
            `Unknown resource type '${type}' - Server knows how to handle: [${SERVED.join(', ')}]`,
          );
        },
      }),
    ),
  ];

  function fail404(message: string): never {
    throw fhirError(404, message);
  }

  /**
   * FHIR Patient create (openmrs.md §2.5): identifier type resolved by `type.text` = type NAME (a `system`
   * or an unknown name silently drops the identifier), gender male/female/other/unknown → M/F/O/U,
   * telecom → "Telephone Number". Validation failures are 422; a missing required identifier type is an
   * unmapped service exception → 500 (inferred in the reference).
   */
  function createPatient(req: StandinRequest): StandinReply {
    const body = fhirBody(req, 'Patient');
    const list = (v: unknown): Json[] =>
      Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : [];
    const identifiers = list(body.identifier).flatMap((i) => {
      if (i.system !== undefined) return [];
      const text = (i.type as Json | undefined)?.text;
      const type = [...state.identifierTypes.values()].find((t) => t.name === text);
      if (!type) return [];
      const locationExt = list(i.extension).find(
        (e) => e.url === 'http://fhir.openmrs.org/ext/patient/identifier#location',
      );
      return [
        {
          identifier: i.value,
          identifierType: type.uuid,
          location: refId(locationExt?.valueReference, 'Location'),
          preferred: i.use === 'official',
        },
      ];
    });
    const names = list(body.name).map((n) => {
      const given = Array.isArray(n.given) ? n.given.map(String) : [];
      return { givenName: given[0] ?? null, middleName: given[1] ?? null, familyName: n.family ?? null };
    });
    const telecom = list(body.telecom)
      .filter((t) => typeof t.value === 'string')
      .map((t) => ({ attributeType: O3.telephoneAttrType, value: t.value }));
    const addresses = list(body.address).map((a) => ({
      address1: Array.isArray(a.line) ? (a.line[0] ?? null) : null,
      cityVillage: a.city ?? null,
      stateProvince: a.state ?? null,
      postalCode: a.postalCode ?? null,
      country: a.country ?? null,
    }));
    const restBody = {
      identifiers,
      person: {
        gender: typeof body.gender === 'string' ? (FHIR_GENDER[body.gender] ?? body.gender) : null,
        birthdate: typeof body.birthDate === 'string' ? body.birthDate : null,
        names,
        addresses,
        attributes: telecom,
      },
    };
    try {
      const created = registerPatient(state, restBody);
      return ok(fhirPatient(ctx, created, false), 201, { Location: `${fhirUrl()}/Patient/${created.uuid}` });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const error = (err.reply.body as { error?: Json } | undefined)?.error;
      const fieldErrors = (error?.fieldErrors ?? {}) as Record<
        string,
        Array<{ code: string; message: string }>
      >;
      const globalErrors = (error?.globalErrors ?? []) as Array<{ code: string; message: string }>;
      const onlyMissing =
        globalErrors.length === 0 &&
        Object.keys(fieldErrors).length === 1 &&
        fieldErrors.identifiers?.every((e) => e.code === 'Patient.missingRequiredIdentifier');
      if (onlyMissing) throw fhirError(500, fieldErrors.identifiers![0]!.message);
      if (error?.code === 'webservices.rest.error.invalid.submission') {
        const reasons = [
          ...globalErrors.map((g) => g.message),
          ...Object.entries(fieldErrors).flatMap(([f, l]) => l.map((e) => `${f}: ${e.message}`)),
        ];
        throw fhirError(422, `'Patient#null' failed to validate with reason: ${reasons.join(', ')}`);
      }
      throw fhirError(err.reply.status === 500 ? 500 : 400, String(error?.message ?? 'Invalid request'));
    }
  }
}
