import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALTERNATION_MESSAGE, checkGemmaTurns } from './check-gemma-turns.ts';
import { startMedgemmaStandin } from './medgemma-standin.ts';
import type { MedgemmaStandin, MedgemmaStandinOptions, ScriptRequest } from './standin-types.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary response JSON
type Json = any;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const user = (content: string) => ({ role: 'user', content });
const assistant = (content: string) => ({ role: 'assistant', content });
const system = (content: string) => ({ role: 'system', content });
const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const vllmAlternationError = {
  object: 'error',
  message: ALTERNATION_MESSAGE,
  type: 'BadRequestError',
  param: null,
  code: 400,
};

describe('checkGemmaTurns (reference A4)', () => {
  it.each([
    [['user'], undefined],
    [['system', 'user'], undefined],
    [['system', 'user', 'assistant', 'user'], undefined],
    [['user', 'assistant'], undefined],
    [[], 'empty'],
    [['system'], 'no-user-turn'],
    [['assistant', 'user'], 'first-not-user'],
    [['system', 'assistant'], 'first-not-user'],
    [['user', 'system'], 'system-not-first'],
    [['user', 'assistant', 'system', 'user'], 'system-not-first'],
    [['user', 'user'], 'not-alternating'],
    [['user', 'assistant', 'assistant'], 'not-alternating'],
    [['user', 'tool'], 'not-alternating'],
  ])('%j → %s', (roles, kind) => {
    expect(checkGemmaTurns(roles)?.kind).toBe(kind);
  });
});

