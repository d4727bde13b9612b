import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the console's session cookie. */
export const CONSOLE_COOKIE = 'omrs_console';

/** How a request proved it may use the console. */
export type ConsoleAccess = 'bearer' | 'cookie' | null;

/** The console's token checks; see {@link createConsoleAuth}. */
export interface ConsoleAuth {
  /** False when no ADMIN_TOKEN is configured: the console refuses everyone. */
  readonly enabled: boolean;
  /** Whether `given` is the admin token (constant time). */
  isToken(given: string | undefined): boolean;
  /** `Authorization: Bearer <token>` or a valid session cookie. */
  access(headers: { authorization?: string | undefined; cookie?: string | undefined }): ConsoleAccess;
  /** The session cookie's value (derived from the token, so the token itself is never stored in the browser). */
  readonly sessionValue: string;
  /** The hidden form field that proves a cookie-authenticated POST came from a console page. */
  readonly csrfToken: string;
  isCsrfToken(given: string | undefined): boolean;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The value of cookie `name` in a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Token checks for the staff console. `token` is ADMIN_TOKEN; undefined disables the console (every
 * check fails). The cookie and CSRF values are HMACs of the token, so rotating ADMIN_TOKEN signs
 * everyone out.
 */
export function createConsoleAuth(token: string | undefined): ConsoleAuth {
  const derive = (purpose: string) =>
    token === undefined ? '' : createHmac('sha256', token).update(purpose).digest('base64url');
  const sessionValue = derive('omrs-console-session-v1');
  const csrfToken = derive('omrs-console-csrf-v1');
  const enabled = token !== undefined;
  return {
    enabled,
    sessionValue,
    csrfToken,
    isToken: (given) => token !== undefined && given !== undefined && sameSecret(given, token),
    access(headers) {
      if (token === undefined) return null;
      const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
      if (bearer !== undefined && sameSecret(bearer.trim(), token)) return 'bearer';
      const cookie = readCookie(headers.cookie, CONSOLE_COOKIE);
      if (cookie !== undefined && sameSecret(cookie, sessionValue)) return 'cookie';
      return null;
    },
    isCsrfToken: (given) => enabled && given !== undefined && sameSecret(given, csrfToken),
  };
}
