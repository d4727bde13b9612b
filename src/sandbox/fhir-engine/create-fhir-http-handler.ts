import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  allOk,
  badRequest,
  created,
  getResourceTypes,
  getStatus,
  gone,
  isResourceType,
  multipleMatches,
  notFound,
  OperationOutcomeError,
  preconditionFailed,
  validateResource,
} from '@medplum/core';
import type { MemoryRepository } from '@medplum/fhir-router';
import { FhirRouter } from '@medplum/fhir-router';
import type { CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { searchFhirResources } from './search-fhir-resources.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** Bodies above this are refused with 413: the clinic's resources are small, a big body is a mistake. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** FHIR's id grammar (R4 `id` datatype). */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
/** A relative literal reference the engine can check: `Type/id`, optionally versioned. */
const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export interface FhirHttpHandlerOptions {
  readonly repo: MemoryRepository;
  /** Path the FHIR endpoint is served under, e.g. `/fhir/R4` (no trailing slash; `''` for the root). */
  readonly basePath: string;
  /** Absolute base URL as clients see it (known only once the server listens). */
  readonly baseUrl: () => string;
  /**
   * Refuse writes whose relative references (`Patient/123`) point at nothing, with 400, as HAPI does
   * by default. Default true: it catches adapter bugs a lenient store would hide.
   */
  readonly checkReferences?: boolean;
}

/** One HTTP answer; `resource` is serialised as FHIR JSON. */
interface Reply {
  status: number;
  resource?: Resource;
  headers?: Record<string, string>;
}

/**
 * The engine's HTTP layer: FHIR R4 REST over Node's http module, backed by Medplum's MemoryRepository.
 * What it adds to fhir-router (which it uses only for history reads):
 * - validation of every written resource against the R4 StructureDefinitions (400 + OperationOutcome);
 * - referential integrity on write (optional, on by default);
 * - conditional create (`If-None-Exist`) and `If-Match` optimistic locking evaluated atomically
 *   under one write lock, so "check then write" cannot interleave between two requests;
 * - malformed `If-Match` is a 400 (fhir-router would silently ignore it and update unconditionally);
 * - create ignores a client-supplied id/version (fhir-router would overwrite an existing resource);
 * - 410 Gone for deleted resources, 201 for create-via-update, ETag/Location/Last-Modified headers;
 * - strict search (see searchFhirResources), `Prefer: return=minimal|OperationOutcome`, `/metadata`.
 * Not supported (answered with an OperationOutcome, never silently): batch/transaction, PATCH,
 * system-level search and history, `_include`/`_revinclude`, operations (`$…`).
 */
export function createFhirHttpHandler(
  options: FhirHttpHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { repo, basePath } = options;
  const checkReferences = options.checkReferences ?? true;
  const router = new FhirRouter();
  /** `Type/id` of deleted resources, so reads answer 410 Gone rather than 404. */
  const tombstones = new Set<string>();
  let writeChain: Promise<unknown> = Promise.resolve();

  /** Serialise writes: each conditional operation's check and write happen with no other write between. */
  function withWriteLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = writeChain.then(fn, fn);
    writeChain = run.catch(() => undefined);
    return run;
  }

  async function readCurrent(type: string, id: string): Promise<Resource | undefined> {
    try {
      return await repo.readResource<Resource>(type, id);
    } catch (err) {
      if (err instanceof OperationOutcomeError && getStatus(err.outcome) === 404) return undefined;
      throw err;
    }
  }

  async function assertReferencesExist(resource: Resource): Promise<void> {
    if (!checkReferences) return;
    const missing: string[] = [];
    for (const { path, reference } of collectReferences(resource, resource.resourceType)) {
      const match = RELATIVE_REFERENCE.exec(reference);
      // Contained (#x), absolute and urn: references are not ours to check.
      if (!match) continue;
      const [, type = '', id = ''] = match;
      if (!isResourceType(type) || tombstones.has(`${type}/${id}`) || !(await readCurrent(type, id))) {
        missing.push(path);
      }
    }
    if (missing.length > 0) {
      throw new OperationOutcomeError({
        resourceType: 'OperationOutcome',
        issue: missing.map((path) => ({
          severity: 'error',
          code: 'invalid',
          details: { text: 'Reference target not found' },
          expression: [path],
        })),
      });
    }
  }

  function resourceHeaders(resource: Resource): Record<string, string> {
    const headers: Record<string, string> = {};
    if (resource.meta?.versionId) headers.ETag = `W/"${resource.meta.versionId}"`;
    if (resource.meta?.lastUpdated)
      headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    return headers;
  }

  function createdReply(resource: Resource): Reply {
    const headers = resourceHeaders(resource);
    headers.Location = `${options.baseUrl()}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
    return { status: 201, resource, headers };
  }

  async function create(type: string, body: Resource, ifNoneExist: string | undefined): Promise<Reply> {
    // The server owns id and version: a client-supplied id must not overwrite an existing resource.
    const { id: _ignoredId, meta, ...rest } = body;
    const resource = { ...rest, ...(meta ? { meta: withoutVersion(meta) } : {}) } as Resource;
    validate(resource);
    return withWriteLock(async () => {
      if (ifNoneExist !== undefined) {
        const pairs = [...new URLSearchParams(ifNoneExist).entries()];
        if (pairs.length === 0) throw badRequestError('If-None-Exist must carry search parameters');
        const found = await searchFhirResources({ repo, baseUrl: options.baseUrl() }, type, [
          ...pairs.filter(([k]) => k !== '_count'),
          ['_count', '2'],
        ]);
        const matches = found.entry ?? [];
        if (matches.length > 1) throw new OperationOutcomeError(multipleMatches);
        const existing = matches[0]?.resource;
        if (existing) return { status: 200, resource: existing, headers: resourceHeaders(existing) };
      }
      await assertReferencesExist(resource);
      return createdReply(await repo.createResource(resource));
    });
  }

  async function update(type: string, id: string, body: Resource, ifMatch: IfMatch): Promise<Reply> {
    if (body.id !== id) throw badRequestError('Resource id in the body must match the URL');
    validate(body);
    return withWriteLock(async () => {
      const deleted = tombstones.has(`${type}/${id}`);
      const existing = deleted ? undefined : await readCurrent(type, id);
      if (ifMatch.kind === 'any' && !existing) throw new OperationOutcomeError(preconditionFailed);
      if (ifMatch.kind === 'version' && existing?.meta?.versionId !== ifMatch.versionId) {
        throw new OperationOutcomeError(preconditionFailed);
      }
      await assertReferencesExist(body);
      const saved = await repo.updateResource(body);
      tombstones.delete(`${type}/${id}`);
      return existing
        ? { status: 200, resource: saved, headers: resourceHeaders(saved) }
        : createdReply(saved);
    });
  }

  async function remove(type: string, id: string): Promise<Reply> {
    return withWriteLock(async () => {
      const key = `${type}/${id}`;
      if (tombstones.has(key)) return { status: 200, resource: allOk };
      if (!(await readCurrent(type, id))) throw new OperationOutcomeError(notFound);
      await repo.deleteResource(type, id);
      tombstones.add(key);
      return { status: 200, resource: allOk };
    });
  }

  async function read(type: string, id: string): Promise<Reply> {
    if (tombstones.has(`${type}/${id}`)) throw new OperationOutcomeError(gone);
    const resource = await readCurrent(type, id);
    if (!resource) throw new OperationOutcomeError(notFound);
    return { status: 200, resource, headers: resourceHeaders(resource) };
  }

  async function history(type: string, id: string, rest: string): Promise<Reply> {
    if (tombstones.has(`${type}/${id}`)) throw new OperationOutcomeError(gone);
    const [outcome, resource] = await router.handleRequest(
      {
        method: 'GET',
        url: `${type}/${id}/_history${rest}`,
        pathname: '',
        body: undefined,
        params: {},
        query: {},
      },
      repo,
    );
    if (!resource) throw new OperationOutcomeError(outcome);
    return { status: getStatus(outcome), resource, headers: resource.meta ? resourceHeaders(resource) : {} };
  }

  async function dispatch(req: IncomingMessage, url: URL): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith(`${basePath}/`) && url.pathname !== basePath) {
      throw new OperationOutcomeError(notFound);
    }
    const segments = url.pathname.slice(basePath.length).split('/').filter(Boolean).map(decodeURIComponent);
    assertAcceptable(req);
    const [type, second, third, fourth, ...extra] = segments;
    if (type === undefined) {
      throw notSupported('Batch, transaction and system-level interactions are not supported');
    }
    if (type === 'metadata' && segments.length === 1 && method === 'GET') {
      return { status: 200, resource: capabilityStatement() };
    }
    if (type.startsWith('$') || second?.startsWith('$') || third?.startsWith('$')) {
      throw notSupported('Operations are not supported');
    }
    if (type === '_history') throw notSupported('System history is not supported');
    if (!isResourceType(type)) throw new OperationOutcomeError(notFoundText(`Unknown resource type ${type}`));
    const ctx = { repo, baseUrl: options.baseUrl() };

    if (second === undefined) {
      if (method === 'GET')
        return { status: 200, resource: await searchFhirResources(ctx, type, queryPairs(url)) };
      if (method === 'POST') {
        const body = await readResourceBody(req, type);
        return create(type, body, headerValue(req, 'if-none-exist'));
      }
      throw notSupported(
        `${method} on a resource type is not supported (no conditional update/delete/patch)`,
      );
    }
    if (second === '_history') throw notSupported('Type-level history is not supported');
    if (second === '_search' && third === undefined) {
      if (method !== 'POST') throw notSupported('Use POST for _search');
      const form = await readFormBody(req);
      return { status: 200, resource: await searchFhirResources(ctx, type, [...queryPairs(url), ...form]) };
    }
    if (!ID_PATTERN.test(second)) throw badRequestError('Invalid resource id');
    if (third === undefined) {
      if (method === 'GET') return read(type, second);
      if (method === 'PUT') {
        const body = await readResourceBody(req, type);
        return update(type, second, body, parseIfMatch(headerValue(req, 'if-match')));
      }
      if (method === 'DELETE') return remove(type, second);
      throw notSupported(`${method} is not supported on a resource instance`);
    }
    if (third === '_history' && method === 'GET' && extra.length === 0) {
      if (fourth !== undefined && !ID_PATTERN.test(fourth)) throw badRequestError('Invalid version id');
      return history(type, second, fourth === undefined ? '' : `/${fourth}`);
    }
    throw new OperationOutcomeError(notFound);
  }

  return (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://engine.invalid');
    } catch {
      send(res, { status: 400, resource: badRequest('Malformed request URL') }, undefined);
      return;
    }
    dispatch(req, url)
      .then((reply) => send(res, reply, headerValue(req, 'prefer')))
      .catch((err: unknown) => send(res, errorReply(err), undefined));
  };
}

type IfMatch = { kind: 'none' } | { kind: 'any' } | { kind: 'version'; versionId: string };

/** `W/"3"`, `"3"` and a bare `3` name a version; `*` means "any current version". Anything else is a 400. */
function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { kind: 'none' };
  const value = header.trim();
  if (value === '*') return { kind: 'any' };
  const match = /^(?:W\/)?"([A-Za-z0-9\-.]{1,64})"$/.exec(value) ?? /^([A-Za-z0-9\-.]{1,64})$/.exec(value);
  if (!match?.[1]) throw badRequestError('Malformed If-Match header');
  return { kind: 'version', versionId: match[1] };
}

function validate(resource: Resource): void {
  // Throws OperationOutcomeError with one issue per violation (structure, cardinality, invariants).
  validateResource(resource);
}

function withoutVersion(meta: NonNullable<Resource['meta']>): NonNullable<Resource['meta']> {
  const { versionId: _v, lastUpdated: _l, ...rest } = meta;
  return rest;
}

/** Every `reference` string in the resource with its FHIRPath-ish location, for integrity checks. */
function collectReferences(value: unknown, path: string): { path: string; reference: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => collectReferences(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const out: { path: string; reference: string }[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === 'contained') continue;
    if (key === 'reference' && typeof child === 'string') out.push({ path, reference: child });
    else out.push(...collectReferences(child, `${path}.${key}`));
  }
  return out;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryPairs(url: URL): [string, string][] {
  return [...url.searchParams.entries()];
}

function assertAcceptable(req: IncomingMessage): void {
  const accept = headerValue(req, 'accept');
  if (accept && !/json|\*\/\*|application\/\*/.test(accept)) {
    throw new OperationOutcomeError({
      resourceType: 'OperationOutcome',
      id: 'not-acceptable',
      issue: [{ severity: 'error', code: 'not-supported', details: { text: 'Only JSON is served' } }],
    });
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'too-costly', 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readResourceBody(req: IncomingMessage, type: string): Promise<Resource> {
  const contentType = headerValue(req, 'content-type') ?? '';
  if (!/^application\/(fhir\+)?json\b/i.test(contentType)) {
    throw new HttpError(415, 'not-supported', 'Content-Type must be application/fhir+json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw badRequestError('Body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequestError('Body must be a FHIR resource');
  }
  const resourceType = 'resourceType' in parsed ? parsed.resourceType : undefined;
  if (resourceType !== type) throw badRequestError(`Body resourceType must be ${type}`);
  // Structure is checked by validateResource before anything is stored.
  return parsed as Resource;
}

async function readFormBody(req: IncomingMessage): Promise<[string, string][]> {
  const contentType = headerValue(req, 'content-type') ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'not-supported', 'POST _search needs application/x-www-form-urlencoded');
  }
  return [...new URLSearchParams(await readBody(req)).entries()];
}

/** An error whose status fhir-router's outcome ids do not express (413, 415). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'too-costly' | 'not-supported',
    message: string,
  ) {
    super(message);
  }
}

function badRequestError(text: string): OperationOutcomeError {
  return new OperationOutcomeError(badRequest(text));
}

function notFoundText(text: string): OperationOutcome {
  return { ...notFound, issue: [{ severity: 'error', code: 'not-found', details: { text } }] };
}

function notSupported(text: string): HttpError {
  return new HttpError(405, 'not-supported', text);
}

function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      resource: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: err.code, details: { text: err.message } }],
      },
    };
  }
  if (err instanceof OperationOutcomeError) {
    if (err.outcome.id === 'not-acceptable') return { status: 406, resource: err.outcome };
    return { status: getStatus(err.outcome), resource: err.outcome };
  }
  // Anything else is our bug: say so without leaking internals.
  return {
    status: 500,
    resource: {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'exception', details: { text: 'Internal server error' } }],
    },
  };
}

function send(res: ServerResponse, reply: Reply, prefer: string | undefined): void {
  const headers: Record<string, string> = { 'Content-Type': FHIR_JSON, ...reply.headers };
  let body: Resource | undefined = reply.resource;
  if (prefer && reply.status < 300 && reply.resource?.resourceType !== 'Bundle') {
    if (/return=minimal/.test(prefer)) body = undefined;
    else if (/return=OperationOutcome/.test(prefer)) body = reply.status === 201 ? created : allOk;
  }
  if (body === undefined) {
    delete headers['Content-Type'];
    res.writeHead(reply.status, headers).end();
    return;
  }
  res.writeHead(reply.status, headers).end(JSON.stringify(body));
}

let capability: CapabilityStatement | undefined;

function capabilityStatement(): CapabilityStatement {
  capability ??= {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'omrs-whatsapp embedded FHIR engine (Medplum fhir-router MemoryRepository)' },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        resource: getResourceTypes().map((type) => ({
          type,
          versioning: 'versioned-update' as const,
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: false,
          conditionalDelete: 'not-supported' as const,
          interaction: (
            ['read', 'vread', 'update', 'delete', 'history-instance', 'create', 'search-type'] as const
          ).map((code) => ({ code })),
        })),
      },
    ],
  };
  return capability;
}