describe('OpenAI-compatible /v1/chat/completions (vLLM, A5.2)', () => {
  let s: MedgemmaStandin;
  let url: string;
  beforeAll(async () => {
    s = await startMedgemmaStandin({ model: 'google/medgemma-27b-text-it' });
    url = `${s.urls.openai}/chat/completions`;
  });
  afterEach(() => s.reset());
  afterAll(() => s.close());

  it('answers a text reply in vLLM chat.completion shape, with usage from chars/4', async () => {
    s.enqueue({ text: 'Hello, how can I help?' });
    const r = await post(url, {
      model: 'google/medgemma-27b-text-it',
      messages: [user('I have a headache')],
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9a-f]{32}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'google/medgemma-27b-text-it',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Hello, how can I help?',
            reasoning_content: null,
            tool_calls: [],
          },
          logprobs: null,
          finish_reason: 'stop',
          stop_reason: null,
        },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11, prompt_tokens_details: null },
      prompt_logprobs: null,
    });
    const [rec] = s.requests();
    expect(rec).toMatchObject({
      provider: 'openai',
      route: '/v1/chat/completions',
      method: 'POST',
      status: 200,
      model: 'google/medgemma-27b-text-it',
      messages: [{ role: 'user', text: 'I have a headache', images: [] }],
      aborted: false,
      rejection: undefined,
    });
    expect(rec?.headers['content-type']).toBe('application/json');
  });

  it('records a json_schema response_format and stringifies a json reply', async () => {
    const schema = { type: 'object', properties: { urgency: { type: 'integer' } }, required: ['urgency'] };
    const seen: ScriptRequest[] = [];
    s.setScript((req) => {
      seen.push(req);
      return { json: { urgency: 3 } };
    });
    const r = await post(url, {
      messages: [system('Triage.'), user('chest pain')],
      response_format: { type: 'json_schema', json_schema: { name: 'triage', schema } },
      max_tokens: 200,
      temperature: 0,
    });
    expect(r.status).toBe(200);
    expect(r.json.choices[0].message.content).toBe('{"urgency":3}');
    expect(JSON.parse(r.json.choices[0].message.content)).toEqual({ urgency: 3 });
    expect(seen[0]).toMatchObject({
      provider: 'openai',
      index: 0,
      schema,
      schemaSource: 'response_format',
      responseFormat: 'json_schema',
      maxTokens: 200,
      temperature: 0,
      stream: false,
    });
    expect(s.requests()[0]).toMatchObject({ schema, schemaSource: 'response_format' });
  });

  it('accepts json_object and records vLLM structured_outputs and pre-0.12 guided_json', async () => {
    s.setScript(() => ({ json: {} }));
    await post(url, { messages: [user('a')], response_format: { type: 'json_object' } });
    await post(url, { messages: [user('a')], structured_outputs: { json: { type: 'object' } } });
    await post(url, { messages: [user('a')], guided_json: { type: 'object' } });
    expect(s.requests().map((r) => [r.status, r.responseFormat, r.schemaSource])).toEqual([
      [200, 'json_object', undefined],
      [200, 'json_schema', 'structured_outputs'],
      [200, 'json_schema', 'guided_json'],
    ]);
  });

  it('rejects a json_schema response_format without name or schema (400)', async () => {
    s.setScript(() => ({ text: 'x' }));
    const noName = await post(url, {
      messages: [user('a')],
      response_format: { type: 'json_schema', json_schema: { schema: {} } },
    });
    const noSchema = await post(url, {
      messages: [user('a')],
      response_format: { type: 'json_schema', json_schema: { name: 'x' } },
    });
    expect([noName.status, noSchema.status]).toEqual([400, 400]);
    expect(noName.json).toMatchObject({ object: 'error', type: 'BadRequestError', code: 400 });
  });

  it('emits a thinking block before the text (A4)', async () => {
    s.enqueue({ thinking: 'consider ACS', text: '{"urgency":2}' });
    const r = await post(url, { messages: [user('chest pain')] });
    expect(r.json.choices[0].message.content).toBe('<unused94>thought\nconsider ACS<unused95>{"urgency":2}');
    expect(r.json.choices[0].finish_reason).toBe('stop');
    expect(r.json.choices[0].message.reasoning_content).toBeNull();
  });

  it('emits truncated thinking with no <unused95> and finish_reason length', async () => {
    s.enqueue({ truncatedThinking: 'still thinking about' });
    const r = await post(url, { messages: [user('chest pain')] });
    const content: string = r.json.choices[0].message.content;
    expect(content).toBe('<unused94>thought\nstill thinking about');
    expect(content).not.toContain('<unused95>');
    expect(r.json.choices[0].finish_reason).toBe('length');
  });

  it('returns garbage verbatim', async () => {
    s.enqueue({ garbage: 'Sure! {urgency: three' });
    const r = await post(url, { messages: [user('x')] });
    expect(r.json.choices[0].message.content).toBe('Sure! {urgency: three');
    expect(() => JSON.parse(r.json.choices[0].message.content)).toThrow();
  });

  it('cuts output at max_tokens*4 chars with finish_reason length', async () => {
    s.enqueue({ text: 'a'.repeat(100) });
    const r = await post(url, { messages: [user('x')], max_tokens: 5 });
    expect(r.json.choices[0].message.content).toBe('a'.repeat(20));
    expect(r.json.choices[0].finish_reason).toBe('length');
    expect(r.json.usage.completion_tokens).toBe(5);
  });

  it('answers scripted HTTP errors with vLLM error JSON, a custom body and headers', async () => {
    s.enqueue(
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 503, body: { detail: 'warming up' } },
      { status: 500, body: 'upstream exploded' },
    );
    const a = await post(url, { messages: [user('x')] });
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(a.json).toEqual({
      object: 'error',
      message: 'Too Many Requests',
      type: 'RateLimitError',
      param: null,
      code: 429,
    });
    const b = await post(url, { messages: [user('x')] });
    expect([b.status, b.json]).toEqual([503, { detail: 'warming up' }]);
    const c = await post(url, { messages: [user('x')] });
    expect([c.status, c.text, c.headers.get('content-type')]).toEqual([
      500,
      'upstream exploded',
      'text/plain; charset=utf-8',
    ]);
  });

  it('maps a vertexError reply to an HTTP error with vLLM error JSON off Vertex :predict', async () => {
    s.enqueue({ vertexError: { code: 429, message: 'engine overloaded' } });
    const r = await post(url, { messages: [user('x')] });
    expect(r.status).toBe(429);
    expect(r.json).toEqual({
      object: 'error',
      message: 'engine overloaded',
      type: 'RateLimitError',
      param: null,
      code: 429,
    });
  });

  it('answers 500 "script is empty" when nothing is queued', async () => {
    const r = await post(url, { messages: [user('x')] });
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({
      object: 'error',
      message: 'medgemma stand-in: script is empty',
      code: 500,
    });
  });

  it.each([
    ['a system message not first', [user('a'), system('b')], 'system-not-first'],
    [
      'a system message mid-conversation',
      [system('s'), user('a'), assistant('b'), system('c')],
      'system-not-first',
    ],
    ['two user turns in a row (a WhatsApp burst not merged)', [user('a'), user('b')], 'not-alternating'],
    ['two assistant turns in a row', [user('a'), assistant('b'), assistant('c')], 'not-alternating'],
    ['an assistant turn first', [assistant('hi'), user('a')], 'first-not-user'],
    ['an assistant turn right after system', [system('s'), assistant('hi')], 'first-not-user'],
    ['only a system message', [system('s')], 'no-user-turn'],
    ['a tool turn', [user('a'), { role: 'tool', content: 'x' }], 'not-alternating'],
  ])("rejects %s with vLLM's 400 and consumes no reply", async (_name, messages, kind) => {
    s.enqueue({ text: 'never sent' });
    const r = await post(url, { messages });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(vllmAlternationError);
    expect(s.pending()).toBe(1);
    expect(s.requests()[0]).toMatchObject({ rejection: 'gemma-roles', gemmaViolation: kind, status: 400 });
  });

  it('rejects empty messages with 400', async () => {
    const r = await post(url, { messages: [] });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ object: 'error', type: 'BadRequestError', code: 400 });
  });

  it('accepts system + alternating turns ending with user', async () => {
    s.enqueue({ text: 'ok' });
    const r = await post(url, { messages: [system('s'), user('a'), assistant('b'), user('c')] });
    expect(r.status).toBe(200);
  });

  it("answers an unknown model with vLLM's 404 and accepts an empty or missing model", async () => {
    s.setScript(() => ({ text: 'ok' }));
    const unknown = await post(url, { model: 'gpt-4o', messages: [user('a')] });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      object: 'error',
      message: 'The model `gpt-4o` does not exist.',
      type: 'NotFoundError',
      param: null,
      code: 404,
    });
    expect((await post(url, { model: '', messages: [user('a')] })).status).toBe(200);
    const missing = await post(url, { messages: [user('a')] });
    expect(missing.json.model).toBe('google/medgemma-27b-text-it');
  });

  it('rejects image parts on a text-only model (400)', async () => {
    s.enqueue({ text: 'x' });
    const r = await post(url, {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'rash' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
          ],
        },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('google/medgemma-27b-text-it is not a multimodal model');
    expect(s.requests()[0]).toMatchObject({ rejection: 'images-not-supported' });
    expect(s.requests()[0]?.images).toHaveLength(1);
  });

  it('rejects non-JSON content types, invalid JSON, unknown parts and n>1 (400)', async () => {
    s.setScript(() => ({ text: 'x' }));
    const plain = await send(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    const broken = await post(url, '{"messages": [');
    const part = await post(url, { messages: [{ role: 'user', content: [{ type: 'input_audio' }] }] });
    const many = await post(url, { messages: [user('a')], n: 2 });
    const noMessages = await post(url, { model: 'x' });
    expect([plain.status, broken.status, part.status, many.status, noMessages.status]).toEqual([
      400, 400, 400, 400, 400,
    ]);
    expect(broken.json).toMatchObject({ object: 'error', code: 400 });
    expect(plain.json.message).toBe("Unsupported Media Type: Only 'application/json' is allowed");
    expect(s.requests().map((r) => r.rejection)).toEqual([
      'content-type',
      'invalid-json',
      'invalid-body',
      'invalid-body',
      'invalid-body',
    ]);
    const charset = await post(
      url,
      { messages: [user('a')] },
      { 'content-type': 'application/json; charset=utf-8' },
    );
    expect(charset.status).toBe(200);
  });

  it('streams SSE chat.completion.chunk events ending in [DONE] when stream is true', async () => {
    s.enqueue({ text: 'The quick brown fox jumps over the lazy dog.' });
    const r = await post(url, {
      messages: [user('x')],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = r.text
      .split('\n\n')
      .filter((e) => e !== '')
      .map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('The quick brown fox jumps over the lazy dog.');
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1).usage.completion_tokens).toBe(11);
  });
});

