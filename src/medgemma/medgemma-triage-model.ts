import { AppError, isAppError } from '../shared/app-error.ts';
import { type ChatRequest, type ChatResponse, type ChatTransport, failureCauseOf } from './chat-transport.ts';
import { type CircuitPermit, createCircuitBreaker } from './circuit-breaker.ts';
import { extractJson } from './extract-json.ts';
import { normalizeGemmaMessages } from './gemma-messages.ts';
import type { MedgemmaMetrics } from './medgemma-metrics.ts';
import { type FailureCause, modelError, modelErrorDetails } from './model-error.ts';
import { MODEL_OUTPUT_SCHEMA_NAME, modelOutputJsonSchema, parseModelOutput } from './model-output-schema.ts';
import { buildTurnMessages } from './prompts/triage-prompt.ts';
import { createSemaphore } from './semaphore.ts';
import { stripThinking } from './strip-thinking.ts';
import type { ModelTurn, TriageModel, TurnInput } from './triage-model.ts';
import { checkTurnInput } from './turn-input-schema.ts';

/** Robustness and generation settings of `createMedgemmaTriageModel` (env names in `medgemma-config.ts`). */
export interface MedgemmaTriageModelOptions {
  transport: ChatTransport;
  /** Send the JSON Schema constraint on non-thinking calls (the transport decides the wire form). */
  constrainOutput: boolean;
  /** Upper bound of one turn, ms, whatever the caller's signal (MEDGEMMA_TIMEOUT_MS, default 20000). */
  timeoutMs: number;
  /** Concurrent turns holding a server slot (MEDGEMMA_MAX_CONCURRENCY, default 4). */
  maxConcurrency: number;
  /** HTTP attempts per call for transient errors, first included (MEDGEMMA_MAX_ATTEMPTS, default 3). */
  maxAttempts: number;
  /** Backoff base and cap, ms (full jitter between half and all of `base·2^(n-1)`); Retry-After wins when longer. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  circuit: { failureThreshold: number; coolDownMs: number };
  /** Thinking mode (27B only, A4): trigger prepended, no constraint, `thinkingMaxTokens`. */
  thinking: boolean;
  maxTokens: number;
  thinkingMaxTokens: number;
  temperature: number;
  metrics?: MedgemmaMetrics;
  now?: () => number;
  random?: () => number;
}

/** A state change of the circuit as a gauge value. */
const CIRCUIT_GAUGE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * The `TriageModel` over one transport: prompt → Gemma normalisation → call (transient retries
 * inside the deadline) → thinking stripped → JSON extracted → zod-validated `ModelTurn`.
 *
 * Failure behaviour, in order of the pipeline:
 * - invalid input → MODEL_BAD_INPUT; an image for a text-only model → MODEL_IMAGE_UNSUPPORTED (no call);
 * - circuit open (N consecutive failed turns, then `coolDownMs`, then one half-open probe) → MODEL_CIRCUIT_OPEN at once;
 * - concurrency cap: waiting for a slot counts against the deadline;
 * - deadline = the caller's signal or `timeoutMs`, whichever first → MODEL_TIMEOUT, the HTTP request aborted;
 * - 429/5xx/network → retried with jittered backoff (Retry-After honoured) while attempts and time remain,
 *   a wait that cannot fit the deadline is not started → MODEL_UNAVAILABLE;
 * - 401/403 → MODEL_AUTH, other 4xx → MODEL_REJECTED, never retried;
 * - `<unused94>` without `<unused95>` (cut-off thought) → one retry with thinking off, then MODEL_BAD_OUTPUT;
 * - not JSON, or schema/turn-rule violations (urgency 7, `ask` past the question limit) → ONE repair
 *   call telling the model what was wrong (thinking off, constraint on), then MODEL_BAD_OUTPUT.
 * Timeouts, unavailability, auth and rejections count as circuit failures; bad output does not (the
 * server is up, retrying the model next turn is reasonable).
 *
 * @param options see `MedgemmaTriageModelOptions`
 */
