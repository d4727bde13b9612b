import { modelError } from './model-error.ts';

/** Gives a bearer token for Vertex AI (injectable so tests need no Google credentials). */
export interface AccessTokenSource {
  /**
   * @param signal the call's deadline
   * @returns an OAuth2 access token with the cloud-platform scope
   * @throws AppError MODEL_AUTH (or MODEL_TIMEOUT when `signal` aborts first)
   */
  getAccessToken(signal: AbortSignal): Promise<string>;
}

/** A freshly minted token and when it expires (epoch ms; undefined when the issuer did not say). */
export interface MintedToken {
  token: string;
  expiresAt?: number;
}

/** Options of `createCachedAccessTokenSource`. */
export interface CachedTokenOptions {
  /** Refresh when fewer than this many ms remain (AppointReady refreshes under 5 minutes, A5.1 [S18]). */
  refreshMarginMs?: number;
  /** Lifetime assumed when the issuer gives no expiry. */
  defaultTtlMs?: number;
  now?: () => number;
}

/** The OAuth scope Vertex needs (reference A5.1 "Auth"). */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Caches a token until it is near expiry; concurrent callers share one refresh. A failed refresh is
 * not cached (the next call tries again). The mint itself cannot be cancelled, but a caller whose
 * deadline passes stops waiting for it.
 *
 * @param mint gets a new token (e.g. from google-auth-library)
 * @param options margins and clock
 */
export function createCachedAccessTokenSource(
  mint: () => Promise<MintedToken>,
  options: CachedTokenOptions = {},
): AccessTokenSource {
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const defaultTtl = options.defaultTtlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  function refresh(): Promise<string> {
    inFlight ??= (async () => {
      try {
        const minted = await mint();
        if (typeof minted.token !== 'string' || minted.token === '') throw new Error('empty access token');
        cached = { token: minted.token, expiresAt: minted.expiresAt ?? now() + defaultTtl };
        return minted.token;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    async getAccessToken(signal) {
      if (cached !== undefined && cached.expiresAt - margin > now()) return cached.token;
      try {
        return await raceAbort(refresh(), signal);
      } catch (err) {
        if (signal.aborted) throw modelError('MODEL_TIMEOUT', 'model call timed out', { cause: 'timeout' });
        throw modelError('MODEL_AUTH', 'could not obtain a Vertex access token', { cause: 'auth' }, err);
      }
    },
  };
}

/**
 * Token source over google-auth-library: application-default credentials, or a service-account key
 * file; scope cloud-platform (reference A5.1 "Auth": `GoogleAuth` → `getClient()` →
 * `getAccessToken()`). The library is imported on first use so that deployments without Vertex do
 * not load it.
 *
 * @param options `keyFile`: path of a service-account JSON key (else ADC); cache options
 */
export function createGoogleAccessTokenSource(
  options: { keyFile?: string } & CachedTokenOptions = {},
): AccessTokenSource {
  let client:
    | Promise<{
        getAccessToken(): Promise<{ token?: string | null }>;
        credentials?: { expiry_date?: number | null };
      }>
    | undefined;
  return createCachedAccessTokenSource(async () => {
    client ??= (async () => {
      const { GoogleAuth } = await import('google-auth-library');
      const auth = new GoogleAuth({
        scopes: [CLOUD_PLATFORM_SCOPE],
        ...(options.keyFile === undefined ? {} : { keyFilename: options.keyFile }),
      });
      return auth.getClient();
    })().catch((err: unknown) => {
      client = undefined;
      throw err;
    });
    const c = await client;
    const { token } = await c.getAccessToken();
    const expiry = c.credentials?.expiry_date;
    return { token: token ?? '', ...(typeof expiry === 'number' ? { expiresAt: expiry } : {}) };
  }, options);
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
