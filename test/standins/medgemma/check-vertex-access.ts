import { googleError, type RouteContext } from './standin-internals.ts';

/** Google's texts for a missing and a wrong OAuth token (what every googleapis front end answers). */
const MISSING_CREDENTIAL =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const INVALID_CREDENTIAL =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** Path ids of a Vertex endpoint URL. */
export interface VertexPathIds {
  project: string;
  region: string;
  endpointId: string;
}

/**
 * The Vertex front end's checks, before the request reaches the serving container: a valid
 * `Authorization: Bearer <OAuth2 access token>` (reference A5.1 "Auth (all Vertex variants)") and an
 * endpoint that exists (the configured project, region and endpoint id). Answers 401/404 with Google's
 * error JSON and returns false when a check fails.
 *
 * @param ctx the route context (answers through `ctx.out`)
 * @param ids the ids parsed from the path
 */
export function checkVertexAccess(ctx: RouteContext, ids: VertexPathIds): boolean {
  const auth = ctx.headers.authorization;
  const challenge = { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' };
  if (auth === undefined || auth === '') {
    ctx.record.rejection = 'unauthorized';
    ctx.out.json(401, googleError(401, MISSING_CREDENTIAL), challenge);
    return false;
  }
  const [scheme, token] = auth.split(' ', 2);
  if (scheme?.toLowerCase() !== 'bearer' || token !== ctx.options.vertex.accessToken) {
    ctx.record.rejection = 'unauthorized';
    ctx.out.json(401, googleError(401, INVALID_CREDENTIAL), challenge);
    return false;
  }
  const v = ctx.options.vertex;
  if (ids.project !== v.project || ids.region !== v.region || ids.endpointId !== v.endpointId) {
    ctx.record.rejection = 'unknown-endpoint';
    const name = `projects/${ids.project}/locations/${ids.region}/endpoints/${ids.endpointId}`;
    ctx.out.json(404, googleError(404, `Endpoint \`${name}\` not found.`));
    return false;
  }
  return true;
}