export function createMedgemmaTriageModel(options: MedgemmaTriageModelOptions): TriageModel {
  const { transport, metrics } = options;
  const route = transport.route;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseDelay = options.retryBaseDelayMs ?? 250;
  const maxDelay = options.retryMaxDelayMs ?? 2_000;
  const semaphore = createSemaphore(options.maxConcurrency);
  const breaker = createCircuitBreaker({
    ...options.circuit,
    now,
    onStateChange: (s) => metrics?.circuitState.set({ route }, CIRCUIT_GAUGE[s]),
  });
  metrics?.circuitState.set({ route }, 0);

  const fail = (cause: FailureCause) => metrics?.failures.inc({ route, cause });

  /** One HTTP call, retried on transient errors while attempts and the deadline allow. */
  async function call(request: ChatRequest, signal: AbortSignal, deadlineAt: number): Promise<ChatResponse> {
    for (let attempt = 1; ; attempt++) {
      const started = now();
      try {
        const response = await transport.complete(request, signal);
        metrics?.callSeconds.observe({ route, result: 'ok' }, (now() - started) / 1000);
        if (response.usage !== undefined) {
          metrics?.tokens.inc({ route, kind: 'prompt' }, response.usage.promptTokens);
          metrics?.tokens.inc({ route, kind: 'completion' }, response.usage.completionTokens);
        }
        return response;
      } catch (e) {
        const err = asModelError(e, signal, route);
        const cause = failureCauseOf(err);
        fail(cause);
        metrics?.callSeconds.observe({ route, result: cause }, (now() - started) / 1000);
        const details = modelErrorDetails(err);
        if (details.transient !== true || attempt >= options.maxAttempts) throw err;
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.5 + random() / 2);
        const wait = Math.max(backoff, details.retryAfterMs ?? 0);
        // Do not start a wait the deadline cannot cover: fail now, the caller falls back sooner.
        if (now() + wait >= deadlineAt) throw err;
        metrics?.retries.inc({ route, reason: 'transient' });
        await sleep(wait, signal, route);
      }
    }
  }

  /** The turn's generate → strip → extract → validate loop (one thinking-off retry, one repair). */
  async function run(input: TurnInput, signal: AbortSignal, deadlineAt: number): Promise<ModelTurn> {
    let thinking = options.thinking;
    let repairProblems: string[] | undefined;
    let thinkingRetried = false;
    let repaired = false;
    let usage: ModelTurn['usage'];
    for (;;) {
      const messages = normalizeGemmaMessages(
        buildTurnMessages(input, { thinking, ...(repairProblems === undefined ? {} : { repairProblems }) }),
      );
      const request: ChatRequest = {
        messages,
        maxTokens: thinking ? options.thinkingMaxTokens : options.maxTokens,
        temperature: options.temperature,
        // Never constrain a thinking call: the grammar would forbid the thought text (A4).
        ...(options.constrainOutput && !thinking
          ? { jsonSchema: { name: MODEL_OUTPUT_SCHEMA_NAME, schema: modelOutputJsonSchema } }
          : {}),
      };
      const response = await call(request, signal, deadlineAt);
      if (response.usage !== undefined) {
        usage = {
          promptTokens: (usage?.promptTokens ?? 0) + response.usage.promptTokens,
          completionTokens: (usage?.completionTokens ?? 0) + response.usage.completionTokens,
        };
      }
      const stripped = stripThinking(response.text);
      if (stripped.truncated) {
        fail('truncated');
        if (thinkingRetried) {
          throw modelError('MODEL_BAD_OUTPUT', 'model output was cut off inside its thinking', {
            cause: 'truncated',
            provider: route,
          });
        }
        // A4 recommendation: a cut-off thought is no answer; retry once with thinking off.
        thinkingRetried = true;
        thinking = false;
        metrics?.retries.inc({ route, reason: 'thinking_off' });
        continue;
      }
      const extracted = extractJson(stripped.text);
      let cause: FailureCause;
      let problems: string[];
      if (!extracted.ok) {
        cause = 'garbage';
        problems = [`the reply was not a JSON object (${extracted.reason})`];
      } else {
        const parsed = parseModelOutput(extracted.value, input);
        if (parsed.ok) return usage === undefined ? parsed.turn : { ...parsed.turn, usage };
        cause = 'schema';
        problems = parsed.problems;
      }
      fail(cause);
      if (repaired) {
        throw modelError(
          'MODEL_BAD_OUTPUT',
          cause === 'garbage' ? 'model output is not JSON' : 'model output violates the schema',
          { cause, provider: route },
        );
      }
      // One repair, constrained if we can: thinking off for it.
      repaired = true;
      repairProblems = problems;
      thinking = false;
      metrics?.retries.inc({ route, reason: 'repair' });
    }
  }

  return {
    provider: transport.provider,
    supportsImages: transport.supportsImages,
    circuitState: () => breaker.state(),
    async turn(rawInput, callerSignal) {
      const started = now();
      let outcome = 'ok';
      try {
        const checked = checkTurnInput(rawInput);
        if (!checked.ok) {
          throw modelError('MODEL_BAD_INPUT', `invalid model turn input: ${checked.problems.join(', ')}`, {
            cause: 'input',
          });
        }
        const input = checked.input;
        if (input.image !== undefined && !transport.supportsImages) {
          throw modelError('MODEL_IMAGE_UNSUPPORTED', 'this model does not take images', {
            cause: 'input',
            provider: route,
          });
        }
        const permit = breaker.tryAcquire();
        if (permit === undefined) {
          fail('circuit_open');
          throw modelError('MODEL_CIRCUIT_OPEN', 'model skipped: circuit open', {
            cause: 'circuit_open',
            provider: route,
          });
        }
        return await guarded(input, callerSignal, permit);
      } catch (e) {
        const err = asModelError(e, callerSignal, route);
        outcome = err.code;
        throw err;
      } finally {
        metrics?.turnSeconds.observe({ route, outcome }, (now() - started) / 1000);
      }
    },
  };

  /** Deadline, concurrency slot and circuit verdict around `run`. */
  async function guarded(
    input: TurnInput,
    callerSignal: AbortSignal,
    permit: CircuitPermit,
  ): Promise<ModelTurn> {
    const deadline = new AbortController();
    const deadlineAt = now() + options.timeoutMs;
    const timer = setTimeout(
      () => deadline.abort(new DOMException('model deadline', 'TimeoutError')),
      options.timeoutMs,
    );
    const onCallerAbort = () => deadline.abort(callerSignal.reason);
    if (callerSignal.aborted) onCallerAbort();
    else callerSignal.addEventListener('abort', onCallerAbort, { once: true });
    let release: (() => void) | undefined;
    try {
      try {
        release = await semaphore.acquire(deadline.signal);
      } catch (e) {
        // Waiting for a slot is our own queue, not the server failing: no circuit verdict.
        permit.cancel();
        throw modelError('MODEL_TIMEOUT', 'model call timed out waiting for a slot', { cause: 'timeout' }, e);
      }
      metrics?.inFlight.inc({ route });
      const turn = await run(input, deadline.signal, deadlineAt);
      permit.success();
      return turn;
    } catch (e) {
      const err = asModelError(e, deadline.signal, route);
      if (err.code === 'MODEL_BAD_OUTPUT') permit.success();
      else permit.failure();
      throw err;
    } finally {
      if (release !== undefined) {
        release();
        metrics?.inFlight.dec({ route });
      }
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** Any error as a model AppError (the port never throws anything else). */
function asModelError(e: unknown, signal: AbortSignal, route: string): AppError {
  if (isAppError(e) && e.code.startsWith('MODEL_')) return e;
  if (signal.aborted)
    return modelError('MODEL_TIMEOUT', 'model call timed out', { cause: 'timeout', provider: route }, e);
  if (e instanceof AppError) return e;
  return modelError(
    'MODEL_UNAVAILABLE',
    'unexpected model client failure',
    { cause: 'network', provider: route },
    e,
  );
}

/** Resolves after `ms`; rejects with MODEL_TIMEOUT as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal, route: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(modelError('MODEL_TIMEOUT', 'model call timed out', { cause: 'timeout', provider: route }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(modelError('MODEL_TIMEOUT', 'model call timed out', { cause: 'timeout', provider: route }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
