import type { DeliveryStatus } from './webhook-events.ts';

/** What we sent and how far it got. `accepted` = Meta answered 200 but no status webhook yet. */
export type TrackedStatus = 'accepted' | DeliveryStatus;

export interface DeliveryRecord {
  readonly wamid: string;
  readonly convKey: string;
  readonly status: TrackedStatus;
  /** Unix ms of the latest applied status. */
  readonly at: number;
  readonly errorCode?: number;
}

/** Progress order; `failed` is final and outranks everything (whatsapp.md §2.10: apply monotonically). */
export const STATUS_RANK: Readonly<Record<TrackedStatus, number>> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 100,
};

/**
 * Outbound message statuses. Meta delivers status webhooks out of order, repeated, and sometimes
 * without `delivered` (read implies it), so statuses only ever move forward.
 */
export interface DeliveryStore {
  /**
   * Remember a message Meta accepted, for `ttlMs`. A status webhook can overtake the send response, so
   * the record may already hold a later status: it is kept, and returned so the caller can act on an
   * early `failed`.
   */
  recordAccepted(
    record: { wamid: string; convKey: string; at: number },
    ttlMs: number,
  ): Promise<DeliveryRecord>;
  /**
   * Apply a status. Returns the record after the change and whether it advanced. A status for a wamid
   * not yet recorded is kept (convKey empty) until `recordAccepted` links it.
   */
  apply(
    wamid: string,
    status: DeliveryStatus,
    at: number,
    errorCode?: number,
  ): Promise<{ record: DeliveryRecord; advanced: boolean }>;
  get(wamid: string): Promise<DeliveryRecord | null>;
  /** The latest messages sent in a conversation with their statuses, newest first (staff console). */
  recent(convKey: string, limit: number): Promise<DeliveryRecord[]>;
}
