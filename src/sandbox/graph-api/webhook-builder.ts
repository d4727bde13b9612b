/**
 * Pure builders for WhatsApp webhook payloads in exactly the shapes of shared/fixtures/whatsapp/
 * (reference/whatsapp.md §2), for tests and the simulator: inbound messages of every type the service
 * handles, status updates (sent/delivered/read/failed, with the 2026 BSUID fields of §2.10), account
 * errors, batching, and the `X-Hub-Signature-256` signature (§1.2). Post the result's bytes to the
 * real `/webhook`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { type WebhookError, webhookError } from './graph-error-catalog.ts';

/** The business number a payload is addressed to (`entry.id` = WABA id, `metadata`). */
export interface BusinessNumber {
  readonly wabaId: string;
  /** Digits, no `+` (as in `metadata.display_phone_number`). */
  readonly displayPhoneNumber: string;
  readonly phoneNumberId: string;
}

/** The business of Meta's examples (the `meta_*` fixtures). */
export const FIXTURE_BUSINESS: BusinessNumber = {
  wabaId: '102290129340398',
  displayPhoneNumber: '15550783881',
  phoneNumberId: '106540352242922',
};

/**
 * A WhatsApp user as webhooks describe them (§2.2, §2.10):
 * - phone user: `waId` only → `contacts[].wa_id`, `messages[].from` (the classic shape);
 * - BSUID user: `userId` (+ optional `waId`, `parentUserId`) → `user_id`, `parent_user_id`, `from_user_id`;
 * - username-only user: `userId` + `username`, NO `waId` → no `wa_id` and no `from` at all.
 */
export interface WhatsAppUser {
  /** Phone digits without `+`; absent for username users who hide their number. */
  readonly waId?: string;
  /** Business-scoped user id, e.g. `US.13491208655302741918`. */
  readonly userId?: string;
  /** `US.ENT.…`, shared across enrolled portfolios. */
  readonly parentUserId?: string;
  /** `profile.name` (WhatsApp display name). Default "Sandbox Patient". */
  readonly name?: string;
  /** `profile.username` (2026). */
  readonly username?: string;
}

/** A classic phone-number user (no BSUID fields): the shape of the `meta_*` fixtures. */
export function phoneUser(waId: string, name?: string): WhatsAppUser {
  return { waId, ...(name === undefined ? {} : { name }) };
}

/** A BSUID-era user that still shares its phone number (the `pywa_*` fixtures' contacts). */
export function bsuidUser(user: {
  userId: string;
  waId?: string;
  parentUserId?: string;
  name?: string;
}): WhatsAppUser {
  return user;
}

/** A username user whose phone number is hidden: no `wa_id`, no `from` (§2.10). */
export function usernameUser(user: {
  userId: string;
  username: string;
  parentUserId?: string;
  name?: string;
}): WhatsAppUser {
  return user;
}

/** `messages[].context`: a quote/reply (`from` = business display number, `id` = quoted wamid) or forwarding. */
export type MessageContext =
  | { readonly from: string; readonly id: string }
  | { readonly forwarded: true }
  | { readonly frequently_forwarded: true };

/** Common options of every inbound builder. */
export interface InboundOptions {
  readonly user: WhatsAppUser;
  readonly business?: BusinessNumber;
  /** Default: a fresh unique wamid. */
  readonly id?: string;
  /** Unix seconds (string or number) or a Date. Default: now. */
  readonly timestamp?: string | number | Date;
  readonly context?: MessageContext;
}

/** `contacts[]` item. */
export interface WebhookContact {
  readonly profile: { readonly name: string; readonly username?: string };
  readonly wa_id?: string;
  readonly user_id?: string;
  readonly parent_user_id?: string;
}

/** `value` of a `messages` change. */
export interface WebhookValue {
  readonly messaging_product: 'whatsapp';
  readonly metadata: { readonly display_phone_number: string; readonly phone_number_id: string };
  readonly contacts?: readonly WebhookContact[];
  readonly messages?: readonly Readonly<Record<string, unknown>>[];
  readonly statuses?: readonly Readonly<Record<string, unknown>>[];
  readonly errors?: readonly WebhookError[];
}

