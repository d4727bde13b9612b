import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { createCachedAccessTokenSource, createGoogleAccessTokenSource } from './access-token-source.ts';

describe('createCachedAccessTokenSource', () => {
  it('caches until near expiry, then refreshes; concurrent callers share one mint', async () => {
    let clock = 0;
    let mints = 0;
    const source = createCachedAccessTokenSource(
      async () => {
        mints++;
        await new Promise((r) => setTimeout(r, 5));
        return { token: `t${mints}`, expiresAt: clock + 3_600_000 };
      },
      { now: () => clock },
    );
    const signal = AbortSignal.timeout(5_000);
    expect(await Promise.all([source.getAccessToken(signal), source.getAccessToken(signal)])).toEqual([
      't1',
      't1',
    ]);
    clock += 3_600_000 - 5 * 60_000 - 1;
    expect(await source.getAccessToken(signal)).toBe('t1');
    clock += 1;
    expect(await source.getAccessToken(signal)).toBe('t2');
    expect(mints).toBe(2);
  });

  it('a failed mint is MODEL_AUTH and is not cached', async () => {
    let fail = true;
    const source = createCachedAccessTokenSource(async () => {
      if (fail) throw new Error('no credentials');
      return { token: 'ok' };
    });
    const err = await source.getAccessToken(AbortSignal.timeout(1_000)).catch((e: unknown) => e);
    expect(isAppError(err, 'MODEL_AUTH')).toBe(true);
    fail = false;
    expect(await source.getAccessToken(AbortSignal.timeout(1_000))).toBe('ok');
  });

  it('a slow mint gives MODEL_TIMEOUT at the caller deadline', async () => {
    const source = createCachedAccessTokenSource(() => new Promise(() => {}));
    const err = await source.getAccessToken(AbortSignal.timeout(20)).catch((e: unknown) => e);
    expect(isAppError(err, 'MODEL_TIMEOUT')).toBe(true);
  });

  it('google-auth-library with an unreadable key file is MODEL_AUTH (no network)', async () => {
    const source = createGoogleAccessTokenSource({ keyFile: '/nonexistent/key.json' });
    const err = await source.getAccessToken(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(isAppError(err, 'MODEL_AUTH')).toBe(true);
  });
});
