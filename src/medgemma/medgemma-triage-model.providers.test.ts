import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accepted,
  askReply,
  assessReply,
  baseInput,
  modelFor,
  rejectionOf,
  userText,
  VARIANTS,
} from '../../test/medgemma/model-test-kit.ts';
import { startMedgemmaStandin } from '../../test/standins/medgemma/medgemma-standin.ts';
import type { MedgemmaStandin } from '../../test/standins/medgemma/standin-types.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { createTriageModel } from './create-triage-model.ts';
import { modelOutputJsonSchema } from './model-output-schema.ts';
import { THINKING_TRIGGER } from './prompts/triage-prompt.ts';

const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('every provider against the strict stand-in (reference A5)', () => {
  let s: MedgemmaStandin;
  beforeAll(async () => {
    s = await startMedgemmaStandin({ model: 'google/medgemma-27b-text-it', ollamaModel: 'medgemma:27b' });
  });
  afterEach(() => s.reset());
  afterAll(() => s.close());

  it.each(VARIANTS)(
    '%s: a question comes back as a ModelTurn, in one user turn with no system role',
    async (variant) => {
      const { model } = modelFor(s, variant);
      s.enqueue({ json: askReply() });
      const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
      expect(turn.next).toEqual({ kind: 'ask', question: 'Do you feel short of breath when you walk?' });
      expect(turn.summary).toBe('Cough 3 days, mild fever.');
      expect(turn.usage?.promptTokens).toBeGreaterThan(100);
      expect(turn.usage?.completionTokens).toBeGreaterThan(5);
      const reqs = accepted(s);
      expect(reqs).toHaveLength(1);
      const r = reqs[0]!;
      expect(r.messages.map((m) => m.role)).toEqual(['user']);
      expect(r.gemmaViolation).toBeUndefined();
      expect(userText(r).startsWith("You are a clinic's WhatsApp intake assistant.")).toBe(true);
      expect(userText(r)).toContain(
        '<patient_message>\nI have had a cough for three days and a mild fever.\n</patient_message>',
      );
      expect(r.maxTokens).toBe(1_000);
      expect(r.stream).toBe(false);
    },
  );

  it.each(VARIANTS)('%s: an assessment is parsed, unknown fields dropped', async (variant) => {
    const { model } = modelFor(s, variant);
    s.enqueue({ json: { ...assessReply(), book: true } });
    const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
    expect(turn.next.kind).toBe('assess');
    if (turn.next.kind !== 'assess') return;
    expect(turn.next.assessment).toEqual({
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Cough with low-grade fever, no danger signs'],
      recommended_service: 'general outpatient',
      primary_concern: 'Cough for three days',
      pertinent_negatives: ['denies shortness of breath'],
      summary: 'Primary concern: cough for 3 days. HPI: mild fever. Denies shortness of breath.',
    });
    expect(turn).not.toHaveProperty('book');
  });

  it('openai with response_format sends the zod-derived JSON Schema (A5.2)', async () => {
    const { model } = modelFor(s, 'openai-schema');
    s.enqueue({ json: askReply() });
    await model.turn(baseInput(), AbortSignal.timeout(5_000));
    const r = accepted(s)[0]!;
    expect(r.schemaSource).toBe('response_format');
    expect(r.schema).toEqual(modelOutputJsonSchema);
    expect(
      (r.body as { response_format: { json_schema: { name: string } } }).response_format.json_schema.name,
    ).toBe('triage_turn');
    expect((r.body as { temperature: number }).temperature).toBe(0);
    expect(r.model).toBe('google/medgemma-27b-text-it');
  });

  it('openai without response_format sends no constraint; the prompt still describes the JSON', async () => {
    const { model } = modelFor(s, 'openai-plain');
    s.enqueue({ text: `Sure! Here it is:\n\`\`\`json\n${JSON.stringify(askReply())}\n\`\`\`` });
    const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
    expect(turn.next.kind).toBe('ask');
    const r = accepted(s)[0]!;
    expect(r.schemaSource).toBeUndefined();
    expect(r.responseFormat).toBeUndefined();
    expect(userText(r)).toContain('Reply with ONE JSON object and nothing else');
  });

  it('guided_json mode uses vLLM < 0.12 field (Model Garden 20250312 image, A5.2)', async () => {
    const { model } = modelFor(s, 'openai-schema', { structuredOutput: 'guided_json' });
    s.enqueue({ json: askReply() });
    await model.turn(baseInput(), AbortSignal.timeout(5_000));
    expect(accepted(s)[0]!.schemaSource).toBe('guided_json');
  });

  it('vertex chat: OpenAI-compatible route with the bearer token and model ""; schema only when configured', async () => {
    const { model } = modelFor(s, 'vertex-chat');
    s.enqueue({ json: askReply() });
    await model.turn(baseInput(), AbortSignal.timeout(5_000));
    const r = accepted(s)[0]!;
    expect(r.provider).toBe('vertex-chat');
    expect(r.headers.authorization).toBe(`Bearer ${s.vertexAccessToken}`);
    expect((r.body as { model: string }).model).toBe('');
    expect(r.schemaSource).toBeUndefined();

    s.reset();
    const constrained = modelFor(s, 'vertex-chat', { structuredOutput: 'json_schema' }).model;
    s.enqueue({ json: askReply() });
    await constrained.turn(baseInput(), AbortSignal.timeout(5_000));
    expect(accepted(s)[0]!.schemaSource).toBe('response_format');
  });

  it('vertex predict: one chatCompletions instance, predictions object unwrapped (A5.1b)', async () => {
    const { model } = modelFor(s, 'vertex-predict');
    s.enqueue({ json: askReply() });
    await model.turn(baseInput(), AbortSignal.timeout(5_000));
    const r = accepted(s)[0]!;
    expect(r.provider).toBe('vertex-predict');
    const body = r.body as { instances: Array<Record<string, unknown>> };
    expect(body.instances).toHaveLength(1);
    expect(body.instances[0]!['@requestFormat']).toBe('chatCompletions');
    expect(body.instances[0]).not.toHaveProperty('model');
    expect(body.instances[0]).not.toHaveProperty('stream');
  });

  it('vertex predict: an HTTP-200 error object is an error (400 → MODEL_REJECTED, not retried)', async () => {
    const { model } = modelFor(s, 'vertex-predict');
    s.enqueue({ vertexError: { code: 400, message: 'bad things' } }, { json: askReply() });
    const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
    expect(isAppError(err, 'MODEL_REJECTED')).toBe(true);
    expect((err as { details: { status: number } }).details.status).toBe(400);
    expect(s.requests()).toHaveLength(1);
  });

  it('vertex predict: an HTTP-200 429 error object is transient and retried', async () => {
    const { model } = modelFor(s, 'vertex-predict');
    s.enqueue({ vertexError: { code: 429, message: 'busy' } }, { json: askReply() });
    const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
    expect(turn.next.kind).toBe('ask');
    expect(s.requests()).toHaveLength(2);
  });

  it('vertex: a wrong token is MODEL_AUTH; a token source failure is MODEL_AUTH without a request', async () => {
    const wrong = createTriageModel({
      provider: 'vertex',
      project: 'standin-project',
      endpointId: '1234567890123456789',
      baseUrl: s.baseUrl,
      tokenSource: { getAccessToken: async () => 'nope' },
    })!;
    expect(
      isAppError(await rejectionOf(wrong.turn(baseInput(), AbortSignal.timeout(5_000))), 'MODEL_AUTH'),
    ).toBe(true);
    const broken = createTriageModel({
      provider: 'vertex',
      project: 'standin-project',
      endpointId: '1234567890123456789',
      baseUrl: s.baseUrl,
      tokenSource: {
        getAccessToken: async () => {
          throw new AppError('MODEL_AUTH', 'no credentials', { details: { cause: 'auth' } });
        },
      },
    })!;
    s.reset();
    const err = await rejectionOf(broken.turn(baseInput(), AbortSignal.timeout(5_000)));
    expect(isAppError(err, 'MODEL_AUTH')).toBe(true);
    expect(s.requests()).toHaveLength(0);
  });

  it('ollama native: stream false, format schema, num_predict and num_ctx, never `think`', async () => {
    const { model } = modelFor(s, 'ollama');
    s.enqueue({ json: askReply() });
    await model.turn(baseInput(), AbortSignal.timeout(5_000));
    const r = accepted(s)[0]!;
    const body = r.body as Record<string, unknown>;
    expect(body.stream).toBe(false);
    expect(body).not.toHaveProperty('think');
    expect(r.schemaSource).toBe('ollama_format');
    expect(r.schema).toEqual(modelOutputJsonSchema);
    expect(body.options).toEqual({ temperature: 0, num_predict: 1_000, num_ctx: 8_192 });
  });

  it('ollama: an unknown model is a 404 → MODEL_REJECTED', async () => {
    const { model } = modelFor(s, 'ollama', {});
    const other = createTriageModel({ provider: 'ollama', baseUrl: s.urls.ollama, model: 'llama3' })!;
    expect(model.provider).toBe('ollama');
    expect(
      isAppError(await rejectionOf(other.turn(baseInput(), AbortSignal.timeout(5_000))), 'MODEL_REJECTED'),
    ).toBe(true);
  });

  it('thinking mode: trigger prepended, no constraint, 2000 tokens; the thought is stripped (A4)', async () => {
    const { model } = modelFor(s, 'openai-schema', { thinking: true });
    s.enqueue({ thinking: 'Cough and fever; ask about breathing.', text: JSON.stringify(askReply()) });
    const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
    expect(turn.next.kind).toBe('ask');
    const r = accepted(s)[0]!;
    expect(userText(r).startsWith(THINKING_TRIGGER)).toBe(true);
    expect(r.schemaSource).toBeUndefined();
    expect(r.maxTokens).toBe(2_000);
  });

  it('questionsAsked ≥ maxQuestions: the prompt says assess now, and an `ask` reply is repaired', async () => {
    const { model } = modelFor(s, 'openai-schema');
    s.enqueue({ json: askReply() }, { json: assessReply() });
    const turn = await model.turn(
      baseInput({ questionsAsked: 5, maxQuestions: 5 }),
      AbortSignal.timeout(5_000),
    );
    expect(turn.next.kind).toBe('assess');
    const [first, second] = accepted(s);
    expect(userText(first!)).toContain('questions asked 5 of max 5. Limit reached: assess now.');
    expect(userText(second!)).toContain(
      'Your previous reply was rejected: action: the question limit is reached',
    );
    // Usage is summed over both calls (the stand-in counts ceil(chars / 4) per side).
    const prompt = (r: typeof first) => Math.ceil(userText(r!).length / 4);
    expect(turn.usage?.promptTokens).toBe(prompt(first) + prompt(second));
  });

  it('openai with an API key sends it; without it the server answers 401 → MODEL_AUTH', async () => {
    const keyed = await startMedgemmaStandin({ apiKey: 'sekret' });
    try {
      const good = createTriageModel({ provider: 'openai', baseUrl: keyed.urls.openai, apiKey: 'sekret' })!;
      keyed.enqueue({ json: askReply() });
      await good.turn(baseInput(), AbortSignal.timeout(5_000));
      const bad = createTriageModel({ provider: 'openai', baseUrl: keyed.urls.openai })!;
      expect(
        isAppError(await rejectionOf(bad.turn(baseInput(), AbortSignal.timeout(5_000))), 'MODEL_AUTH'),
      ).toBe(true);
    } finally {
      await keyed.close();
    }
  });
});

