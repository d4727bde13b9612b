import { AppError } from '../../shared/app-error.ts';
import { type OpenmrsApi, openmrsHttpError, openmrsUnexpected, openmrsUnreachable } from './openmrs-error.ts';
import { SessionSchema } from './openmrs-schemas.ts';

export interface OpenmrsClientOptions {
  /** The web app root, e.g. `http://localhost/openmrs` (a trailing slash is ignored). */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  /** Per HTTP request, in milliseconds. */
  readonly timeoutMs: number;
  /** After a refused login, no new login is tried for this long (openmrs.md §3.2 lockout). */
  readonly authCooldownMs: number;
  readonly fetch?: typeof fetch;
  /** Clock in epoch ms (cool-down). */
  readonly now: () => number;
}

/** A 2xx answer: status and the JSON body (undefined when empty or not JSON). */
export interface OpenmrsResponse {
  readonly status: number;
  readonly body: unknown;
}

type Method = 'GET' | 'POST' | 'DELETE';

const SESSION_PATH = 'session';

/**
 * HTTP to one OpenMRS web app under `/ws/rest/v1/`, with the session handling the reference asks for
 * (openmrs.md §3.2, §10.2):
 * - one login with Basic on `GET session`, accepted only when the body says `authenticated: true`
 *   (a bad password is a 200 with `false`); the `JSESSIONID` comes from `Set-Cookie` (the body has no
 *   `sessionId` since webservices.rest 2.38);
 * - afterwards only the cookie is sent (every Basic request is a full login with a DB write), plus
 *   `Disable-WWW-Authenticate: true`;
 * - concurrent requests share the one login in flight;
 * - a 401 drops the cookie and logs in again once for that request; a second 401 is `EHR_AUTH_FAILED`;
 * - a refused login starts a cool-down during which no login is tried and every call fails at once
 *   with `EHR_AUTH_FAILED` (not retryable): 7 failures lock the account for 5 minutes, and a retry
 *   loop would keep it locked for good.
 */
export class OpenmrsClient {
  private readonly restBase: string;
  private readonly fetchImpl: typeof fetch;
  private readonly basic: string;
  private cookie: string | undefined;
  private loginInFlight: Promise<string> | undefined;
  private blockedUntil = 0;