describe('OpenAI route options', () => {
  const started: MedgemmaStandin[] = [];
  const start = async (o: MedgemmaStandinOptions) => {
    const s = await startMedgemmaStandin(o);
    started.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(started.map((s) => s.close()));
  });

  it('requires Bearer <apiKey> when configured, like vllm --api-key', async () => {
    const s = await start({ apiKey: 'sekret', script: [{ text: 'ok' }] });
    const url = `${s.urls.openai}/chat/completions`;
    const none = await post(url, { messages: [user('a')] });
    const wrong = await post(url, { messages: [user('a')] }, { authorization: 'Bearer nope' });
    const models = await send(`${s.urls.openai}/models`, {});
    expect([none.status, none.json, wrong.status, models.status]).toEqual([
      401,
      { error: 'Unauthorized' },
      401,
      401,
    ]);
    expect(s.pending()).toBe(1);
    const ok = await post(url, { messages: [user('a')] }, { authorization: 'Bearer sekret' });
    expect(ok.status).toBe(200);
    expect(s.requests().map((r) => r.rejection)).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
      undefined,
    ]);
    expect(s.requests()[3]?.headers.authorization).toBe('Bearer sekret');
  });

  it('accepts and records images (data URL and https) when multimodal', async () => {
    const s = await start({ multimodal: true, model: 'google/medgemma-4b-it', script: [{ text: 'a rash' }] });
    const r = await post(`${s.urls.openai}/chat/completions`, {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
            { type: 'image_url', image_url: { url: 'https://example.org/x.jpg' } },
          ],
        },
      ],
    });
    expect(r.status).toBe(200);
    // 13 chars → 4 tokens, plus 256 per image (A2)
    expect(r.json.usage.prompt_tokens).toBe(4 + 512);
    expect(s.requests()[0]?.images).toEqual([
      { source: 'data-url', mediaType: 'image/png', base64: PIXEL, url: undefined },
      { source: 'url', mediaType: undefined, base64: undefined, url: 'https://example.org/x.jpg' },
    ]);
    const bad = await post(`${s.urls.openai}/chat/completions`, {
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,@@@' } }] },
      ],
    });
    expect(bad.status).toBe(400);
  });

  it('uses defaultReply when the queue is empty, and can skip max_tokens enforcement', async () => {
    const s = await start({ defaultReply: { text: 'default answer' }, enforceMaxTokens: false });
    const r = await post(`${s.urls.openai}/chat/completions`, { messages: [user('a')], max_tokens: 1 });
    expect(r.json.choices[0].message.content).toBe('default answer');
    expect(r.json.choices[0].finish_reason).toBe('stop');
  });
});

