/**
 * The builders and the service's own webhook parser/signature check must agree: a payload the
 * simulator builds is one the service understands, for every identity shape of §2.10.
 */
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../whatsapp/parse-webhook.ts';
import { verifySignature } from '../../whatsapp/verify-signature.ts';
import {
  batch,
  bsuidUser,
  buttonReply,
  documentMessage,
  imageMessage,
  listReply,
  locationMessage,
  metaJson,
  phoneUser,
  reactionMessage,
  signBody,
  statusUpdate,
  templateButtonReply,
  textMessage,
  unsupportedMessage,
  userChangedNumber,
  usernameUser,
  voiceMessage,
  type WebhookPayload,
  type WhatsAppUser,
} from './webhook-builder.ts';

const users: Record<string, WhatsAppUser> = {
  phone: phoneUser('16505551234', 'Sheena'),
  bsuid: bsuidUser({ userId: 'US.13491208655302741918', waId: '972987654321', parentUserId: 'US.ENT.1' }),
  username: usernameUser({ userId: 'CO.1047385771169864', username: 'julian' }),
};

function payloads(user: WhatsAppUser): Record<string, WebhookPayload> {
  const media = { id: '1003383421387256', mimeType: 'image/jpeg', sha256: 'abc=' };
  return {
    text: textMessage({ user, body: 'J’ai mal à la tête 🤕' }),
    button: buttonReply({ user, replyTo: 'wamid.OUT', buttonId: 'yes', title: 'Yes' }),
    list: listReply({
      user,
      replyTo: 'wamid.OUT',
      rowId: 'slot_0900',
      title: '09:00',
      description: 'Dr. Lee',
    }),
    template: templateButtonReply({ user, replyTo: 'wamid.OUT', payload: 'CONFIRM:1', text: 'Confirm' }),
    image: imageMessage({ user, media }),
    voice: voiceMessage({ user, media: { id: '2', sha256: 'x' } }),
    document: documentMessage({
      user,
      media: { ...media, mimeType: 'application/pdf', filename: 'lab.pdf' },
    }),
    location: locationMessage({ user, latitude: -1.29, longitude: 36.82 }),
    reaction: reactionMessage({ user, messageId: 'wamid.OUT', emoji: '👍' }),
    unsupported: unsupportedMessage({ user }),
  };
}

describe.each(Object.entries(users))('builders ↔ parseWebhook (%s user)', (_kind, user) => {
  it.each(Object.entries(payloads(user)))(
    '%s parses to one message event with the right identity',
    (_name, payload) => {
      const parsed = parseWebhook(JSON.parse(metaJson(payload)));
      expect(parsed?.malformed).toBe(0);
      expect(parsed?.events).toHaveLength(1);
      const event = parsed?.events[0];
      if (event?.kind !== 'message') throw new Error('expected a message event');
      expect(event.identity.key).toBe(user.userId ?? user.waId);
      expect(event.identity.waId).toBe(user.waId);
    },
  );
});

describe('statuses, system messages, batches and signatures', () => {
  it('status updates parse with BSUID and callback data', () => {
    for (const status of ['sent', 'delivered', 'read', 'failed'] as const) {
      const payload = statusUpdate({
        wamid: 'wamid.A',
        status,
        user: users.bsuid as WhatsAppUser,
        sentTo: 'phone',
        bizOpaqueCallbackData: 'outbox-1',
        error: { code: 131047 },
      });
      const event = parseWebhook(payload)?.events[0];
      if (event?.kind !== 'status') throw new Error('expected a status event');
      expect(event.status).toBe(status);
      expect(event.bizOpaqueCallbackData).toBe(status === 'failed' ? undefined : 'outbox-1');
      expect(event.errors.map((e) => e.code)).toEqual(status === 'failed' ? [131047] : []);
    }
  });

  it('user_changed_number parses', () => {
    const event = parseWebhook(userChangedNumber({ oldWaId: '16505551234', newWaId: '12195555358' }))
      ?.events[0];
    expect(event).toMatchObject({
      kind: 'message',
      content: { type: 'changed_number', newWaId: '12195555358' },
    });
  });

  it('a batch yields every event', () => {
    const all = Object.values(payloads(users.phone as WhatsAppUser));
    expect(parseWebhook(batch(all))?.events).toHaveLength(all.length);
    expect(parseWebhook(batch(all, 'changes'))?.events).toHaveLength(all.length);
    expect(parseWebhook(batch(all, 'entries'))?.events).toHaveLength(all.length);
  });

  it('signBody matches the service’s verifier on Meta-escaped bytes', () => {
    const raw = metaJson(textMessage({ user: users.phone as WhatsAppUser, body: 'pâtes / @home' }));
    expect(verifySignature(Buffer.from(raw), signBody(raw, 'secret'), 'secret')).toBe(true);
    expect(verifySignature(Buffer.from(raw), signBody(raw, 'other'), 'secret')).toBe(false);
  });
});
