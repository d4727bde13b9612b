import { z } from 'zod';
import type {
  InboundContent,
  InboundMessageEvent,
  ParsedWebhook,
  StatusEvent,
  WebhookEvent,
  WhatsAppIdentity,
} from './webhook-events.ts';

/*
 * Meta's webhook shapes (whatsapp.md §2; fixtures in shared/fixtures/whatsapp). Parsing is per item:
 * one broken message in a batch of many must not cost the others. Unknown keys are allowed everywhere
 * because Meta adds fields without notice (e.g. `url` on media, BSUID fields in 2026).
 */

const envelopeSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

const errorSchema = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});

const contactSchema = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
});

const valueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1) }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

const unixSeconds = z
  .union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()])
  .transform((v) => Number(v) * 1000);

const baseMessageSchema = z.object({
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string().min(1),
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  context: z
    .object({
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  errors: z.array(z.unknown()).optional(),
});

const mediaSchema = z.object({
  id: z.string().min(1),
  mime_type: z.string().min(1),
  caption: z.string().optional(),
  voice: z.boolean().optional(),
  filename: z.string().optional(),
});

const contentSchemas = {
  text: z.object({ text: z.object({ body: z.string() }) }),
  interactive: z.object({
    interactive: z.union([
      z.object({
        type: z.literal('button_reply'),
        button_reply: z.object({ id: z.string(), title: z.string() }),
      }),
      z.object({
        type: z.literal('list_reply'),
        list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }),
      }),
      z.object({ type: z.string() }),
    ]),
  }),
  button: z.object({ button: z.object({ payload: z.string(), text: z.string() }) }),
  location: z.object({ location: z.object({ latitude: z.number(), longitude: z.number() }) }),
  contacts: z.object({ contacts: z.array(z.unknown()) }),
  reaction: z.object({ reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }) }),
  system: z.object({ system: z.object({ type: z.string(), wa_id: z.string().optional() }) }),
};

const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];
const isMediaKind = (t: string): t is MediaKind => (MEDIA_KINDS as readonly string[]).includes(t);

const statusSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'played', 'failed']),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(errorSchema).optional(),
});

/**
 * Parse a webhook body (already signature-checked) into typed events. Returns `null` when the JSON is
 * not a WhatsApp Business Account webhook at all (recorded and ignored by the caller).
 */
export function parseWebhook(body: unknown): ParsedWebhook | null {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success || envelope.data.object !== 'whatsapp_business_account') return null;

  const events: WebhookEvent[] = [];
  let ignored = 0;
  let malformed = 0;

  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') {
        ignored += 1;
        continue;
      }
      const value = valueSchema.safeParse(change.value);
      if (!value.success) {
        malformed += 1;
        continue;
      }
      const phoneNumberId = value.data.metadata.phone_number_id;
      const contacts = (value.data.contacts ?? []).flatMap((c) => {
        const parsed = contactSchema.safeParse(c);
        return parsed.success ? [parsed.data] : [];
      });

      for (const raw of value.data.messages ?? []) {
        const event = parseMessage(raw, phoneNumberId, contacts);
        if (event === null) malformed += 1;
        else events.push(event);
      }
      for (const raw of value.data.statuses ?? []) {
        const parsed = statusSchema.safeParse(raw);
        if (!parsed.success) {
          // An unknown status value (Meta may add some) is not an error of ours.
          if (typeof raw === 'object' && raw !== null && 'id' in raw && 'status' in raw) ignored += 1;
          else malformed += 1;
          continue;
        }
        events.push(toStatusEvent(parsed.data, phoneNumberId));
      }
      const accountErrors = (value.data.errors ?? []).flatMap((e) => {
        const parsed = errorSchema.safeParse(e);
        return parsed.success ? [toError(parsed.data)] : [];
      });
      if (accountErrors.length > 0)
        events.push({ kind: 'account_error', phoneNumberId, errors: accountErrors });
    }
  }
  return { events, ignored, malformed };
}

function parseMessage(
  raw: unknown,
  phoneNumberId: string,
  contacts: ReadonlyArray<z.infer<typeof contactSchema>>,
): InboundMessageEvent | null {
  const base = baseMessageSchema.safeParse(raw);
  if (!base.success) return null;
  const m = base.data;
  const identity = resolveIdentity(m.from, m.from_user_id, contacts);
  if (identity === null) return null;
  const content = parseContent(m.type, raw, m.errors);
  if (content === null) return null;
  return {
    kind: 'message',
    phoneNumberId,
    wamid: m.id,
    sentAt: m.timestamp,
    identity,
    content,
    ...(m.context?.id !== undefined ? { replyTo: m.context.id } : {}),
    ...(m.context?.forwarded || m.context?.frequently_forwarded ? { forwarded: true } : {}),
  };
}

/**
 * Pick the contact that sent the message: by BSUID, then by wa_id, then the only contact. System
 * messages carry no contacts at all (§2.2), so `from` alone must do.
 */