describe('Vertex AI dedicated endpoint (A5.1)', () => {
  let s: MedgemmaStandin;
  let chatUrl: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startMedgemmaStandin({
      vertex: {
        project: 'clinic-proj',
        region: 'europe-west4',
        endpointId: '555',
        accessToken: 'ya29.token',
      },
    });
    chatUrl = `${s.urls.vertexChat}/chat/completions`;
    auth = { authorization: `Bearer ${s.vertexAccessToken}` };
  });
  afterEach(() => s.reset());
  afterAll(() => s.close());

  it('builds the documented URLs', () => {
    expect(s.urls.vertexChat).toBe(
      `${s.baseUrl}/v1beta1/projects/clinic-proj/locations/europe-west4/endpoints/555`,
    );
    expect(s.urls.vertexPredict).toBe(
      `${s.baseUrl}/v1/projects/clinic-proj/locations/europe-west4/endpoints/555:predict`,
    );
  });

  it('requires the OAuth bearer token on both routes (401, Google error JSON)', async () => {
    s.enqueue({ text: 'x' });
    const missing = await post(chatUrl, { model: '', messages: [user('a')] });
    const wrong = await post(s.urls.vertexPredict, { instances: [] }, { authorization: 'Bearer expired' });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(missing.json.error.message).toMatch(/^Request is missing required authentication credential/);
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toMatch(/^Request had invalid authentication credentials/);
    expect(s.pending()).toBe(1);
  });

  it('answers 404 for an endpoint that does not exist', async () => {
    const r = await post(
      `${s.baseUrl}/v1/projects/clinic-proj/locations/europe-west4/endpoints/999:predict`,
      { instances: [{ '@requestFormat': 'chatCompletions', messages: [user('a')] }] },
      auth,
    );
    expect(r.status).toBe(404);
    expect(r.json.error.status).toBe('NOT_FOUND');
  });

  it('chat/completions (A5.1c): model "" with system + user answers a chat.completion', async () => {
    s.enqueue({ text: 'hello' });
    const r = await post(
      chatUrl,
      { model: '', messages: [system('s'), user('a')], max_tokens: 1000, temperature: 0 },
      auth,
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
    });
    expect(s.requests()[0]).toMatchObject({ provider: 'vertex-chat', model: '' });
  });

  it('chat/completions: Gemma role violation passes vLLM 400 through; front-end 429 is Google JSON', async () => {
    s.enqueue({ status: 429 });
    const bad = await post(chatUrl, { messages: [user('a'), user('b')] }, auth);
    expect([bad.status, bad.json]).toEqual([400, vllmAlternationError]);
    const limited = await post(chatUrl, { messages: [user('a')] }, auth);
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  });

  it(':predict chatCompletions (A5.1b): predictions is an OBJECT inside the Vertex envelope', async () => {
    s.enqueue({ text: 'Okay.' });
    const r = await post(
      s.urls.vertexPredict,
      {
        instances: [
          { '@requestFormat': 'chatCompletions', messages: [user('What is ML?')], max_tokens: 100 },
        ],
      },
      auth,
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      deployedModelId: '9876543210987654321',
      model: 'projects/123456789012/locations/europe-west4/models/medgemma-standin',
      modelDisplayName: 'medgemma-standin',
      modelVersionId: '1',
      predictions: {
        id: expect.stringMatching(/^chatcmpl-/),
        object: 'chat.completion',
        created: expect.any(Number),
        model: 'google/medgemma-27b-text-it',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            stop_reason: null,
            logprobs: null,
            message: { role: 'assistant', content: 'Okay.', reasoning_content: null, tool_calls: [] },
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: null },
        prompt_logprobs: null,
      },
    });
    expect(Array.isArray(r.json.predictions)).toBe(false);
    expect(s.requests()[0]).toMatchObject({ provider: 'vertex-predict', maxTokens: 100 });
  });

  it(':predict: a vertexError reply is HTTP 200 with the error object in predictions', async () => {
    s.enqueue({ vertexError: { code: 429, message: 'engine overloaded', type: 'RateLimitError' } });
    const r = await post(
      s.urls.vertexPredict,
      { instances: [{ '@requestFormat': 'chatCompletions', messages: [user('a')] }] },
      auth,
    );
    expect(r.status).toBe(200);
    expect(r.json.predictions).toEqual({
      code: 429,
      message: 'engine overloaded',
      object: 'error',
      type: 'RateLimitError',
      param: null,
    });
    expect(r.json.deployedModelId).toBe('9876543210987654321');
  });

  it(':predict: a Gemma role violation is an HTTP 200 error object with code 400', async () => {
    s.enqueue({ text: 'never' });
    const r = await post(
      s.urls.vertexPredict,
      { instances: [{ '@requestFormat': 'chatCompletions', messages: [system('s'), assistant('a')] }] },
      auth,
    );
    expect(r.status).toBe(200);
    expect(r.json.predictions).toEqual({ ...vllmAlternationError, code: 400 });
    expect(s.pending()).toBe(1);
  });

  it(':predict: accepts a percent-encoded colon; rejects a body without instances (Google 400)', async () => {
    s.enqueue({ text: 'ok' });
    const encoded = s.urls.vertexPredict.replace(':predict', '%3Apredict');
    const ok = await post(
      encoded,
      { instances: [{ '@requestFormat': 'chatCompletions', messages: [user('a')] }] },
      auth,
    );
    expect(ok.status).toBe(200);
    const bad = await post(s.urls.vertexPredict, { messages: [user('a')] }, auth);
    expect(bad.status).toBe(400);
    expect(bad.json.error.status).toBe('INVALID_ARGUMENT');
  });

  it(':predict raw prompt (A5.1a): predictions is an array of text', async () => {
    s.enqueue({ text: 'answer' }, { text: 'answer' });
    const raw = await post(
      s.urls.vertexPredict,
      { instances: [{ prompt: 'question', max_tokens: 10, temperature: 0, raw_response: true }] },
      auth,
    );
    expect(raw.json.predictions).toEqual(['answer']);
    const wrapped = await post(s.urls.vertexPredict, { instances: [{ prompt: 'question' }] }, auth);
    expect(wrapped.json.predictions).toEqual(['Prompt:\nquestion\nOutput:\nanswer']);
  });

  it(':predict: a scripted 503 is an HTTP 503 with Google error JSON', async () => {
    s.enqueue({ status: 503 });
    const r = await post(
      s.urls.vertexPredict,
      { instances: [{ '@requestFormat': 'chatCompletions', messages: [user('a')] }] },
      auth,
    );
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
  });
});

