import type { z } from 'zod';
import { AppError } from '../../shared/app-error.ts';
import { OperationOutcomeSchema, SearchBundleSchema } from './fhir-schemas.ts';

export type FhirAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface FhirClientOptions {
  /** FHIR base URL, e.g. `https://hapi.example.org/fhir` (a trailing slash is ignored). */
  readonly baseUrl: string;
  readonly auth?: FhirAuth;
  /** Per request, in milliseconds. */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/** A resource as read, with the version to send back in `If-Match`. */
export interface Versioned<T> {
  readonly resource: T;
  /** From the ETag header, else `meta.versionId`; undefined when the server does not version. */
  readonly version: string | undefined;
}

export type UpdateResult<T> =
  | { readonly kind: 'updated'; readonly resource: T }
  /** 409/412: someone changed the resource since it was read. The caller decides what that means. */
  | { readonly kind: 'conflict'; readonly status: number };

/** Search parameters in order; repeats allowed (`start=ge…` and `start=lt…`). */
export type SearchParams = readonly (readonly [string, string])[];

type AnySchema = z.ZodType<{ resourceType: string; meta?: { versionId?: string | undefined } | undefined }>;

/** Stops a server's paging from running away (a FHIR page is usually 20–100 entries). */
const MAX_PAGES = 20;

/**
 * A minimal FHIR R4 REST client over fetch, for any server (HAPI, Medplum, …): read, search (following
 * `next` links), create (optionally conditional), update (optionally `If-Match`). Every response is
 * validated with zod; every failure becomes an AppError with the EHR port's codes:
 * network/timeout/5xx/429/409 → `EHR_UNAVAILABLE` (retryable), 401/403 → `EHR_AUTH_FAILED`,
 * 404/410 → `EHR_NOT_FOUND`, other 4xx → `EHR_REJECTED` with the OperationOutcome's issue codes and
 * paths (diagnostics are redacted: servers echo submitted values, which may be PHI).
 */
export class FhirClient {
  private readonly base: URL;
  private readonly baseText: string;
  private readonly fetchImpl: typeof fetch;
  private readonly authHeader: string | undefined;

  constructor(private readonly options: FhirClientOptions) {
    this.baseText = options.baseUrl.replace(/\/+$/, '');
    this.base = new URL(`${this.baseText}/`);
    this.fetchImpl = options.fetch ?? fetch;
    const auth = options.auth;
    this.authHeader =
      auth === undefined
        ? undefined
        : auth.kind === 'bearer'
          ? `Bearer ${auth.token}`
          : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  /** `GET type/id`. 404/410 → `EHR_NOT_FOUND`. */
  async read<S extends AnySchema>(schema: S, type: string, id: string): Promise<Versioned<z.infer<S>>> {
    const res = await this.send('GET', `${type}/${encodeURIComponent(id)}`, `GET ${type}`);
    const resource = this.parse(schema, res.body, `GET ${type}`);
    return { resource, version: versionOf(res.etag, resource) };
  }

  /**
   * `GET type?params`, following `next` links until `limit` entries were accepted or the pages end.
   * `accept` filters entries client-side: a server that ignores a parameter must not widen the result.
   * Entries that fail the schema are skipped (a read of the same resource would fail loudly).
   */
  async search<S extends AnySchema>(
    schema: S,
    type: string,
    params: SearchParams,
    options: { limit?: number; accept?: (resource: z.infer<S>) => boolean } = {},
  ): Promise<z.infer<S>[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const query = new URLSearchParams();
    for (const [k, v] of params) query.append(k, v);
    let path: string | undefined = `${type}?${query.toString()}`;
    const out: z.infer<S>[] = [];
    for (let page = 0; path !== undefined && page < MAX_PAGES && out.length < limit; page++) {
      const res = await this.send('GET', path, `GET ${type}`);
      const bundle = SearchBundleSchema.safeParse(res.body);
      if (!bundle.success) throw unexpected(`GET ${type}`);
      for (const entry of bundle.data.entry ?? []) {
        // Included resources and OperationOutcome entries are not matches.
        if (entry.search?.mode !== undefined && entry.search.mode !== 'match') continue;
        if (entry.resource?.resourceType !== type) continue;
        // One malformed record (a slot without a usable start) must not hide all the others.
        const parsed = schema.safeParse(entry.resource);
        if (!parsed.success) continue;
        const resource = parsed.data;
        if (!options.accept || options.accept(resource)) out.push(resource);
        if (out.length >= limit) break;
      }
      path = this.nextPath(bundle.data.link?.find((l) => l.relation === 'next')?.url);
    }
    return out;
  }

  /**
   * `POST type`, conditional when `ifNoneExist` is given (the server returns the match instead of
   * creating a second one). Returns the stored resource; a server answering `return=minimal` is read
   * back through its Location header.
   */
  async create<S extends AnySchema>(
    schema: S,
    resource: { resourceType: string },
    options: { ifNoneExist?: SearchParams } = {},
  ): Promise<z.infer<S>> {
    const type = resource.resourceType;
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (options.ifNoneExist) {
      const q = new URLSearchParams();
      for (const [k, v] of options.ifNoneExist) q.append(k, v);
      headers['If-None-Exist'] = q.toString();
    }
    const res = await this.send('POST', type, `POST ${type}`, { body: resource, headers });
    if (res.body === undefined && res.location) {
      const id = /\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?\/?$/.exec(
        new URL(res.location, this.base).pathname,
      );
      if (id?.[1]) return (await this.read(schema, type, id[1])).resource;
    }
    return this.parse(schema, res.body, `POST ${type}`);
  }

  /** `PUT type/id`, with `If-Match` when a version is given. 409/412 are returned, not thrown. */
  async update<S extends AnySchema>(
    schema: S,
    resource: { resourceType: string; id: string },
    version: string | undefined,
  ): Promise<UpdateResult<z.infer<S>>> {
    const type = resource.resourceType;
    const headers: Record<string, string> = { Prefer: 'return=representation' };
    if (version !== undefined) headers['If-Match'] = `W/"${version}"`;
    const op = `PUT ${type}`;
    const res = await this.send('PUT', `${type}/${encodeURIComponent(resource.id)}`, op, {
      body: resource,
      headers,
      conflictIsResult: true,
    });
    if (res.status === 409 || res.status === 412) return { kind: 'conflict', status: res.status };
    if (res.body === undefined)
      return { kind: 'updated', resource: (await this.read(schema, type, resource.id)).resource };
    return { kind: 'updated', resource: this.parse(schema, res.body, op) };
  }

  private parse<S extends AnySchema>(schema: S, body: unknown, op: string): z.infer<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw unexpected(op);
    return parsed.data;
  }

  /** Next links are followed on our base URL only: credentials never go to another origin. */
  private nextPath(url: string | undefined): string | undefined {
    if (url === undefined) return undefined;
    let next: URL;
    try {
      next = new URL(url, this.base);
    } catch {
      return undefined;
    }
    // Servers behind a proxy often advertise their internal origin; keep path and query, use ours.
    const rebased = new URL(`${next.pathname}${next.search}`, this.base.origin);
    return rebased.href.startsWith(this.base.href) ? rebased.href.slice(this.base.href.length) : rebased.href;
  }

  private async send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    op: string,
    init: { body?: unknown; headers?: Record<string, string>; conflictIsResult?: boolean } = {},
  ): Promise<{ status: number; body: unknown; etag: string | undefined; location: string | undefined }> {
    const url = path.startsWith('http') ? path : `${this.baseText}/${path}`;
    const headers: Record<string, string> = { Accept: 'application/fhir+json', ...init.headers };
    if (this.authHeader) headers.Authorization = this.authHeader;
    if (init.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new AppError('EHR_UNAVAILABLE', `FHIR server ${timedOut ? 'timed out' : 'unreachable'} (${op})`, {
        retryable: true,
        cause: err,
        details: { operation: op },
      });
    }
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
        if (res.ok) throw unexpected(op);
      }
    }
    if (res.ok) {
      return {
        status: res.status,
        body,
        etag: res.headers.get('etag') ?? undefined,
        location: res.headers.get('location') ?? res.headers.get('content-location') ?? undefined,
      };
    }
    if (init.conflictIsResult && (res.status === 409 || res.status === 412)) {
      return { status: res.status, body, etag: undefined, location: undefined };
    }
    throw statusError(res.status, op, body);
  }
}

