/**
 * Durable messaging preferences per WhatsApp identity (the conversation key). The session forgets a
 * STOP after its TTL, but a reminder goes out days later: this store is where the STOP lasts. Only
 * opted-out identities are kept (no TTL); opting back in deletes the record, so nothing is stored
 * about people who never said STOP. Writes come from conversation turns, which are serialised per
 * conversation by its lock, so the last write is the patient's latest wish.
 */
export interface ContactPreferences {
  /** Record a STOP at `at` (Unix ms). Idempotent. */
  optOut(key: string, at: number): Promise<void>;
  /** The patient wrote again: forget the STOP. Idempotent (no record: nothing to do). */
  optIn(key: string): Promise<void>;
  /** When the identity opted out (Unix ms), or null when it has not. */
  optedOutAt(key: string): Promise<number | null>;
}
