import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  accountError,
  batch,
  bsuidUser,
  buttonReply,
  documentMessage,
  FIXTURE_BUSINESS,
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
} from './webhook-builder.ts';

const FIXTURES = new URL('../../../test/fixtures/whatsapp/', import.meta.url).pathname;

// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary JSON, navigated freely in assertions
type Json = any;

function fixture(name: string): Json {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));
}

/** First message / status / contact of a single-change payload. */
const valueIn = (p: Json) => p.entry[0].changes[0].value;

/** Structure only: the same keys and nesting, primitives replaced by their type. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  }
  return value === null ? 'null' : typeof value;
}

const sheena = phoneUser('16505551234', 'Sheena Nelson');
const pywaBusiness = {
  wabaId: '1234567890987654321',
  displayPhoneNumber: '972123456789',
  phoneNumberId: '1122334455667',
};
const pywaUser = bsuidUser({
  userId: 'US.13491208655302741918',
  waId: '972987654321',
  parentUserId: 'US.ENT.11815799212886844830',
  name: 'Test Name',
});

/** pywa's fixtures predate `from_user_id` on messages (§2.10 adds it): drop it to compare exactly. */
function withoutFromUserId(p: WebhookPayload): Json {
  const copy = structuredClone(p) as Json;
  for (const m of valueIn(copy).messages ?? []) delete m.from_user_id;
  return copy;
}

