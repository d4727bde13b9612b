/**
 * One turn at a time per conversation, across every worker process. A lock has an owner token and an
 * expiry so a crashed worker cannot hold it forever; the session's compare-and-set is the second line
 * of defence if a lock expires under a slow turn.
 */
export interface ConversationLock {
  /** Take the lock for `ttlMs`; returns the owner token, or null when someone else holds it. */
  acquire(convKey: string, ttlMs: number): Promise<string | null>;
  /** Extend a lock we own; false when it was lost. */
  extend(convKey: string, token: string, ttlMs: number): Promise<boolean>;
  /** Release a lock we own; releasing a lock someone else now holds does nothing. */
  release(convKey: string, token: string): Promise<void>;
}
