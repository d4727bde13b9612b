import { luhnMod30CheckChar } from './luhn-mod30.ts';
import {
  restError,
  restMissingProperties,
  restNotFound,
  restValidationError,
  type StandinReply,
  ValidationErrors,
} from './openmrs-errors.ts';
import {
  addPatientIdentifier,
  patientsByIdentifier,
  registerPatient,
  searchPatients,
} from './patient-registry.ts';
import { bodyObject, listEnvelope, optBoolean, optString } from './request-fields.ts';
import {
  attributeTypeNode,
  conceptNode,
  encounterTypeNode,
  identifierNode,
  identifierTypeNode,
  locationNode,
  type NodeContext,
  patientNode,
  providerNode,
} from './rest-nodes.ts';
import { parseRepresentation, project, RestNode, restLinks } from './rest-representation.ts';
import type { RouteDef, StandinRequest } from './standin-router.ts';
import {
  type LocationBehavior,
  LUHN_MOD30_VALIDATOR,
  newUuid,
  type PatientRecord,
  type UniquenessBehavior,
} from './standin-state.ts';

const ok = (body: unknown, status = 200): StandinReply => ({ status, body });

function rep(req: StandinRequest) {
  return parseRepresentation(req.query.get('v'));
}

function one(node: RestNode | null, req: StandinRequest): StandinReply {
  if (!node) throw restNotFound();
  return ok(project(node, rep(req)));
}

function notSupported(): never {
  // ResourceDoesNotSupportOperationException: listing every patient/encounter is not offered.
  throw restError(400, 'getAll is not supported for this resource', {
    codeClass: 'org.openmrs.module.webservices.rest.web.resource.impl.DelegatingCrudResource:0',
  });
}

function enumValue<T extends string>(value: unknown, allowed: readonly T[], enumClass: string): T | null {
  const text = optString(value);
  if (text === null) return null;
  if (!(allowed as readonly string[]).includes(text)) {
    throw restError(400, `No enum constant ${enumClass}.${text}`, {
      codeClass: 'org.openmrs.module.webservices.rest.web.ConversionUtil:0',
    });
  }
  return text as T;
}

function byName<T extends { name: string; retired: boolean }>(
  req: StandinRequest,
  items: Iterable<T>,
  match: 'exact' | 'prefix',
): T[] {
  const q = req.query.get('q');
  const includeAll = req.query.get('includeAll') === 'true';
  return [...items].filter((item) => {
    if (item.retired && !includeAll) return false;
    if (q === null) return true;
    const name = item.name.toLowerCase();
    return match === 'exact' ? name === q.toLowerCase() : name.startsWith(q.toLowerCase());
  });
}

function identifierSourceNode(ctx: NodeContext, uuid: string): RestNode | null {
  const s = ctx.state.identifierSources.get(uuid);
  if (!s) return null;
  const specs = {
    ref: ['uuid', 'display', 'links'],
    default: ['uuid', 'display', 'name', ['identifierType', 'ref'], 'links', 'resourceVersion'],
    full: ['uuid', 'display', 'name', ['identifierType', 'default'], 'links', 'resourceVersion'],
  } as const;
  return new RestNode(
    specs,
    {
      uuid: s.uuid,
      display: s.name,
      name: s.name,
      identifierType: identifierTypeNode(ctx, s.identifierTypeUuid),
      links: restLinks(ctx.baseUrl, `idgen/identifiersource/${s.uuid}`),
      resourceVersion: '1.8',
    },
    'org.openmrs.module.idgen.SequentialIdentifierGenerator',
  );
}

/**
 * Core REST resources the client and the setup command use: patients (§4, §5), identifier types,
 * person attribute types, locations, encounter types, providers, concepts and idgen (§7).
 */
