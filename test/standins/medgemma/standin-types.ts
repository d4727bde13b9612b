/**
 * Public types of the MedGemma stand-in server (see `medgemma-standin.ts`).
 *
 * Shapes follow shared/reference/medgemma-and-triage-protocol.md Part A5; this file holds only types.
 */

/** Which real serving surface a request imitates (reference A5.5's three adapters). */
export type StandinProvider =
  /** `POST /v1/chat/completions`: vLLM, TGI, HF Inference Endpoints, Ollama `/v1` (A5.2–A5.4). */
  | 'openai'
  /** Vertex dedicated endpoint, OpenAI-compatible `…/endpoints/{id}/chat/completions` (A5.1c). */
  | 'vertex-chat'
  /** Vertex `…/endpoints/{id}:predict`, chat (`@requestFormat: "chatCompletions"`, A5.1b) or raw prompt (A5.1a). */
  | 'vertex-predict'
  /** Ollama native `POST /api/chat` (A5.4). */
  | 'ollama';

/** One image the client sent, as the stand-in understood it. */
export interface StandinImage {
  /** `data-url` and `url` come from OpenAI `image_url` parts; `base64` from Ollama `images`. */
  source: 'data-url' | 'url' | 'base64';
  /** MIME type from a data URL (`image/jpeg`), when known. */
  mediaType: string | undefined;
  /** Base64 payload (data URLs and Ollama); undefined for remote URLs. */
  base64: string | undefined;
  /** The remote URL for `source: 'url'`. */
  url: string | undefined;
}

/** A chat message after parsing, whatever the wire shape was. */
export interface StandinMessage {
  role: string;
  /** Text parts joined with `\n`; `''` when the message had none. */
  text: string;
  images: StandinImage[];
}

/** Where the request carried its output constraint. */
export type StandinSchemaSource =
  /** OpenAI `response_format: {type: "json_schema", json_schema: {name, schema}}` (A5.2). */
  | 'response_format'
  /** vLLM ≥ 0.12 `structured_outputs: {json: …}` (A5.2). */
  | 'structured_outputs'
  /** vLLM < 0.12 `guided_json` (removed in v0.12.0, A5.2). Recorded so tests can flag it. */
  | 'guided_json'
  /** Ollama native `format: {…}` (A5.4). */
  | 'ollama_format';

/** What the script sees for each request that passed every strictness check. */
export interface ScriptRequest {
  provider: StandinProvider;
  /** 0-based count of requests that reached the script since start or `reset()`. */
  index: number;
  /** `model` from the body (`''` or undefined when the client sent none). */
  model: string | undefined;
  messages: StandinMessage[];
  /** The JSON schema the client asked the output to follow, if any. */
  schema: unknown;
  schemaSource: StandinSchemaSource | undefined;
  /** `json_object` (OpenAI) and `json` (Ollama `format: "json"`) constrain to JSON without a schema. */
  responseFormat: 'json_schema' | 'json_object' | 'json' | undefined;
  /** All images across all messages, in order. */
  images: StandinImage[];
  /** `max_tokens` / `max_completion_tokens` (OpenAI, Vertex) or `options.num_predict` (Ollama). */
  maxTokens: number | undefined;
  temperature: number | undefined;
  stream: boolean;
  /** The raw parsed body (for Vertex `:predict`, the whole body including `instances`). */
  body: unknown;
}

/** Finish reasons the stand-in can report (vLLM `finish_reason`, Ollama `done_reason`). */
export type StandinFinishReason = 'stop' | 'length';

/**
 * One scripted answer. The content-producing kinds are rendered into the provider's success shape;
 * the others control transport. Thinking markers are the literal Gemma tokens of reference A4.
 */
export type Reply =
  /** The model's content, verbatim. */
  | { text: string; finishReason?: StandinFinishReason }
  /** `JSON.stringify(json)` as the content. */
  | { json: unknown; finishReason?: StandinFinishReason }
  /** `<unused94>thought\n{thinking}<unused95>{text}` as the content (A4, 27B thinking). */
  | { thinking: string; text: string }
  /** `<unused94>thought\n{truncatedThinking}` with no `<unused95>`, finish reason `length` (A4). */
  | { truncatedThinking: string }
  /** Content that is not JSON (for schema-validation and retry paths). */
  | { garbage: string }
  /**
   * A bare HTTP error (429 rate limit, 500, 503 …). `body` replaces the provider-shaped default
   * (objects are sent as JSON, strings as text/plain); `headers` adds e.g. `retry-after`.
   */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /**
   * A serving-container error. On Vertex `:predict` it is HTTP 200 with the error object in
   * `predictions` (A5.1b); on the other routes it is HTTP `code` with that route's error body.
   */
  | { vertexError: { code: number; message: string; type?: string } }
  /** Wait, then answer `then`. Cancelled when the client disconnects (recorded as aborted). */
  | { delayMs: number; then: Reply }
  /** Never answer; the connection stays open until the client gives up or `close()`. */
  | { hang: true };

/** A queue (consumed front first) or a function asked once per request. */
export type StandinScript = Reply[] | ((req: ScriptRequest) => Reply | Promise<Reply>);

