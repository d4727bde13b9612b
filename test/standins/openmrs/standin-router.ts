import type { IncomingHttpHeaders } from 'node:http';
import type { StandinReply } from './openmrs-errors.ts';
import type { SessionRecord } from './standin-state.ts';

/**
 * How a route is authenticated:
 * - `rest`: webservices.rest filter, then 401 JSON without a user (openmrs.md §3.2);
 * - `rest-open`: the same filter (stale cookie → 401 "Session timed out") but no user required (`/session`);
 * - `fhir`: FHIR2 filter, 401 HTML page without a user (openmrs.md §2.2);
 * - `open`: nothing (FHIR `/metadata`).
 */
export type AuthMode = 'rest' | 'rest-open' | 'fhir' | 'open';

/** A parsed request as the handlers see it. */
export interface StandinRequest {
  readonly method: string;
  /** Path under the `/openmrs` context, e.g. `/ws/rest/v1/patient/abc`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
  /** The authenticated session, when the request carries one (or Basic created one). */
  session: SessionRecord | undefined;
}

/** One route: method, path pattern with `{name}` segments, auth mode and handler. */
export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly pattern: string;
  readonly auth: AuthMode;
  /** Returns the reply or throws an `HttpError`. */
  readonly handle: (req: StandinRequest) => StandinReply;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: RouteDef; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly pattern: string }
  | { readonly kind: 'none' };

/** Route key used by `counts()`: `METHOD pattern`, e.g. `POST /ws/rest/v1/appointment`. */
export function routeKey(route: Pick<RouteDef, 'method' | 'pattern'>): string {
  return `${route.method} ${route.pattern}`;
}

/** Segment-by-segment matcher; literal segments win over `{param}` segments. */
export class Router {
  private readonly routes: RouteDef[] = [];

  add(defs: readonly RouteDef[]): void {
    this.routes.push(...defs);
  }

  /** All route keys, for documentation and tests. */
  keys(): string[] {
    return this.routes.map(routeKey);
  }

  match(method: string, path: string): RouteMatch {
    const segments = path.split('/').filter((s) => s !== '');
    let best: { route: RouteDef; params: Record<string, string>; literals: number } | undefined;
    let patternOnly: string | undefined;
    for (const route of this.routes) {
      const pattern = route.pattern.split('/').filter((s) => s !== '');
      if (pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < pattern.length; i++) {
        const p = pattern[i]!;
        const s = segments[i]!;
        if (p.startsWith('{') && p.endsWith('}')) {
          params[p.slice(1, -1)] = decodeURIComponent(s);
        } else if (p === s) {
          literals++;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== method) {
        patternOnly ??= route.pattern;
        continue;
      }
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    if (best) return { kind: 'route', route: best.route, params: best.params };
    if (patternOnly) return { kind: 'method-not-allowed', pattern: patternOnly };
    return { kind: 'none' };
  }
}