function versionOf(etag: string | undefined, resource: z.infer<AnySchema>): string | undefined {
  const fromEtag = etag ? /^(?:W\/)?"?([^"]+)"?$/.exec(etag.trim())?.[1] : undefined;
  return fromEtag ?? resource.meta?.versionId;
}

function unexpected(op: string): AppError {
  return new AppError('EHR_UNAVAILABLE', `FHIR server sent an unexpected response (${op})`, {
    retryable: true,
    details: { operation: op },
  });
}

/** Maps an HTTP error status to the port's codes; exported for the adapter's own status decisions. */
export function statusError(status: number, op: string, body: unknown): AppError {
  const outcome = OperationOutcomeSchema.safeParse(body);
  const issues = outcome.success
    ? (outcome.data.issue ?? []).slice(0, 5).map((i) => ({
        severity: i.severity,
        code: i.code,
        expression: i.expression,
        diagnostics: redact(i.diagnostics ?? i.details?.text),
      }))
    : [];
  const details = { status, operation: op, issues };
  if (status === 401 || status === 403) {
    return new AppError('EHR_AUTH_FAILED', `FHIR server refused the credentials (${op}, ${status})`, {
      details,
    });
  }
  if (status === 404 || status === 410) {
    return new AppError('EHR_NOT_FOUND', `FHIR resource not found (${op}, ${status})`, { details });
  }
  if (status >= 500 || status === 429 || status === 408 || status === 409) {
    return new AppError('EHR_UNAVAILABLE', `FHIR server error (${op}, ${status})`, {
      retryable: true,
      details,
    });
  }
  const summary = issues
    .map((i) => [i.code, i.expression?.join(', '), i.diagnostics].filter(Boolean).join(' '))
    .join('; ');
  return new AppError(
    'EHR_REJECTED',
    `FHIR server rejected ${op} (${status})${summary ? `: ${summary}` : ''}`,
    {
      details,
    },
  );
}

/**
 * Diagnostics help an operator, but servers quote what was sent ("Invalid date '1990-13-01'"), so
 * quoted text and long digit runs are masked and the text is capped.
 */
function redact(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\+?\d[\d\s-]{5,}\d/g, '#')
    .slice(0, 200);
}