/** A whole webhook POST body (§2.1). */
export interface WebhookPayload {
  readonly object: 'whatsapp_business_account';
  readonly entry: readonly {
    readonly id: string;
    readonly changes: readonly { readonly value: WebhookValue; readonly field: 'messages' }[];
  }[];
}

/** A fresh, unique, Meta-looking message id. */
export function newWamid(): string {
  return `wamid.${randomBytes(30).toString('base64')}`;
}

/** Unix seconds as the string webhooks carry (§2.1 "timestamps are strings"). */
export function unixSeconds(at: string | number | Date = new Date()): string {
  if (typeof at === 'string') return at;
  if (typeof at === 'number') return String(Math.floor(at));
  return String(Math.floor(at.getTime() / 1000));
}

const DEFAULT_NAME = 'Sandbox Patient';

function metadata(business: BusinessNumber): WebhookValue['metadata'] {
  return { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId };
}

function envelope(
  business: BusinessNumber,
  value: Omit<WebhookValue, 'messaging_product' | 'metadata'>,
): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            value: { messaging_product: 'whatsapp', metadata: metadata(business), ...value },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** The `contacts[]` item for `user` (inbound messages and BSUID-era statuses). */
export function contactOf(user: WhatsAppUser, opts: { withUsername?: boolean } = {}): WebhookContact {
  const withUsername = opts.withUsername ?? true;
  return {
    profile: {
      name: user.name ?? DEFAULT_NAME,
      ...(withUsername && user.username !== undefined ? { username: user.username } : {}),
    },
    ...(user.waId === undefined ? {} : { wa_id: user.waId }),
    ...(user.userId === undefined ? {} : { user_id: user.userId }),
    ...(user.parentUserId === undefined ? {} : { parent_user_id: user.parentUserId }),
  };
}

function assertUser(user: WhatsAppUser): void {
  if (user.waId === undefined && user.userId === undefined) {
    throw new TypeError('A WhatsApp user needs a waId or a userId');
  }
}

function inbound(
  opts: InboundOptions,
  type: string,
  payload: Readonly<Record<string, unknown>>,
  extra: { readonly errors?: readonly unknown[] } = {},
): WebhookPayload {
  assertUser(opts.user);
  const business = opts.business ?? FIXTURE_BUSINESS;
  const message = {
    ...(opts.context === undefined ? {} : { context: opts.context }),
    ...(opts.user.waId === undefined ? {} : { from: opts.user.waId }),
    ...(opts.user.userId === undefined ? {} : { from_user_id: opts.user.userId }),
    id: opts.id ?? newWamid(),
    timestamp: unixSeconds(opts.timestamp),
    ...(extra.errors === undefined ? {} : { errors: extra.errors }),
    type,
    [type]: payload,
  };
  return envelope(business, { contacts: [contactOf(opts.user)], messages: [message] });
}

/** The business's own number as `context.from` of replies to its messages. */
function replyContext(opts: InboundOptions & { replyTo: string }): MessageContext {
  return { from: (opts.business ?? FIXTURE_BUSINESS).displayPhoneNumber, id: opts.replyTo };
}

/** Inbound text (`meta_text.json`; with `context` → `pywa_text_reply_context.json`). */
export function textMessage(opts: InboundOptions & { readonly body: string }): WebhookPayload {
  return inbound(opts, 'text', { body: opts.body });
}

/** Tap on an interactive reply button (`meta_interactive_button_reply.json`). `replyTo` = our message's wamid. */
export function buttonReply(
  opts: InboundOptions & { readonly replyTo: string; readonly buttonId: string; readonly title: string },
): WebhookPayload {
  return inbound({ ...opts, context: replyContext(opts) }, 'interactive', {
    type: 'button_reply',
    button_reply: { id: opts.buttonId, title: opts.title },
  });
}

