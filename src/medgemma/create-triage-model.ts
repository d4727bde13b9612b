import { type AccessTokenSource, createGoogleAccessTokenSource } from './access-token-source.ts';
import type { ChatTransport, FetchLike, StructuredOutputMode } from './chat-transport.ts';
import type { MedgemmaMetrics } from './medgemma-metrics.ts';
import { createMedgemmaTriageModel } from './medgemma-triage-model.ts';
import { createOllamaChatTransport } from './ollama-chat-transport.ts';
import { createOpenAiChatTransport } from './openai-chat-transport.ts';
import type { TriageModel } from './triage-model.ts';
import { createVertexTransport } from './vertex-transport.ts';

/** Settings shared by every provider; every field has a default (`MEDGEMMA_DEFAULTS`). */
export interface CommonModelOptions {
  /** MEDGEMMA_TIMEOUT_MS: cap on one turn, ms. */
  timeoutMs?: number;
  /** MEDGEMMA_MAX_CONCURRENCY: turns in flight at once (vLLM `--max-num-seqs`, A2). */
  maxConcurrency?: number;
  /** MEDGEMMA_MAX_ATTEMPTS: HTTP attempts per call on 429/5xx/network, first included. */
  maxAttempts?: number;
  /** MEDGEMMA_CIRCUIT_FAILURES: consecutive failed turns that open the circuit. */
  circuitFailureThreshold?: number;
  /** MEDGEMMA_CIRCUIT_COOLDOWN_MS: how long an open circuit skips the model. */
  circuitCoolDownMs?: number;
  /** MEDGEMMA_THINKING: 27B thinking mode (A4); never with constrained decoding on the same call. */
  thinking?: boolean;
  /** MEDGEMMA_MULTIMODAL: the served model takes images (4B, 27B multimodal) → `supportsImages`. */
  multimodal?: boolean;
  /** MEDGEMMA_MAX_TOKENS / MEDGEMMA_THINKING_MAX_TOKENS (the notebook uses 1000 / 2000, A4). */
  maxTokens?: number;
  thinkingMaxTokens?: number;
  /** MEDGEMMA_TEMPERATURE. */
  temperature?: number;
  /** MEDGEMMA_STRUCTURED_OUTPUT: `json_schema` | `guided_json` (vLLM < 0.12) | `none`. */
  structuredOutput?: StructuredOutputMode;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  metrics?: MedgemmaMetrics;
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
}

/** OpenAI-compatible server: vLLM, TGI, HF Inference Endpoints, Ollama `/v1`, LM Studio. */
export interface OpenAiModelOptions extends CommonModelOptions {
  provider: 'openai';
  /** MEDGEMMA_BASE_URL, with `/v1` (required). */
  baseUrl: string;
  /** MEDGEMMA_MODEL (default `google/medgemma-27b-text-it`). */
  model?: string;
  /** MEDGEMMA_API_KEY (vLLM `--api-key`, HF token); optional. */
  apiKey?: string;
}

/** Vertex AI endpoint (Model Garden, vLLM container). */
export interface VertexModelOptions extends CommonModelOptions {
  provider: 'vertex';
  /** MEDGEMMA_VERTEX_PROJECT (id or number, as in the endpoint's resource name). */
  project: string;
  /** MEDGEMMA_VERTEX_LOCATION (default `us-central1`). */
  location?: string;
  /** MEDGEMMA_VERTEX_ENDPOINT_ID. */
  endpointId: string;
  /** MEDGEMMA_VERTEX_DEDICATED_DNS; without it the shared regional host is used. */
  dedicatedDns?: string;
  /** MEDGEMMA_BASE_URL: scheme+host override (tests, proxies). */
  baseUrl?: string;
  /** MEDGEMMA_VERTEX_ROUTE: `chat` (default) or `predict`. */
  route?: 'chat' | 'predict';
  /** MEDGEMMA_MODEL (default `''`, as the notebook sends). */
  model?: string;
  /** MEDGEMMA_VERTEX_KEY_FILE: service-account JSON key; else application-default credentials. */
  keyFile?: string;
  /** Replaces google-auth-library (tests). */
  tokenSource?: AccessTokenSource;
}

