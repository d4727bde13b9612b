import { z } from 'zod';
import { readEnvelope, type TranscriptEntry } from '../jobs/conversation-envelope.ts';
import { pseudonym } from '../shared/hash.ts';
import type { DeliveryRecord } from '../whatsapp/delivery-store.ts';

/** SATS colour of an urgency: red 5, orange 4, yellow 3, green 2–1; grey while not triaged. */
export type SatsColour = 'red' | 'orange' | 'yellow' | 'green' | 'none';

/** What the console shows of one conversation. Built from the stored envelope, never from logs. */
export interface ConversationView {
  /** `pseudonym(convKey)`: the only id that appears in console URLs. */
  readonly ref: string;
  readonly convKey: string;
  /** The patient's first name once identified (or while being registered). */
  readonly firstName: string | null;
  /** The WhatsApp display name, to recognise someone not identified yet (an emergency in the first message). */
  readonly profileName: string | null;
  readonly language: string;
  readonly state: string;
  readonly urgency: 1 | 2 | 3 | 4 | 5 | null;
  readonly colour: SatsColour;
  readonly disposition: string | null;
  readonly redFlags: readonly string[];
  /** The triage summary, or the patient's own words before triage. */
  readonly summary: string | null;
  readonly complaint: string | null;
  readonly reasons: readonly string[];
  readonly booking: {
    readonly status: string;
    /** ISO start of the appointment (or of the chosen slot while the booking is in flight). */
    readonly start: string | null;
    readonly serviceName: string | null;
  } | null;
  /** Staff hold the chat (taken over from the console, or the patient asked for a person) until `until`. */
  readonly handover: { readonly since: number; readonly until: number } | null;
  readonly lastInboundAt: number;
  readonly transcript: readonly TranscriptEntry[];
}

/** How far one message to the patient got (no wamid or conversation key: they identify the patient). */
export interface DeliveryState {
  readonly status: DeliveryRecord['status'];
  /** Unix ms of the latest status. */
  readonly at: number;
  readonly errorCode?: number;
}

/** A queue row: the conversation plus the delivery state of what we last sent. */
export interface QueueRow extends ConversationView {
  /** The newest message sent to the patient. */
  readonly delivery: DeliveryState | null;
  /** A recent message that failed (the patient may not have the booking or the advice). */
  readonly failedDelivery: DeliveryState | null;
}

/** The part of a delivery record the console shows. */
export function deliveryState(record: DeliveryRecord): DeliveryState {
  return {
    status: record.status,
    at: record.at,
    ...(record.errorCode !== undefined ? { errorCode: record.errorCode } : {}),
  };
}

// Only what the console needs from the engine's session, each part tolerant on its own, so a change in
// the session schema degrades one field instead of hiding a patient from the queue.
const engineSchema = z.object({
  state: z.string().catch('UNKNOWN'),
  patient: z.object({ givenName: z.string() }).nullable().optional().catch(null),
  draft: z.object({ givenName: z.string().optional() }).optional().catch(undefined),
  complaint: z.string().nullable().optional().catch(null),
  triage: z
    .object({
      urgency: z.number().int().min(1).max(5),
      disposition: z.string(),
      redFlags: z.array(z.string()).catch([]),
      summary: z.string().catch(''),
      reasons: z.array(z.string()).catch([]),
    })
    .nullable()
    .optional()
    .catch(null),
  redFlags: z.array(z.string()).optional().catch([]),
  booking: z
    .object({
      status: z.string(),
      appointment: z.object({ start: z.string(), serviceName: z.string().optional() }).optional(),
    })
    .nullable()
    .optional()
    .catch(null),
  chosen: z.object({ start: z.string() }).nullable().optional().catch(null),
  handover: z.object({ since: z.number(), until: z.number() }).nullable().optional().catch(null),
});

/** SATS colour for an urgency (1–5). */
export function satsColour(urgency: number | null): SatsColour {
  if (urgency === null) return 'none';
  if (urgency >= 5) return 'red';
  if (urgency === 4) return 'orange';
  if (urgency === 3) return 'yellow';
  return 'green';
}

/** The console's view of a stored session; null when the session is not a readable envelope. */
export function readConversationView(convKey: string, data: unknown, now: number): ConversationView | null {
  const envelope = readEnvelope(data);
  if (envelope === null) return null;
  const s = engineSchema.catch({ state: 'UNKNOWN' }).parse(envelope.engine);
  const triage = s.triage ?? null;
  const urgency = triage === null ? null : (triage.urgency as 1 | 2 | 3 | 4 | 5);
  const redFlags = [...new Set([...(s.redFlags ?? []), ...(triage?.redFlags ?? [])])];
  const booking = s.booking ?? null;
  const handover = s.handover ?? null;
  const complaint = s.complaint ?? null;
  return {
    ref: pseudonym(convKey),
    convKey,
    firstName: s.patient?.givenName ?? s.draft?.givenName ?? null,
    profileName: envelope.identity.profileName ?? null,
    language: envelope.language,
    state: s.state,
    urgency,
    colour: satsColour(urgency),
    disposition: triage?.disposition ?? null,
    redFlags,
    summary: triage !== null && triage.summary !== '' ? triage.summary : complaint,
    complaint,
    reasons: triage?.reasons ?? [],
    booking:
      booking === null
        ? null
        : {
            status: booking.status,
            start: booking.appointment?.start ?? s.chosen?.start ?? null,
            serviceName: booking.appointment?.serviceName ?? null,
          },
    handover: s.state === 'HANDOVER' && handover !== null && handover.until > now ? handover : null,
    lastInboundAt: envelope.lastInboundAt,
    transcript: envelope.transcript,
  };
}

/**
 * Today's triage queue: conversations the patient wrote in during the last `windowMs`, the most urgent
 * first (5 → 1), then those not triaged yet; within one urgency, chats staff hold come first, then the
 * most recent.
 */
export function sortQueue<T extends ConversationView>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      (b.urgency ?? 0) - (a.urgency ?? 0) ||
      Number(b.handover !== null) - Number(a.handover !== null) ||
      b.lastInboundAt - a.lastInboundAt,
  );
}

/** Attach delivery state (`recent` = the conversation's latest sends, newest first). */
export function toQueueRow(view: ConversationView, recent: readonly DeliveryRecord[]): QueueRow {
  const latest = recent[0];
  const failed = recent.find((r) => r.status === 'failed');
  return {
    ...view,
    delivery: latest === undefined ? null : deliveryState(latest),
    failedDelivery: failed === undefined ? null : deliveryState(failed),
  };
}
