import { type ObsInput, saveEncounter, validateEncounter, validateObs } from './encounter-recorder.ts';
import { DateParseError, parseRestDate } from './openmrs-dates.ts';
import { restError, restMissingProperties, restNotFound, restValidationError } from './openmrs-errors.ts';
import { bodyObject, listEnvelope, optString, refUuid } from './request-fields.ts';
import { encounterNode, type NodeContext } from './rest-nodes.ts';
import { parseRepresentation, project } from './rest-representation.ts';
import type { RouteDef } from './standin-router.ts';
import type { StandinState } from './standin-state.ts';

function conversion(message: string) {
  return restError(400, message, { codeClass: 'org.openmrs.module.webservices.rest.web.ConversionUtil:0' });
}

function restDate(text: string, zone: string): number {
  try {
    return parseRestDate(text, zone);
  } catch (err) {
    if (err instanceof DateParseError) {
      throw conversion(
        `Error converting date - correct format (ISO8601 Long): yyyy-MM-dd'T'HH:mm:ss.SSSZ => ${err.message}`,
      );
    }
    throw err;
  }
}

/**
 * `ObsResource.setValue`: converts the JSON value by the concept's datatype before any validation runs, so a
 * non-numeric value for a numeric concept is a conversion error (400), not a validation error.
 */
function convertObsValue(
  state: StandinState,
  conceptUuid: string | null,
  value: unknown,
): number | string | null {
  if (value === undefined || value === null) return null;
  const concept = conceptUuid === null ? undefined : state.concepts.get(conceptUuid);
  if (!concept) return typeof value === 'number' ? value : String(value);
  switch (concept.datatype) {
    case 'Numeric': {
      const n = typeof value === 'number' ? value : Number(String(value));
      if (typeof value === 'boolean' || !Number.isFinite(n) || String(value).trim() === '') {
        throw conversion(
          `Unable to convert obs value '${String(value)}' to a number for concept ${concept.name}`,
        );
      }
      return n;
    }
    case 'Text':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'Coded': {
      const answer = refUuid(value);
      if (answer === null || !state.concepts.has(answer)) {
        throw conversion(`Unable to convert obs value '${String(answer)}': no concept with that uuid`);
      }
      return answer;
    }
    default:
      throw conversion(`Concept ${concept.name} (${concept.datatype}) cannot hold a value`);
  }
}

/**
 * REST encounters as O3 vitals writes them (openmrs.md §9): `POST /encounter` with
 * `{patient, encounterType, location, obs:[{concept, value}]}`, datetime defaulting to server now.
 */
export function restEncounterRoutes(ctx: NodeContext): RouteDef[] {
  const { state } = ctx;
  const base = '/ws/rest/v1';
  return [
    {
      method: 'POST',
      pattern: `${base}/encounter`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const view = parseRepresentation(req.query.get('v'));
        // Required creatable properties; a real O3 answers "Some required properties are missing: patient".
        const missing = ['patient', 'encounterType'].filter((k) => body[k] === undefined || body[k] === null);
        if (missing.length > 0) throw restMissingProperties(missing);
        if (body.visit !== undefined && body.visit !== null) {
          throw restError(400, 'The stand-in does not model visits; omit "visit" (openmrs.md §9)');
        }
        // ConversionUtil turns an unknown uuid into null; the validator then reports it (openmrs.md §4).
        const known = <T>(uuid: string | null, map: Map<string, T>): string | null =>
          uuid !== null && map.has(uuid) ? uuid : null;
        const patientUuid = known(refUuid(body.patient), state.patients);
        const encounterTypeUuid = known(refUuid(body.encounterType), state.encounterTypes);
        const locationUuid = known(refUuid(body.location), state.locations);
        const datetimeText = optString(body.encounterDatetime);
        // EncounterResource1_8.newDelegate() defaults encounterDatetime to server now (openmrs.md §9).
        const encounterDatetime =
          datetimeText === null ? state.now() : restDate(datetimeText, state.serverZone);
        const obsRaw = body.obs ?? [];
        if (!Array.isArray(obsRaw))
          throw conversion('Can only convert a Collection to a Collection/Array (obs)');
        const obs: ObsInput[] = obsRaw.map((o: unknown) => {
          if (o === null || typeof o !== 'object') throw conversion('Unable to convert obs element');
          const item = o as Record<string, unknown>;
          const conceptUuid = known(refUuid(item.concept), state.concepts);
          const obsDatetimeText = optString(item.obsDatetime);
          return {
            conceptUuid,
            value: convertObsValue(state, conceptUuid, item.value),
            obsDatetime: obsDatetimeText === null ? null : restDate(obsDatetimeText, state.serverZone),
          };
        });
        const input = {
          patientUuid,
          encounterTypeUuid,
          locationUuid,
          encounterDatetime,
          obs,
          via: 'rest' as const,
        };
        const errors = validateEncounter(state, input);
        if (errors.hasErrors) throw restValidationError(errors);
        for (const o of obs) {
          const obsErrors = validateObs(state, {
            personUuid: patientUuid,
            conceptUuid: o.conceptUuid,
            obsDatetime: o.obsDatetime ?? encounterDatetime,
            value: o.value,
          });
          if (obsErrors.hasErrors) throw restValidationError(obsErrors);
        }
        const saved = saveEncounter(state, input);
        return { status: 201, body: project(encounterNode(ctx, saved), view) };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/encounter`,
      auth: 'rest',
      handle: (req) => {
        const patient = req.query.get('patient');
        if (patient === null) {
          throw restError(400, 'getAll is not supported for this resource; search with patient=', {
            codeClass: 'org.openmrs.module.webservices.rest.web.resource.impl.DelegatingCrudResource:0',
          });
        }
        const type = req.query.get('encounterType');
        const items = [...state.encounters.values()]
          .filter(
            (e) => !e.voided && e.patientUuid === patient && (type === null || e.encounterTypeUuid === type),
          )
          .sort((a, b) => a.encounterDatetime - b.encounterDatetime)
          .map((e) => encounterNode(ctx, e));
        return {
          status: 200,
          body: listEnvelope(req, ctx.baseUrl, items, parseRepresentation(req.query.get('v'))),
        };
      },
    },
    {
      method: 'GET',
      pattern: `${base}/encounter/{uuid}`,
      auth: 'rest',
      handle: (req) => {
        const e = state.encounters.get(req.params.uuid!);
        if (!e) throw restNotFound();
        return { status: 200, body: project(encounterNode(ctx, e), parseRepresentation(req.query.get('v'))) };
      },
    },
  ];
}