describe('inbound builders reproduce the fixtures exactly', () => {
  it('text (meta_text.json)', () => {
    const f = fixture('meta_text.json');
    const m = valueIn(f).messages[0];
    expect(textMessage({ user: sheena, id: m.id, timestamp: m.timestamp, body: m.text.body })).toEqual(f);
  });

  it('interactive button_reply (meta_interactive_button_reply.json)', () => {
    const f = fixture('meta_interactive_button_reply.json');
    const m = valueIn(f).messages[0];
    const built = buttonReply({
      user: sheena,
      id: m.id,
      timestamp: m.timestamp,
      replyTo: m.context.id,
      buttonId: m.interactive.button_reply.id,
      title: m.interactive.button_reply.title,
    });
    expect(built).toEqual(f);
  });

  it('interactive list_reply (meta_interactive_list_reply.json)', () => {
    const f = fixture('meta_interactive_list_reply.json');
    const m = valueIn(f).messages[0];
    const r = m.interactive.list_reply;
    expect(
      listReply({
        user: sheena,
        id: m.id,
        timestamp: m.timestamp,
        replyTo: m.context.id,
        rowId: r.id,
        title: r.title,
        description: r.description,
      }),
    ).toEqual(f);
  });

  it('template quick-reply button (meta_button_template_quick_reply.json)', () => {
    const f = fixture('meta_button_template_quick_reply.json');
    const m = valueIn(f).messages[0];
    expect(
      templateButtonReply({
        user: sheena,
        id: m.id,
        timestamp: m.timestamp,
        replyTo: m.context.id,
        payload: m.button.payload,
        text: m.button.text,
      }),
    ).toEqual(f);
  });

  it('image (meta_image.json)', () => {
    const f = fixture('meta_image.json');
    const m = valueIn(f).messages[0];
    const i = m.image;
    expect(
      imageMessage({
        user: sheena,
        id: m.id,
        timestamp: m.timestamp,
        media: { id: i.id, mimeType: i.mime_type, sha256: i.sha256, caption: i.caption, url: i.url },
      }),
    ).toEqual(f);
  });

  it('document (meta_document.json)', () => {
    const f = fixture('meta_document.json');
    const m = valueIn(f).messages[0];
    const d = m.document;
    expect(
      documentMessage({
        user: sheena,
        id: m.id,
        timestamp: m.timestamp,
        media: {
          id: d.id,
          mimeType: d.mime_type,
          sha256: d.sha256,
          caption: d.caption,
          url: d.url,
          filename: d.filename,
        },
      }),
    ).toEqual(f);
  });

  it('location (meta_location.json)', () => {
    const f = fixture('meta_location.json');
    const m = valueIn(f).messages[0];
    const l = m.location;
    expect(
      locationMessage({
        user: sheena,
        id: m.id,
        timestamp: m.timestamp,
        latitude: l.latitude,
        longitude: l.longitude,
        name: l.name,
        address: l.address,
        url: l.url,
      }),
    ).toEqual(f);
  });

  it('reaction (meta_reaction.json), and removal without emoji', () => {
    const f = fixture('meta_reaction.json');
    const m = valueIn(f).messages[0];
    const built = reactionMessage({
      user: sheena,
      id: m.id,
      timestamp: m.timestamp,
      messageId: m.reaction.message_id,
      emoji: m.reaction.emoji,
    });
    expect(built).toEqual(f);
    const removal = reactionMessage({ user: sheena, messageId: 'wamid.X' });
    expect(valueIn(removal).messages[0].reaction).toEqual({ message_id: 'wamid.X' });
  });

  it('unsupported (meta_unsupported.json)', () => {
    const f = fixture('meta_unsupported.json');
    const m = valueIn(f).messages[0];
    expect(
      unsupportedMessage({ user: sheena, id: m.id, timestamp: m.timestamp, unsupportedType: 'edit' }),
    ).toEqual(f);
  });

  it('system user_changed_number, no contacts (meta_system_user_changed_number.json)', () => {
    const f = fixture('meta_system_user_changed_number.json');
    const m = valueIn(f).messages[0];
    expect(
      userChangedNumber({
        oldWaId: m.from,
        newWaId: m.system.wa_id,
        name: 'Sheena Nelson',
        id: m.id,
        timestamp: m.timestamp,
      }),
    ).toEqual(f);
  });

  it('account error (meta_errors_value_level_130429.json)', () => {
    expect(accountError({ code: 130429 })).toEqual(fixture('meta_errors_value_level_130429.json'));
  });

  it('BSUID-era voice note (pywa_audio_voice.json) — plus from_user_id (§2.10)', () => {
    const f = fixture('pywa_audio_voice.json');
    const m = valueIn(f).messages[0];
    const built = voiceMessage({
      business: pywaBusiness,
      user: pywaUser,
      id: m.id,
      timestamp: m.timestamp,
      media: { id: m.audio.id, sha256: m.audio.sha256 },
    });
    expect(withoutFromUserId(built)).toEqual(f);
    expect(valueIn(built).messages[0].from_user_id).toBe('US.13491208655302741918');
  });

  it('quoted reply (pywa_text_reply_context.json)', () => {
    const f = fixture('pywa_text_reply_context.json');
    const m = valueIn(f).messages[0];
    const built = textMessage({
      business: pywaBusiness,
      user: pywaUser,
      id: m.id,
      timestamp: m.timestamp,
      context: m.context,
      body: m.text.body,
    });
    expect(withoutFromUserId(built)).toEqual(f);
  });

  it('forwarded context has the structure of pywa_video_forwarded.json', () => {
    const f = fixture('pywa_video_forwarded.json');
    const built = textMessage({
      business: pywaBusiness,
      user: pywaUser,
      context: { forwarded: true },
      body: 'x',
    });
    expect(valueIn(built).messages[0].context).toEqual(valueIn(f).messages[0].context);
  });
});

describe('identities (§2.10)', () => {
  it('a username-only user has no wa_id and no from', () => {
    const built = textMessage({
      user: usernameUser({ userId: 'CO.1047385771169864', username: 'Julianzlc', name: 'Julian' }),
      body: 'Hello',
    });
    const v = valueIn(built);
    expect(v.contacts).toEqual([
      { profile: { name: 'Julian', username: 'Julianzlc' }, user_id: 'CO.1047385771169864' },
    ]);
    expect(v.messages[0]).not.toHaveProperty('from');
    expect(v.messages[0].from_user_id).toBe('CO.1047385771169864');
    // Same structure as a fixture message otherwise.
    const { from: _from, ...fixtureMessage } = valueIn(fixture('meta_text.json')).messages[0];
    const { from_user_id: _fromUserId, ...builtMessage } = v.messages[0];
    expect(shape(builtMessage)).toEqual(shape(fixtureMessage));
  });

  it('a user needs at least one identifier', () => {
    expect(() => textMessage({ user: {}, body: 'x' })).toThrow(TypeError);
  });

  it('default ids are unique wamids and timestamps are Unix-second strings', () => {
    const a = valueIn(textMessage({ user: sheena, body: 'a' })).messages[0];
    const b = valueIn(textMessage({ user: sheena, body: 'b', timestamp: new Date(1_750_000_000_500) }))
      .messages[0];
    expect(a.id).toMatch(/^wamid\./);
    expect(a.id).not.toBe(b.id);
    expect(b.timestamp).toBe('1750000000');
  });
});

