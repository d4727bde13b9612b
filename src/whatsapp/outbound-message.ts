/**
 * Channel-neutral outbound messages. The conversation produces these (after translation); the Graph
 * renderer turns them into Cloud API request bodies that always respect Meta's limits.
 */

/** One answer the patient can pick. `id` is what comes back in the reply; route on it, never on title. */
export interface Choice {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export type OutboundMessage =
  | { readonly kind: 'text'; readonly body: string; readonly replyTo?: string }
  | {
      /** A question with choices: ≤3 → reply buttons, ≤10 → list, more → numbered text. */
      readonly kind: 'choices';
      readonly body: string;
      readonly choices: readonly Choice[];
      /** Label of the button that opens a list (lists only). */
      readonly buttonLabel: string;
      readonly header?: string;
      readonly footer?: string;
      readonly replyTo?: string;
    }
  | {
      /** An approved template: the only kind allowed outside the 24-hour customer service window. */
      readonly kind: 'template';
      readonly name: string;
      /** Template language code as approved in WhatsApp Manager, e.g. `en_US`, `fr`, `pt_BR`, `sw`. */
      readonly language: string;
      readonly bodyParams: readonly string[];
      /** One payload per quick-reply button, in button order. */
      readonly quickReplyPayloads?: readonly string[];
    };

/** Who a message goes to. Meta: when both are present, `to` wins; username users have only `userId`. */
export interface Recipient {
  /** E.164 phone number with a leading `+`. */
  readonly phone?: string;
  /** Business-scoped user id (BSUID), sent as `recipient`. */
  readonly userId?: string;
}
