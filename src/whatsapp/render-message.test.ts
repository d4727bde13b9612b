import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateMessagesRequest } from '../sandbox/graph-api/validate-messages-request.ts';
import { AppError } from '../shared/app-error.ts';
import type { Choice, OutboundMessage, Recipient } from './outbound-message.ts';
import {
  type GraphInteractiveBody,
  type GraphMessageBody,
  type GraphTextBody,
  renderMessage,
  WHATSAPP_LIMITS,
} from './render-message.ts';
import { cleanText } from './truncate-text.ts';

const phone: Recipient = { phone: '+16505551234' };

/** The stand-in's own validator, after a JSON round trip (what actually goes over the wire). */
function expectAccepted(bodies: readonly GraphMessageBody[]): void {
  for (const body of bodies) {
    const result = validateMessagesRequest(JSON.parse(JSON.stringify(body)));
    if (!result.ok) throw new Error(`rejected: ${result.error.code} ${result.error.details}`);
  }
}

function choices(...titles: string[]): Choice[] {
  return titles.map((title, i) => ({ id: `c${i}`, title }));
}

function ask(
  list: Choice[],
  extra: Partial<Extract<OutboundMessage, { kind: 'choices' }>> = {},
): OutboundMessage {
  return { kind: 'choices', body: 'How do you feel?', choices: list, buttonLabel: 'Choose', ...extra };
}

function interactiveOf(body: GraphMessageBody | undefined): GraphInteractiveBody['interactive'] {
  if (body?.type !== 'interactive') throw new Error(`expected interactive, got ${body?.type}`);
  return body.interactive;
}

function textOf(body: GraphMessageBody | undefined): string {
  if (body?.type !== 'text') throw new Error(`expected text, got ${body?.type}`);
  return body.text.body;
}

describe('renderMessage: envelope', () => {
  it('renders a text message exactly', () => {
    expect(
      renderMessage(
        phone,
        { kind: 'text', body: 'Hello', replyTo: 'wamid.IN1' },
        { bizOpaqueCallbackData: 'outbox-1' },
      ),
    ).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+16505551234',
        type: 'text',
        text: { body: 'Hello' },
        context: { message_id: 'wamid.IN1' },
        biz_opaque_callback_data: 'outbox-1',
      },
    ]);
  });

  it('adds + to a bare number and sends BSUID as `recipient`, both when both are known', () => {
    const [body] = renderMessage(
      { phone: '16505551234', userId: 'US.13491208655302741918' },
      { kind: 'text', body: 'x' },
    );
    expect(body).toMatchObject({ to: '+16505551234', recipient: 'US.13491208655302741918' });
    const [bsuidOnly] = renderMessage({ userId: 'US.13491208655302741918' }, { kind: 'text', body: 'x' });
    expect(bsuidOnly).not.toHaveProperty('to');
    expect(bsuidOnly).toMatchObject({ recipient: 'US.13491208655302741918' });
  });

  it('rejects bad recipients without echoing them (no PHI)', () => {
    for (const r of [
      {},
      { phone: '+12' },
      { phone: '+1650555123456789' },
      { userId: 'not a bsuid' },
    ] as Recipient[]) {
      const err = catchError(() => renderMessage(r, { kind: 'text', body: 'x' }));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('WHATSAPP_INVALID_RECIPIENT');
      expect((err as AppError).message).not.toMatch(/650555|not a bsuid/);
    }
  });

  it('rejects empty text and oversized callback data', () => {
    expect((catchError(() => renderMessage(phone, { kind: 'text', body: ' \n ' })) as AppError).code).toBe(
      'WHATSAPP_INVALID_MESSAGE',
    );
    const err = catchError(() =>
      renderMessage(phone, { kind: 'text', body: 'x' }, { bizOpaqueCallbackData: 'x'.repeat(513) }),
    );
    expect((err as AppError).code).toBe('WHATSAPP_INVALID_MESSAGE');
  });
});