/** Pick from an interactive list (`meta_interactive_list_reply.json`). */
export function listReply(
  opts: InboundOptions & {
    readonly replyTo: string;
    readonly rowId: string;
    readonly title: string;
    readonly description?: string;
  },
): WebhookPayload {
  return inbound({ ...opts, context: replyContext(opts) }, 'interactive', {
    type: 'list_reply',
    list_reply: {
      id: opts.rowId,
      title: opts.title,
      ...(opts.description === undefined ? {} : { description: opts.description }),
    },
  });
}

/** Tap on a template quick-reply button: `type:"button"` (`meta_button_template_quick_reply.json`, §2.5). */
export function templateButtonReply(
  opts: InboundOptions & { readonly replyTo: string; readonly payload: string; readonly text: string },
): WebhookPayload {
  return inbound({ ...opts, context: replyContext(opts) }, 'button', {
    payload: opts.payload,
    text: opts.text,
  });
}

/** Media fields shared by the media builders (`url` is the gradually released direct link, §2.6). */
export interface InboundMedia {
  readonly id: string;
  readonly mimeType: string;
  readonly sha256: string;
  readonly caption?: string;
  readonly url?: string;
}

/** Inbound image (`meta_image.json`). */
export function imageMessage(opts: InboundOptions & { readonly media: InboundMedia }): WebhookPayload {
  const m = opts.media;
  return inbound(opts, 'image', {
    ...(m.caption === undefined ? {} : { caption: m.caption }),
    mime_type: m.mimeType,
    sha256: m.sha256,
    id: m.id,
    ...(m.url === undefined ? {} : { url: m.url }),
  });
}

/** Inbound voice note: `audio/ogg; codecs=opus`, `voice:true` (`pywa_audio_voice.json`). */
export function voiceMessage(
  opts: InboundOptions & {
    readonly media: Omit<InboundMedia, 'caption' | 'mimeType'> & { readonly mimeType?: string };
  },
): WebhookPayload {
  const m = opts.media;
  return inbound(opts, 'audio', {
    mime_type: m.mimeType ?? 'audio/ogg; codecs=opus',
    sha256: m.sha256,
    id: m.id,
    ...(m.url === undefined ? {} : { url: m.url }),
    voice: true,
  });
}

/** Inbound document (`meta_document.json`). */
export function documentMessage(
  opts: InboundOptions & { readonly media: InboundMedia & { readonly filename: string } },
): WebhookPayload {
  const m = opts.media;
  return inbound(opts, 'document', {
    ...(m.caption === undefined ? {} : { caption: m.caption }),
    filename: m.filename,
    mime_type: m.mimeType,
    sha256: m.sha256,
    id: m.id,
    ...(m.url === undefined ? {} : { url: m.url }),
  });
}

/** Inbound location (`meta_location.json`); a shared current location has only the coordinates. */
export function locationMessage(
  opts: InboundOptions & {
    readonly latitude: number;
    readonly longitude: number;
    readonly name?: string;
    readonly address?: string;
    readonly url?: string;
  },
): WebhookPayload {
  return inbound(opts, 'location', {
    ...(opts.address === undefined ? {} : { address: opts.address }),
    latitude: opts.latitude,
    longitude: opts.longitude,
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.url === undefined ? {} : { url: opts.url }),
  });
}

/** Reaction to one of our messages (`meta_reaction.json`); without `emoji` it is a removal (§2.8). */
export function reactionMessage(
  opts: InboundOptions & { readonly messageId: string; readonly emoji?: string },
): WebhookPayload {
  return inbound(opts, 'reaction', {
    message_id: opts.messageId,
    ...(opts.emoji === undefined ? {} : { emoji: opts.emoji }),
  });
}

/** Unsupported inbound message with error 131051 (`meta_unsupported.json`), e.g. an edit or a poll. */
export function unsupportedMessage(
  opts: InboundOptions & { readonly unsupportedType?: string },
): WebhookPayload {
  return inbound(
    opts,
    'unsupported',
    { type: opts.unsupportedType ?? 'edit' },
    {
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    },
  );
}

