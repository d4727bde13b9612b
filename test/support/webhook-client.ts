import { signatureHeader } from '../../src/whatsapp/verify-signature.ts';

/** Minimal inbound payloads in Meta's shapes (test/fixtures/whatsapp), for pipeline tests. */
export function textWebhook(opts: {
  phoneNumberId?: string;
  waId?: string;
  userId?: string;
  wamid: string;
  text: string;
  timestamp?: number;
  name?: string;
}): Record<string, unknown> {
  const contact: Record<string, unknown> = { profile: { name: opts.name ?? 'Test Patient' } };
  if (opts.waId !== undefined) contact.wa_id = opts.waId;
  if (opts.userId !== undefined) contact.user_id = opts.userId;
  const message: Record<string, unknown> = {
    id: opts.wamid,
    timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
    type: 'text',
    text: { body: opts.text },
  };
  if (opts.waId !== undefined) message.from = opts.waId;
  if (opts.userId !== undefined) message.from_user_id = opts.userId;
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550783881',
                phone_number_id: opts.phoneNumberId ?? '100000000000001',
              },
              contacts: [contact],
              messages: [message],
            },
          },
        ],
      },
    ],
  };
}

/** Body and headers for a signed webhook POST. */
export function signed(
  body: unknown,
  appSecret: string,
): { payload: string; headers: Record<string, string> } {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signatureHeader(payload, appSecret),
    },
  };
}
