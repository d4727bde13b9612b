/**
 * What the service keeps per conversation, behind one port so the same pipeline runs on Redis (many
 * instances) or in memory (a laptop). A conversation is keyed by the WhatsApp identity key.
 *
 * - inbox:   events waiting to be processed (patient messages, and internal events such as a delivery
 *            failure or an EHR write result), deduplicated on arrival, processed in order.
 * - session: the conversation state as versioned JSON, saved only with compare-and-set.
 * - outbox:  jobs produced by a turn, written in the same atomic commit as the session, so a turn's
 *            messages go out if and only if the turn was saved (the transactional-outbox pattern).
 * - window:  when the patient last wrote (Meta's 24-hour customer service window).
 */

/** One item waiting in a conversation's inbox. JSON-serialisable. */
export interface InboxItem {
  /** Unique per item; for patient messages derived from the phone-number id and wamid. */
  readonly id: string;
  readonly convKey: string;
  /** When we received it (Unix ms); drives burst merging. */
  readonly receivedAt: number;
  /** When it happened (Meta's timestamp for messages; Unix ms); drives ordering. */
  readonly sentAt: number;
  /** Arrival order (assigned by the store on append), to break ties between equal `sentAt`. */
  readonly seq: number;
  readonly payload: unknown;
}

/** A job to hand to a queue once the turn that produced it is committed. */
export interface OutboxJob {
  readonly queue: string;
  /** Deterministic, so a re-flush after a crash cannot enqueue it twice. */
  readonly jobId: string;
  readonly data: unknown;
  readonly delayMs?: number;
}

export interface StoredSession {
  readonly data: unknown;
  readonly version: number;
}

export interface CommitTurn {
  readonly convKey: string;
  /** Version loaded at the start of the turn; 0 when there was no session. */
  readonly expectedVersion: number;
  /** The new session, or `null` to delete it (consent declined, "delete my data"). */
  readonly session: unknown;
  /** Refresh the TTL (the turn answered the patient), or keep the current one (an internal event). */
  readonly ttl: { readonly refreshMs: number } | 'keep';
  /** Inbox items this turn consumed. */
  readonly consumed: readonly string[];
  readonly outbox: readonly OutboxJob[];
}

export interface ConversationStore {
  /**
   * Put a patient message in the inbox unless `dedupeKey` was seen within `dedupeTtlMs`, atomically,
   * and mark the 24-hour window as opened at `item.sentAt`. `dedupeKey` null = internal event, no dedupe.
   * The store gives the item its arrival `seq` in the same step (one round trip on the webhook path).
   */
  append(
    item: Omit<InboxItem, 'seq'>,
    dedupe: { key: string; ttlMs: number } | null,
    opensWindow: boolean,
  ): Promise<'queued' | 'duplicate'>;
  /** The conversation's waiting items, ordered by `sentAt`, then `seq`. */
  pending(convKey: string): Promise<InboxItem[]>;
  /** Conversations that have waiting items (for the sweeper that guarantees nothing stays unprocessed). */
  conversationsWithPending(): Promise<string[]>;
  loadSession(convKey: string): Promise<StoredSession | null>;
  /** Save the session, drop consumed items and add outbox jobs, all or nothing. */
  commit(turn: CommitTurn): Promise<'committed' | 'conflict'>;
  /** Move a session to a new key (identity migration). No-op when the target exists. */
  renameSession(fromKey: string, toKey: string): Promise<boolean>;
  /** Outbox jobs not yet handed to their queue, oldest first. */
  outbox(limit: number): Promise<Array<OutboxJob & { readonly outboxId: string }>>;
  /** Forget outbox jobs that are now safely in their queue. */
  ackOutbox(outboxIds: readonly string[]): Promise<void>;
  /** When the patient last wrote (Unix ms), or null when unknown / older than the window record. */
  lastInbound(convKey: string): Promise<number | null>;
  /** A monotonically increasing number for `InboxItem.seq`. */
  nextSeq(): Promise<number>;
  /** Live sessions (for the staff console), at most `limit`, in no particular order. */
  listSessions(limit: number): Promise<Array<StoredSession & { readonly convKey: string }>>;
}
