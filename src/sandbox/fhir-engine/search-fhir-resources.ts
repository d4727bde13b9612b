import {
  badRequest,
  evalFhirPath,
  getSearchParameter,
  getSearchParameters,
  OperationOutcomeError,
  parseSearchRequest,
} from '@medplum/core';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleLink, Resource, SearchParameter } from '@medplum/fhirtypes';

/** Page size when the client sends no `_count` (Medplum's and HAPI's default is 20). */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest page the engine serves; a larger `_count` is clamped, as FHIR allows. */
export const MAX_PAGE_SIZE = 1000;

/** Result parameters the engine implements itself; `_format`/`_pretty`/`_` are accepted and ignored. */
const CONTROL_PARAMS = new Set(['_count', '_offset', '_sort', '_total', '_summary']);
const IGNORED_PARAMS = new Set(['_format', '_pretty', '_']);
/** Modifiers the memory matcher evaluates faithfully enough; anything else is refused, not guessed. */
const SUPPORTED_MODIFIERS = new Set(['missing', 'not', 'exact', 'contains']);

export interface SearchContext {
  readonly repo: MemoryRepository;
  /** Absolute base URL of the FHIR endpoint, without a trailing slash (for fullUrl and links). */
  readonly baseUrl: string;
}

function invalid(message: string): OperationOutcomeError {
  return new OperationOutcomeError(badRequest(message));
}

/**
 * Run a type-level search the way a strict R4 server does, on top of Medplum's MemoryRepository:
 * unknown parameters and unsupported modifiers are a 400 (the memory matcher would silently match
 * nothing), one level of chaining (`schedule.actor=…`, `subject:Patient.identifier=…`) is resolved
 * here, bare ids in reference parameters are qualified, sorting is type-aware (dates compare as
 * instants, not strings) and results are paged with `self`/`next`/`previous` links.
 *
 * `pairs` are the decoded query parameters in order (repeats allowed: `start=ge…&start=lt…`).
 * Throws OperationOutcomeError (400) for a request the engine cannot answer correctly.
 */
export async function searchFhirResources(
  ctx: SearchContext,
  resourceType: string,
  pairs: readonly (readonly [string, string])[],
): Promise<Bundle> {
  const filters: [string, string][] = [];
  let count = DEFAULT_PAGE_SIZE;
  let offset = 0;
  let summaryCount = false;
  const sortRules: { code: string; descending: boolean }[] = [];

  for (const [key, value] of pairs) {
    const [code = '', modifier] = splitKey(key);
    if (IGNORED_PARAMS.has(code)) continue;
    if (CONTROL_PARAMS.has(code)) {
      if (code === '_count') count = Math.min(parseNonNegativeInt(key, value), MAX_PAGE_SIZE);
      else if (code === '_offset') offset = parseNonNegativeInt(key, value);
      else if (code === '_summary') {
        if (value !== 'count') throw invalid(`_summary=${value} is not supported (only _summary=count)`);
        summaryCount = true;
      } else if (code === '_sort') {
        for (const field of value.split(',').filter(Boolean)) {
          const descending = field.startsWith('-');
          const sortCode = descending ? field.slice(1) : field;
          if (!getSearchParameter(resourceType, sortCode)) {
            throw invalid(`Unknown sort parameter for ${resourceType}: ${sortCode}`);
          }
          sortRules.push({ code: sortCode, descending });
        }
      }
      // _total: the engine always reports an accurate total, which every value permits.
      continue;
    }
    if (code.startsWith('_') && !getSearchParameter(resourceType, code)) {
      throw invalid(`Search parameter ${code} is not supported by this server`);
    }
    if (key.includes('.')) {
      const resolved = await resolveChain(ctx, resourceType, key, value);
      if (resolved === undefined) {
        return buildBundle(ctx, resourceType, pairs, [], 0, count, offset);
      }
      filters.push(resolved);
      continue;
    }
    const param = getSearchParameter(resourceType, code);
    if (!param) throw invalid(`Unknown search parameter for ${resourceType}: ${code}`);
    if (modifier !== undefined && !SUPPORTED_MODIFIERS.has(modifier)) {
      throw invalid(`Modifier :${modifier} is not supported on ${code}`);
    }
    if (param.type === 'date' && modifier === undefined && /^(eq)?\d{4}-\d{2}-\d{2}T/.test(value)) {
      // Medplum's matcher treats `eq<instant>` as an empty interval and matches nothing; a point in
      // time equals a value when it is both at-or-after and at-or-before it.
      const instant = value.replace(/^eq/, '');
      filters.push([key, `ge${instant}`], [key, `le${instant}`]);
      continue;
    }
    filters.push([key, param.type === 'reference' ? qualifyReferences(ctx, param, value) : value]);
  }

  const query: Record<string, string[]> = {};
  for (const [key, value] of filters) {
    const values = query[key] ?? [];
    values.push(value);
    query[key] = values;
  }
  const request = parseSearchRequest(resourceType as Resource['resourceType'], query);
  // Paging and sorting are done here, so ask the repository for every match.
  const { count: _c, offset: _o, sortRules: _s, ...unpaged } = request;
  const all = await ctx.repo.search(unpaged);
  const matches = (all.entry ?? []).flatMap((e) => (e.resource ? [e.resource as Resource] : []));
  if (sortRules.length > 0) {
    const keyed = matches.map((resource) => ({
      resource,
      keys: sortRules.map((rule) => sortKey(resourceType, rule.code, resource)),
    }));
    keyed.sort((a, b) => {
      for (let i = 0; i < sortRules.length; i++) {
        const c = compareKeys(a.keys[i], b.keys[i]);
        if (c !== 0) return sortRules[i]?.descending ? -c : c;
      }
      return 0;
    });
    matches.splice(0, matches.length, ...keyed.map((k) => k.resource));
  }
  return buildBundle(ctx, resourceType, pairs, matches, matches.length, summaryCount ? 0 : count, offset);
}