describe('status builders', () => {
  it('sent (meta_status_sent.json)', () => {
    const f = fixture('meta_status_sent.json');
    const s = valueIn(f).statuses[0];
    expect(
      statusUpdate({
        wamid: s.id,
        status: 'sent',
        timestamp: s.timestamp,
        user: sheena,
        sentTo: 'phone',
        conversation: s.conversation,
        pricing: s.pricing,
      }),
    ).toEqual(f);
  });

  it('delivered (meta_status_delivered.json)', () => {
    const f = fixture('meta_status_delivered.json');
    const s = valueIn(f).statuses[0];
    expect(
      statusUpdate({
        wamid: s.id,
        status: 'delivered',
        timestamp: s.timestamp,
        user: sheena,
        sentTo: 'phone',
        conversation: s.conversation,
        pricing: s.pricing,
      }),
    ).toEqual(f);
  });

  it('read with BSUID contacts (pywa_status_read.json) — plus recipient_user_id (§2.10)', () => {
    const f = fixture('pywa_status_read.json');
    const s = valueIn(f).statuses[0];
    const built = statusUpdate({
      business: { ...pywaBusiness, wabaId: f.entry[0].id },
      wamid: s.id,
      status: 'read',
      timestamp: s.timestamp,
      user: pywaUser,
      sentTo: 'phone',
      conversation: s.conversation,
      pricing: s.pricing,
    });
    const copy = structuredClone(built) as Json;
    expect(valueIn(copy).statuses[0].recipient_user_id).toBe('US.13491208655302741918');
    delete valueIn(copy).statuses[0].recipient_user_id;
    expect(copy).toEqual(f);
  });

  it('failed 131049 (meta_status_failed_131049.json): errors, no contacts', () => {
    const f = fixture('meta_status_failed_131049.json');
    const s = valueIn(f).statuses[0];
    expect(
      statusUpdate({
        wamid: s.id,
        status: 'failed',
        timestamp: s.timestamp,
        user: sheena,
        sentTo: 'phone',
        error: { code: 131049 },
      }),
    ).toEqual(f);
  });

  it('failed 131047 has the structure of the production payload (issue_frappe_status_failed_131047.json)', () => {
    const { cmd: _cmd, ...f } = fixture('issue_frappe_status_failed_131047.json');
    const built = statusUpdate({
      wamid: 'wamid.X',
      status: 'failed',
      user: phoneUser('86501452171734'),
      sentTo: 'phone',
      error: { code: 131047 },
    });
    expect(shape(built)).toEqual(shape(f));
    expect(valueIn(built).statuses[0].errors[0].error_data.details).toBe(
      valueIn(f).statuses[0].errors[0].error_data.details,
    );
  });

  it('generated sent/delivered/read have the fixture structure plus BSUID fields; failed omits contacts', () => {
    const user = bsuidUser({ userId: 'US.1', waId: '16505551234', name: 'Sheena Nelson' });
    const sent = statusUpdate({
      wamid: 'wamid.A',
      status: 'sent',
      user,
      sentTo: 'phone',
      bizOpaqueCallbackData: 'outbox-1',
    });
    const vs = valueIn(sent);
    expect(vs.contacts).toEqual([
      { profile: { name: 'Sheena Nelson' }, wa_id: '16505551234', user_id: 'US.1' },
    ]);
    expect(vs.statuses[0]).toMatchObject({
      recipient_id: '16505551234',
      recipient_user_id: 'US.1',
      biz_opaque_callback_data: 'outbox-1',
    });
    const { recipient_user_id: _r, biz_opaque_callback_data: _b, ...core } = vs.statuses[0];
    expect(shape(core)).toEqual(shape(valueIn(fixture('meta_status_sent.json')).statuses[0]));

    const byBsuid = bsuidUser({ userId: 'US.2', username: 'julian' } as never);
    const failed = statusUpdate({
      wamid: 'wamid.B',
      status: 'failed',
      user: byBsuid,
      sentTo: 'user',
      bizOpaqueCallbackData: 'o',
      error: { code: 131026 },
    });
    const vf = valueIn(failed);
    expect(vf).not.toHaveProperty('contacts');
    expect(vf.statuses[0]).toMatchObject({ recipient_user_id: 'US.2' });
    expect(vf.statuses[0]).not.toHaveProperty('recipient_id');
    expect(vf.statuses[0]).not.toHaveProperty('biz_opaque_callback_data');
    const failedByPhone = statusUpdate({
      wamid: 'wamid.C',
      status: 'failed',
      user,
      sentTo: 'phone',
      error: { code: 131026 },
    });
    expect(valueIn(failedByPhone).statuses[0]).not.toHaveProperty('recipient_user_id');

    const delivered = statusUpdate({
      wamid: 'wamid.D',
      status: 'delivered',
      user: { ...user, username: 'sheena' },
      sentTo: 'user',
    });
    expect(valueIn(delivered).contacts[0].profile).toEqual({ name: 'Sheena Nelson', username: 'sheena' });
    expect(valueIn(delivered).statuses[0]).not.toHaveProperty('recipient_id');
  });
});