function resolveIdentity(
  from: string | undefined,
  fromUserId: string | undefined,
  contacts: ReadonlyArray<z.infer<typeof contactSchema>>,
): WhatsAppIdentity | null {
  const contact =
    contacts.find((c) => fromUserId !== undefined && c.user_id === fromUserId) ??
    contacts.find((c) => from !== undefined && c.wa_id === from) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const userId = fromUserId ?? contact?.user_id;
  const waId = contact?.wa_id ?? from;
  const key = userId ?? waId;
  if (key === undefined) return null;
  return {
    key,
    ...(userId !== undefined ? { userId } : {}),
    ...(waId !== undefined ? { waId } : {}),
    ...(contact?.parent_user_id !== undefined ? { parentUserId: contact.parent_user_id } : {}),
    ...(contact?.profile?.username !== undefined ? { username: contact.profile.username } : {}),
    ...(contact?.profile?.name !== undefined ? { profileName: contact.profile.name } : {}),
  };
}

function parseContent(type: string, raw: unknown, errors: unknown[] | undefined): InboundContent | null {
  switch (type) {
    case 'text': {
      const p = contentSchemas.text.safeParse(raw);
      return p.success ? { type: 'text', text: p.data.text.body } : null;
    }
    case 'interactive': {
      const p = contentSchemas.interactive.safeParse(raw);
      if (!p.success) return null;
      const i = p.data.interactive;
      if ('button_reply' in i)
        return { type: 'button_reply', id: i.button_reply.id, title: i.button_reply.title };
      if ('list_reply' in i) {
        return {
          type: 'list_reply',
          id: i.list_reply.id,
          title: i.list_reply.title,
          ...(i.list_reply.description !== undefined ? { description: i.list_reply.description } : {}),
        };
      }
      return { type: 'unknown', rawType: `interactive:${i.type}` };
    }
    case 'button': {
      const p = contentSchemas.button.safeParse(raw);
      return p.success
        ? { type: 'template_button', payload: p.data.button.payload, text: p.data.button.text }
        : null;
    }
    case 'location': {
      const p = contentSchemas.location.safeParse(raw);
      return p.success
        ? { type: 'location', latitude: p.data.location.latitude, longitude: p.data.location.longitude }
        : null;
    }
    case 'contacts': {
      const p = contentSchemas.contacts.safeParse(raw);
      return p.success ? { type: 'contacts', count: p.data.contacts.length } : null;
    }
    case 'reaction': {
      const p = contentSchemas.reaction.safeParse(raw);
      if (!p.success) return null;
      const emoji = p.data.reaction.emoji;
      return {
        type: 'reaction',
        reactedTo: p.data.reaction.message_id,
        ...(emoji !== undefined && emoji !== '' ? { emoji } : {}),
      };
    }
    case 'system': {
      const p = contentSchemas.system.safeParse(raw);
      if (!p.success) return null;
      if (p.data.system.type === 'user_changed_number' && p.data.system.wa_id !== undefined) {
        return { type: 'changed_number', newWaId: p.data.system.wa_id };
      }
      return { type: 'unknown', rawType: `system:${p.data.system.type}` };
    }
    case 'unsupported': {
      const first = errorSchema.safeParse(errors?.[0]);
      return { type: 'unsupported', ...(first.success ? { errorCode: first.data.code } : {}) };
    }
    default: {
      if (isMediaKind(type)) {
        const p = z.object({ [type]: mediaSchema }).safeParse(raw);
        if (!p.success) return null;
        const media = mediaSchema.parse(p.data[type]);
        return {
          type: 'media',
          mediaKind: type,
          mediaId: media.id,
          mimeType: media.mime_type,
          ...(media.caption !== undefined ? { caption: media.caption } : {}),
          ...(media.voice !== undefined ? { voice: media.voice } : {}),
          ...(media.filename !== undefined ? { filename: media.filename } : {}),
        };
      }
      return { type: 'unknown', rawType: type };
    }
  }
}

function toStatusEvent(s: z.infer<typeof statusSchema>, phoneNumberId: string): StatusEvent {
  return {
    kind: 'status',
    phoneNumberId,
    wamid: s.id,
    status: s.status,
    at: s.timestamp,
    ...(s.recipient_id !== undefined ? { recipientWaId: s.recipient_id } : {}),
    ...(s.recipient_user_id !== undefined ? { recipientUserId: s.recipient_user_id } : {}),
    ...(s.biz_opaque_callback_data !== undefined
      ? { bizOpaqueCallbackData: s.biz_opaque_callback_data }
      : {}),
    errors: (s.errors ?? []).map(toError),
  };
}

function toError(e: z.infer<typeof errorSchema>): { code: number; title?: string; details?: string } {
  return {
    code: e.code,
    ...(e.title !== undefined ? { title: e.title } : {}),
    ...(e.error_data?.details !== undefined ? { details: e.error_data.details } : {}),
  };
}
