import { type HttpError, restError } from './openmrs-errors.ts';

/** A named REST representation (openmrs.md §4: `?v=ref|default|full|custom:(…)`). */
export type RepName = 'ref' | 'default' | 'full';

/** A representation spec: property names, optionally with a nested spec or named representation. */
export type Spec = readonly SpecItem[];
export type SpecItem = string | readonly [string, Spec | RepName];

/** The three named representations of one resource type, as property specs over its node data. */
export interface KindSpecs {
  readonly ref: Spec;
  readonly default: Spec;
  readonly full: Spec;
}

/**
 * One OpenMRS object with every property any representation may show. Representations are projections
 * of it, so `default`, `full` and `custom:(…)` always agree with each other.
 */
export class RestNode {
  constructor(
    readonly specs: KindSpecs,
    readonly data: Readonly<Record<string, unknown>>,
    /** Java class name, used in the ConversionException of an unknown custom property. */
    readonly className: string,
  ) {}
}

/** `[{rel:self}, {rel:full}]` links as the REST module writes them (fixture rest_patient_search_response.json). */
export function restLinks(baseUrl: string, resourcePath: string): Array<{ rel: string; uri: string }> {
  const uri = `${baseUrl}/ws/rest/v1/${resourcePath}`;
  return [
    { rel: 'self', uri },
    { rel: 'full', uri: `${uri}?v=full` },
  ];
}

/**
 * Projects a value to a representation. Nested nodes named without a sub-spec get their default
 * representation; a custom property the resource does not have is a 400 ConversionException, as in
 * `BaseDelegatingResource` (strict on purpose: a typo in a client's `v=custom:` must not pass silently).
 */
export function project(value: unknown, rep: Spec | RepName): unknown {
  if (Array.isArray(value)) return value.map((item) => project(item, rep));
  if (!(value instanceof RestNode)) return value;
  const spec = typeof rep === 'string' ? value.specs[rep] : rep;
  const out: Record<string, unknown> = {};
  for (const item of spec) {
    const [name, sub] = typeof item === 'string' ? [item, undefined] : item;
    if (!Object.hasOwn(value.data, name)) {
      throw restError(400, `Unknown property '${name}' on class ${value.className}`, {
        codeClass: 'org.openmrs.module.webservices.rest.web.ConversionUtil:0',
      });
    }
    const raw = value.data[name];
    if (name === 'links' && rep === 'ref' && Array.isArray(raw)) {
      out[name] = raw.filter((l: { rel?: string }) => l.rel === 'self');
    } else {
      out[name] = project(raw, sub ?? 'default');
    }
  }
  return out;
}

/**
 * Parses `?v=`: `ref`, `default` (also when absent), `full`, or `custom:(a,b:(c),d:ref)`.
 * @throws HttpError 400 for anything else
 */
export function parseRepresentation(v: string | null): Spec | RepName {
  if (v === null || v === '' || v === 'default') return 'default';
  if (v === 'ref' || v === 'full') return v;
  if (v.startsWith('custom:')) {
    const text = v.slice('custom:'.length).replace(/\s+/g, '');
    const [spec, rest] = parseList(text, 0);
    if (rest !== text.length) throw badRep(v);
    return spec;
  }
  throw badRep(v);
}

function badRep(v: string): HttpError {
  return restError(400, `Unknown representation: ${v}`, {
    codeClass: 'org.openmrs.module.webservices.rest.web.RequestContext:0',
  });
}

function parseList(text: string, start: number): [Spec, number] {
  if (text[start] !== '(') throw badRep(text);
  const items: SpecItem[] = [];
  let i = start + 1;
  for (;;) {
    const m = /^[A-Za-z0-9_]+/.exec(text.slice(i));
    if (!m) throw badRep(text);
    const name = m[0];
    i += name.length;
    if (text[i] === ':') {
      i++;
      if (text[i] === '(') {
        const [sub, next] = parseList(text, i);
        items.push([name, sub]);
        i = next;
      } else {
        const named = /^(ref|default|full)/.exec(text.slice(i));
        if (!named) throw badRep(text);
        items.push([name, named[1] as RepName]);
        i += named[1]!.length;
      }
    } else {
      items.push(name);
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ')') return [items, i + 1];
    throw badRep(text);
  }
}