/** Options of `startMedgemmaStandin`; every field is optional. */
export interface MedgemmaStandinOptions {
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Port; default `0` (an ephemeral port, see `baseUrl`). */
  port?: number;
  /**
   * Served model name on the OpenAI and Vertex routes (`vllm serve --served-model-name`). When set,
   * a non-empty `model` that differs gets vLLM's 404; an empty or missing `model` is accepted like
   * vLLM does (the Model Garden notebook sends `model: ""`, A5.1c). When unset, any model is accepted
   * and responses name `google/medgemma-27b-text-it`.
   */
  model?: string;
  /** Ollama model name (`medgemma:27b`); when set, other names get Ollama's 404. `x` equals `x:latest`. */
  ollamaModel?: string;
  /** vLLM `--api-key` (A5.2): when set, `/v1/*` requires `Authorization: Bearer <apiKey>` or 401. */
  apiKey?: string;
  /** Vertex dedicated-endpoint identity; every Vertex route requires `Bearer <accessToken>` (A5.1). */
  vertex?: {
    project?: string;
    region?: string;
    endpointId?: string;
    accessToken?: string;
    deployedModelId?: string;
    /** Envelope `model` resource name; default `projects/123456789012/locations/{region}/models/medgemma-standin`. */
    modelResource?: string;
    modelDisplayName?: string;
    modelVersionId?: string;
  };
  /**
   * Whether the model takes images (4B, 27B multimodal). Default `false`: a text-only 27B server,
   * which rejects image parts with 400 (A1).
   */
  multimodal?: boolean;
  /** The initial script; default an empty queue. */
  script?: StandinScript;
  /**
   * Reply used when the queue is empty. Default: HTTP 500 with the route's error body and the message
   * `medgemma stand-in: script is empty`, so a test that forgot to script a reply fails loudly.
   * Benchmarks typically set `{ text: '…' }`.
   */
  defaultReply?: Reply;
  /**
   * Cut content at `maxTokens * 4` characters with finish reason `length` when the request set a token
   * limit, as a real server stops generating. Default `true`.
   */
  enforceMaxTokens?: boolean;
  /**
   * Apply Gemma's alternation rules (A4) on Ollama native too, answering Ollama-style 400s. Default
   * `false`: real Ollama renders Gemma's Go template without any role check (system becomes a user turn).
   * Violations are recorded either way (`RecordedRequest.gemmaViolation`).
   */
  ollamaStrictRoles?: boolean;
}

/** Every request the stand-in received, including rejected ones. */
export interface RecordedRequest {
  /** 0-based arrival order since start or `reset()`. */
  seq: number;
  method: string;
  /** URL path, undecoded (`…/endpoints/123:predict`). */
  route: string;
  /** Undefined for paths that are no MedGemma route (health, models list, unknown). */
  provider: StandinProvider | undefined;
  /** All request headers, lower-case names (`authorization`, `content-type`, `user-agent` …). */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text if it was not JSON; undefined when empty. */
  body: unknown;
  model: string | undefined;
  messages: StandinMessage[];
  schema: unknown;
  schemaSource: StandinSchemaSource | undefined;
  responseFormat: ScriptRequest['responseFormat'];
  images: StandinImage[];
  maxTokens: number | undefined;
  stream: boolean;
  /** Gemma-template rule the conversation breaks (A4), even where the route tolerates it (Ollama). */
  gemmaViolation: string | undefined;
  /** Why the stand-in refused the request before the script, e.g. `unauthorized`, `gemma-roles`. */
  rejection: string | undefined;
  /** The scripted reply used, as the script gave it (a `{delayMs, then}` is recorded whole). */
  reply: Reply | undefined;
  /** HTTP status sent; undefined while pending or if the client left first. */
  status: number | undefined;
  /** The client disconnected before the answer was complete. */
  aborted: boolean;
  /** Epoch ms at arrival. */
  receivedAt: number;
}

/** Handle returned by `startMedgemmaStandin`. */
export interface MedgemmaStandin {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  baseUrl: string;
  /** Ready-made base URLs for each provider's client configuration. */
  urls: {
    /** OpenAI client base URL: `${baseUrl}/v1`. */
    openai: string;
    /** Vertex OpenAI base: `${baseUrl}/v1beta1/projects/P/locations/R/endpoints/E` (append `/chat/completions`). */
    vertexChat: string;
    /** Full Vertex predict URL: `${baseUrl}/v1/projects/P/locations/R/endpoints/E:predict`. */
    vertexPredict: string;
    /** Ollama host: `${baseUrl}` (append `/api/chat`). */
    ollama: string;
  };
  /** The bearer token the Vertex routes accept. */
  vertexAccessToken: string;
  /** Snapshot of every request received since start or `reset()`, in arrival order. */
  requests(): RecordedRequest[];
  /** Append replies to the queue (replaces a function script with a queue). */
  enqueue(...replies: Reply[]): void;
  /** Replace the script (a queue is copied). */
  setScript(script: StandinScript): void;
  /** Replies left in the queue (0 for a function script). */
  pending(): number;
  /** Forget recorded requests, restore the initial script, restart the script index. */
  reset(): void;
  /** Resolves once no request is in flight (useful after a client abort). */
  whenIdle(): Promise<void>;
  /** Stop listening and drop open connections (hanging requests end as aborted). */
  close(): Promise<void>;
}