describe('renderMessage: long text', () => {
  it('splits text over 4096 at paragraph breaks; reply context only on the first', () => {
    const para = 'Drink water and rest. '.repeat(100).trim();
    const body = [para, para, para].join('\n\n'); // ~6600 chars
    const parts = renderMessage(
      phone,
      { kind: 'text', body, replyTo: 'wamid.Q' },
      { bizOpaqueCallbackData: 'o1' },
    );
    // Paragraphs are kept whole rather than packing fewer, torn messages.
    expect(parts.map(textOf)).toEqual([para, para, para]);
    expect(parts[0]).toHaveProperty('context', { message_id: 'wamid.Q' });
    expect(parts[1]).not.toHaveProperty('context');
    for (const p of parts) {
      expect(p.biz_opaque_callback_data).toBe('o1');
      expect(textOf(p).length).toBeLessThanOrEqual(4096);
    }
    expectAccepted(parts);
  });
});

describe('renderMessage: choices', () => {
  it('0 choices → plain text with header and footer', () => {
    const parts = renderMessage(phone, ask([], { header: 'Clinic', footer: 'Reply any time' }));
    expect(parts.map(textOf)).toEqual(['Clinic\n\nHow do you feel?\n\nReply any time']);
  });

  it('≤ 3 choices → reply buttons, exactly', () => {
    const [body, ...rest] = renderMessage(
      phone,
      ask(choices('Better', 'Same', 'Worse'), { header: 'Check-in', footer: 'Tap one' }),
    );
    expect(rest).toEqual([]);
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Check-in' },
        body: { text: 'How do you feel?' },
        footer: { text: 'Tap one' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'c0', title: 'Better' } },
            { type: 'reply', reply: { id: 'c1', title: 'Same' } },
            { type: 'reply', reply: { id: 'c2', title: 'Worse' } },
          ],
        },
      },
    });
  });

  it('4–10 choices → a list with one section', () => {
    const list = choices('Mon 09:00', 'Mon 10:00', 'Tue 09:00', 'Tue 11:30', 'Wed 14:00');
    const [body] = renderMessage(phone, ask(list, { buttonLabel: 'See slots' }));
    const interactive = interactiveOf(body);
    expect(interactive.type).toBe('list');
    if (interactive.type !== 'list') return;
    expect(interactive.action.button).toBe('See slots');
    expect(interactive.action.sections).toEqual([{ rows: list.map((c) => ({ id: c.id, title: c.title })) }]);
  });

  it('> 10 choices → numbered text so the patient can answer "2"', () => {
    const list = choices(...Array.from({ length: 12 }, (_, i) => `Option ${i + 1}`));
    const parts = renderMessage(phone, ask(list));
    expect(parts.length).toBe(1);
    const text = textOf(parts[0]);
    expect(text.startsWith('How do you feel?\n\n1. Option 1\n2. Option 2\n')).toBe(true);
    expect(text.endsWith('12. Option 12')).toBe(true);
  });

  it('truncated button titles are numbered and spelled out in full in the body', () => {
    const list = [
      { id: 'er', title: 'Go to the emergency room now' },
      { id: 'wait', title: 'Wait for an appointment' },
    ];
    const interactive = interactiveOf(renderMessage(phone, ask(list))[0]);
    if (interactive.type !== 'button') throw new Error('expected buttons');
    const titles = interactive.action.buttons.map((b) => b.reply.title);
    expect(titles).toEqual(['1. Go to the emerge…', '2. Wait for an appo…']);
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(20);
    expect(interactive.body.text).toBe(
      'How do you feel?\n\n1. Go to the emergency room now\n2. Wait for an appointment',
    );
    expect(interactive.action.buttons.map((b) => b.reply.id)).toEqual(['er', 'wait']);
  });

  it('titles that would collide after truncation are disambiguated', () => {
    const list = choices('Paracetamol 500 mg tablets', 'Paracetamol 500 mg syrup');
    const interactive = interactiveOf(renderMessage(phone, ask(list))[0]);
    if (interactive.type !== 'button') throw new Error('expected buttons');
    const titles = interactive.action.buttons.map((b) => b.reply.title);
    expect(new Set(titles).size).toBe(2);
    expect(titles[0]?.startsWith('1. ')).toBe(true);
    expect(titles[1]?.startsWith('2. ')).toBe(true);
  });

  it('identical or case-different titles are numbered', () => {
    const interactive = interactiveOf(renderMessage(phone, ask(choices('Yes', 'yes')))[0]);
    if (interactive.type !== 'button') throw new Error('expected buttons');
    expect(interactive.action.buttons.map((b) => b.reply.title)).toEqual(['1. Yes', '2. yes']);
  });

  it('button choices with descriptions keep the description in the body', () => {
    const list = [
      { id: 'a', title: 'Yes', description: 'I have chest pain now' },
      { id: 'b', title: 'No' },
    ];
    const interactive = interactiveOf(renderMessage(phone, ask(list))[0]);
    if (interactive.type !== 'button') throw new Error('expected buttons');
    expect(interactive.action.buttons.map((b) => b.reply.title)).toEqual(['1. Yes', '2. No']);
    expect(interactive.body.text).toContain('1. Yes — I have chest pain now');
  });

  it('list rows: a truncated title moves whole into the description', () => {
    const list = choices('Dr. Amelia Fernandes-Okonkwo', 'Dr. Lee', 'Dr. Patel', 'Dr. Nguyen');
    const interactive = interactiveOf(renderMessage(phone, ask(list))[0]);
    if (interactive.type !== 'list') throw new Error('expected list');
    const row = interactive.action.sections[0]?.rows[0];
    expect(row?.title).toBe('Dr. Amelia Fernandes-Ok…');
    expect(row?.title.length).toBeLessThanOrEqual(24);
    expect(row?.description).toBe('Dr. Amelia Fernandes-Okonkwo');
    expect(interactive.body.text).toBe('How do you feel?');
  });

  it('list rows: text too long even for the description goes to the body', () => {
    const long = 'A very long option title that explains a lot about what will happen next in detail';
    const list = [...choices('a', 'b', 'c'), { id: 'long', title: long }];
    const interactive = interactiveOf(renderMessage(phone, ask(list))[0]);
    if (interactive.type !== 'list') throw new Error('expected list');
    const rows = interactive.action.sections[0]?.rows ?? [];
    expect(rows.map((r) => r.title.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', '4. ']);
    expect(interactive.body.text).toContain(`4. ${long}`);
  });

  it('a header over 60 characters moves into the body; a footer too', () => {
    const header = 'H'.repeat(61);
    const footer = 'F'.repeat(61);
    const interactive = interactiveOf(renderMessage(phone, ask(choices('Yes', 'No'), { header, footer }))[0]);
    expect(interactive).not.toHaveProperty('header');
    expect(interactive).not.toHaveProperty('footer');
    expect(interactive.body.text).toBe(`${header}\n\nHow do you feel?\n\n${footer}`);
  });

  it('a body over 1024 turns buttons into a list; over 4096 it is split before the question', () => {
    const mid = 'Please read this carefully. '.repeat(50); // ~1400
    const [asList] = renderMessage(phone, ask(choices('Yes', 'No'), { body: mid }));
    expect(interactiveOf(asList).type).toBe('list');

    const huge = `${'First part. '.repeat(400)}\n\n${'Second part. '.repeat(100)}`; // ~6100
    const parts = renderMessage(
      phone,
      ask(choices('Yes', 'No'), { body: huge, header: 'Results', replyTo: 'wamid.R' }),
    );
    // Buttons would need 4 messages (1024-unit final body), a list only 2: the list wins.
    expect(parts.length).toBe(2);
    expect(parts[0]?.type).toBe('text');
    expect(textOf(parts[0]).startsWith('Results\n\nFirst part.')).toBe(true);
    expect(parts[0]).toHaveProperty('context', { message_id: 'wamid.R' });
    const last = interactiveOf(parts[1]);
    expect(last.type).toBe('list');
    expect(last.body.text.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.listBody);
    expect(parts.map((p) => (p.type === 'text' ? p.text.body : '')).join('')).not.toContain(
      'Results\n\nResults',
    );
    expectAccepted(parts);

    // Just over 4096 with a short last paragraph: the question keeps its buttons.
    const justOver = `${'Context sentence. '.repeat(240)}\n\nDo you agree?`; // ~4335
    const two = renderMessage(phone, ask(choices('Yes', 'No'), { body: justOver }));
    expect(two.length).toBe(2);
    expect(interactiveOf(two[1]).type).toBe('button');
    expect(interactiveOf(two[1]).body.text).toMatch(/Context sentence\.\s*\n\nDo you agree\?$/);
    expectAccepted(two);
  });

  it('ids Meta would reject (duplicate, too long, padded, empty) → numbered text, ids never altered', () => {
    for (const bad of [
      [
        { id: 'x', title: 'A' },
        { id: 'x', title: 'B' },
      ],
      [{ id: 'x'.repeat(257), title: 'A' }],
      [{ id: ' x', title: 'A' }],
      [{ id: '', title: 'A' }],
    ]) {
      const parts = renderMessage(phone, ask(bad));
      expect(parts.every((p) => p.type === 'text')).toBe(true);
    }
    // 201–256: fine for buttons, too long for list rows.
    const id = 'y'.repeat(230);
    const [buttons] = renderMessage(phone, ask([{ id, title: 'A' }]));
    expect(interactiveOf(buttons).type).toBe('button');
    const many = Array.from({ length: 5 }, (_, i) => ({ id: `${id}${i}`.slice(-230), title: `T${i}` }));
    expect(renderMessage(phone, ask(many))[0]?.type).toBe('text');
  });

  it('blank titles and labels get safe fallbacks; empty body shows the choices', () => {
    const [body] = renderMessage(phone, ask(choices(' ', '\n', 'x', 'y'), { body: '', buttonLabel: '  ' }));
    const interactive = interactiveOf(body);
    if (interactive.type !== 'list') throw new Error('expected list');
    expect(interactive.action.button).toBe('☰');
    expect(interactive.action.sections[0]?.rows.map((r) => r.title)).toEqual(['1', '2', 'x', 'y']);
    expect(interactive.body.text).toBe('1. 1\n2. 2\n3. x\n4. y');
    expectAccepted([body as GraphTextBody | GraphInteractiveBody]);
  });
});