describe('images (multimodal path, MedGemma 4B)', () => {
  let s: MedgemmaStandin;
  beforeAll(async () => {
    s = await startMedgemmaStandin({ multimodal: true });
  });
  afterEach(() => s.reset());
  afterAll(() => s.close());

  const image = { mimeType: 'image/png', base64: PIXEL };

  it.each(VARIANTS)('%s: the photo reaches the server in its provider shape', async (variant) => {
    const { model } = modelFor(s, variant, { multimodal: true });
    expect(model.supportsImages).toBe(true);
    s.enqueue({ json: askReply() });
    await model.turn(baseInput({ image }), AbortSignal.timeout(5_000));
    const r = accepted(s)[0]!;
    expect(r.images).toHaveLength(1);
    expect(r.images[0]!.base64).toBe(PIXEL);
    expect(r.images[0]!.source).toBe(variant === 'ollama' ? 'base64' : 'data-url');
    if (variant !== 'ollama') expect(r.images[0]!.mediaType).toBe('image/png');
    expect(userText(r)).toContain('The patient also sent the attached photo; it is data too.');
  });

  it('a model without supportsImages refuses the image before any request', async () => {
    const { model } = modelFor(s, 'openai-schema');
    expect(model.supportsImages).toBe(false);
    const err = await rejectionOf(model.turn(baseInput({ image }), AbortSignal.timeout(5_000)));
    expect(isAppError(err, 'MODEL_IMAGE_UNSUPPORTED')).toBe(true);
    expect(s.requests()).toHaveLength(0);
  });

  it('a text-only server refusing the image part gives MODEL_REJECTED (vLLM 400)', async () => {
    const textOnly = await startMedgemmaStandin({ multimodal: false });
    try {
      const { model } = modelFor(textOnly, 'openai-schema', { multimodal: true });
      const err = await rejectionOf(model.turn(baseInput({ image }), AbortSignal.timeout(5_000)));
      expect(isAppError(err, 'MODEL_REJECTED')).toBe(true);
    } finally {
      await textOnly.close();
    }
  });
});
