import { buildChatCompletion, buildChatCompletionStream } from './build-chat-completion.ts';
import { parseChatRequest } from './parse-chat-request.ts';
import {
  type ChatCall,
  type Dialect,
  googleError,
  type RouteContext,
  vllmError,
  writeStatusBody,
} from './standin-internals.ts';

/** Answers like vLLM on `/v1/chat/completions` (A5.2), streaming as SSE when `stream: true`. */
const vllmDialect: Dialect = {
  completion(out, c, request) {
    if (!request.stream) {
      out.json(200, buildChatCompletion(c));
      return;
    }
    const options = (request.body as { stream_options?: { include_usage?: unknown } }).stream_options;
    out.stream(
      200,
      'text/event-stream; charset=utf-8',
      buildChatCompletionStream(c, options?.include_usage === true),
    );
  },
  status(out, status, message, body, headers) {
    writeStatusBody(out, status, body, vllmError(status, message), headers);
  },
  containerError(out, e) {
    out.json(e.code, vllmError(e.code, e.message, e.type));
  },
};

/**
 * Vertex A5.1c: the container's answers pass through (a container 4xx is assumed to keep vLLM's body
 * and status — unverified), while scripted bare statuses (429/503) come from Google's front end.
 */
const vertexChatDialect: Dialect = {
  completion: vllmDialect.completion,
  containerError: vllmDialect.containerError,
  status(out, status, message, body, headers) {
    writeStatusBody(out, status, body, googleError(status, message), headers);
  },
};

/**
 * vLLM's `--api-key` check (A5.2), which guards every `/v1` path: scheme `bearer` (any case) and the
 * exact key, else 401 `{"error":"Unauthorized"}`. Always passes when no key is configured.
 *
 * @returns true when the request may proceed; false after answering 401
 */
export function checkApiKey(ctx: RouteContext): boolean {
  const key = ctx.options.apiKey;
  if (key === undefined) return true;
  const [scheme, token] = (ctx.headers.authorization ?? '').split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer' && token === key) return true;
  ctx.record.rejection = 'unauthorized';
  ctx.out.json(401, { error: 'Unauthorized' });
  return false;
}

/**
 * Handles an OpenAI-compatible chat request: `POST /v1/chat/completions` (vLLM/TGI/Ollama `/v1`,
 * A5.2–A5.4) or the Vertex dedicated endpoint's `…/chat/completions` (A5.1c; the caller has already
 * checked the OAuth token and endpoint). With `apiKey` configured, `/v1` requires
 * `Authorization: Bearer <apiKey>` and answers vLLM's 401 `{"error":"Unauthorized"}` otherwise.
 *
 * @returns the call for the script, or undefined when the request was refused (already answered)
 */
export function handleOpenAiChat(
  ctx: RouteContext,
  provider: 'openai' | 'vertex-chat',
): ChatCall | undefined {
  const { record, out, options } = ctx;
  const fail = (status: number, message: string, rejection: string): undefined => {
    record.rejection = rejection;
    out.json(status, vllmError(status, message));
    return undefined;
  };

  if (provider === 'openai' && !checkApiKey(ctx)) return undefined;

  // vLLM's `validate_json_request` dependency: the media type must be exactly application/json. Recent
  // vLLM raises it as a validation error (400 below); releases before mid-2025 answered 415.
  const mediaType = (ctx.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return fail(400, "Unsupported Media Type: Only 'application/json' is allowed", 'content-type');
  }
  if (!ctx.json.ok) return fail(400, 'JSON decode error', 'invalid-json');
  const body = ctx.json.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(400, 'Input should be a valid dictionary or object to extract fields from', 'invalid-body');
  }

  const parsed = parseChatRequest(body as Record<string, unknown>, options, record);
  if (!parsed.ok) return fail(parsed.status, parsed.message, parsed.rejection);
  return {
    request: { ...parsed.request, provider, body },
    dialect: provider === 'openai' ? vllmDialect : vertexChatDialect,
  };
}