function splitKey(key: string): [string, string | undefined] {
  const i = key.indexOf(':');
  return i < 0 ? [key, undefined] : [key.slice(0, i), key.slice(i + 1)];
}

function parseNonNegativeInt(key: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw invalid(`${key} must be a non-negative integer`);
  return Number(value);
}

/**
 * `schedule.actor=HealthcareService/1` → `schedule=Schedule/a,Schedule/b` by searching the target
 * type first. Returns undefined when the chained search matches nothing (so the outer one cannot).
 */
async function resolveChain(
  ctx: SearchContext,
  resourceType: string,
  key: string,
  value: string,
): Promise<[string, string] | undefined> {
  const dot = key.indexOf('.');
  const head = key.slice(0, dot);
  const tail = key.slice(dot + 1);
  const [code = '', typeModifier] = splitKey(head);
  const param = getSearchParameter(resourceType, code);
  if (!param) throw invalid(`Unknown search parameter for ${resourceType}: ${code}`);
  if (param.type !== 'reference') throw invalid(`Cannot chain on non-reference parameter ${code}`);
  const targets = param.target ?? [];
  const target = typeModifier ?? (targets.length === 1 ? targets[0] : undefined);
  if (!target || !targets.includes(target as (typeof targets)[number])) {
    throw invalid(`Chained parameter ${code} needs an explicit, valid target type (${code}:Type.${tail})`);
  }
  if (tail.includes('.')) throw invalid('Only one level of chaining is supported');
  const inner = await searchFhirResources(ctx, target, [
    [tail, value],
    ['_count', String(MAX_PAGE_SIZE)],
  ]);
  const ids = (inner.entry ?? []).flatMap((e) => (e.resource?.id ? [`${target}/${e.resource.id}`] : []));
  return ids.length === 0 ? undefined : [code, ids.join(',')];
}

/** Bare ids become `Type/id` when the parameter has one target; our own absolute URLs become relative. */
function qualifyReferences(ctx: SearchContext, param: SearchParameter, value: string): string {
  const targets = param.target ?? [];
  return value
    .split(',')
    .map((v) => {
      if (v.startsWith(`${ctx.baseUrl}/`)) return v.slice(ctx.baseUrl.length + 1);
      if (!v.includes('/') && targets.length === 1) return `${targets[0]}/${v}`;
      return v;
    })
    .join(',');
}

type SortKey = number | string | undefined;

function sortKey(resourceType: string, code: string, resource: Resource): SortKey {
  const param = getSearchParameters(resourceType)?.[code];
  if (!param?.expression) return undefined;
  const first = evalFhirPath(param.expression, resource)[0];
  if (first === undefined || first === null) return undefined;
  if (param.type === 'date') {
    const text =
      typeof first === 'string'
        ? first
        : typeof first === 'object' && 'start' in first && typeof first.start === 'string'
          ? first.start
          : undefined;
    const ms = text === undefined ? Number.NaN : Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof first === 'number') return first;
  if (typeof first === 'string') return first;
  return JSON.stringify(first);
}

/** Missing values sort last in both directions' base order, as most servers do. */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const as = String(a);
  const bs = String(b);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

function buildBundle(
  ctx: SearchContext,
  resourceType: string,
  pairs: readonly (readonly [string, string])[],
  matches: Resource[],
  total: number,
  count: number,
  offset: number,
): Bundle {
  const page = matches.slice(offset, offset + count);
  const link = (relation: string, pageOffset: number): BundleLink => {
    const params = new URLSearchParams();
    for (const [k, v] of pairs) {
      if (k !== '_offset' && k !== '_count') params.append(k, v);
    }
    params.set('_count', String(count));
    params.set('_offset', String(pageOffset));
    return { relation, url: `${ctx.baseUrl}/${resourceType}?${params.toString()}` };
  };
  const links: BundleLink[] = [link('self', offset)];
  if (count > 0 && offset + count < total) links.push(link('next', offset + count));
  if (count > 0 && offset > 0) links.push(link('previous', Math.max(0, offset - count)));
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: links,
    ...(page.length > 0
      ? {
          entry: page.map((resource) => ({
            fullUrl: `${ctx.baseUrl}/${resource.resourceType}/${resource.id}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}
