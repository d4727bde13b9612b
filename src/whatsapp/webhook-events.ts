/**
 * Typed events parsed from Meta webhooks. One webhook POST may carry many of them (batches of up to
 * 1000 updates across entries, changes, messages and statuses: whatsapp.md §2.1).
 */

/** Who wrote. `key` is the stable conversation key: the BSUID `userId` first, `waId` second (§2.10). */
export interface WhatsAppIdentity {
  readonly key: string;
  readonly userId?: string;
  readonly parentUserId?: string;
  /** Phone-based WhatsApp id without `+`; absent for username users Meta hides the number of. */
  readonly waId?: string;
  readonly username?: string;
  /** WhatsApp display name. PHI: kept in the session only, never logged. */
  readonly profileName?: string;
}

export type InboundContent =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'button_reply'; readonly id: string; readonly title: string }
  | {
      readonly type: 'list_reply';
      readonly id: string;
      readonly title: string;
      readonly description?: string;
    }
  /** A quick-reply button on a template message (type "button"), e.g. re-engagement "Continue". */
  | { readonly type: 'template_button'; readonly payload: string; readonly text: string }
  | {
      readonly type: 'media';
      readonly mediaKind: 'image' | 'audio' | 'video' | 'document' | 'sticker';
      readonly mediaId: string;
      readonly mimeType: string;
      readonly caption?: string;
      readonly voice?: boolean;
      readonly filename?: string;
    }
  | { readonly type: 'location'; readonly latitude: number; readonly longitude: number }
  | { readonly type: 'contacts'; readonly count: number }
  | { readonly type: 'reaction'; readonly reactedTo: string; readonly emoji?: string }
  | { readonly type: 'changed_number'; readonly newWaId: string }
  | { readonly type: 'unsupported'; readonly errorCode?: number }
  /** A message kind this version does not know (e.g. a future type): kept so the patient gets an answer. */
  | { readonly type: 'unknown'; readonly rawType: string };

export interface InboundMessageEvent {
  readonly kind: 'message';
  readonly phoneNumberId: string;
  readonly wamid: string;
  /** Meta's timestamp, Unix milliseconds. */
  readonly sentAt: number;
  readonly identity: WhatsAppIdentity;
  readonly content: InboundContent;
  /** The wamid of the business message the patient replied to or pressed a button on. */
  readonly replyTo?: string;
  readonly forwarded?: boolean;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface StatusEvent {
  readonly kind: 'status';
  readonly phoneNumberId: string;
  readonly wamid: string;
  readonly status: DeliveryStatus;
  /** Unix milliseconds. */
  readonly at: number;
  readonly recipientWaId?: string;
  readonly recipientUserId?: string;
  readonly bizOpaqueCallbackData?: string;
  readonly errors: ReadonlyArray<{
    readonly code: number;
    readonly title?: string;
    readonly details?: string;
  }>;
}

export interface AccountErrorEvent {
  readonly kind: 'account_error';
  readonly phoneNumberId: string;
  readonly errors: ReadonlyArray<{
    readonly code: number;
    readonly title?: string;
    readonly details?: string;
  }>;
}

export type WebhookEvent = InboundMessageEvent | StatusEvent | AccountErrorEvent;

/** Result of parsing one POST body: the events, plus counts of what was skipped and why. */
export interface ParsedWebhook {
  readonly events: WebhookEvent[];
  /** Items of a shape we do not handle (other change fields, unknown status values). */
  readonly ignored: number;
  /** Items that claimed a known shape but broke it (missing id, bad timestamp). */
  readonly malformed: number;
}
