import type { InboundContent, WhatsAppIdentity } from '../whatsapp/webhook-events.ts';

/** One patient message as the conversation sees it (no transport details). */
export interface PatientMessage {
  readonly wamid: string;
  /** Meta's timestamp, Unix ms. */
  readonly sentAt: number;
  readonly content: InboundContent;
  readonly replyTo?: string;
  readonly forwarded?: boolean;
}

/** Result of an EHR call the runner made for the conversation, success or failure. */
export type EhrOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string; readonly retryable: boolean };

/** Everything that can happen to a conversation. The runner builds these; `step` consumes them. */
export type ConversationEvent =
  /** Messages from the patient merged into one turn (a burst sent within a few seconds). */
  | {
      readonly type: 'patient_turn';
      readonly identity: WhatsAppIdentity;
      readonly messages: readonly PatientMessage[];
      /** The newest message is older than STALE_MESSAGE_AGE_S: Meta redelivered it after an outage. */
      readonly stale: boolean;
    }
  /** Answer to an `ehr_read` effect, fed back within the same turn. */
  | { readonly type: 'ehr_read_result'; readonly requestId: string; readonly outcome: EhrOutcome }
  /** A durable EHR write finished (or was given up on). Arrives later, through the inbox. */
  | { readonly type: 'ehr_write_result'; readonly requestId: string; readonly outcome: EhrOutcome }
  /** A durable EHR write failed transiently and is being retried (tell the patient once). */
  | { readonly type: 'ehr_write_delayed'; readonly requestId: string }
  /** Answer to a `model` effect, fed back within the same turn. */
  | { readonly type: 'model_result'; readonly requestId: string; readonly outcome: EhrOutcome }
  /** A timer set with a `timer` effect went off. */
  | { readonly type: 'timer'; readonly timerId: string; readonly name: string }
  /** A message to the patient could not be delivered. */
  | { readonly type: 'delivery_failed'; readonly wamid: string; readonly code: number | undefined }
  /** Clinic staff took the chat over from the console; the bot goes silent. */
  | { readonly type: 'staff_takeover'; readonly staffRef: string }
  /** Staff handed the chat back to the bot. */
  | { readonly type: 'staff_handback'; readonly staffRef: string }
  /** Staff wrote to the patient from the console. */
  | { readonly type: 'staff_message'; readonly staffRef: string; readonly text: string };

/** Events that reach a conversation through its inbox other than patient messages. */
export type InternalEvent = Exclude<
  ConversationEvent,
  { type: 'patient_turn' | 'ehr_read_result' | 'model_result' }
>;
