import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { InternalEvent } from '../conversation/events.ts';
import type { ConversationStore } from '../sessions/conversation-store.ts';
import type { DeliveryStore } from '../whatsapp/delivery-store.ts';
import { CONSOLE_COOKIE, type ConsoleAccess, createConsoleAuth } from './console-auth.ts';
import { type ConversationView, readConversationView, sortQueue, toQueueRow } from './conversation-view.ts';
import { readAsset, serveAsset } from './read-asset.ts';
import {
  type PageContext,
  renderConversationPage,
  renderLoginPage,
  renderQueuePage,
  renderQueueRegion,
  renderStatusRegion,
  renderTranscriptRegion,
} from './render-console-pages.ts';

/** The parts of the runtime the console reads and writes. */
export interface ConsoleRuntime {
  readonly store: Pick<ConversationStore, 'listSessions' | 'lastInbound'>;
  readonly deliveries: Pick<DeliveryStore, 'recent'>;
  readonly appendInternal: (convKey: string, event: InternalEvent) => Promise<void>;
}

/** Options of {@link consolePlugin}. */
export interface ConsolePluginOptions {
  /** ADMIN_TOKEN. Undefined: the console is disabled and answers 401 to everything. */
  readonly token: string | undefined;
  /**
   * The runtime, looked up per request: the composition root builds it after its HTTP plugins, so the
   * plugin cannot receive it directly.
   */
  readonly runtime: () => ConsoleRuntime;
  readonly clinic: { readonly name: string; readonly timeZone: string };
  /**
   * Accept `GET /console/login?token=…` (sandbox only: the startup line prints such a link for a
   * first-time user; the token is swapped for a cookie and leaves the address bar at once).
   */
  readonly allowTokenInUrl?: boolean;
  /** Mark the session cookie `Secure` (set when the public URL is https). */
  readonly secureCookie?: boolean;
  /** How often open pages refresh their live parts, ms. Default 2000. */
  readonly pollMs?: number;
  /** Conversations listed at most. Default 1000. */
  readonly sessionLimit?: number;
  readonly now?: () => number;
}

const BASE = '/console';
/** Sessions live 24 h; "today's queue" is what patients wrote within that. */
const QUEUE_WINDOW_MS = 24 * 3600_000;
const COOKIE_MAX_AGE_S = 12 * 3600;
const STAFF_REF = 'console';
const DELIVERIES_SHOWN = 8;
const HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // Conversation refs are pseudonyms, but no page address needs to leave the console either.
  'referrer-policy': 'no-referrer',
};

const csrfForm = z.object({ csrf: z.string().max(200).optional() });
const replyForm = csrfForm.extend({ text: z.string().trim().min(1).max(4096) });
const loginForm = z.object({ token: z.string().max(1000) });
const refParams = z.object({ ref: z.string().regex(/^[0-9a-f]{16}$/) });

/**
 * The staff console under `/console`: today's triage queue (most urgent first, SATS colours), one
 * conversation's transcript and status, and take over / reply / hand back, which put `staff_takeover`,
 * `staff_message` and `staff_handback` events into the conversation (replies leave through the same
 * outbound worker, 24-hour rule included). Pages are server-rendered; `console.js` refreshes their live
 * parts every `pollMs` and submits forms without a reload.
 *
 * Auth: `Authorization: Bearer <ADMIN_TOKEN>`, or the HttpOnly SameSite=Strict cookie set by the sign-in
 * form (cookie-authenticated POSTs also need the page's CSRF field). Without a token configured,
 * everything answers 401. URLs carry only `pseudonym(convKey)`; logs only that and the action.
 *
 * Routes: `GET /console`, `GET /console/live`, `GET /console/api/queue` (JSON), `GET|POST
 * /console/login`, `POST /console/logout`, `GET /console/c/:ref`, `GET /console/c/:ref/live`,
 * `POST /console/c/:ref/{takeover,reply,handback}`, `GET /console/assets/console.{js,css}`.
 */
