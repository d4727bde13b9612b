import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/app-error.ts';
import { OpenmrsClient, sessionIdFrom } from './openmrs-client.ts';

interface FakeServer {
  fetch: typeof fetch;
  logins: number;
  failedLogins: number;
  requests: Array<{ method: string; path: string; headers: Headers }>;
  sessions: Set<string>;
  password: string;
  down: boolean;
}

/** A tiny OpenMRS-shaped server: Basic on GET session, cookie sessions, 401 HTML for stale cookies. */
function fakeServer(password = 'Admin123'): FakeServer {
  const server: FakeServer = {
    logins: 0,
    failedLogins: 0,
    requests: [],
    sessions: new Set(),
    password,
    down: false,
    fetch: async (input, init) => {
      if (server.down) throw new TypeError('fetch failed');
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      const path = url.pathname.replace('/openmrs/ws/rest/v1/', '');
      server.requests.push({ method: init?.method ?? 'GET', path, headers });
      const cookie = /JSESSIONID=(\w+)/.exec(headers.get('cookie') ?? '')?.[1];
      if (cookie !== undefined && !server.sessions.has(cookie)) {
        return new Response('<html>Session timed out</html>', {
          status: 401,
          headers: { 'content-type': 'text/html' },
        });
      }
      if (path === 'session' && cookie === undefined) {
        const auth = headers.get('authorization') ?? '';
        const ok = auth === `Basic ${Buffer.from(`admin:${server.password}`).toString('base64')}`;
        if (!ok) {
          server.failedLogins++;
          return Response.json({ authenticated: false });
        }
        server.logins++;
        const id = `S${server.logins}`;
        server.sessions.add(id);
        return Response.json(
          { authenticated: true },
          { headers: { 'set-cookie': `JSESSIONID=${id}; Path=/openmrs; HttpOnly` } },
        );
      }
      if (cookie === undefined)
        return Response.json({ error: { message: 'not logged in' } }, { status: 401 });
      return Response.json({ ok: path });
    },
  };
  return server;
}

function clientFor(server: FakeServer, options: { password?: string; now?: () => number } = {}) {
  return new OpenmrsClient({
    baseUrl: 'http://omrs.test/openmrs/',
    username: 'admin',
    password: options.password ?? 'Admin123',
    timeoutMs: 1_000,
    authCooldownMs: 60_000,
    fetch: server.fetch,
    now: options.now ?? Date.now,
  });
}

describe('OpenmrsClient', () => {
  it('logs in once with Basic, then sends only the cookie and Disable-WWW-Authenticate', async () => {
    const server = fakeServer();
    const client = clientFor(server);
    const results = await Promise.all([
      client.get('patient?q=x', 'a'),
      client.get('location', 'b'),
      client.post('encounter', {}, 'c'),
    ]);
    expect(results.map((r) => r.body)).toEqual([{ ok: 'patient' }, { ok: 'location' }, { ok: 'encounter' }]);
    expect(server.logins).toBe(1);
    const [login, ...rest] = server.requests;
    expect(login?.headers.get('authorization')).toMatch(/^Basic /);
    for (const r of rest) {
      expect(r.headers.get('authorization')).toBeNull();
      expect(r.headers.get('cookie')).toBe('JSESSIONID=S1');
    }
    for (const r of server.requests) expect(r.headers.get('disable-www-authenticate')).toBe('true');
  });

  it('on 401 drops the cookie and logs in again once, shared by concurrent requests', async () => {
    const server = fakeServer();
    const client = clientFor(server);
    await client.get('location', 'warm');
    server.sessions.clear();
    await Promise.all([client.get('a', 'a'), client.get('b', 'b'), client.get('c', 'c')]);
    expect(server.logins).toBe(2);
  });

  it('a second 401 after a fresh login is EHR_AUTH_FAILED, without a loop', async () => {
    const server = fakeServer();
    const inner = server.fetch;
    server.fetch = async (input, init) => {
      const res = await inner(input, init);
      // Every session dies at once: the resource itself always answers 401.
      if (String(input).endsWith('/forbidden')) server.sessions.clear();
      return res.status === 200 && String(input).endsWith('/forbidden')
        ? new Response('', { status: 401 })
        : res;
    };
    const client = clientFor(server);
    const err = await client.get('forbidden', 'GET forbidden').catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_AUTH_FAILED')).toBe(true);
    expect(server.logins).toBe(2);
  });

  it('a refused login fails at once with EHR_AUTH_FAILED and cools down before trying again', async () => {
    const server = fakeServer();
    let clock = 0;
    const client = clientFor(server, { password: 'wrong', now: () => clock });
    const errors = await Promise.all(
      Array.from({ length: 5 }, () => client.get('location', 'x').catch((e: unknown) => e)),
    );
    expect(errors.every((e) => isAppError(e, 'EHR_AUTH_FAILED') && !e.retryable)).toBe(true);
    expect(server.failedLogins).toBe(1);
    clock = 59_999;
    await client.get('location', 'x').catch(() => undefined);
    expect(server.failedLogins).toBe(1);
    clock = 60_000;
    await client.get('location', 'x').catch(() => undefined);
    expect(server.failedLogins).toBe(2);
  });

  it('network errors are EHR_UNAVAILABLE and do not start a cool-down', async () => {
    const server = fakeServer();
    const client = clientFor(server);
    server.down = true;
    const err = await client.get('location', 'x').catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_UNAVAILABLE') && err.retryable).toBe(true);
    server.down = false;
    expect((await client.get('location', 'x')).body).toEqual({ ok: 'location' });
  });

  it('a login without a session cookie is EHR_UNAVAILABLE, not an auth failure', async () => {
    const client = new OpenmrsClient({
      baseUrl: 'http://omrs.test/openmrs',
      username: 'admin',
      password: 'Admin123',
      timeoutMs: 1_000,
      authCooldownMs: 60_000,
      fetch: async () => Response.json({ authenticated: true }),
      now: Date.now,
    });
    const err = await client.get('location', 'x').catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_UNAVAILABLE')).toBe(true);
  });

  it('reads JSESSIONID among several Set-Cookie headers', () => {
    const headers = new Headers();
    headers.append('set-cookie', 'other=1; Path=/');
    headers.append('set-cookie', 'JSESSIONID=ABC123; Path=/openmrs; HttpOnly');
    expect(sessionIdFrom(headers)).toBe('ABC123');
    expect(sessionIdFrom(new Headers())).toBeUndefined();
  });
});
