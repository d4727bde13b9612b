import { AppError } from '../../shared/app-error.ts';

/**
 * The little state the OpenMRS adapter keeps outside OpenMRS, behind a narrow port with a memory and a
 * Redis adapter (DESIGN.md: Redis is the only store the service owns). Keys are chosen by the adapter
 * and never contain PHI in clear (WhatsApp ids are pseudonymised first); values are OpenMRS uuids and
 * markers, never names or clinical text.
 *
 * Uses:
 * - identity → patient uuids (OpenMRS cannot search by phone, openmrs.md §2.4; a returning patient then
 *   costs no search), invalidated on registration;
 * - write intents: "a write with this idempotency key was started", so a first attempt can skip the
 *   look-before-create search and only a retry pays for it;
 * - short per-slot locks: OpenMRS saves appointments without any capacity check (openmrs.md §6.2), so
 *   two of our instances booking the same slot must take turns.
 */
export interface OpenmrsCache {
  /** The value stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes the keys (missing ones are ignored). */
  delete(keys: readonly string[]): Promise<void>;
  /**
   * Takes the lock `key` for `owner` for `ttlMs`, or returns false when someone else holds it. A lock
   * already held by the same `owner` counts as taken (a retry of the same write is the same owner).
   */
  tryLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock if `owner` still holds it. */
  unlock(key: string, owner: string): Promise<void>;
}

/**
 * The adapter's key layout (under the cache's own prefix):
 *   wa:{type8}:{pseudonym}        JSON array of patient uuids carrying that WhatsApp id
 *   intent:{kind}:{digest}        "1": a write with that idempotency key was started
 *   done:{kind}:{digest}          the uuid the write created
 *   lock:slot:{service}:{startMs} owner digest while a booking of that slot is in progress
 * WhatsApp ids are pseudonymised and idempotency keys digested: no identifier appears in clear.
 */
export const openmrsCacheKeys = {
  identity: (typeUuid: string, pseudonymOfValue: string) => `wa:${typeUuid.slice(0, 8)}:${pseudonymOfValue}`,
  intent: (kind: string, digest: string) => `intent:${kind}:${digest}`,
  done: (kind: string, digest: string) => `done:${kind}:${digest}`,
  slot: (serviceId: string, startMs: number) => `lock:slot:${serviceId}:${startMs}`,
} as const;

/**
 * The cache with its failures turned into `EHR_UNAVAILABLE` (retryable). A failed read is never taken
 * for a miss: "no write intent" would let a retry skip its look-before-create and write twice.
 */
export function guardOpenmrsCache(cache: OpenmrsCache): OpenmrsCache {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        throw new AppError('EHR_UNAVAILABLE', 'The OpenMRS adapter cache is unavailable', {
          retryable: true,
          cause: err,
        });
      }
    };
  return {
    get: guard((key: string) => cache.get(key)),
    set: guard((key: string, value: string, ttlMs: number) => cache.set(key, value, ttlMs)),
    delete: guard((keys: readonly string[]) => cache.delete(keys)),
    tryLock: guard((key: string, owner: string, ttlMs: number) => cache.tryLock(key, owner, ttlMs)),
    unlock: guard((key: string, owner: string) => cache.unlock(key, owner)),
  };
}
