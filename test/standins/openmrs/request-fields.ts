import { restError } from './openmrs-errors.ts';
import { project, type RepName, type RestNode, type Spec } from './rest-representation.ts';
import type { StandinRequest } from './standin-router.ts';

/**
 * Small readers for request bodies and the REST list envelope, shared by the route modules.
 */

/** The body as a JSON object, or a 400 like Spring's unreadable-body handling (openmrs.md §4). */
export function bodyObject(req: StandinRequest): Record<string, unknown> {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw restError(400, 'Could not read JSON: request body is not a JSON object', {
      codeClass: 'org.springframework.http.converter.HttpMessageNotReadableException:0',
    });
  }
  return body as Record<string, unknown>;
}

/** A reference given as `"uuid"` or `{ "uuid": "…" }` (both accepted by `ConversionUtil`, openmrs.md §5). */
export function refUuid(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { uuid?: unknown }).uuid === 'string') {
    return (value as { uuid: string }).uuid;
  }
  return null;
}

/** A string-ish scalar (`null`/absent → null), converting numbers and booleans like `ConversionUtil`. */
export function optString(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw restError(400, `Don't know how to convert from ${typeof value} to class java.lang.String`, {
    codeClass: 'org.openmrs.module.webservices.rest.web.ConversionUtil:0',
  });
}

/** A boolean property: JSON boolean or "true"/"false" (`Boolean.valueOf`), absent → fallback. */
export function optBoolean(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw restError(400, `Don't know how to convert from ${typeof value} to class java.lang.Boolean`, {
    codeClass: 'org.openmrs.module.webservices.rest.web.ConversionUtil:0',
  });
}

/** `limit` (default 50, capped at 100) and `startIndex` (openmrs.md §4). */
export function paging(req: StandinRequest): { limit: number; startIndex: number } {
  const rawLimit = req.query.get('limit');
  const rawStart = req.query.get('startIndex');
  let limit = 50;
  if (rawLimit !== null) {
    limit = Number.parseInt(rawLimit, 10);
    if (!Number.isFinite(limit) || limit < 1) {
      throw restError(400, `Invalid limit: ${rawLimit}`, {
        codeClass: 'org.openmrs.module.webservices.rest.web.RequestContext:0',
      });
    }
    // GP webservices.rest.maxResultsAbsolute = 100: larger limits are cut, not refused.
    limit = Math.min(limit, 100);
  }
  const startIndex = rawStart === null ? 0 : Math.max(0, Number.parseInt(rawStart, 10) || 0);
  return { limit, startIndex };
}

/**
 * The REST list envelope: `{results, links?, totalCount?}` with `next`/`prev` links when there is more,
 * like the fixture rest_patient_search_response.json.
 */
export function listEnvelope(
  req: StandinRequest,
  baseUrl: string,
  items: readonly RestNode[],
  rep: Spec | RepName,
): Record<string, unknown> {
  const { limit, startIndex } = paging(req);
  const page = items.slice(startIndex, startIndex + limit);
  const out: Record<string, unknown> = { results: page.map((n) => project(n, rep)) };
  const links: Array<{ rel: string; uri: string }> = [];
  const linkTo = (index: number): string => {
    const q = new URLSearchParams(req.query);
    q.set('startIndex', String(index));
    if (!q.has('limit')) q.set('limit', String(limit));
    return `${baseUrl}${req.path}?${q.toString()}`;
  };
  if (startIndex + limit < items.length) links.push({ rel: 'next', uri: linkTo(startIndex + limit) });
  if (startIndex > 0) links.push({ rel: 'prev', uri: linkTo(Math.max(0, startIndex - limit)) });
  if (links.length > 0) out.links = links;
  if (req.query.get('totalCount') === 'true') out.totalCount = items.length;
  return out;
}
