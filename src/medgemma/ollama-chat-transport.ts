import {
  badResponse,
  type ChatTransport,
  type FetchLike,
  httpStatusError,
  postJson,
  type StructuredOutputMode,
} from './chat-transport.ts';

/** Options of the Ollama native transport (reference A5.4). */
export interface OllamaChatTransportOptions {
  /** Ollama host, e.g. `http://127.0.0.1:11434` (`/api/chat` is appended). */
  baseUrl: string;
  /** e.g. `medgemma:27b`, `medgemma1.5:4b`. */
  model: string;
  /** `json_schema` sends `format: <schema>` (honoured from v0.5.0); others send no `format`. */
  structuredOutput: StructuredOutputMode;
  supportsImages: boolean;
  /** `options.num_ctx`; set it explicitly (community packagings ship 4096, A2). */
  numCtx?: number;
  fetch?: FetchLike;
}

/**
 * Transport for Ollama's native `POST /api/chat` with `stream: false` (A5.4): `content` is a string,
 * images go as plain base64 in the message's `images`, `options.num_predict` caps the output. `think`
 * is never sent (MedGemma's Ollama template has no thinking; Ollama answers 400). Token usage comes
 * from `prompt_eval_count` / `eval_count`.
 */
export function createOllamaChatTransport(options: OllamaChatTransportOptions): ChatTransport {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/chat`;
  const fetchImpl = options.fetch ?? fetch;
  return {
    provider: 'ollama',
    route: 'ollama',
    supportsImages: options.supportsImages,
    async complete(request, signal) {
      const body: Record<string, unknown> = {
        model: options.model,
        stream: false,
        messages: request.messages.map((m) => ({
          role: m.role,
          content: m.text,
          ...(m.images.length === 0 ? {} : { images: m.images.map((i) => i.base64) }),
        })),
        options: {
          temperature: request.temperature,
          num_predict: request.maxTokens,
          ...(options.numCtx === undefined ? {} : { num_ctx: options.numCtx }),
        },
      };
      if (request.jsonSchema !== undefined && options.structuredOutput === 'json_schema') {
        body.format = request.jsonSchema.schema;
      }
      const answer = await postJson(fetchImpl, url, body, {}, signal, 'ollama');
      if (answer.status < 200 || answer.status >= 300) {
        throw httpStatusError(answer.status, 'ollama', answer.headers.get('retry-after'));
      }
      const json = answer.json as
        | {
            message?: { content?: unknown };
            done_reason?: unknown;
            prompt_eval_count?: unknown;
            eval_count?: unknown;
          }
        | undefined;
      const content = json?.message?.content;
      if (typeof content !== 'string') throw badResponse('ollama', 'no message.content');
      const prompt = json?.prompt_eval_count;
      const completion = json?.eval_count;
      return {
        text: content,
        ...(typeof json?.done_reason === 'string' ? { finishReason: json.done_reason } : {}),
        ...(typeof prompt === 'number' && typeof completion === 'number'
          ? { usage: { promptTokens: prompt, completionTokens: completion } }
          : {}),
      };
    },
  };
}
