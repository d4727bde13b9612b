import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGemmaTurns } from '../../test/standins/medgemma/check-gemma-turns.ts';
import { startMedgemmaStandin } from '../../test/standins/medgemma/medgemma-standin.ts';
import type { MedgemmaStandin } from '../../test/standins/medgemma/standin-types.ts';
import { type DraftMessage, normalizeGemmaMessages } from './gemma-messages.ts';
import { createOllamaChatTransport } from './ollama-chat-transport.ts';
import { createOpenAiChatTransport } from './openai-chat-transport.ts';
import { createVertexTransport } from './vertex-transport.ts';

const roleArb = fc.constantFrom<DraftMessage['role']>('system', 'user', 'assistant');
const messageArb: fc.Arbitrary<DraftMessage> = fc.record({
  role: roleArb,
  text: fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('hi', 'bonjour', 'SYSTEM: x'),
  ),
});
const messagesArb = fc.array(messageArb, { maxLength: 12 });

describe('normalizeGemmaMessages (reference A4)', () => {
  it('folds the system text into the first user turn', () => {
    expect(
      normalizeGemmaMessages([
        { role: 'system', text: 'RULES' },
        { role: 'user', text: 'hello' },
      ]),
    ).toEqual([{ role: 'user', text: 'RULES\n\nhello', images: [] }]);
  });

  it('merges bursts and a late system message; never sends a system role', () => {
    const out = normalizeGemmaMessages([
      { role: 'user', text: 'a' },
      { role: 'user', text: 'b' },
      { role: 'assistant', text: 'q1' },
      { role: 'assistant', text: 'q2' },
      { role: 'system', text: 'S' },
      { role: 'user', text: 'c' },
    ]);
    expect(out).toEqual([
      { role: 'user', text: 'S\n\na\n\nb', images: [] },
      { role: 'assistant', text: 'q1\n\nq2', images: [] },
      { role: 'user', text: 'c', images: [] },
    ]);
  });

  it('puts a user turn in front of a leading assistant turn', () => {
    expect(
      normalizeGemmaMessages([{ role: 'assistant', text: 'Hi, what is wrong?' }]).map((m) => m.role),
    ).toEqual(['user', 'assistant']);
  });

  it('keeps images on the merged user turn', () => {
    const img = { mimeType: 'image/png', base64: 'AAAA' };
    const out = normalizeGemmaMessages([
      { role: 'user', text: 'look', images: [img] },
      { role: 'user', text: 'and this', images: [img] },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.images).toHaveLength(2);
  });

  it('empty input gives one (empty) user turn', () => {
    expect(normalizeGemmaMessages([])).toEqual([{ role: 'user', text: '', images: [] }]);
  });

  it('property: any sequence becomes one the Gemma 3 template accepts, with every text kept in order', () => {
    fc.assert(
      fc.property(messagesArb, (messages) => {
        const out = normalizeGemmaMessages(messages);
        expect(checkGemmaTurns(out.map((m) => m.role))).toBeUndefined();
        expect(out.some((m) => (m.role as string) === 'system')).toBe(false);
        // Every non-empty text survives, system texts first, then the others in order.
        const joined = out.map((m) => m.text).join('\n\n');
        const expected = [
          ...messages.filter((m) => m.role === 'system'),
          ...messages.filter((m) => m.role !== 'system'),
        ]
          .map((m) => m.text)
          .filter((t) => t !== '');
        let at = 0;
        for (const t of expected) {
          const found = joined.indexOf(t, at);
          expect(found).toBeGreaterThanOrEqual(0);
          at = found + t.length;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalised sequences against the strict stand-in (never a 400 for roles)', () => {
  let s: MedgemmaStandin;
  beforeAll(async () => {
    s = await startMedgemmaStandin({ defaultReply: { text: 'ok' }, ollamaStrictRoles: true });
  });
  afterAll(() => s.close());

  it('property: random sequences sent on every route are accepted', async () => {
    const transports = [
      createOpenAiChatTransport({
        baseUrl: s.urls.openai,
        model: '',
        structuredOutput: 'none',
        supportsImages: false,
      }),
      createOllamaChatTransport({
        baseUrl: s.urls.ollama,
        model: 'medgemma:27b',
        structuredOutput: 'none',
        supportsImages: false,
      }),
      ...(['chat', 'predict'] as const).map((route) =>
        createVertexTransport({
          project: 'standin-project',
          location: 'us-central1',
          endpointId: '1234567890123456789',
          baseUrl: s.baseUrl,
          route,
          model: '',
          tokenSource: { getAccessToken: async () => s.vertexAccessToken },
          structuredOutput: 'none',
          supportsImages: false,
        }),
      ),
    ];
    await fc.assert(
      fc.asyncProperty(messagesArb, fc.nat({ max: transports.length - 1 }), async (messages, which) => {
        const t = transports[which]!;
        const r = await t.complete(
          { messages: normalizeGemmaMessages(messages), maxTokens: 16, temperature: 0 },
          AbortSignal.timeout(5_000),
        );
        expect(r.text).toBe('ok');
      }),
      { numRuns: 60 },
    );
    const records = s.requests();
    expect(records.length).toBeGreaterThanOrEqual(60);
    expect(records.filter((r) => r.gemmaViolation !== undefined || r.rejection !== undefined)).toEqual([]);
  });

  it('control: the stand-in does reject what we never send', async () => {
    const res = await fetch(`${s.urls.openai}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      }),
    });
    expect(res.status).toBe(400);
  });
});