  constructor(private readonly options: OpenmrsClientOptions) {
    this.restBase = `${options.baseUrl.replace(/\/+$/, '')}/ws/rest/v1/`;
    this.fetchImpl = options.fetch ?? fetch;
    this.basic = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** `GET path` (relative to `/ws/rest/v1/`, query included). Non-2xx → AppError. */
  get(path: string, op: string, api: OpenmrsApi = 'rest'): Promise<OpenmrsResponse> {
    return this.request('GET', path, undefined, op, api);
  }

  /** `POST path` with a JSON body. Non-2xx → AppError. */
  post(path: string, body: unknown, op: string, api: OpenmrsApi = 'rest'): Promise<OpenmrsResponse> {
    return this.request('POST', path, body, op, api);
  }

  /** Ends the server session (`DELETE session` → 204), if there is one. Errors are ignored. */
  async logout(): Promise<void> {
    const cookie = this.cookie;
    this.cookie = undefined;
    if (cookie === undefined) return;
    try {
      await this.fetchOnce('DELETE', SESSION_PATH, undefined, this.sessionHeaders(cookie), 'DELETE session');
    } catch {
      // The session times out on its own; nothing to do.
    }
  }

  private async request(
    method: Method,
    path: string,
    body: unknown,
    op: string,
    api: OpenmrsApi,
  ): Promise<OpenmrsResponse> {
    let cookie = await this.session();
    let res = await this.fetchOnce(method, path, body, this.sessionHeaders(cookie), op);
    if (res.status === 401) {
      // Stale session (timed out, server restarted): the REST filter answers 401 even with Basic
      // present (openmrs.md §3.2). Drop it (unless a concurrent request already replaced it), log in
      // again once, and resend: a 401 means the request was not processed, so resending a POST is safe.
      this.dropCookie(cookie);
      cookie = await this.session();
      res = await this.fetchOnce(method, path, body, this.sessionHeaders(cookie), op);
      if (res.status === 401) {
        this.dropCookie(cookie);
        throw openmrsHttpError(401, res.body, op, api);
      }
    }
    if (res.status < 200 || res.status > 299) throw openmrsHttpError(res.status, res.body, op, api);
    return res;
  }

  private dropCookie(cookie: string): void {
    if (this.cookie === cookie) this.cookie = undefined;
  }

  private sessionHeaders(cookie: string): Record<string, string> {
    return { Cookie: `JSESSIONID=${cookie}`, 'Disable-WWW-Authenticate': 'true' };
  }

  /** The current session cookie, logging in (once, shared by concurrent callers) when there is none. */
  private session(): Promise<string> {
    if (this.cookie !== undefined) return Promise.resolve(this.cookie);
    if (this.loginInFlight) return this.loginInFlight;
    const waitMs = this.blockedUntil - this.options.now();
    if (waitMs > 0) {
      return Promise.reject(
        new AppError('EHR_AUTH_FAILED', 'OpenMRS login is cooling down after a refused login', {
          details: { retryInMs: waitMs },
        }),
      );
    }
    const login = this.login().finally(() => {
      if (this.loginInFlight === login) this.loginInFlight = undefined;
    });
    this.loginInFlight = login;
    return login;
  }

  private async login(): Promise<string> {
    const op = 'GET session';
    const res = await this.fetchOnce(
      'GET',
      SESSION_PATH,
      undefined,
      { Authorization: this.basic, 'Disable-WWW-Authenticate': 'true' },
      op,
    );
    if (res.status === 401 || res.status === 403) throw this.refused(res.status);
    if (res.status < 200 || res.status > 299) throw openmrsHttpError(res.status, res.body, op, 'rest');
    const session = SessionSchema.safeParse(res.body);
    if (!session.success) throw openmrsUnexpected(op);
    // 200 with authenticated=false is how OpenMRS says "wrong username or password" or "locked out".
    if (!session.data.authenticated) throw this.refused(res.status);
    const cookie = res.sessionId;
    if (cookie === undefined) {
      // Without a cookie every call would be a full Basic login (openmrs.md §3.2); a proxy that strips
      // Set-Cookie is a deployment fault to fix, not a reason to hammer the login.
      throw new AppError('EHR_UNAVAILABLE', 'OpenMRS login gave no JSESSIONID cookie', {
        retryable: true,
        details: { operation: op },
      });
    }
    this.cookie = cookie;
    return cookie;
  }

  private refused(status: number): AppError {
    this.blockedUntil = this.options.now() + this.options.authCooldownMs;
    return new AppError('EHR_AUTH_FAILED', 'OpenMRS refused the service-account credentials', {
      details: { status, operation: 'GET session', coolDownMs: this.options.authCooldownMs },
    });
  }

  private async fetchOnce(
    method: Method,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    op: string,
  ): Promise<{ status: number; body: unknown; sessionId: string | undefined }> {
    const all: Record<string, string> = { Accept: 'application/json', ...headers };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(`${this.restBase}${path}`, {
        method,
        headers: all,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      text = await res.text();
    } catch (err) {
      throw openmrsUnreachable(op, err);
    }
    let parsed: unknown;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // HTML error pages (Tomcat 401, nginx 502/503) are not JSON; the status says enough.
        parsed = undefined;
      }
    }
    return { status: res.status, body: parsed, sessionId: sessionIdFrom(res.headers) };
  }
}

/** `JSESSIONID` from `Set-Cookie` (openmrs.md §3.3: the session body has no `sessionId`). */
export function sessionIdFrom(headers: Headers): string | undefined {
  const values =
    typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') ?? ''];
  for (const value of values) {
    const match = /(?:^|[;,]\s*)JSESSIONID=([^;,\s]+)/.exec(value);
    if (match?.[1]) return match[1];
  }
  return undefined;
}