/** System message `user_changed_number` (`meta_system_user_changed_number.json`): no `contacts` array. */
export function userChangedNumber(opts: {
  readonly business?: BusinessNumber;
  readonly oldWaId: string;
  readonly newWaId: string;
  readonly name?: string;
  readonly id?: string;
  readonly timestamp?: string | number | Date;
}): WebhookPayload {
  return envelope(opts.business ?? FIXTURE_BUSINESS, {
    messages: [
      {
        from: opts.oldWaId,
        id: opts.id ?? newWamid(),
        timestamp: unixSeconds(opts.timestamp),
        system: {
          body: `User ${opts.name ?? DEFAULT_NAME} changed from ${opts.oldWaId} to ${opts.newWaId}`,
          wa_id: opts.newWaId,
          type: 'user_changed_number',
        },
        type: 'system',
      },
    ],
  });
}

/** Account/app-level error at `value.errors[]` (`meta_errors_value_level_130429.json`). */
export function accountError(opts: {
  readonly business?: BusinessNumber;
  readonly code: number;
  readonly details?: string;
}): WebhookPayload {
  return envelope(opts.business ?? FIXTURE_BUSINESS, { errors: [webhookError(opts.code, opts.details)] });
}

/** Outbound status values (§2.10). */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** `statuses[].conversation`. */
export interface StatusConversation {
  readonly id: string;
  readonly expiration_timestamp?: string;
  readonly origin: { readonly type: string };
}

/** `statuses[].pricing`. */
export interface StatusPricing {
  readonly billable: boolean;
  readonly pricing_model: string;
  readonly type?: string;
  readonly category: string;
}

/** Options of {@link statusUpdate}. */
export interface StatusOptions {
  readonly business?: BusinessNumber;
  readonly wamid: string;
  readonly status: DeliveryStatus;
  /** The recipient, as far as Meta knows them. */
  readonly user: WhatsAppUser;
  /** How the message was addressed: by phone (`to`) or by BSUID (`recipient`). */
  readonly sentTo: 'phone' | 'user';
  readonly timestamp?: string | number | Date;
  /** Echoed on sent/delivered/read only (Meta: "returns it as part of sent/delivered/read"). */
  readonly bizOpaqueCallbackData?: string;
  /** Pricing category: `service` for free-form messages, `utility`/`marketing`/… for templates. */
  readonly category?: string;
  /** Explicit `conversation` (null = omit, as v24+ does outside free entry points). Default: generated. */
  readonly conversation?: StatusConversation | null;
  /** Explicit `pricing` (null = omit; v24+ sends it on only one of delivered/read). Default: generated. */
  readonly pricing?: StatusPricing | null;
  /** For `failed`: the error code (e.g. 131047, 131026) and optional details. */
  readonly error?: { readonly code: number; readonly details?: string };
}

/**
 * One status webhook (`meta_status_sent.json`, `meta_status_delivered.json`, `pywa_status_read.json`,
 * `meta_status_failed_131049.json`), with §2.10's BSUID rules:
 * - sent/delivered/read: `value.contacts[]` and `statuses[].recipient_user_id` when the user has a BSUID
 *   (`profile.username` on delivered/read only); `recipient_id` when sent to the phone number;
 *   `biz_opaque_callback_data` echoed.
 * - failed: no `contacts`; `recipient_id` when sent to the phone, `recipient_user_id` only when sent to
 *   the BSUID; `errors[]`; no callback data.
 */
