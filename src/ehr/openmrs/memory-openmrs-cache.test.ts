import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/app-error.ts';
import { createMemoryOpenmrsCache } from './memory-openmrs-cache.ts';
import { guardOpenmrsCache } from './openmrs-cache.ts';

describe('memory OpenmrsCache', () => {
  it('expires entries and deletes them', async () => {
    let t = 0;
    const cache = createMemoryOpenmrsCache({ now: () => t });
    await cache.set('a', '1', 100);
    await cache.set('b', '2', 100);
    expect(await cache.get('a')).toBe('1');
    await cache.delete(['a']);
    expect(await cache.get('a')).toBeUndefined();
    t = 100;
    expect(await cache.get('b')).toBeUndefined();
  });

  it('locks are exclusive, re-entrant for the owner, released only by it, and expire', async () => {
    let t = 0;
    const cache = createMemoryOpenmrsCache({ now: () => t });
    expect(await cache.tryLock('l', 'me', 1_000)).toBe(true);
    expect(await cache.tryLock('l', 'me', 1_000)).toBe(true);
    expect(await cache.tryLock('l', 'you', 1_000)).toBe(false);
    await cache.unlock('l', 'you');
    expect(await cache.tryLock('l', 'you', 1_000)).toBe(false);
    await cache.unlock('l', 'me');
    expect(await cache.tryLock('l', 'you', 1_000)).toBe(true);
    t = 1_000;
    expect(await cache.tryLock('l', 'me', 1_000)).toBe(true);
  });

  it('stays bounded', async () => {
    const cache = createMemoryOpenmrsCache({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) await cache.set(k, k, 60_000);
    const present = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => cache.get(k)));
    expect(present.filter((v) => v !== undefined).length).toBeLessThanOrEqual(3);
    expect(await cache.get('e')).toBe('e');
  });
});

describe('guardOpenmrsCache', () => {
  it('turns cache failures into retryable EHR_UNAVAILABLE, never into a miss', async () => {
    const broken = createMemoryOpenmrsCache();
    broken.get = async () => {
      throw new Error('ECONNREFUSED 127.0.0.1:6379');
    };
    const err = await guardOpenmrsCache(broken)
      .get('intent:x')
      .catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_UNAVAILABLE') && err.retryable).toBe(true);
    expect(await guardOpenmrsCache(createMemoryOpenmrsCache()).get('k')).toBeUndefined();
  });
});