describe('batch', () => {
  const a = textMessage({ user: sheena, body: 'one' });
  const b = textMessage({ user: sheena, body: 'two' });
  const c = imageMessage({
    user: phoneUser('447700900123'),
    media: { id: '1', mimeType: 'image/jpeg', sha256: 'x' },
  });
  const s = statusUpdate({ wamid: 'wamid.S', status: 'sent', user: sheena, sentTo: 'phone' });

  it('messages: one change with all messages, statuses and de-duplicated contacts', () => {
    const v = valueIn(batch([a, b, c, s]));
    expect(v.messages.map((m: Json) => m.text?.body ?? m.type)).toEqual(['one', 'two', 'image']);
    expect(v.statuses).toHaveLength(1);
    expect(v.contacts.map((x: Json) => x.wa_id)).toEqual(['16505551234', '447700900123']);
  });

  it('changes and entries keep the payloads apart', () => {
    expect(batch([a, b], 'changes').entry[0]?.changes).toHaveLength(2);
    const other = textMessage({
      user: sheena,
      body: 'x',
      business: { ...FIXTURE_BUSINESS, wabaId: '1', phoneNumberId: '2' },
    });
    const mixed = batch([a, other], 'entries');
    expect(mixed.entry.map((e) => e.id)).toEqual([FIXTURE_BUSINESS.wabaId, '1']);
    expect(() => batch([a, other])).toThrow(TypeError);
    expect(() => batch([])).toThrow(TypeError);
  });
});

describe('signing and Meta-style serialization (§1.2)', () => {
  it('signs the exact bytes: sha256=<hex HMAC>', () => {
    const body = '{"a":"J\'ai mangé des pâtes"}';
    expect(signBody(body, 'secret')).toBe(
      `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`,
    );
    expect(signBody(body, 'secret')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('metaJson escapes non-ASCII and slashes like Meta, and parses back to the same value', () => {
    const value = { t: 'pâtes 👍 https://x.y/z' };
    const json = metaJson(value);
    expect(json).toBe('{"t":"p\\u00e2tes \\ud83d\\udc4d https:\\/\\/x.y\\/z"}');
    expect(JSON.parse(json)).toEqual(value);
    // Re-serializing changes the bytes — which is why receivers must hash the raw body.
    expect(signBody(JSON.stringify(JSON.parse(json)), 's')).not.toBe(signBody(json, 's'));
  });
});
