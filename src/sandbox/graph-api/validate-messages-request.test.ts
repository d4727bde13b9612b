import { describe, expect, it } from 'vitest';
import { validateMessagesRequest } from './validate-messages-request.ts';

const env = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234' };
const text = (body: unknown, extra: object = {}) => ({ ...env, type: 'text', text: { body }, ...extra });
const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const buttons = (list: unknown[], extra: object = {}) => ({
  ...env,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Q?' }, action: { buttons: list }, ...extra },
});
const row = (id: string, title: string, description?: string) => ({
  id,
  title,
  ...(description ? { description } : {}),
});
const list = (sections: unknown[], extra: object = {}) => ({
  ...env,
  type: 'interactive',
  interactive: { type: 'list', body: { text: 'Q?' }, action: { button: 'Choose', sections }, ...extra },
});
const template = (t: object) => ({
  ...env,
  type: 'template',
  template: { name: 'reminder', language: { code: 'en_US' }, ...t },
});

function code(body: unknown, options = {}): number | 'ok' {
  const r = validateMessagesRequest(body, options);
  return r.ok ? 'ok' : r.error.code;
}

describe('envelope and recipient', () => {
  it.each([
    ['valid text', text('hi'), 'ok'],
    ['type defaults to text', { ...env, text: { body: 'hi' } }, 'ok'],
    ['BSUID only', { ...text('hi'), to: undefined, recipient: 'US.13491208655302741918' }, 'ok'],
    ['both to and recipient', { ...text('hi'), recipient: 'US.1' }, 'ok'],
    ['not an object', 'hello', 100],
    ['missing messaging_product', { ...text('hi'), messaging_product: undefined }, 131008],
    ['wrong messaging_product', { ...text('hi'), messaging_product: 'sms' }, 131009],
    ['no recipient', { ...text('hi'), to: undefined }, 131008],
    ['to without +', { ...text('hi'), to: '16505551234' }, 131009],
    ['to too short', { ...text('hi'), to: '+123' }, 131009],
    ['malformed BSUID', { ...text('hi'), recipient: 'user-1' }, 131009],
    ['group recipient_type', { ...text('hi'), recipient_type: 'group' }, 131009],
    ['unexpected top-level key', { ...text('hi'), foo: 1 }, 100],
    ['context without message_id', text('hi', { context: {} }), 131008],
    ['callback data over 512', text('hi', { biz_opaque_callback_data: 'x'.repeat(513) }), 131009],
    ['callback data at 512', text('hi', { biz_opaque_callback_data: 'x'.repeat(512) }), 'ok'],
    ['unmodelled media type', { ...env, type: 'image', image: { id: '1' } }, 131051],
    ['unknown type', { ...env, type: 'hologram' }, 100],
  ])('%s', (_name, body, expected) => {
    expect(code(JSON.parse(JSON.stringify(body)))).toBe(expected);
  });
});

describe('text (§4.1)', () => {
  it.each([
    ['4096 characters', text('x'.repeat(4096)), 'ok'],
    ['4097 characters → 100 (too long)', text('x'.repeat(4097)), 100],
    ['emoji counted in UTF-16 units', text('😀'.repeat(2049)), 100],
    ['blank body', text('  \n'), 131009],
    ['missing body', { ...env, type: 'text', text: {} }, 131008],
    ['body not a string', text(42), 100],
    ['lone surrogate', text('a\uD800b'), 131009],
    ['unknown key in text', { ...env, type: 'text', text: { body: 'x', bold: true } }, 100],
  ])('%s', (_name, body, expected) => {
    expect(code(body)).toBe(expected);
  });

  it('reports Meta-style details', () => {
    const r = validateMessagesRequest({ ...env, type: 'text', text: {} });
    expect(r).toEqual({
      ok: false,
      error: { code: 131008, details: "The parameter text['body'] is required." },
    });
  });
});