export function consolePlugin(options: ConsolePluginOptions): (app: FastifyInstance) => Promise<void> {
  const auth = createConsoleAuth(options.token);
  const now = options.now ?? Date.now;
  const assets = {
    js: readAsset(new URL('./console.js', import.meta.url)),
    css: readAsset(new URL('./console.css', import.meta.url)),
  };
  const pageBase = { basePath: BASE, clinicName: options.clinic.name, timeZone: options.clinic.timeZone };
  const ctx = (): PageContext => ({
    ...pageBase,
    now: now(),
    csrf: auth.csrfToken,
    pollMs: options.pollMs ?? 2000,
  });

  return async (app) => {
    // Sign-in and console forms post urlencoded bodies; only this plugin's routes parse them.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    const wantsHtml = (request: FastifyRequest) =>
      request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');

    /** 401: the sign-in page for a browser (or the "disabled" page), JSON for anything else. */
    const refuse = (
      request: FastifyRequest,
      reply: FastifyReply,
      page: { asPage?: boolean; error?: string } = {},
    ) => {
      void reply.code(401).headers(HEADERS).header('www-authenticate', 'Bearer realm="omrs-console"');
      if (page.asPage !== true && !wantsHtml(request)) return reply.send({ error: 'UNAUTHORIZED' });
      const error = auth.enabled ? page.error : undefined;
      return reply
        .type('text/html; charset=utf-8')
        .send(
          renderLoginPage(pageBase, { disabled: !auth.enabled, ...(error !== undefined ? { error } : {}) }),
        );
    };

    /** Who may go on; null after the 401 has been sent. */
    const guard = (request: FastifyRequest, reply: FastifyReply): ConsoleAccess => {
      const access = auth.access(request.headers);
      if (access === null) void refuse(request, reply);
      return access;
    };

    /** Cookie sessions must prove the POST came from a console page (SameSite=Strict is the first guard). */
    const csrfOk = (access: ConsoleAccess, body: unknown, reply: FastifyReply): boolean => {
      if (access === 'bearer') return true;
      const parsed = csrfForm.safeParse(body);
      if (parsed.success && auth.isCsrfToken(parsed.data.csrf)) return true;
      void reply.code(403).headers(HEADERS).send({ error: 'CSRF' });
      return false;
    };

    const sessionCookie = (value: string, maxAge: number) =>
      `${CONSOLE_COOKIE}=${value}; Path=${BASE}; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${options.secureCookie ? '; Secure' : ''}`;

    const signIn = (reply: FastifyReply) =>
      reply
        .code(303)
        .headers(HEADERS)
        .header('set-cookie', sessionCookie(auth.sessionValue, COOKIE_MAX_AGE_S))
        .header('location', BASE)
        .send();

    const views = async (): Promise<ConversationView[]> => {
      const sessions = await options.runtime().store.listSessions(options.sessionLimit ?? 1000);
      const t = now();
      return sessions
        .map((s) => readConversationView(s.convKey, s.data, t))
        .filter((v): v is ConversationView => v !== null);
    };

    const queue = async () => {
      const t = now();
      const today = (await views()).filter((v) => t - v.lastInboundAt < QUEUE_WINDOW_MS);
      const { deliveries } = options.runtime();
      const rows = await Promise.all(
        today.map(async (v) => toQueueRow(v, await deliveries.recent(v.convKey, 5))),
      );
      return sortQueue(rows);
    };

    const find = async (ref: string) => (await views()).find((v) => v.ref === ref);

    const extras = async (view: ConversationView) => {
      const runtime = options.runtime();
      const [deliveries, lastInbound] = await Promise.all([
        runtime.deliveries.recent(view.convKey, DELIVERIES_SHOWN),
        runtime.store.lastInbound(view.convKey),
      ]);
      return { deliveries, lastInbound };
    };

    const html = (reply: FastifyReply, page: string) =>
      reply.headers(HEADERS).type('text/html; charset=utf-8').send(page);

    serveAsset(app, `${BASE}/assets/console.js`, assets.js, 'text/javascript');
    serveAsset(app, `${BASE}/assets/console.css`, assets.css, 'text/css');

    app.get(`${BASE}/login`, async (request, reply) => {
      const token = (request.query as Record<string, unknown>).token;
      if (options.allowTokenInUrl === true && typeof token === 'string' && auth.isToken(token))
        return signIn(reply);
      if (auth.access(request.headers) !== null) return reply.code(303).header('location', BASE).send();
      return refuse(request, reply, {
        asPage: true,
        ...(typeof token === 'string' ? { error: 'That token is not right.' } : {}),
      });
    });

    app.post(`${BASE}/login`, async (request, reply) => {
      const parsed = loginForm.safeParse(request.body);
      if (parsed.success && auth.isToken(parsed.data.token)) {
        app.log.info({ console: 'sign-in' }, 'console: staff signed in');
        return signIn(reply);
      }
      app.log.warn({ console: 'sign-in' }, 'console: sign-in refused');
      return refuse(request, reply, { asPage: true, error: 'That token is not right.' });
    });

    app.post(`${BASE}/logout`, async (_request, reply) =>
      reply
        .code(303)
        .headers(HEADERS)
        .header('set-cookie', sessionCookie('', 0))
        .header('location', `${BASE}/login`)
        .send(),
    );

    app.get(BASE, async (request, reply) => {
      if (guard(request, reply) === null) return reply;
      return html(reply, renderQueuePage(await queue(), ctx()));
    });

    app.get(`${BASE}/live`, async (request, reply) => {
      if (guard(request, reply) === null) return reply;
      const page = ctx();
      return reply.headers(HEADERS).send({ regions: { queue: renderQueueRegion(await queue(), page) } });
    });

    app.get(`${BASE}/api/queue`, async (request, reply) => {
      if (guard(request, reply) === null) return reply;
      const rows = (await queue()).map(({ convKey: _omit, transcript: _t, ...row }) => row);
      return reply.headers(HEADERS).send({ rows });
    });

    app.get(`${BASE}/c/:ref`, async (request, reply) => {
      if (guard(request, reply) === null) return reply;
      const params = refParams.safeParse(request.params);
      const view = params.success ? await find(params.data.ref) : undefined;
      if (view === undefined) return notFound(reply);
      return html(reply, renderConversationPage(view, await extras(view), ctx()));
    });

    app.get(`${BASE}/c/:ref/live`, async (request, reply) => {
      if (guard(request, reply) === null) return reply;
      const params = refParams.safeParse(request.params);
      const view = params.success ? await find(params.data.ref) : undefined;
      if (view === undefined) return reply.code(404).headers(HEADERS).send({ error: 'NOT_FOUND' });
      const page = ctx();
      return reply.headers(HEADERS).send({
        regions: {
          status: renderStatusRegion(view, await extras(view), page),
          transcript: renderTranscriptRegion(view, page),
        },
      });
    });

    const staffAction = (
      name: 'takeover' | 'handback' | 'reply',
      event: (body: unknown) => InternalEvent | null,
    ) =>
      app.post(`${BASE}/c/:ref/${name}`, async (request, reply) => {
        const access = guard(request, reply);
        if (access === null || !csrfOk(access, request.body, reply)) return reply;
        const params = refParams.safeParse(request.params);
        const view = params.success ? await find(params.data.ref) : undefined;
        if (view === undefined) return reply.code(404).headers(HEADERS).send({ error: 'NOT_FOUND' });
        const internal = event(request.body);
        if (internal === null) return reply.code(400).headers(HEADERS).send({ error: 'BAD_REQUEST' });
        await options.runtime().appendInternal(view.convKey, internal);
        app.log.info({ conv: view.ref, action: name }, 'console: staff action');
        if ((request.headers.accept ?? '').includes('application/json'))
          return reply.headers(HEADERS).send({ ok: true });
        return reply.code(303).headers(HEADERS).header('location', `${BASE}/c/${view.ref}`).send();
      });

    staffAction('takeover', () => ({ type: 'staff_takeover', staffRef: STAFF_REF }));
    staffAction('handback', () => ({ type: 'staff_handback', staffRef: STAFF_REF }));
    staffAction('reply', (body) => {
      const parsed = replyForm.safeParse(body);
      return parsed.success ? { type: 'staff_message', staffRef: STAFF_REF, text: parsed.data.text } : null;
    });
  };
}

function notFound(reply: FastifyReply) {
  return reply
    .code(404)
    .headers(HEADERS)
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>Not found</title><p>This conversation has ended or was deleted. <a href="/console">Back to the queue</a></p></html>',
    );
}
