import type { AppError } from '../shared/app-error.ts';
import type { GemmaMessage } from './gemma-messages.ts';
import { type FailureCause, modelError } from './model-error.ts';
import type { ModelProvider, ModelUsage } from './triage-model.ts';

/** How the output constraint is sent (reference A5.2, A5.4). */
export type StructuredOutputMode =
  /** OpenAI `response_format: {type:"json_schema", json_schema:{name, schema}}`; Ollama native `format: <schema>`. */
  | 'json_schema'
  /** vLLM < 0.12 `guided_json` (the Model Garden image tagged 20250312 predates v0.12, A5.2). */
  | 'guided_json'
  /** No constraint: the prompt describes the JSON and zod validates it. */
  | 'none';

/** One generation request, already normalised for Gemma (`normalizeGemmaMessages`). */
export interface ChatRequest {
  messages: readonly GemmaMessage[];
  /** Output constraint; omitted on thinking calls (the constraint would forbid the thought, A4). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** `max_tokens` / Ollama `num_predict`. */
  maxTokens: number;
  temperature: number;
}

/** The model's raw text and what the server said about it. */
export interface ChatResponse {
  text: string;
  /** `stop`, `length`, … as the server reported it. */
  finishReason?: string;
  usage?: ModelUsage;
}

/**
 * One serving surface (reference A5.5's adapters). Implementations throw only model AppErrors
 * (`MODEL_TIMEOUT` when `signal` aborts; `MODEL_UNAVAILABLE` with `details.transient` for 429/5xx/
 * network; `MODEL_AUTH`; `MODEL_REJECTED`) — retries, deadlines and the circuit live above them.
 */
export interface ChatTransport {
  readonly provider: ModelProvider;
  /** A short label for metrics (`openai`, `vertex-chat`, `vertex-predict`, `ollama`). */
  readonly route: string;
  readonly supportsImages: boolean;
  complete(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse>;
}

/** `fetch` as the transports use it (injectable for tests). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A parsed JSON answer. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  /** Parsed body, or undefined when it was not JSON. */
  json: unknown;
}

/**
 * POSTs JSON and reads the JSON answer, mapping transport failures to model AppErrors:
 * an abort of `signal` → MODEL_TIMEOUT; a network failure → MODEL_UNAVAILABLE (transient).
 * Statuses are returned, not judged (each dialect has its own error shapes; see `httpStatusError`).
 *
 * @param fetchImpl fetch to use
 * @param url full URL
 * @param body JSON body
 * @param headers extra headers (auth)
 * @param signal deadline
 * @param provider label for error details
 */
export async function postJson(
  fetchImpl: FetchLike,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
  provider: string,
): Promise<JsonAnswer> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    throw abortOr(err, signal, provider);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw abortOr(err, signal, provider);
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json };
}

function abortOr(err: unknown, signal: AbortSignal, provider: string): AppError {
  if (signal.aborted)
    return modelError('MODEL_TIMEOUT', 'model call timed out', { cause: 'timeout', provider });
  return modelError(
    'MODEL_UNAVAILABLE',
    'model server unreachable',
    { cause: 'network', transient: true, provider },
    err,
  );
}

/**
 * Maps an HTTP error status (or a Vertex `predictions.code`, A5.1b) to a model AppError:
 * 408/429/5xx → MODEL_UNAVAILABLE transient (Retry-After kept); 401/403 → MODEL_AUTH; other 4xx →
 * MODEL_REJECTED (our request or configuration is wrong: retrying cannot help).
 *
 * @param status the status
 * @param provider label
 * @param retryAfter the Retry-After header, if any
 */
export function httpStatusError(status: number, provider: string, retryAfter?: string | null): AppError {
  const retryAfterMs = parseRetryAfter(retryAfter);
  const base = { status, provider, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 408 || status === 429 || status >= 500) {
    return modelError('MODEL_UNAVAILABLE', `model server answered ${status}`, {
      cause: 'http',
      transient: true,
      ...base,
    });
  }
  if (status === 401 || status === 403) {
    return modelError('MODEL_AUTH', `model server refused our credentials (${status})`, {
      cause: 'auth',
      ...base,
    });
  }
  return modelError('MODEL_REJECTED', `model server rejected the request (${status})`, {
    cause: 'http',
    ...base,
  });
}

/** A 2xx answer whose body is not what the dialect promises. */
export function badResponse(provider: string, what: string): AppError {
  return modelError('MODEL_UNAVAILABLE', `model server answered an unexpected body: ${what}`, {
    cause: 'bad_response',
    provider,
  });
}

/** Retry-After in ms (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Reads OpenAI-shaped `usage` (vLLM, Vertex), tolerating absent fields. */
export function readOpenAiUsage(usage: unknown): ModelUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as { prompt_tokens?: unknown; completion_tokens?: unknown };
  if (typeof u.prompt_tokens !== 'number' || typeof u.completion_tokens !== 'number') return undefined;
  return { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens };
}

/** Failure cause of a model AppError (for metrics). */
export function failureCauseOf(err: AppError): FailureCause {
  const cause = (err.details as { cause?: unknown } | undefined)?.cause;
  return typeof cause === 'string' && cause !== 'input' ? (cause as FailureCause) : 'http';
}