describe('renderMessage: templates', () => {
  it('renders the template body exactly', () => {
    expect(
      renderMessage(phone, {
        kind: 'template',
        name: 'appointment_reminder',
        language: 'en_US',
        bodyParams: ['Tue 10:30'],
        quickReplyPayloads: ['CONFIRM:appt_123', 'CANCEL:appt_123'],
      }),
    ).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '+16505551234',
        type: 'template',
        template: {
          name: 'appointment_reminder',
          language: { code: 'en_US', policy: 'deterministic' },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: 'Tue 10:30' }] },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: '0',
              parameters: [{ type: 'payload', payload: 'CONFIRM:appt_123' }],
            },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: '1',
              parameters: [{ type: 'payload', payload: 'CANCEL:appt_123' }],
            },
          ],
        },
      },
    ]);
  });

  it('flattens parameters Meta would reject (newline, tab, > 4 spaces)', () => {
    const parts = renderMessage(phone, {
      kind: 'template',
      name: 'visit_summary',
      language: 'fr',
      bodyParams: ['Dr. Lee\nRoom 4\t\twing      B'],
    });
    expectAccepted(parts);
    const [body] = parts;
    if (body?.type !== 'template') throw new Error('expected template');
    expect(body.template.components?.[0]).toEqual({
      type: 'body',
      parameters: [{ type: 'text', text: 'Dr. Lee Room 4 wing B' }],
    });
  });

  it('refuses unrenderable templates', () => {
    const base = { kind: 'template', name: 'ok_name', language: 'en_US', bodyParams: ['x'] } as const;
    for (const bad of [
      { ...base, name: 'Bad Name' },
      { ...base, language: 'english' },
      { ...base, bodyParams: [' '] },
      { ...base, quickReplyPayloads: ['p'.repeat(257)] },
    ]) {
      expect((catchError(() => renderMessage(phone, bad)) as AppError).code).toBe('WHATSAPP_INVALID_MESSAGE');
    }
  });
});

