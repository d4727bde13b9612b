import {
  badResponse,
  type ChatRequest,
  type ChatResponse,
  type ChatTransport,
  type FetchLike,
  httpStatusError,
  postJson,
  readOpenAiUsage,
  type StructuredOutputMode,
} from './chat-transport.ts';
import type { GemmaMessage } from './gemma-messages.ts';
import { imageDataUrl } from './image-input.ts';

/** OpenAI content: a string, or parts when the message carries images (A5.1c). */
type OpenAiContent =
  | string
  | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } }>;

/**
 * Messages in OpenAI chat shape. Roles are already Gemma-normalised (`user`/`assistant` only);
 * images become `image_url` parts with a `data:` URL, after the text.
 */
export function toOpenAiMessages(
  messages: readonly GemmaMessage[],
): Array<{ role: string; content: OpenAiContent }> {
  return messages.map((m) => ({
    role: m.role,
    content:
      m.images.length === 0
        ? m.text
        : [
            { type: 'text' as const, text: m.text },
            ...m.images.map((i) => ({ type: 'image_url' as const, image_url: { url: imageDataUrl(i) } })),
          ],
  }));
}

/**
 * The OpenAI chat-completions body (vLLM, TGI, Ollama `/v1`, Vertex A5.1b/c). `stream` is never sent
 * (non-streaming is what every surface supports, and `:predict` refuses it, A5.1b). The constraint:
 * `json_schema` → `response_format` (A5.2; Ollama ≥ 0.5 `/v1` honours it too, A5.4), `guided_json` →
 * vLLM < 0.12's field (A5.2).
 *
 * @param request the normalised request
 * @param model served model name (`''` is what the Model Garden notebook sends, A5.1c)
 * @param mode how to send the constraint when the request has one
 */
export function openAiChatBody(
  request: ChatRequest,
  model: string,
  mode: StructuredOutputMode,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: toOpenAiMessages(request.messages),
    max_tokens: request.maxTokens,
    temperature: request.temperature,
  };
  const schema = request.jsonSchema;
  if (schema !== undefined && mode === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: schema.name, schema: schema.schema } };
  } else if (schema !== undefined && mode === 'guided_json') {
    body.guided_json = schema.schema;
  }
  return body;
}

/**
 * Reads `choices[0].message.content` of a `chat.completion` (A5.1c, A5.2).
 *
 * @throws AppError MODEL_UNAVAILABLE (`bad_response`) when the shape is not a completion
 */
export function readChatCompletion(json: unknown, provider: string): ChatResponse {
  const choice = (json as { choices?: unknown } | undefined)?.choices;
  const first = Array.isArray(choice) ? (choice[0] as Record<string, unknown> | undefined) : undefined;
  const message = first?.message as { content?: unknown } | undefined;
  const content = message?.content;
  if (typeof content !== 'string' && content !== null) throw badResponse(provider, 'no choices[0].message');
  const usage = readOpenAiUsage((json as { usage?: unknown }).usage);
  const finish = first?.finish_reason;
  return {
    text: content ?? '',
    ...(typeof finish === 'string' ? { finishReason: finish } : {}),
    ...(usage === undefined ? {} : { usage }),
  };
}

/** Options of an OpenAI-compatible chat transport. */
export interface OpenAiChatTransportOptions {
  /** Base URL including `/v1` (e.g. `http://vllm:8000/v1`, `http://ollama:11434/v1`); `/chat/completions` is appended. */
  baseUrl: string;
  /** Served model name; `''` lets vLLM pick its only model. */
  model: string;
  /** vLLM `--api-key` / HF token, sent as `Authorization: Bearer`. */
  apiKey?: string;
  structuredOutput: StructuredOutputMode;
  supportsImages: boolean;
  fetch?: FetchLike;
}

/**
 * Transport for any OpenAI-compatible chat-completions server: vLLM, TGI, HF Inference Endpoints,
 * Ollama `/v1`, LM Studio (reference A5.2–A5.4).
 */
export function createOpenAiChatTransport(options: OpenAiChatTransportOptions): ChatTransport {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const fetchImpl = options.fetch ?? fetch;
  const headers: Record<string, string> =
    options.apiKey === undefined || options.apiKey === ''
      ? {}
      : { authorization: `Bearer ${options.apiKey}` };
  return {
    provider: 'openai',
    route: 'openai',
    supportsImages: options.supportsImages,
    async complete(request, signal) {
      const body = openAiChatBody(request, options.model, options.structuredOutput);
      const answer = await postJson(fetchImpl, url, body, headers, signal, 'openai');
      if (answer.status < 200 || answer.status >= 300) {
        throw httpStatusError(answer.status, 'openai', answer.headers.get('retry-after'));
      }
      return readChatCompletion(answer.json, 'openai');
    },
  };
}
