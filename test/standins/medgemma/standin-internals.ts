/**
 * Internal plumbing shared by the stand-in's route handlers (not part of the stand-in's API).
 */
import type { RecordedRequest, Reply, ScriptRequest, StandinFinishReason } from './standin-types.ts';

/** Options with every default filled in. */
export interface ResolvedStandinOptions {
  /** Served model name to check against, if configured. */
  model: string | undefined;
  /** Name used in responses when the request named none. */
  responseModel: string;
  ollamaModel: string | undefined;
  apiKey: string | undefined;
  vertex: {
    project: string;
    region: string;
    endpointId: string;
    accessToken: string;
    deployedModelId: string;
    modelResource: string;
    modelDisplayName: string;
    modelVersionId: string;
  };
  multimodal: boolean;
  enforceMaxTokens: boolean;
  ollamaStrictRoles: boolean;
}

/** Writes a response and records its status on the request record. */
export interface Responder {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  text(status: number, body: string, contentType?: string, headers?: Record<string, string>): void;
  /** Sends all chunks of a streamed body (SSE or NDJSON) and ends it. */
  stream(status: number, contentType: string, chunks: readonly string[]): void;
}

/** Everything a successful answer needs, whatever the provider. */
export interface CompletionOutput {
  content: string;
  finishReason: StandinFinishReason;
  promptTokens: number;
  completionTokens: number;
  /** Model name to put in the response. */
  model: string;
  /** `process.hrtime.bigint()` at arrival, for Ollama's nanosecond durations. */
  startedAt: bigint;
}

/** How one provider writes the three kinds of scripted outcome. */
export interface Dialect {
  completion(out: Responder, completion: CompletionOutput, request: ScriptRequest): void;
  /**
   * A scripted bare HTTP error; `body` (when given) replaces the provider-shaped default, which
   * carries `message`.
   */
  status(
    out: Responder,
    status: number,
    message: string,
    body: unknown,
    headers: Record<string, string>,
  ): void;
  /** A scripted serving-container error (Reply `vertexError`). */
  containerError(out: Responder, error: { code: number; message: string; type: string }): void;
}

/** A request that passed every check and now needs the script's answer. */
export interface ChatCall {
  request: Omit<ScriptRequest, 'index'>;
  dialect: Dialect;
}

/** What a route handler gets. It either answers (rejection) and returns undefined, or returns a call. */
export interface RouteContext {
  record: RecordedRequest;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The raw body text (`''` when empty). */
  rawBody: string;
  /** The body parsed as JSON, when it was valid JSON. */
  json: { ok: true; value: unknown } | { ok: false };
  out: Responder;
  options: ResolvedStandinOptions;
}

/** vLLM's error type names by HTTP status (its `ErrorResponse.type`). */
export function vllmErrorType(status: number): string {
  if (status === 400) return 'BadRequestError';
  if (status === 401) return 'UnauthorizedError';
  if (status === 404) return 'NotFoundError';
  if (status === 429) return 'RateLimitError';
  if (status === 503) return 'ServiceUnavailableError';
  return 'InternalServerError';
}

/** vLLM's error JSON (A5.1b shows the same object inside Vertex `predictions`). */
export function vllmError(
  status: number,
  message: string,
  type = vllmErrorType(status),
): Record<string, unknown> {
  return { object: 'error', message, type, param: null, code: status };
}

/** Google API error JSON (`{error:{code,message,status}}`) for the Vertex front end. */
export function googleError(code: number, message: string): { error: Record<string, unknown> } {
  const statuses: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return { error: { code, message, status: statuses[code] ?? 'UNKNOWN' } };
}

/** Message of the default reply when the queue is empty and no `defaultReply` was configured. */
export const EMPTY_SCRIPT_MESSAGE = 'medgemma stand-in: script is empty';

/** Whether a scripted reply produces model content. */
export function isTransportReply(
  reply: Reply,
): reply is Extract<
  Reply,
  { status: number } | { vertexError: unknown } | { delayMs: number } | { hang: true }
> {
  return 'status' in reply || 'vertexError' in reply || 'delayMs' in reply || 'hang' in reply;
}

/** Writes a scripted status error's body: the override if given, else the provider default. */
export function writeStatusBody(
  out: Responder,
  status: number,
  override: unknown,
  fallback: unknown,
  headers: Record<string, string>,
): void {
  if (typeof override === 'string') out.text(status, override, 'text/plain; charset=utf-8', headers);
  else out.json(status, override === undefined ? fallback : override, headers);
}
