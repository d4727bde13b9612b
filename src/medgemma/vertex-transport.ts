import type { AccessTokenSource } from './access-token-source.ts';
import {
  badResponse,
  type ChatTransport,
  type FetchLike,
  httpStatusError,
  postJson,
  type StructuredOutputMode,
} from './chat-transport.ts';
import { openAiChatBody, readChatCompletion } from './openai-chat-transport.ts';

/** Options of the Vertex AI transport (Model Garden dedicated endpoint, reference A5.1). */
export interface VertexTransportOptions {
  project: string;
  /** Region, e.g. `us-central1`. */
  location: string;
  endpointId: string;
  /**
   * `{ENDPOINT_ID}.{REGION}-{PROJECT_NUMBER}.prediction.vertexai.goog` (the endpoint's
   * `dedicated_endpoint_dns`, A5.1). Model Garden endpoints are dedicated by default.
   * Without it the shared host `{REGION}-aiplatform.googleapis.com` is used.
   */
  dedicatedDns?: string;
  /** Scheme and host override (`http://127.0.0.1:port` for the stand-in, or a proxy). */
  baseUrl?: string;
  /**
   * `chat`: the OpenAI-compatible `…/endpoints/{id}/chat/completions` (A5.1c, what the notebook and
   * AppointReady use). `predict`: `…/endpoints/{id}:predict` with `@requestFormat: "chatCompletions"`
   * (A5.1b, LiteLLM's way), whose container errors arrive as HTTP 200.
   */
  route: 'chat' | 'predict';
  /** Served model name; the notebook sends `''` (A5.1c). */
  model: string;
  tokenSource: AccessTokenSource;
  /** JSON-schema support on Model Garden endpoints is unverified (A5.1c); `none` is the safe default. */
  structuredOutput: StructuredOutputMode;
  supportsImages: boolean;
  fetch?: FetchLike;
}

/**
 * Transport for a Vertex AI endpoint serving MedGemma in the vLLM container, with an OAuth2 bearer
 * token from `tokenSource` on every call (A5.1 "Auth").
 */
export function createVertexTransport(options: VertexTransportOptions): ChatTransport {
  const host = (
    options.baseUrl ??
    (options.dedicatedDns
      ? `https://${options.dedicatedDns}`
      : `https://${options.location}-aiplatform.googleapis.com`)
  ).replace(/\/+$/, '');
  const resource = `projects/${encodeURIComponent(options.project)}/locations/${encodeURIComponent(options.location)}/endpoints/${encodeURIComponent(options.endpointId)}`;
  const fetchImpl = options.fetch ?? fetch;
  const route = options.route === 'chat' ? 'vertex-chat' : 'vertex-predict';
  const url =
    options.route === 'chat'
      ? `${host}/v1beta1/${resource}/chat/completions`
      : `${host}/v1/${resource}:predict`;

  return {
    provider: 'vertex',
    route,
    supportsImages: options.supportsImages,
    async complete(request, signal) {
      const token = await options.tokenSource.getAccessToken(signal);
      const headers = { authorization: `Bearer ${token}` };
      const chat = openAiChatBody(request, options.model, options.structuredOutput);
      if (options.route === 'chat') {
        const answer = await postJson(fetchImpl, url, chat, headers, signal, route);
        if (answer.status < 200 || answer.status >= 300) {
          throw httpStatusError(answer.status, route, answer.headers.get('retry-after'));
        }
        return readChatCompletion(answer.json, route);
      }
      // A5.1b: one instance carrying the chat request; `model` is left out when empty (LiteLLM's shape).
      const { model, ...rest } = chat;
      const instance = { '@requestFormat': 'chatCompletions', ...(model === '' ? {} : { model }), ...rest };
      const answer = await postJson(fetchImpl, url, { instances: [instance] }, headers, signal, route);
      if (answer.status < 200 || answer.status >= 300) {
        throw httpStatusError(answer.status, route, answer.headers.get('retry-after'));
      }
      const predictions = (answer.json as { predictions?: unknown } | undefined)?.predictions;
      if (typeof predictions !== 'object' || predictions === null || Array.isArray(predictions)) {
        throw badResponse(route, 'predictions is not a chat completion object');
      }
      const p = predictions as { object?: unknown; code?: unknown };
      // Container errors come back as HTTP 200 with an error object in `predictions` (A5.1b); LiteLLM
      // maps `code` to the HTTP status, and so do we (429 stays transient, 400 is a rejection).
      if (p.object === 'error') {
        throw httpStatusError(typeof p.code === 'number' ? p.code : 500, route);
      }
      return readChatCompletion(predictions, route);
    },
  };
}