export function statusUpdate(opts: StatusOptions): WebhookPayload {
  assertUser(opts.user);
  const failed = opts.status === 'failed';
  const user = opts.user;
  const category = opts.category ?? 'service';
  const free = category === 'service';
  const conversation =
    opts.conversation === undefined
      ? {
          id: randomBytes(16).toString('hex'),
          ...(opts.status === 'sent'
            ? { expiration_timestamp: unixSeconds(Math.floor(Date.now() / 1000) + 24 * 3600) }
            : {}),
          origin: { type: category },
        }
      : opts.conversation;
  const pricing =
    opts.pricing === undefined
      ? { billable: !free, pricing_model: 'PMP', type: free ? 'free_customer_service' : 'regular', category }
      : opts.pricing;
  const byPhone = opts.sentTo === 'phone' && user.waId !== undefined;
  const status = {
    id: opts.wamid,
    status: opts.status,
    timestamp: unixSeconds(opts.timestamp),
    ...(byPhone ? { recipient_id: user.waId } : {}),
    ...(user.userId !== undefined && (!failed || opts.sentTo === 'user')
      ? { recipient_user_id: user.userId }
      : {}),
    ...(!failed && opts.bizOpaqueCallbackData !== undefined
      ? { biz_opaque_callback_data: opts.bizOpaqueCallbackData }
      : {}),
    ...(failed || conversation === null ? {} : { conversation }),
    ...(failed || pricing === null ? {} : { pricing }),
    ...(failed ? { errors: [webhookError(opts.error?.code ?? 131026, opts.error?.details)] } : {}),
  };
  const contacts =
    !failed && user.userId !== undefined
      ? [contactOf(user, { withUsername: opts.status !== 'sent' })]
      : undefined;
  return envelope(opts.business ?? FIXTURE_BUSINESS, {
    ...(contacts === undefined ? {} : { contacts }),
    statuses: [status],
  });
}

/**
 * Combines payloads into one POST body (§2.1: Meta batches up to 1000 updates; handlers must iterate
 * everything):
 * - `messages` (default): one entry, one change; `messages[]`, `statuses[]`, `errors[]` concatenated and
 *   `contacts[]` de-duplicated. All payloads must share the business number.
 * - `changes`: one entry whose `changes[]` are all the payloads' changes (same WABA).
 * - `entries`: the payloads' entries side by side (may mix businesses).
 */
export function batch(
  payloads: readonly WebhookPayload[],
  mode: 'messages' | 'changes' | 'entries' = 'messages',
): WebhookPayload {
  const first = payloads[0]?.entry[0];
  if (!first) throw new TypeError('batch needs at least one payload');
  const entries = payloads.flatMap((p) => p.entry);
  if (mode === 'entries') return { object: 'whatsapp_business_account', entry: entries };
  if (entries.some((e) => e.id !== first.id)) throw new TypeError('batch mode needs one WABA id');
  const changes = entries.flatMap((e) => e.changes);
  if (mode === 'changes') return { object: 'whatsapp_business_account', entry: [{ id: first.id, changes }] };
  const firstValue = changes[0]?.value;
  if (!firstValue) throw new TypeError('batch needs at least one change');
  const sameNumber = (v: WebhookValue) => v.metadata.phone_number_id === firstValue.metadata.phone_number_id;
  if (!changes.every((c) => sameNumber(c.value)))
    throw new TypeError('batch mode "messages" needs one business number');
  const contacts = new Map<string, WebhookContact>();
  for (const c of changes.flatMap((ch) => ch.value.contacts ?? [])) {
    contacts.set(c.user_id ?? c.wa_id ?? c.profile.name, c);
  }
  const collect = <K extends 'messages' | 'statuses' | 'errors'>(key: K) =>
    changes.flatMap((ch) => (ch.value[key] ?? []) as NonNullable<WebhookValue[K]>[number][]);
  const messages = collect('messages');
  const statuses = collect('statuses');
  const errors = collect('errors');
  const value: WebhookValue = {
    messaging_product: 'whatsapp',
    metadata: firstValue.metadata,
    ...(contacts.size > 0 ? { contacts: [...contacts.values()] } : {}),
    ...(messages.length > 0 ? { messages } : {}),
    ...(statuses.length > 0 ? { statuses } : {}),
    ...(errors.length > 0 ? { errors } : {}),
  };
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: first.id, changes: [{ value, field: 'messages' }] }],
  };
}

/**
 * Serializes like Meta's webhook sender (§1.2): every non-ASCII character as a lowercase `\u00e9`-style
 * escape and `/` as `\/`. A handler that verifies a re-serialized body instead of the raw bytes fails
 * on exactly these payloads (accents, emoji, URLs) — which is the point of sending them.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/**
 * `X-Hub-Signature-256` value for `body` (§1.2): `sha256=` + lowercase hex HMAC-SHA256 of the exact
 * bytes, keyed with the app secret. Sign the string you send, never a re-serialization.
 */
export function signBody(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}
