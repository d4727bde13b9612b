import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InternalEvent } from '../conversation/events.ts';
import { newSession } from '../conversation/session.ts';
import { ENVELOPE_VERSION } from '../jobs/conversation-envelope.ts';
import { createMemoryConversationStore } from '../sessions/memory/memory-conversation-store.ts';
import { pseudonym } from '../shared/hash.ts';
import { createMemoryDeliveryStore } from '../whatsapp/memory/memory-delivery-store.ts';
import { createConsoleAuth } from './console-auth.ts';
import { consolePlugin } from './console-plugin.ts';

const TOKEN = 'unit-test-admin-token';
const NOW = Date.UTC(2026, 0, 14, 9, 0);
const KEY = '254700000001';
const REF = pseudonym(KEY);

let app: FastifyInstance;
let appended: Array<{ convKey: string; event: InternalEvent }>;
const store = createMemoryConversationStore({ now: () => NOW });
const deliveries = createMemoryDeliveryStore({ now: () => NOW });
/** What `store.lastInbound` answers: the 24-hour window (kept apart from the session by the real stores). */
let windowAt: number | null = NOW - 5 * 60_000;
const consoleStore = {
  listSessions: (limit: number) => store.listSessions(limit),
  lastInbound: async () => windowAt,
};

async function seed(engine: Record<string, unknown>, lastInboundAt = NOW - 5 * 60_000) {
  await store.commit({
    convKey: KEY,
    expectedVersion: (await store.loadSession(KEY))?.version ?? 0,
    session: {
      envelopeVersion: ENVELOPE_VERSION,
      identity: { key: KEY, waId: KEY, profileName: 'Wanjiru K' },
      language: 'sw',
      lastInboundAt,
      transcript: [
        { dir: 'in', at: lastInboundAt, text: 'Nina homa <b>kali</b>' },
        { dir: 'staff', at: NOW, text: 'Pole sana' },
        { dir: 'out', at: NOW, text: 'Pole sana' },
      ],
      engine,
    },
    ttl: { refreshMs: 3600_000 },
    consumed: [],
    outbox: [],
  });
}

beforeEach(async () => {
  appended = [];
  windowAt = NOW - 5 * 60_000;
  app = Fastify();
  await app.register(
    consolePlugin({
      token: TOKEN,
      runtime: () => ({
        store: consoleStore,
        deliveries,
        appendInternal: async (convKey, event) => {
          appended.push({ convKey, event });
        },
      }),
      clinic: { name: 'Test Clinic', timeZone: 'Africa/Nairobi' },
      now: () => NOW,
    }),
  );
  await seed({
    ...newSession({ language: 'sw', now: NOW }),
    state: 'COMPLETED',
    patient: { id: 'p1', givenName: 'Wanjiru', registration: 'done' },
    complaint: 'Nina homa kali',
    triage: {
      urgency: 3,
      disposition: 'urgent',
      redFlags: [],
      reasons: ['Fever'],
      pertinentPositives: [],
      pertinentNegatives: [],
      complaintGroup: 'fever',
      summary: 'Fever, urgent.',
    },
  });
});

afterEach(async () => {
  await app.close();
});

const bearer = { authorization: `Bearer ${TOKEN}` };

describe('staff console', () => {
  it('answers 401 without the token, with a wrong one, and to a forged cookie', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { cookie: 'omrs_console=nope' }]) {
      const res = await app.inject({ url: '/console/api/queue', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
    const page = await app.inject({ url: '/console', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain('name="token"');
  });

  it('lists the queue for a bearer token, without phone numbers, with the patient text escaped', async () => {
    const res = await app.inject({ url: '/console/api/queue', headers: bearer });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(KEY);
    const rows = res.json().rows as Array<{
      ref: string;
      urgency: number;
      colour: string;
      firstName: string;
    }>;
    expect(rows).toEqual([
      expect.objectContaining({ ref: REF, urgency: 3, colour: 'yellow', firstName: 'Wanjiru' }),
    ]);
    const page = await app.inject({ url: `/console/c/${REF}`, headers: bearer });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nina homa &lt;b&gt;kali&lt;/b&gt;');
    expect(page.body).not.toContain('<b>kali</b>');
    // A staff message is shown once, not again as the bot's send.
    expect(page.body.match(/Pole sana/g)).toHaveLength(1);
    expect(page.body).toContain('window-open');
  });

  it('signs in with the form: an HttpOnly SameSite=Strict cookie that is not the token', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=wrong',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('not right');
    const ok = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${TOKEN}`,
    });
    expect(ok.statusCode).toBe(303);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0] ?? '';
    const queue = await app.inject({ url: '/console', headers: { cookie: session } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Wanjiru');
  });

  it('puts staff actions into the conversation; a cookie session needs the CSRF field', async () => {
    const auth = createConsoleAuth(TOKEN);
    const cookie = `omrs_console=${auth.sessionValue}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const noCsrf = await app.inject({ method: 'POST', url: `/console/c/${REF}/takeover`, headers: form });
    expect(noCsrf.statusCode).toBe(403);
    expect(appended).toEqual([]);

    const csrf = `csrf=${encodeURIComponent(auth.csrfToken)}`;
    const take = await app.inject({
      method: 'POST',
      url: `/console/c/${REF}/takeover`,
      headers: form,
      payload: csrf,
    });
    expect(take.statusCode).toBe(303);
    const reply = await app.inject({
      method: 'POST',
      url: `/console/c/${REF}/reply`,
      headers: { ...form, accept: 'application/json' },
      payload: `${csrf}&text=${encodeURIComponent('Habari, ni muuguzi')}`,
    });
    expect(reply.statusCode).toBe(200);
    const empty = await app.inject({
      method: 'POST',
      url: `/console/c/${REF}/reply`,
      headers: form,
      payload: `${csrf}&text=%20`,
    });
    expect(empty.statusCode).toBe(400);
    const back = await app.inject({ method: 'POST', url: `/console/c/${REF}/handback`, headers: bearer });
    expect(back.statusCode).toBe(303);
    expect(appended).toEqual([
      { convKey: KEY, event: { type: 'staff_takeover', staffRef: 'console' } },
      { convKey: KEY, event: { type: 'staff_message', staffRef: 'console', text: 'Habari, ni muuguzi' } },
      { convKey: KEY, event: { type: 'staff_handback', staffRef: 'console' } },
    ]);
    const unknown = await app.inject({
      method: 'POST',
      url: '/console/c/0000000000000000/takeover',
      headers: bearer,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('shows a closed 24-hour window: the reply would go out as the template', async () => {
    windowAt = NOW - 25 * 3600_000;
    const page = await app.inject({ url: `/console/c/${REF}`, headers: bearer });
    expect(page.body).toContain('window-closed');
    expect(page.body).toContain('re-engagement template');
  });

  it('accepts the token in the sign-in URL only when allowed (sandbox)', async () => {
    const res = await app.inject({ url: `/console/login?token=${TOKEN}` });
    expect(res.statusCode).toBe(401);
    const sandbox = Fastify();
    await sandbox.register(
      consolePlugin({
        token: TOKEN,
        runtime: () => ({ store: consoleStore, deliveries, appendInternal: async () => {} }),
        clinic: { name: 'Test Clinic', timeZone: 'UTC' },
        allowTokenInUrl: true,
      }),
    );
    const ok = await sandbox.inject({ url: `/console/login?token=${TOKEN}` });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/console');
    await sandbox.close();
  });
});
