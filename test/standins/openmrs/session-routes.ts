import { O3 } from './o3-metadata.ts';
import { restError } from './openmrs-errors.ts';
import { bodyObject, optString } from './request-fields.ts';
import { locationNode, type NodeContext, providerNode } from './rest-nodes.ts';
import { project, restLinks } from './rest-representation.ts';
import type { AuthService } from './session-auth.ts';
import type { RouteDef } from './standin-router.ts';
import type { SessionRecord } from './standin-state.ts';

/** Locales from the recorded session body (fixture rest_session_response_legacy.json). */
const ALLOWED_LOCALES = ['en', 'en_GB', 'es', 'fr', 'it', 'pt'];

/**
 * `SessionController1_9` body (openmrs.md §3.3): `authenticated`, `locale`, `allowedLocales`, and when
 * authenticated `user` (custom rep), `sessionLocation` (REF or null) and `currentProvider`. No `sessionId`
 * since webservices.rest 2.38.0; the id travels only in `Set-Cookie`.
 */
function sessionBody(ctx: NodeContext, session: SessionRecord | undefined): unknown {
  if (!session) return { authenticated: false, locale: 'en_GB', allowedLocales: ALLOWED_LOCALES };
  const location = locationNode(ctx, session.sessionLocationUuid);
  const provider = providerNode(ctx, O3.adminProvider);
  return {
    authenticated: true,
    user: {
      uuid: O3.adminUser,
      display: 'admin',
      username: 'admin',
      systemId: 'admin',
      userProperties: { loginAttempts: '0' },
      person: { uuid: O3.adminPerson, display: 'Super User' },
      privileges: [],
      roles: [
        { uuid: O3.systemDeveloperRole, display: 'System Developer', name: 'System Developer' },
        { uuid: O3.providerRole, display: 'Provider', name: 'Provider' },
      ],
      links: restLinks(ctx.baseUrl, `user/${O3.adminUser}`).slice(0, 1),
    },
    locale: session.locale,
    allowedLocales: ALLOWED_LOCALES,
    sessionLocation: location ? project(location, 'ref') : null,
    currentProvider: provider ? project(provider, 'ref') : null,
  };
}

/** `GET`/`POST`/`DELETE /ws/rest/v1/session` (openmrs.md §3.2, §3.3). */
export function sessionRoutes(ctx: NodeContext, auth: AuthService): RouteDef[] {
  const pattern = '/ws/rest/v1/session';
  return [
    {
      method: 'GET',
      pattern,
      auth: 'rest-open',
      // Bad credentials are not an error here: 200 with authenticated=false (openmrs.md §3.2).
      handle: (req) => ({ status: 200, body: sessionBody(ctx, req.session) }),
    },
    {
      method: 'POST',
      pattern,
      auth: 'rest-open',
      handle: (req) => {
        const body = bodyObject(req);
        const locale = optString(body.locale);
        const locationUuid = optString(body.sessionLocation);
        if (locale !== null && !ALLOWED_LOCALES.includes(locale)) {
          throw restError(500, `Locale ${locale} is not in allowed locales`, {
            codeClass:
              'org.openmrs.module.webservices.rest.web.v1_0.controller.openmrs1_9.SessionController1_9:0',
          });
        }
        // An unknown location is an APIException → 500 (openmrs.md §3.3).
        if (locationUuid !== null && !ctx.state.locations.has(locationUuid)) {
          throw restError(500, `'${locationUuid}' is not the UUID of any location.`, {
            codeClass:
              'org.openmrs.module.webservices.rest.web.v1_0.controller.openmrs1_9.SessionController1_9:0',
          });
        }
        if (req.session) {
          if (locale !== null) req.session.locale = locale;
          if (locationUuid !== null) req.session.sessionLocationUuid = locationUuid;
        }
        return { status: 200, body: sessionBody(ctx, req.session) };
      },
    },
    {
      method: 'DELETE',
      pattern,
      auth: 'rest-open',
      handle: (req) => {
        // Context.logout() + session.invalidate() → 204 (openmrs.md §3.2).
        if (req.session) auth.invalidate(req.session.id);
        req.session = undefined;
        return { status: 204, kind: 'empty' };
      },
    },
  ];
}
