import type { InternalEvent } from '../conversation/events.ts';
import type { InboundMessageEvent } from '../whatsapp/webhook-events.ts';

/** What an inbox item carries: a patient message from a webhook, or an internal event. */
export type InboxPayload =
  | { readonly kind: 'patient'; readonly message: InboundMessageEvent }
  | { readonly kind: 'internal'; readonly event: InternalEvent };

/** Queue names, one place. */
export const QUEUES = {
  /** Wake-ups for conversations with waiting inbox items (job data: { convKey }). */
  inbox: 'inbox',
  /** Ordered batches of messages to one patient. */
  outbound: 'outbound',
  /** Durable, idempotent EHR writes. */
  ehr: 'ehr',
  /** Timers that put an internal event into a conversation's inbox when due. */
  timer: 'timer',
  /** Appointment reminders, delayed until due; job id from the appointment id (one per appointment). */
  reminders: 'reminders',
} as const;
