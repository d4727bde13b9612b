import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accepted,
  askReply,
  assessReply,
  baseInput,
  delayed,
  metricValue,
  modelFor,
  rejectionOf,
  userText,
} from '../../test/medgemma/model-test-kit.ts';
import { startMedgemmaStandin } from '../../test/standins/medgemma/medgemma-standin.ts';
import type { MedgemmaStandin } from '../../test/standins/medgemma/standin-types.ts';
import { type AppError, isAppError } from '../shared/app-error.ts';
import { createTriageModel } from './create-triage-model.ts';
import { THINKING_TRIGGER } from './prompts/triage-prompt.ts';
import type { TurnInput } from './triage-model.ts';

const code = (err: unknown) => (err as AppError).code;
const cause = (err: unknown) => ((err as AppError).details as { cause?: string } | undefined)?.cause;

describe('failure modes', () => {
  let s: MedgemmaStandin;
  beforeAll(async () => {
    s = await startMedgemmaStandin();
  });
  afterEach(async () => {
    await s.whenIdle();
    s.reset();
  });
  afterAll(() => s.close());

  describe('deadline', () => {
    it("latency past the caller's deadline → MODEL_TIMEOUT at the deadline, request aborted", async () => {
      const { model, registry } = modelFor(s, 'openai-schema');
      s.enqueue(delayed(10_000, { json: askReply() }));
      const started = Date.now();
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(300)));
      const elapsed = Date.now() - started;
      expect(code(err)).toBe('MODEL_TIMEOUT');
      expect(elapsed).toBeGreaterThanOrEqual(280);
      expect(elapsed).toBeLessThan(1_500);
      await s.whenIdle();
      expect(s.requests()[0]!.aborted).toBe(true);
      expect(await metricValue(registry, 'omw_model_failures_total', { cause: 'timeout' })).toBe(1);
    });

    it('MEDGEMMA_TIMEOUT_MS bounds a turn even when the caller gives more time (hang)', async () => {
      const { model } = modelFor(s, 'ollama', { timeoutMs: 250 });
      s.enqueue({ hang: true });
      const started = Date.now();
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(30_000)));
      expect(code(err)).toBe('MODEL_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('an already-aborted signal fails at once without a request', async () => {
      const { model } = modelFor(s, 'openai-schema');
      const ctl = new AbortController();
      ctl.abort();
      expect(code(await rejectionOf(model.turn(baseInput(), ctl.signal)))).toBe('MODEL_TIMEOUT');
      expect(s.requests()).toHaveLength(0);
    });
  });

  describe('transient errors', () => {
    it('429 then success: retried once within the deadline', async () => {
      const { model, registry } = modelFor(s, 'openai-schema');
      s.enqueue({ status: 429, headers: { 'retry-after': '0' } }, { json: askReply() });
      const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
      expect(turn.next.kind).toBe('ask');
      expect(s.requests()).toHaveLength(2);
      expect(await metricValue(registry, 'omw_model_retries_total', { reason: 'transient' })).toBe(1);
      expect(await metricValue(registry, 'omw_model_failures_total', { cause: 'http' })).toBe(1);
    });

    it('503 on Vertex chat, then success', async () => {
      const { model } = modelFor(s, 'vertex-chat');
      s.enqueue({ status: 503 }, { json: askReply() });
      expect((await model.turn(baseInput(), AbortSignal.timeout(5_000))).next.kind).toBe('ask');
    });

    it('a Retry-After longer than the deadline is not waited for: MODEL_UNAVAILABLE at once', async () => {
      const { model } = modelFor(s, 'openai-schema', { timeoutMs: 2_000 });
      s.enqueue({ status: 429, headers: { 'retry-after': '60' } }, { json: askReply() });
      const started = Date.now();
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(err)).toBe('MODEL_UNAVAILABLE');
      expect((err as AppError).details).toMatchObject({ status: 429, retryAfterMs: 60_000 });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(s.requests()).toHaveLength(1);
    });

    it('500 on every attempt → MODEL_UNAVAILABLE after MEDGEMMA_MAX_ATTEMPTS calls', async () => {
      const { model } = modelFor(s, 'openai-schema', { maxAttempts: 3 });
      s.enqueue({ status: 500 }, { status: 502 }, { status: 500 }, { json: askReply() });
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(err)).toBe('MODEL_UNAVAILABLE');
      expect((err as AppError).retryable).toBe(true);
      expect(s.requests()).toHaveLength(3);
    });

    it('a 400 is never retried (MODEL_REJECTED)', async () => {
      const { model } = modelFor(s, 'openai-schema');
      s.enqueue({ status: 400 }, { json: askReply() });
      expect(code(await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000))))).toBe(
        'MODEL_REJECTED',
      );
      expect(s.requests()).toHaveLength(1);
    });

    it('connection refused → MODEL_UNAVAILABLE (network), retried', async () => {
      const gone = await startMedgemmaStandin();
      const url = gone.urls.openai;
      await gone.close();
      const model = createTriageModel({
        provider: 'openai',
        baseUrl: url,
        retryBaseDelayMs: 1,
        retryMaxDelayMs: 2,
      })!;
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(err)).toBe('MODEL_UNAVAILABLE');
      expect(cause(err)).toBe('network');
    });
  });

  describe('circuit breaker', () => {
    it('500s open the circuit after N failed turns; it skips the model, then half-opens for one probe', async () => {
      let clock = 1_000_000;
      const { model, registry } = modelFor(s, 'openai-schema', {
        maxAttempts: 1,
        circuitFailureThreshold: 2,
        circuitCoolDownMs: 10_000,
        now: () => clock,
      });
      s.setScript(() => ({ status: 500 }));
      for (let i = 0; i < 2; i++) {
        expect(code(await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000))))).toBe(
          'MODEL_UNAVAILABLE',
        );
      }
      expect(model.circuitState()).toBe('open');
      expect(await metricValue(registry, 'omw_model_circuit_state')).toBe(2);
      const before = s.requests().length;
      const started = Date.now();
      expect(code(await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000))))).toBe(
        'MODEL_CIRCUIT_OPEN',
      );
      expect(Date.now() - started).toBeLessThan(100);
      expect(s.requests()).toHaveLength(before);
      expect(await metricValue(registry, 'omw_model_failures_total', { cause: 'circuit_open' })).toBe(1);

      // Cool-down over: half-open, one probe; it fails → open again.
      clock += 10_000;
      expect(model.circuitState()).toBe('half_open');
      expect(code(await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000))))).toBe(
        'MODEL_UNAVAILABLE',
      );
      expect(model.circuitState()).toBe('open');

      // Next cool-down: the probe succeeds → closed.
      clock += 10_000;
      s.setScript([{ json: askReply() }, { json: askReply() }]);
      expect((await model.turn(baseInput(), AbortSignal.timeout(5_000))).next.kind).toBe('ask');
      expect(model.circuitState()).toBe('closed');
      expect((await model.turn(baseInput(), AbortSignal.timeout(5_000))).next.kind).toBe('ask');
    });

    it('half-open lets exactly one probe through; concurrent turns get MODEL_CIRCUIT_OPEN', async () => {
      let clock = 0;
      const { model } = modelFor(s, 'openai-schema', {
        maxAttempts: 1,
        circuitFailureThreshold: 1,
        circuitCoolDownMs: 1_000,
        now: () => clock,
      });
      s.enqueue({ status: 503 });
      await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      clock += 1_000;
      s.enqueue(delayed(150, { json: askReply() }));
      const probe = model.turn(baseInput(), AbortSignal.timeout(5_000));
      const other = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(other)).toBe('MODEL_CIRCUIT_OPEN');
      expect((await probe).next.kind).toBe('ask');
      expect(model.circuitState()).toBe('closed');
    });

    it('bad output does not open the circuit (the server is up)', async () => {
      const { model } = modelFor(s, 'openai-schema', { circuitFailureThreshold: 1 });
      s.enqueue({ garbage: 'nope' }, { garbage: 'still nope' });
      expect(code(await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000))))).toBe(
        'MODEL_BAD_OUTPUT',
      );
      expect(model.circuitState()).toBe('closed');
    });
  });

  describe('bad output', () => {
    it('garbage → one repair telling the model what was wrong → success', async () => {
      const { model, registry } = modelFor(s, 'openai-schema');
      s.enqueue({ garbage: 'I think you should ask about breathing.' }, { json: askReply() });
      const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
      expect(turn.next.kind).toBe('ask');
      const [, repair] = accepted(s);
      expect(userText(repair!)).toContain(
        'Your previous reply was rejected: the reply was not a JSON object',
      );
      expect(repair!.schemaSource).toBe('response_format');
      expect(await metricValue(registry, 'omw_model_failures_total', { cause: 'garbage' })).toBe(1);
      expect(await metricValue(registry, 'omw_model_retries_total', { reason: 'repair' })).toBe(1);
    });

    it('garbage twice → MODEL_BAD_OUTPUT after exactly one repair', async () => {
      const { model } = modelFor(s, 'ollama');
      s.enqueue({ garbage: '{"summary": "x", "action": ' }, { garbage: 'sorry' }, { json: askReply() });
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(err)).toBe('MODEL_BAD_OUTPUT');
      expect(cause(err)).toBe('garbage');
      expect((err as AppError).retryable).toBe(false);
      expect(s.requests()).toHaveLength(2);
      expect(s.pending()).toBe(1);
    });

    it('urgency 7 (schema violation) → repair names the field → success', async () => {
      const { model } = modelFor(s, 'vertex-predict');
      s.enqueue(
        { json: assessReply({ urgency: 7 }) },
        { json: assessReply({ urgency: 3, disposition: 'urgent' }) },
      );
      const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
      expect(turn.next.kind === 'assess' && turn.next.assessment.urgency).toBe(3);
      const repair = userText(accepted(s)[1]!);
      expect(repair).toContain('assessment.urgency: Too big');
      expect(repair).not.toContain('Primary concern: cough');
    });

    it.each([
      ['urgency 7', assessReply({ urgency: 7 })],
      ['urgency 0', assessReply({ urgency: 0 })],
      ['urgency 2.5', assessReply({ urgency: 2.5 })],
      ['urgency "3"', assessReply({ urgency: '3' })],
      ['unknown disposition', assessReply({ disposition: 'book_now' })],
      ['unknown action', { summary: 's', action: 'book', question: '', assessment: null }],
      ['assess without assessment', { summary: 's', action: 'assess', question: '', assessment: null }],
      ['ask without question', { summary: 's', action: 'ask', question: '  ', assessment: null }],
      ['no summary', { action: 'ask', question: 'Since when?' }],
      ['empty assessment summary', assessReply({ summary: '' })],
      ['red_flags not an array', assessReply({ red_flags: 'chest pain' })],
      ['a JSON string', 'assess'],
      ['a JSON array of strings', ['ask', 'Since when?']],
    ])('%s twice → MODEL_BAD_OUTPUT (schema)', async (_name, bad) => {
      const { model } = modelFor(s, 'openai-schema');
      s.enqueue({ json: bad }, { json: bad });
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(err)).toBe('MODEL_BAD_OUTPUT');
      expect(['schema', 'garbage']).toContain(cause(err));
      expect(s.requests()).toHaveLength(2);
    });

    it('output cut by max_tokens (finish length) is garbage and gets its repair', async () => {
      const { model } = modelFor(s, 'openai-schema', { maxTokens: 64 });
      s.enqueue({ json: assessReply({ summary: 'x'.repeat(1_000) }) }, { json: askReply() });
      expect((await model.turn(baseInput(), AbortSignal.timeout(5_000))).next.kind).toBe('ask');
      expect(s.requests()).toHaveLength(2);
    });

    it('leading prose and a ```json fence are tolerated without a repair', async () => {
      const { model } = modelFor(s, 'vertex-chat');
      s.enqueue({ text: `Here is my answer.\n\`\`\`json\n${JSON.stringify(assessReply())}\n\`\`\`\nThanks` });
      expect((await model.turn(baseInput(), AbortSignal.timeout(5_000))).next.kind).toBe('assess');
      expect(s.requests()).toHaveLength(1);
    });
  });

  describe('thinking (A4)', () => {
    it('truncated thinking → no answer → one retry with thinking off (constrained) → success', async () => {
      const { model, registry } = modelFor(s, 'openai-schema', { thinking: true });
      s.enqueue({ truncatedThinking: 'The patient has a cough, I should consider' }, { json: askReply() });
      const turn = await model.turn(baseInput(), AbortSignal.timeout(5_000));
      expect(turn.next.kind).toBe('ask');
      const [first, second] = accepted(s);
      expect(userText(first!).startsWith(THINKING_TRIGGER)).toBe(true);
      expect(first!.schemaSource).toBeUndefined();
      expect(userText(second!)).not.toContain(THINKING_TRIGGER);
      expect(second!.schemaSource).toBe('response_format');
      expect(second!.maxTokens).toBe(1_000);
      expect(await metricValue(registry, 'omw_model_failures_total', { cause: 'truncated' })).toBe(1);
      expect(await metricValue(registry, 'omw_model_retries_total', { reason: 'thinking_off' })).toBe(1);
    });

    it('truncated twice → MODEL_BAD_OUTPUT (truncated)', async () => {
      const { model } = modelFor(s, 'ollama', { thinking: true });
      s.enqueue({ truncatedThinking: 'hmm' }, { truncatedThinking: 'hmm again' });
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(5_000)));
      expect(code(err)).toBe('MODEL_BAD_OUTPUT');
      expect(cause(err)).toBe('truncated');
    });

    it('spontaneous thinking with thinking off is stripped (MedGemma 1.5 on Ollama, S16)', async () => {
      const { model } = modelFor(s, 'ollama');
      s.enqueue({ thinking: 'let me think', text: JSON.stringify(askReply()) });
      expect((await model.turn(baseInput(), AbortSignal.timeout(5_000))).next.kind).toBe('ask');
      expect(s.requests()).toHaveLength(1);
    });
  });

  describe('concurrency cap', () => {
    it('with MEDGEMMA_MAX_CONCURRENCY=1 a second turn waits for the first', async () => {
      const { model } = modelFor(s, 'openai-schema', { maxConcurrency: 1 });
      s.enqueue(delayed(200, { json: askReply() }), { json: askReply() });
      const a = model.turn(baseInput(), AbortSignal.timeout(5_000));
      const b = model.turn(baseInput(), AbortSignal.timeout(5_000));
      await new Promise((r) => setTimeout(r, 100));
      expect(s.requests()).toHaveLength(1);
      await Promise.all([a, b]);
      const [r1, r2] = s.requests();
      expect(r2!.receivedAt - r1!.receivedAt).toBeGreaterThanOrEqual(150);
    });

    it('a turn whose deadline passes while waiting for a slot → MODEL_TIMEOUT, no request, circuit untouched', async () => {
      const { model } = modelFor(s, 'openai-schema', { maxConcurrency: 1, circuitFailureThreshold: 1 });
      s.enqueue(delayed(400, { json: askReply() }));
      const a = model.turn(baseInput(), AbortSignal.timeout(5_000));
      const err = await rejectionOf(model.turn(baseInput(), AbortSignal.timeout(100)));
      expect(code(err)).toBe('MODEL_TIMEOUT');
      await a;
      expect(s.requests()).toHaveLength(1);
      expect(model.circuitState()).toBe('closed');
    });
  });

  describe('input', () => {
    it('an invalid input is MODEL_BAD_INPUT without a request', async () => {
      const { model } = modelFor(s, 'openai-schema');
      const bad = { ...baseInput(), language: 'de' } as unknown as TurnInput;
      const err = await rejectionOf(model.turn(bad, AbortSignal.timeout(5_000)));
      expect(isAppError(err, 'MODEL_BAD_INPUT')).toBe(true);
      expect((err as AppError).message).toContain('language');
      expect(s.requests()).toHaveLength(0);
    });

    it('errors never carry prompt or output text', async () => {
      const { model } = modelFor(s, 'openai-schema');
      s.enqueue({ garbage: 'SECRET-OUTPUT' }, { garbage: 'SECRET-OUTPUT' });
      const err = await rejectionOf(
        model.turn(baseInput({ patientText: 'SECRET-PATIENT chest pain' }), AbortSignal.timeout(5_000)),
      );
      const dump = JSON.stringify({ m: (err as Error).message, d: (err as AppError).details });
      expect(dump).not.toContain('SECRET');
    });
  });
});