/** Ollama native API. */
export interface OllamaModelOptions extends CommonModelOptions {
  provider: 'ollama';
  /** MEDGEMMA_BASE_URL (default `http://127.0.0.1:11434`). */
  baseUrl?: string;
  /** MEDGEMMA_MODEL (default `medgemma:27b`). */
  model?: string;
  /** MEDGEMMA_OLLAMA_NUM_CTX (default 8192, A2). */
  numCtx?: number;
}

/** `MEDGEMMA_PROVIDER=none`: no model; the service runs on the protocol alone. */
export interface NoModelOptions {
  provider: 'none';
}

export type MedgemmaOptions = NoModelOptions | OpenAiModelOptions | VertexModelOptions | OllamaModelOptions;

/** Defaults of the options (and of the env vars in `medgemma-config.ts`). */
export const MEDGEMMA_DEFAULTS = {
  timeoutMs: 20_000,
  maxConcurrency: 4,
  maxAttempts: 3,
  circuitFailureThreshold: 5,
  circuitCoolDownMs: 30_000,
  thinking: false,
  multimodal: false,
  maxTokens: 1_000,
  thinkingMaxTokens: 2_000,
  temperature: 0,
  openaiModel: 'google/medgemma-27b-text-it',
  vertexModel: '',
  vertexLocation: 'us-central1',
  vertexRoute: 'chat',
  ollamaBaseUrl: 'http://127.0.0.1:11434',
  ollamaModel: 'medgemma:27b',
  ollamaNumCtx: 8_192,
  /** Per provider: response_format is standard on vLLM/Ollama; unverified on Model Garden (A5.1c). */
  structuredOutput: { openai: 'json_schema', vertex: 'none', ollama: 'json_schema' },
} as const;

/**
 * Builds the configured `TriageModel`, or undefined for `provider: 'none'` (the effect executor
 * then answers MODEL_DISABLED and the conversation runs on the protocol).
 *
 * @param options provider, endpoint and robustness settings
 */
export function createTriageModel(options: MedgemmaOptions): TriageModel | undefined {
  if (options.provider === 'none') return undefined;
  const d = MEDGEMMA_DEFAULTS;
  const structuredOutput = options.structuredOutput ?? d.structuredOutput[options.provider];
  const supportsImages = options.multimodal ?? d.multimodal;
  const fetchOpt = options.fetch === undefined ? {} : { fetch: options.fetch };
  let transport: ChatTransport;
  switch (options.provider) {
    case 'openai':
      transport = createOpenAiChatTransport({
        baseUrl: options.baseUrl,
        model: options.model ?? d.openaiModel,
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        structuredOutput,
        supportsImages,
        ...fetchOpt,
      });
      break;
    case 'vertex':
      transport = createVertexTransport({
        project: options.project,
        location: options.location ?? d.vertexLocation,
        endpointId: options.endpointId,
        ...(options.dedicatedDns === undefined ? {} : { dedicatedDns: options.dedicatedDns }),
        ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        route: options.route ?? d.vertexRoute,
        model: options.model ?? d.vertexModel,
        tokenSource:
          options.tokenSource ??
          createGoogleAccessTokenSource(options.keyFile === undefined ? {} : { keyFile: options.keyFile }),
        structuredOutput,
        supportsImages,
        ...fetchOpt,
      });
      break;
    case 'ollama':
      transport = createOllamaChatTransport({
        baseUrl: options.baseUrl ?? d.ollamaBaseUrl,
        model: options.model ?? d.ollamaModel,
        numCtx: options.numCtx ?? d.ollamaNumCtx,
        structuredOutput,
        supportsImages,
        ...fetchOpt,
      });
      break;
  }
  return createMedgemmaTriageModel({
    transport,
    constrainOutput: structuredOutput !== 'none',
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    maxConcurrency: options.maxConcurrency ?? d.maxConcurrency,
    maxAttempts: options.maxAttempts ?? d.maxAttempts,
    circuit: {
      failureThreshold: options.circuitFailureThreshold ?? d.circuitFailureThreshold,
      coolDownMs: options.circuitCoolDownMs ?? d.circuitCoolDownMs,
    },
    thinking: options.thinking ?? d.thinking,
    maxTokens: options.maxTokens ?? d.maxTokens,
    thinkingMaxTokens: options.thinkingMaxTokens ?? d.thinkingMaxTokens,
    temperature: options.temperature ?? d.temperature,
    ...(options.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: options.retryBaseDelayMs }),
    ...(options.retryMaxDelayMs === undefined ? {} : { retryMaxDelayMs: options.retryMaxDelayMs }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
}