describe('reply buttons (§4.2)', () => {
  it.each([
    ['three buttons', buttons([reply('a', 'A'), reply('b', 'B'), reply('c', 'C')]), 'ok'],
    ['no buttons', buttons([]), 131009],
    ['four buttons', buttons([reply('a', 'A'), reply('b', 'B'), reply('c', 'C'), reply('d', 'D')]), 131009],
    ['title of 20', buttons([reply('a', 'x'.repeat(20))]), 'ok'],
    ['title of 21', buttons([reply('a', 'x'.repeat(21))]), 131009],
    ['empty title', buttons([reply('a', '')]), 131009],
    ['duplicate titles (case-insensitive)', buttons([reply('a', 'Yes'), reply('b', 'yes')]), 131009],
    ['duplicate ids', buttons([reply('a', 'Yes'), reply('a', 'No')]), 131009],
    ['id of 256', buttons([reply('x'.repeat(256), 'A')]), 'ok'],
    ['id of 257', buttons([reply('x'.repeat(257), 'A')]), 131009],
    ['padded id', buttons([reply(' a', 'A')]), 131009],
    ['missing reply.title', buttons([{ type: 'reply', reply: { id: 'a' } }]), 131008],
    ['wrong button type', buttons([{ type: 'url', reply: { id: 'a', title: 'A' } }]), 131009],
    [
      'body of 1024',
      {
        ...buttons([reply('a', 'A')]),
        interactive: {
          type: 'button',
          body: { text: 'x'.repeat(1024) },
          action: { buttons: [reply('a', 'A')] },
        },
      },
      'ok',
    ],
    [
      'body of 1025',
      {
        ...buttons([reply('a', 'A')]),
        interactive: {
          type: 'button',
          body: { text: 'x'.repeat(1025) },
          action: { buttons: [reply('a', 'A')] },
        },
      },
      131009,
    ],
    [
      'missing body',
      { ...buttons([]), interactive: { type: 'button', action: { buttons: [reply('a', 'A')] } } },
      131008,
    ],
    ['header of 60', buttons([reply('a', 'A')], { header: { type: 'text', text: 'h'.repeat(60) } }), 'ok'],
    ['header of 61', buttons([reply('a', 'A')], { header: { type: 'text', text: 'h'.repeat(61) } }), 131009],
    [
      'image header (not modelled)',
      buttons([reply('a', 'A')], { header: { type: 'image', image: { id: '1' } } }),
      131051,
    ],
    ['unknown header type', buttons([reply('a', 'A')], { header: { type: 'hologram', text: 'x' } }), 131009],
    ['footer of 61', buttons([reply('a', 'A')], { footer: { text: 'f'.repeat(61) } }), 131009],
    [
      'missing interactive.type',
      { ...env, type: 'interactive', interactive: { body: { text: 'x' } } },
      131008,
    ],
    [
      'unmodelled interactive type',
      { ...env, type: 'interactive', interactive: { type: 'cta_url' } },
      131051,
    ],
  ])('%s', (_name, body, expected) => {
    expect(code(body)).toBe(expected);
  });
});

describe('lists (§4.3)', () => {
  const ten = Array.from({ length: 10 }, (_, i) => row(`r${i}`, `Row ${i}`));
  it.each([
    ['one section of ten rows', list([{ rows: ten }]), 'ok'],
    ['eleven rows in one section', list([{ rows: [...ten, row('r10', 'x')] }]), 131009],
    [
      'eleven rows across sections',
      list([
        { title: 'A', rows: ten.slice(0, 6) },
        { title: 'B', rows: [...ten.slice(6), row('r10', 'x')] },
      ]),
      131009,
    ],
    [
      'two sections, one untitled',
      list([{ title: 'A', rows: ten.slice(0, 2) }, { rows: ten.slice(2, 4) }]),
      131008,
    ],
    [
      'eleven sections',
      list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [row(`r${i}`, 'x')] }))),
      131009,
    ],
    ['no sections', list([]), 131009],
    ['empty rows', list([{ rows: [] }]), 131009],
    ['row title of 24', list([{ rows: [row('a', 'x'.repeat(24))] }]), 'ok'],
    ['row title of 25', list([{ rows: [row('a', 'x'.repeat(25))] }]), 131009],
    ['description of 72', list([{ rows: [row('a', 'A', 'd'.repeat(72))] }]), 'ok'],
    ['description of 73', list([{ rows: [row('a', 'A', 'd'.repeat(73))] }]), 131009],
    ['row id of 200', list([{ rows: [row('x'.repeat(200), 'A')] }]), 'ok'],
    ['row id of 201', list([{ rows: [row('x'.repeat(201), 'A')] }]), 131009],
    [
      'duplicate row ids across sections',
      list([
        { title: 'A', rows: [row('a', 'A')] },
        { title: 'B', rows: [row('a', 'B')] },
      ]),
      131009,
    ],
    ['section title of 25', list([{ title: 's'.repeat(25), rows: [row('a', 'A')] }]), 131009],
    [
      'button label of 21',
      {
        ...list([]),
        interactive: {
          type: 'list',
          body: { text: 'Q' },
          action: { button: 'b'.repeat(21), sections: [{ rows: [row('a', 'A')] }] },
        },
      },
      131009,
    ],
    [
      'missing button label',
      {
        ...list([]),
        interactive: { type: 'list', body: { text: 'Q' }, action: { sections: [{ rows: [row('a', 'A')] }] } },
      },
      131008,
    ],
    ['body of 4096', list([{ rows: [row('a', 'A')] }], { body: { text: 'x'.repeat(4096) } }), 'ok'],
    ['body of 4097', list([{ rows: [row('a', 'A')] }], { body: { text: 'x'.repeat(4097) } }), 131009],
  ])('%s', (_name, body, expected) => {
    expect(code(body)).toBe(expected);
  });
});