// ─── property: any choices list renders to bodies the strict stand-in accepts ─────────────────────

const tricky = fc.constantFrom(
  '👨‍👩‍👧‍👦',
  '🇧🇷',
  '👍🏽',
  'é',
  'e\u0301',
  'ñ',
  'ç',
  '日本語',
  'العربية',
  ' ',
  '\n',
  '\t',
  '  ',
  '*bold*',
  'Ａ',
  '\u200d',
  '\u0000',
  '\uD800',
);
const unicodeText = (maxParts: number) =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        tricky,
        fc.string({ unit: 'binary', maxLength: 6 }),
      ),
      {
        maxLength: maxParts,
      },
    )
    .map((parts) => parts.join(''));

const choiceArb = fc.record(
  {
    id: fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^[a-z0-9_:-]{1,40}$/) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 260 }) },
    ),
    title: unicodeText(8),
    description: unicodeText(10),
  },
  { requiredKeys: ['id', 'title'] },
);

describe('renderMessage: property', () => {
  it('for ANY choices message the rendered bodies pass the stand-in validator', () => {
    fc.assert(
      fc.property(
        fc.array(choiceArb, { maxLength: 30 }),
        fc.oneof(
          unicodeText(6),
          unicodeText(40),
          fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 6000 }),
        ),
        unicodeText(8),
        fc.option(unicodeText(12), { nil: undefined }),
        fc.option(unicodeText(12), { nil: undefined }),
        (list, body, buttonLabel, header, footer) => {
          const message: OutboundMessage = {
            kind: 'choices',
            body: body.trim() === '' ? 'Question?' : body,
            choices: list,
            buttonLabel,
            ...(header === undefined ? {} : { header }),
            ...(footer === undefined ? {} : { footer }),
            replyTo: 'wamid.Q',
          };
          const parts = renderMessage({ phone: '+16505551234', userId: 'US.1' }, message, {
            bizOpaqueCallbackData: 'outbox:1',
          });
          expectAccepted(parts);
          const last = parts[parts.length - 1];
          if (last?.type === 'interactive') {
            // Routing: every choice id, in order, exactly as given.
            const ids =
              last.interactive.type === 'button'
                ? last.interactive.action.buttons.map((b) => b.reply.id)
                : last.interactive.action.sections.flatMap((s) => s.rows.map((r) => r.id));
            expect(ids).toEqual(list.map((c) => c.id));
          } else if (list.length > 0) {
            const all = parts.map(textOf).join('\n');
            for (let i = 0; i < list.length; i++) expect(all).toContain(`${i + 1}. `);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('for ANY text the parts pass the validator and keep the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(unicodeText(30), fc.string({ unit: 'grapheme', minLength: 3000, maxLength: 12000 })),
        (body) => {
          fc.pre(cleanText(body).length > 0);
          const parts = renderMessage(phone, { kind: 'text', body });
          expectAccepted(parts);
          const squash = (t: string) => t.replace(/\s+/gu, '');
          expect(squash(parts.map(textOf).join(''))).toBe(squash(cleanText(body)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