describe('Ollama native /api/chat (A5.4)', () => {
  let s: MedgemmaStandin;
  let url: string;
  beforeAll(async () => {
    s = await startMedgemmaStandin({ ollamaModel: 'medgemma:27b' });
    url = `${s.urls.ollama}/api/chat`;
  });
  afterEach(() => s.reset());
  afterAll(() => s.close());

  it('answers stream:false with the A5.4 shape', async () => {
    s.enqueue({ json: { urgency: 4 } });
    const schema = { type: 'object', properties: { urgency: { type: 'integer' } } };
    const r = await post(url, {
      model: 'medgemma:27b',
      stream: false,
      messages: [system('triage'), user('fever')],
      format: schema,
      options: { temperature: 0, num_ctx: 8192, seed: 42 },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      model: 'medgemma:27b',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/),
      message: { role: 'assistant', content: '{"urgency":4}' },
      done: true,
      done_reason: 'stop',
      total_duration: expect.any(Number),
      load_duration: expect.any(Number),
      prompt_eval_count: 3, // 'triage' + 'fever' = 11 chars → 3
      prompt_eval_duration: expect.any(Number),
      eval_count: 4,
      eval_duration: expect.any(Number),
    });
    expect(Number.isInteger(r.json.total_duration)).toBe(true);
    expect(s.requests()[0]).toMatchObject({
      provider: 'ollama',
      schema,
      schemaSource: 'ollama_format',
      responseFormat: 'json_schema',
      stream: false,
    });
  });

  it('streams NDJSON ending in done:true when stream is omitted', async () => {
    s.enqueue({ text: 'Please describe when the fever started.' });
    const r = await post(url, { model: 'medgemma:27b', messages: [user('fever')] });
    expect(r.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', message: { content: '' } });
    expect(lines.map((l) => l.message.content).join('')).toBe('Please describe when the fever started.');
    expect(s.requests()[0]?.stream).toBe(true);
  });

  it('records format "json" and answers 500 for any other format string', async () => {
    s.setScript(() => ({ text: '{}' }));
    const ok = await post(url, {
      model: 'medgemma:27b',
      stream: false,
      format: 'json',
      messages: [user('a')],
    });
    const bad = await post(url, {
      model: 'medgemma:27b',
      stream: false,
      format: 'yaml',
      messages: [user('a')],
    });
    expect(ok.status).toBe(200);
    expect(s.requests()[0]?.responseFormat).toBe('json');
    expect(bad.status).toBe(500);
    expect(bad.json.error).toMatch(/^invalid format: .*expected "json" or a valid JSON Schema/);
  });

  it('is lenient about roles like Ollama (system mid-conversation, consecutive users) but records the violation', async () => {
    s.setScript(() => ({ text: 'ok' }));
    const a = await post(url, { model: 'medgemma:27b', stream: false, messages: [user('a'), system('s')] });
    const b = await post(url, { model: 'medgemma:27b', stream: false, messages: [user('a'), user('b')] });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(s.requests().map((r) => r.gemmaViolation)).toEqual(['system-not-first', 'not-alternating']);
  });

  it('answers an empty conversation with a load response and no scripted reply', async () => {
    s.enqueue({ text: 'x' });
    const r = await post(url, { model: 'medgemma:27b', stream: false, messages: [] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      done: true,
      done_reason: 'load',
      message: { role: 'assistant', content: '' },
    });
    expect(s.pending()).toBe(1);
  });

  it('checks model: missing → 400, unknown → 404, name:latest equivalence', async () => {
    const missing = await post(url, { stream: false, messages: [user('a')] });
    const unknown = await post(url, { model: 'llama3', stream: false, messages: [user('a')] });
    expect([missing.status, missing.json]).toEqual([400, { error: 'model is required' }]);
    expect([unknown.status, unknown.json]).toEqual([404, { error: "model 'llama3' not found" }]);
    const s2 = await startMedgemmaStandin({ ollamaModel: 'medgemma', script: [{ text: 'ok' }] });
    try {
      const latest = await post(`${s2.baseUrl}/api/chat`, {
        model: 'MedGemma:latest',
        stream: false,
        messages: [user('a')],
      });
      expect(latest.status).toBe(200);
    } finally {
      await s2.close();
    }
  });

  it('rejects OpenAI content parts, data-URL images and think:true (400, Ollama texts)', async () => {
    const parts = await post(url, {
      model: 'medgemma:27b',
      stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }],
    });
    expect(parts.status).toBe(400);
    expect(parts.json.error).toBe(
      'json: cannot unmarshal array into Go struct field Message.messages.content of type string',
    );
    const dataUrl = await post(url, {
      model: 'medgemma:27b',
      stream: false,
      messages: [{ role: 'user', content: 'a', images: [`data:image/png;base64,${PIXEL}`] }],
    });
    expect([dataUrl.status, dataUrl.json.error]).toEqual([400, 'illegal base64 data at input byte 4']);
    const think = await post(url, {
      model: 'medgemma:27b',
      think: true,
      stream: false,
      messages: [user('a')],
    });
    expect([think.status, think.json.error]).toEqual([400, '"medgemma:27b" does not support thinking']);
  });

  it('rejects base64 images on a text-only model and accepts them when multimodal', async () => {
    const body = {
      model: 'medgemma:27b',
      stream: false,
      messages: [{ role: 'user', content: 'look', images: [PIXEL] }],
    };
    const textOnly = await post(url, body);
    expect([textOnly.status, textOnly.json.error]).toEqual([
      500,
      'this model is missing data required for image input',
    ]);
    const mm = await startMedgemmaStandin({ multimodal: true, script: [{ text: 'a pixel' }] });
    try {
      const r = await post(`${mm.baseUrl}/api/chat`, body);
      expect(r.status).toBe(200);
      expect(mm.requests()[0]?.images).toEqual([
        { source: 'base64', mediaType: undefined, base64: PIXEL, url: undefined },
      ]);
    } finally {
      await mm.close();
    }
  });

  it('answers truncated thinking with done_reason length; scripted errors as {error}', async () => {
    s.enqueue({ truncatedThinking: 'hmm' }, { status: 503 }, { vertexError: { code: 400, message: 'bad' } });
    const t = await post(url, { model: 'medgemma:27b', stream: false, messages: [user('a')] });
    expect(t.json).toMatchObject({ done_reason: 'length', message: { content: '<unused94>thought\nhmm' } });
    const busy = await post(url, { model: 'medgemma:27b', stream: false, messages: [user('a')] });
    expect([busy.status, busy.json]).toEqual([503, { error: 'Service Unavailable' }]);
    const bad = await post(url, { model: 'medgemma:27b', stream: false, messages: [user('a')] });
    expect([bad.status, bad.json]).toEqual([400, { error: 'bad' }]);
  });

  it('applies Gemma role rules with ollamaStrictRoles', async () => {
    const strict = await startMedgemmaStandin({ ollamaStrictRoles: true, script: [{ text: 'x' }] });
    try {
      const r = await post(`${strict.baseUrl}/api/chat`, {
        model: 'medgemma:27b',
        stream: false,
        messages: [user('a'), user('b')],
      });
      expect([r.status, r.json]).toEqual([400, { error: ALTERNATION_MESSAGE }]);
    } finally {
      await strict.close();
    }
  });
});