describe('templates (§4.4)', () => {
  const body = (...texts: string[]) => ({
    type: 'body',
    parameters: texts.map((t) => ({ type: 'text', text: t })),
  });
  const qr = (index: string, payload: string) => ({
    type: 'button',
    sub_type: 'quick_reply',
    index,
    parameters: [{ type: 'payload', payload }],
  });
  const registry = {
    templates: [
      { name: 'reminder', language: 'en_US', bodyParams: 1, quickReplyButtons: 2 },
      { name: 'paused_one', language: 'en_US', bodyParams: 0, status: 'PAUSED' as const },
    ],
  };

  it.each([
    ['name and language only', template({}), 'ok'],
    ['with deterministic policy', template({ language: { code: 'en_US', policy: 'deterministic' } }), 'ok'],
    [
      'body and quick replies',
      template({ components: [body('Tue 10:30'), qr('0', 'CONFIRM:1'), qr('1', 'CANCEL:1')] }),
      'ok',
    ],
    ['upper-case name', template({ name: 'Reminder' }), 131009],
    ['bad language code', template({ language: { code: 'english' } }), 131009],
    ['newline in a parameter → 132018', template({ components: [body('a\nb')] }), 132018],
    ['tab in a parameter → 132018', template({ components: [body('a\tb')] }), 132018],
    ['five spaces in a parameter → 132018', template({ components: [body('a     b')] }), 132018],
    ['four spaces are fine', template({ components: [body('a    b')] }), 'ok'],
    ['empty parameter', template({ components: [body('')] }), 131008],
    ['duplicate button index', template({ components: [qr('0', 'a'), qr('0', 'b')] }), 131009],
    ['button index out of range', template({ components: [qr('10', 'a')] }), 131009],
    ['two body components', template({ components: [body('a'), body('b')] }), 131009],
    ['payload over 256', template({ components: [qr('0', 'p'.repeat(257))] }), 131009],
  ])('%s', (_name, b, expected) => {
    expect(code(b)).toBe(expected);
  });

  it('checks the registry when one is configured', () => {
    expect(code(template({ components: [body('x'), qr('0', 'a')] }), registry)).toBe('ok');
    expect(code(template({ name: 'unknown' }), registry)).toBe(132001);
    expect(code(template({ language: { code: 'fr' } }), registry)).toBe(132001);
    expect(code(template({ components: [body('x', 'y')] }), registry)).toBe(132000);
    expect(code(template({}), registry)).toBe(132000);
    expect(code(template({ name: 'paused_one' }), registry)).toBe(132015);
    expect(code(template({ components: [body('x'), qr('2', 'a')] }), registry)).toBe(131009);
  });
});

describe('mark as read and typing (§4.5)', () => {
  it.each([
    ['read', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC' }, 'ok'],
    [
      'read + typing',
      {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.ABC',
        typing_indicator: { type: 'text' },
      },
      'ok',
    ],
    ['wrong status', { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.ABC' }, 131009],
    ['missing message_id', { messaging_product: 'whatsapp', status: 'read' }, 131008],
    ['not a wamid', { messaging_product: 'whatsapp', status: 'read', message_id: 'abc' }, 131009],
    [
      'bad typing type',
      {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.A',
        typing_indicator: { type: 'audio' },
      },
      131009,
    ],
    [
      'extra key',
      { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A', to: '+16505551234' },
      100,
    ],
  ])('%s', (_name, body, expected) => {
    expect(code(body)).toBe(expected);
  });
});
