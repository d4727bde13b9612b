import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook.ts';
import type { InboundMessageEvent, StatusEvent } from './webhook-events.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/whatsapp');
const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0]!;
};
const message = (name: string): InboundMessageEvent => {
  const parsed = parseWebhook(load(name));
  const event = only(parsed?.events ?? []);
  if (event.kind !== 'message') throw new Error(`expected a message in ${name}`);
  return event;
};
const status = (name: string): StatusEvent => {
  const event = only(parseWebhook(load(name))?.events ?? []);
  if (event.kind !== 'status') throw new Error(`expected a status in ${name}`);
  return event;
};

describe('parseWebhook', () => {
  it('accepts every recorded fixture and maps each to a typed event, none malformed', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const parsed = parseWebhook(load(file));
      expect(parsed, file).not.toBeNull();
      expect(parsed?.malformed, file).toBe(0);
      expect(parsed?.events.length, file).toBeGreaterThan(0);
      for (const event of parsed?.events ?? []) {
        if (event.kind === 'message') expect(event.content.type, file).not.toBe('unknown');
      }
    }
  });

  it('maps each message kind', () => {
    expect(message('meta_text.json').content).toEqual({
      type: 'text',
      text: 'Does it come in another color?',
    });
    expect(message('meta_interactive_button_reply.json').content.type).toBe('button_reply');
    expect(message('meta_interactive_list_reply.json').content).toMatchObject({ type: 'list_reply' });
    expect(message('meta_button_template_quick_reply.json').content).toEqual({
      type: 'template_button',
      payload: 'Unsubscribe',
      text: 'Unsubscribe',
    });
    expect(message('meta_image.json').content).toMatchObject({
      type: 'media',
      mediaKind: 'image',
      mediaId: '1003383421387256',
      mimeType: 'image/jpeg',
      caption: 'Taj Mahal',
    });
    expect(message('meta_document.json').content).toMatchObject({ type: 'media', mediaKind: 'document' });
    expect(message('pywa_audio_voice.json').content).toMatchObject({ mediaKind: 'audio', voice: true });
    expect(message('pywa_video_forwarded.json')).toMatchObject({
      forwarded: true,
      content: { mediaKind: 'video' },
    });
    expect(message('meta_location.json').content).toMatchObject({ type: 'location' });
    expect(message('meta_contacts.json').content).toEqual({ type: 'contacts', count: 1 });
    expect(message('meta_reaction.json').content).toMatchObject({ type: 'reaction', emoji: '👍' });
    expect(message('meta_unsupported.json').content).toEqual({ type: 'unsupported', errorCode: 131051 });
    expect(message('meta_system_user_changed_number.json').content).toEqual({
      type: 'changed_number',
      newWaId: '12195555358',
    });
    expect(message('pywa_text_reply_context.json').replyTo).toBeDefined();
  });

  it('keys identity on the BSUID first and the wa_id second', () => {
    const bsuid = message('pywa_audio_voice.json').identity;
    expect(bsuid).toMatchObject({
      key: 'US.13491208655302741918',
      userId: 'US.13491208655302741918',
      waId: '972987654321',
      parentUserId: 'US.ENT.11815799212886844830',
    });
    const phoneOnly = message('meta_text.json').identity;
    expect(phoneOnly).toMatchObject({
      key: '16505551234',
      waId: '16505551234',
      profileName: 'Sheena Nelson',
    });
    // System messages have no contacts: `from` alone identifies the sender.
    expect(message('meta_system_user_changed_number.json').identity.key).toBe('16505551234');
  });

  it('handles a username user with no phone number (2026 BSUID payload)', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
                contacts: [{ profile: { name: 'Ana', username: 'ana.k' }, user_id: 'KE.7781234' }],
                messages: [
                  {
                    from_user_id: 'KE.7781234',
                    id: 'wamid.U1',
                    timestamp: '1750000000',
                    type: 'text',
                    text: { body: 'hi' },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const event = only(parseWebhook(body)?.events ?? []);
    expect(event).toMatchObject({ kind: 'message', identity: { key: 'KE.7781234', username: 'ana.k' } });
    expect(event.kind === 'message' && event.identity.waId).toBeFalsy();
  });

  it('maps statuses with their errors and times', () => {
    expect(status('meta_status_sent.json')).toMatchObject({ status: 'sent' });
    expect(status('pywa_status_read.json')).toMatchObject({ status: 'read', at: 1689380458000 });
    expect(status('meta_status_failed_131049.json').errors[0]).toMatchObject({ code: 131049 });
    expect(status('issue_frappe_status_failed_131047.json').errors[0]?.code).toBe(131047);
  });

  it('maps value-level errors to an account error event', () => {
    const event = only(parseWebhook(load('meta_errors_value_level_130429.json'))?.events ?? []);
    expect(event).toMatchObject({ kind: 'account_error', errors: [{ code: 130429 }] });
  });

  it('handles every entry, change, message and status of a batch, not the first', () => {
    const text = load('meta_text.json') as {
      entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
    };
    const value = text.entry[0]!.changes[0]!.value;
    const msg = (id: string) => ({
      from: '16505551234',
      id,
      timestamp: '1749416383',
      type: 'text',
      text: { body: id },
    });
    const change = (ids: string[]) => ({ field: 'messages', value: { ...value, messages: ids.map(msg) } });
    const statusChange = {
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata: { phone_number_id: '106540352242922' },
        statuses: [
          { id: 's1', status: 'sent', timestamp: '1', recipient_id: '1' },
          { id: 's2', status: 'read', timestamp: '2', recipient_id: '1' },
        ],
      },
    };
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        { id: 'a', changes: [change(['m1', 'm2']), statusChange] },
        { id: 'b', changes: [change(['m3']), { field: 'message_template_status_update', value: {} }] },
      ],
    };
    const parsed = parseWebhook(body);
    expect(parsed?.events.map((e) => ('wamid' in e ? e.wamid : e.kind))).toEqual([
      'm1',
      'm2',
      's1',
      's2',
      'm3',
    ]);
    expect(parsed?.ignored).toBe(1);
  });

  it('keeps the good items of a batch with a broken one', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '1' },
                messages: [
                  { from: '1', id: 'ok', timestamp: '1', type: 'text', text: { body: 'x' } },
                  { from: '1', timestamp: '1', type: 'text', text: { body: 'no id' } },
                  { from: '1', id: 'bad-ts', timestamp: 'yesterday', type: 'text', text: { body: 'x' } },
                  { from: '1', id: 'future', timestamp: '1', type: 'hologram', hologram: {} },
                ],
              },
            },
          ],
        },
      ],
    };
    const parsed = parseWebhook(body);
    expect(parsed?.events.map((e) => (e.kind === 'message' ? e.content.type : e.kind))).toEqual([
      'text',
      'unknown',
    ]);
    expect(parsed?.malformed).toBe(2);
  });

  it('returns null for JSON that is not a WhatsApp webhook', () => {
    expect(parseWebhook({ hello: 'world' })).toBeNull();
    expect(parseWebhook([1, 2])).toBeNull();
    expect(parseWebhook({ object: 'page', entry: [] })).toBeNull();
  });
});