describe('latency injection, hang and abort', () => {
  let s: MedgemmaStandin;
  let url: string;
  beforeAll(async () => {
    s = await startMedgemmaStandin();
    url = `${s.urls.openai}/chat/completions`;
  });
  afterEach(() => s.reset());
  afterAll(() => s.close());

  it('honours delayMs before answering', async () => {
    // biome-ignore lint/suspicious/noThenProperty: `then` is the Reply field the brief names; not callable, so never a thenable
    s.enqueue({ delayMs: 150, then: { text: 'late' } });
    const t0 = performance.now();
    const r = await post(url, { messages: [user('a')] });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.json.choices[0].message.content).toBe('late');
  });

  it('plays a delayed reply returned by an async function script (a non-callable then is no thenable)', async () => {
    s.setScript(async () => {
      await new Promise((r) => setTimeout(r, 1));
      // biome-ignore lint/suspicious/noThenProperty: the Reply field under test
      return { delayMs: 30, then: { text: 'async late' } };
    });
    const r = await post(url, { messages: [user('a')] });
    expect(r.json.choices[0].message.content).toBe('async late');
    expect(s.requests()[0]?.reply).toMatchObject({ delayMs: 30 });
  });

  it('nests delays and delays errors too', async () => {
    // biome-ignore lint/suspicious/noThenProperty: `then` is the Reply field the brief names; not callable, so never a thenable
    s.enqueue({ delayMs: 40, then: { delayMs: 40, then: { status: 503 } } });
    const t0 = performance.now();
    const r = await post(url, { messages: [user('a')] });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
    expect(r.status).toBe(503);
  });

  it('cancels a delayed reply when the client disconnects and records the abort', async () => {
    // biome-ignore lint/suspicious/noThenProperty: `then` is the Reply field the brief names; not callable, so never a thenable
    s.enqueue({ delayMs: 10_000, then: { text: 'never' } });
    const t0 = performance.now();
    await expect(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [user('a')] }),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    await s.whenIdle();
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(s.requests()[0]).toMatchObject({ aborted: true, status: undefined });
  });

  it('hangs until the client gives up', async () => {
    s.enqueue({ hang: true });
    await expect(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [user('a')] }),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();
    await s.whenIdle();
    expect(s.requests()[0]).toMatchObject({ aborted: true, status: undefined, reply: { hang: true } });
  });

  it('close() ends hanging requests', async () => {
    const h = await startMedgemmaStandin({ script: [{ hang: true }] });
    const pending = fetch(`${h.urls.openai}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [user('a')] }),
    });
    const settled = pending.then(
      () => 'resolved',
      () => 'rejected',
    );
    while (h.requests().length === 0) await new Promise((r) => setTimeout(r, 10));
    await h.close();
    expect(await settled).toBe('rejected');
    expect(h.requests()[0]?.aborted).toBe(true);
  });
});

describe('script, records and probes', () => {
  let s: MedgemmaStandin;
  beforeAll(async () => {
    s = await startMedgemmaStandin({ script: [{ text: 'first' }, { text: 'second' }] });
  });
  afterAll(() => s.close());

  it('consumes the queue in order, reset() restores it and clears records', async () => {
    const url = `${s.urls.openai}/chat/completions`;
    const contents = async () => (await post(url, { messages: [user('a')] })).json.choices[0].message.content;
    expect(await contents()).toBe('first');
    expect(s.pending()).toBe(1);
    s.reset();
    expect(s.requests()).toEqual([]);
    expect(await contents()).toBe('first');
    expect(await contents()).toBe('second');
    expect(s.requests().map((r) => r.seq)).toEqual([0, 1]);
    s.enqueue({ text: 'third' });
    expect(await contents()).toBe('third');
    s.reset();
  });

  it('gives a function script the provider, index, messages and images', async () => {
    const seen: Array<Pick<ScriptRequest, 'provider' | 'index'>> = [];
    s.setScript(({ provider, index, messages }) => {
      seen.push({ provider, index });
      return { text: `${provider}:${messages.at(-1)?.text}` };
    });
    const a = await post(`${s.urls.openai}/chat/completions`, { messages: [user('one')] });
    const b = await post(`${s.baseUrl}/api/chat`, { model: 'm', stream: false, messages: [user('two')] });
    expect(a.json.choices[0].message.content).toBe('openai:one');
    expect(b.json.message.content).toBe('ollama:two');
    expect(seen).toEqual([
      { provider: 'openai', index: 0 },
      { provider: 'ollama', index: 1 },
    ]);
    s.reset();
  });

  it('answers a script that throws with 500', async () => {
    s.setScript(() => {
      throw new Error('boom');
    });
    const r = await post(`${s.urls.openai}/chat/completions`, { messages: [user('a')] });
    expect(r.status).toBe(500);
    expect(r.json.error).toContain('boom');
    s.reset();
  });

  it('serves probes, 404s unknown paths, 405s wrong methods, and records them all', async () => {
    expect((await send(`${s.baseUrl}/health`, {})).status).toBe(200);
    expect((await send(`${s.urls.openai}/models`, {})).json.data[0].id).toBe('google/medgemma-27b-text-it');
    expect((await send(`${s.baseUrl}/api/tags`, {})).json.models[0].name).toBe('medgemma:27b');
    expect((await send(`${s.baseUrl}/v1/completions`, { method: 'POST' })).status).toBe(404);
    expect((await send(`${s.urls.openai}/chat/completions`, {})).status).toBe(405);
    expect(s.requests().map((r) => [r.method, r.route, r.status])).toEqual([
      ['GET', '/health', 200],
      ['GET', '/v1/models', 200],
      ['GET', '/api/tags', 200],
      ['POST', '/v1/completions', 404],
      ['GET', '/v1/chat/completions', 405],
    ]);
    s.reset();
  });
});