export function restCoreRoutes(ctx: NodeContext): RouteDef[] {
  const { state } = ctx;
  const base = '/ws/rest/v1';
  return [
    {
      method: 'GET',
      pattern: `${base}/patient`,
      auth: 'rest',
      handle: (req) => {
        const q = req.query.get('q');
        const identifier = req.query.get('identifier');
        const includeDead = req.query.get('includeDead') !== 'false';
        let found: PatientRecord[];
        if (identifier !== null) found = patientsByIdentifier(state, identifier);
        else if (q !== null) found = searchPatients(state, q, includeDead);
        else notSupported();
        const view = rep(req);
        return ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            found.map((p) => patientNode(ctx, p)),
            view,
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/patient/{uuid}`,
      auth: 'rest',
      handle: (req) => {
        const p = state.patients.get(req.params.uuid!);
        return one(p && !p.voided ? patientNode(ctx, p) : null, req);
      },
    },
    {
      method: 'POST',
      pattern: `${base}/patient`,
      auth: 'rest',
      handle: (req) => {
        const view = rep(req);
        const created = registerPatient(state, bodyObject(req));
        return ok(project(patientNode(ctx, created), view), 201);
      },
    },
    {
      method: 'POST',
      pattern: `${base}/patient/{uuid}/identifier`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const view = rep(req);
        // DelegatingSubResource.create: the parent first; an unknown one is ObjectNotFoundException (404).
        const patient = state.patients.get(req.params.uuid!);
        if (!patient || patient.voided) throw restNotFound();
        const created = addPatientIdentifier(state, patient, body);
        return ok(project(identifierNode(ctx, patient, created), view), 201);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/patientidentifiertype`,
      auth: 'rest',
      handle: (req) => {
        // PatientService.getPatientIdentifierTypes(name, …) matches the name exactly.
        const items = byName(req, state.identifierTypes.values(), 'exact');
        return ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            items.map((t) => identifierTypeNode(ctx, t.uuid)!),
            rep(req),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/patientidentifiertype/{uuid}`,
      auth: 'rest',
      handle: (req) => one(identifierTypeNode(ctx, req.params.uuid!), req),
    },
    {
      method: 'POST',
      pattern: `${base}/patientidentifiertype`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const view = rep(req);
        const name = optString(body.name);
        if (name === null) throw restMissingProperties(['name']);
        const uniqueness = enumValue<UniquenessBehavior>(
          body.uniquenessBehavior,
          ['UNIQUE', 'NON_UNIQUE', 'LOCATION'],
          'org.openmrs.PatientIdentifierType.UniquenessBehavior',
        );
        const locationBehavior = enumValue<LocationBehavior>(
          body.locationBehavior,
          ['REQUIRED', 'NOT_USED'],
          'org.openmrs.PatientIdentifierType.LocationBehavior',
        );
        const validator = optString(body.validator);
        if (validator !== null && validator !== '' && validator !== LUHN_MOD30_VALIDATOR) {
          throw restError(400, `Stand-in knows only the validator ${LUHN_MOD30_VALIDATOR}, not ${validator}`);
        }
        const errors = new ValidationErrors();
        if (name.trim() === '') errors.rejectValue('name', 'error.name', 'Invalid name');
        const duplicate = [...state.identifierTypes.values()].some(
          (t) => !t.retired && t.name.toLowerCase() === name.trim().toLowerCase(),
        );
        if (duplicate) {
          errors.rejectValue(
            'name',
            'identifierType.duplicate.name',
            'Specified Identifier Type name already exists, please specify another',
          );
        }
        if (errors.hasErrors) throw restValidationError(errors);
        const uuid = optString(body.uuid) ?? newUuid();
        state.identifierTypes.set(uuid, {
          uuid,
          name: name.trim(),
          description: optString(body.description),
          format: optString(body.format),
          formatDescription: optString(body.formatDescription),
          required: optBoolean(body.required, false),
          validator: validator === '' ? null : validator,
          locationBehavior,
          uniquenessBehavior: uniqueness,
          retired: false,
        });
        return ok(project(identifierTypeNode(ctx, uuid), view), 201);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/personattributetype`,
      auth: 'rest',
      handle: (req) => {
        const items = byName(req, state.personAttributeTypes.values(), 'prefix');
        return ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            items.map((t) => attributeTypeNode(ctx, t.uuid)!),
            rep(req),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/personattributetype/{uuid}`,
      auth: 'rest',
      handle: (req) => one(attributeTypeNode(ctx, req.params.uuid!), req),
    },
    {
      method: 'GET',
      pattern: `${base}/location`,
      auth: 'rest',
      handle: (req) => {
        const tag = req.query.get('tag');
        const items = byName(req, state.locations.values(), 'prefix').filter(
          (l) => tag === null || l.tags.some((t) => t.toLowerCase() === tag.toLowerCase()),
        );
        return ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            items.map((l) => locationNode(ctx, l.uuid)!),
            rep(req),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/location/{uuid}`,
      auth: 'rest',
      handle: (req) => one(locationNode(ctx, req.params.uuid!), req),
    },
    {
      method: 'GET',
      pattern: `${base}/encountertype`,
      auth: 'rest',
      handle: (req) => {
        // EncounterService.findEncounterTypes(name): name starts with the query.
        const items = byName(req, state.encounterTypes.values(), 'prefix');
        return ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            items.map((t) => encounterTypeNode(ctx, t.uuid)!),
            rep(req),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/encountertype/{uuid}`,
      auth: 'rest',
      handle: (req) => one(encounterTypeNode(ctx, req.params.uuid!), req),
    },
    {
      method: 'POST',
      pattern: `${base}/encountertype`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const view = rep(req);
        const name = optString(body.name);
        if (name === null) throw restMissingProperties(['name']);
        const errors = new ValidationErrors();
        if (name.trim() === '') errors.rejectValue('name', 'error.name', 'Invalid name');
        if (
          [...state.encounterTypes.values()].some((t) => t.name.toLowerCase() === name.trim().toLowerCase())
        ) {
          errors.rejectValue(
            'name',
            'EncounterType.error.duplicateEncounterTypeNameSpecified',
            'Specified Encounter Type name already exists, please specify another',
          );
        }
        if (errors.hasErrors) throw restValidationError(errors);
        const uuid = optString(body.uuid) ?? newUuid();
        state.encounterTypes.set(uuid, {
          uuid,
          name: name.trim(),
          description: optString(body.description),
          retired: false,
        });
        return ok(project(encounterTypeNode(ctx, uuid), view), 201);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/provider`,
      auth: 'rest',
      handle: (req) => {
        const q = req.query.get('q')?.toLowerCase() ?? null;
        const items = [...state.providers.values()].filter(
          (p) =>
            !p.retired &&
            (q === null || p.name.toLowerCase().includes(q) || p.identifier.toLowerCase() === q),
        );
        return ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            items.map((p) => providerNode(ctx, p.uuid)!),
            rep(req),
          ),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/provider/{uuid}`,
      auth: 'rest',
      handle: (req) => one(providerNode(ctx, req.params.uuid!), req),
    },
    {
      method: 'GET',
      pattern: `${base}/concept/{uuid}`,
      auth: 'rest',
      handle: (req) => one(conceptNode(ctx, req.params.uuid!), req),
    },
    {
      method: 'GET',
      pattern: `${base}/idgen/identifiersource`,
      auth: 'rest',
      handle: (req) =>
        ok(
          listEnvelope(
            req,
            ctx.baseUrl,
            [...state.identifierSources.keys()].map((uuid) => identifierSourceNode(ctx, uuid)!),
            rep(req),
          ),
        ),
    },
    {
      method: 'POST',
      pattern: `${base}/idgen/identifiersource/{uuid}/identifier`,
      auth: 'rest',
      handle: (req) => {
        bodyObject(req);
        // openmrs.md §7: sub-resource create → 201 {"identifier": base + Luhn mod-30 check character}.
        const source = state.identifierSources.get(req.params.uuid!);
        if (!source) throw restNotFound();
        const baseValue = String(source.nextSequence++);
        return ok({ identifier: `${baseValue}${luhnMod30CheckChar(baseValue)}` }, 201);
      },
    },
  ];
}
