import { z } from 'zod';
import { MEDGEMMA_DEFAULTS, type MedgemmaOptions } from './create-triage-model.ts';

/**
 * The MEDGEMMA_* environment variables, as a zod shape the config owner can spread into the one env
 * schema (`src/config/config-schema.ts`: `z.object({ ...other, ...medgemmaEnvShape })`), then turn
 * into factory options with `medgemmaOptionsFromEnv`. Nothing here reads `process.env`.
 * Secrets (MEDGEMMA_API_KEY) have no default.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const medgemmaEnvShape = {
  /** `none` (protocol only), `openai` (any OpenAI-compatible server), `vertex`, `ollama`. */
  MEDGEMMA_PROVIDER: z.enum(['none', 'openai', 'vertex', 'ollama']).default('none'),
  /** openai: required, with `/v1`; ollama: host (default http://127.0.0.1:11434); vertex: scheme+host override. */
  MEDGEMMA_BASE_URL: httpUrl.optional(),
  /** Served model name (defaults per provider: google/medgemma-27b-text-it, '' on Vertex, medgemma:27b). */
  MEDGEMMA_MODEL: z.string().trim().optional(),
  /** Bearer key for openai (vLLM --api-key, HF token). */
  MEDGEMMA_API_KEY: optionalString,
  MEDGEMMA_VERTEX_PROJECT: optionalString,
  MEDGEMMA_VERTEX_LOCATION: optionalString,
  MEDGEMMA_VERTEX_ENDPOINT_ID: optionalString,
  /** `{ENDPOINT_ID}.{REGION}-{PROJECT_NUMBER}.prediction.vertexai.goog`. */
  MEDGEMMA_VERTEX_DEDICATED_DNS: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9.-]+$/i, 'must be a host name without scheme or path')
      .optional(),
  ),
  MEDGEMMA_VERTEX_ROUTE: z.enum(['chat', 'predict']).optional(),
  /** Service-account JSON key path; unset = application-default credentials. */
  MEDGEMMA_VERTEX_KEY_FILE: optionalString,
  /** `json_schema`, `guided_json` (vLLM < 0.12) or `none`; default per provider. */
  MEDGEMMA_STRUCTURED_OUTPUT: z.enum(['json_schema', 'guided_json', 'none']).optional(),
  MEDGEMMA_TIMEOUT_MS: int(500, 300_000).default(MEDGEMMA_DEFAULTS.timeoutMs),
  MEDGEMMA_MAX_CONCURRENCY: int(1, 256).default(MEDGEMMA_DEFAULTS.maxConcurrency),
  MEDGEMMA_MAX_ATTEMPTS: int(1, 10).default(MEDGEMMA_DEFAULTS.maxAttempts),
  MEDGEMMA_CIRCUIT_FAILURES: int(1, 1_000).default(MEDGEMMA_DEFAULTS.circuitFailureThreshold),
  MEDGEMMA_CIRCUIT_COOLDOWN_MS: int(100, 3_600_000).default(MEDGEMMA_DEFAULTS.circuitCoolDownMs),
  MEDGEMMA_THINKING: flag.default(false),
  MEDGEMMA_MULTIMODAL: flag.default(false),
  MEDGEMMA_MAX_TOKENS: int(64, 8_192).default(MEDGEMMA_DEFAULTS.maxTokens),
  MEDGEMMA_THINKING_MAX_TOKENS: int(64, 8_192).default(MEDGEMMA_DEFAULTS.thinkingMaxTokens),
  MEDGEMMA_TEMPERATURE: z.coerce.number().min(0).max(2).default(MEDGEMMA_DEFAULTS.temperature),
  MEDGEMMA_OLLAMA_NUM_CTX: int(1_024, 131_072).default(MEDGEMMA_DEFAULTS.ollamaNumCtx),
};

export const medgemmaEnvSchema = z.object(medgemmaEnvShape);
export type MedgemmaEnv = z.infer<typeof medgemmaEnvSchema>;

/** Options, or every problem at once (`VAR: what is wrong`). */
export type MedgemmaEnvResult = { ok: true; options: MedgemmaOptions } | { ok: false; errors: string[] };

/**
 * Turns parsed MEDGEMMA_* variables into `createTriageModel` options, checking what depends on the
 * provider: openai needs MEDGEMMA_BASE_URL; vertex needs project and endpoint id; `guided_json` is
 * refused on Ollama. (MEDGEMMA_THINKING is meant for the 27B only, A4; the model name cannot prove
 * which model is served, so that is the operator's call. On Ollama thinking is only the prompt
 * trigger: `think: true` is never sent.)
 *
 * @param env the parsed variables (`medgemmaEnvSchema.parse(process.env)` in the config loader)
 */
export function medgemmaOptionsFromEnv(env: MedgemmaEnv): MedgemmaEnvResult {
  const errors: string[] = [];
  const common = {
    timeoutMs: env.MEDGEMMA_TIMEOUT_MS,
    maxConcurrency: env.MEDGEMMA_MAX_CONCURRENCY,
    maxAttempts: env.MEDGEMMA_MAX_ATTEMPTS,
    circuitFailureThreshold: env.MEDGEMMA_CIRCUIT_FAILURES,
    circuitCoolDownMs: env.MEDGEMMA_CIRCUIT_COOLDOWN_MS,
    thinking: env.MEDGEMMA_THINKING,
    multimodal: env.MEDGEMMA_MULTIMODAL,
    maxTokens: env.MEDGEMMA_MAX_TOKENS,
    thinkingMaxTokens: env.MEDGEMMA_THINKING_MAX_TOKENS,
    temperature: env.MEDGEMMA_TEMPERATURE,
    ...(env.MEDGEMMA_STRUCTURED_OUTPUT === undefined
      ? {}
      : { structuredOutput: env.MEDGEMMA_STRUCTURED_OUTPUT }),
  };
  const model = env.MEDGEMMA_MODEL === undefined ? {} : { model: env.MEDGEMMA_MODEL };
  switch (env.MEDGEMMA_PROVIDER) {
    case 'none':
      return { ok: true, options: { provider: 'none' } };
    case 'openai': {
      if (env.MEDGEMMA_BASE_URL === undefined) {
        errors.push('MEDGEMMA_BASE_URL: required when MEDGEMMA_PROVIDER=openai (e.g. http://vllm:8000/v1)');
      }
      if (errors.length > 0 || env.MEDGEMMA_BASE_URL === undefined) return { ok: false, errors };
      return {
        ok: true,
        options: {
          provider: 'openai',
          baseUrl: env.MEDGEMMA_BASE_URL,
          ...model,
          ...(env.MEDGEMMA_API_KEY === undefined ? {} : { apiKey: env.MEDGEMMA_API_KEY }),
          ...common,
        },
      };
    }
    case 'vertex': {
      const project = env.MEDGEMMA_VERTEX_PROJECT;
      const endpointId = env.MEDGEMMA_VERTEX_ENDPOINT_ID;
      if (project === undefined)
        errors.push('MEDGEMMA_VERTEX_PROJECT: required when MEDGEMMA_PROVIDER=vertex');
      if (endpointId === undefined) {
        errors.push('MEDGEMMA_VERTEX_ENDPOINT_ID: required when MEDGEMMA_PROVIDER=vertex');
      }
      if (project === undefined || endpointId === undefined) return { ok: false, errors };
      return {
        ok: true,
        options: {
          provider: 'vertex',
          project,
          endpointId,
          ...(env.MEDGEMMA_VERTEX_LOCATION === undefined ? {} : { location: env.MEDGEMMA_VERTEX_LOCATION }),
          ...(env.MEDGEMMA_VERTEX_DEDICATED_DNS === undefined
            ? {}
            : { dedicatedDns: env.MEDGEMMA_VERTEX_DEDICATED_DNS }),
          ...(env.MEDGEMMA_BASE_URL === undefined ? {} : { baseUrl: env.MEDGEMMA_BASE_URL }),
          ...(env.MEDGEMMA_VERTEX_ROUTE === undefined ? {} : { route: env.MEDGEMMA_VERTEX_ROUTE }),
          ...(env.MEDGEMMA_VERTEX_KEY_FILE === undefined ? {} : { keyFile: env.MEDGEMMA_VERTEX_KEY_FILE }),
          ...model,
          ...common,
        },
      };
    }
    case 'ollama':
      if (env.MEDGEMMA_STRUCTURED_OUTPUT === 'guided_json') {
        return {
          ok: false,
          errors: ['MEDGEMMA_STRUCTURED_OUTPUT: guided_json is a vLLM field; use json_schema or none'],
        };
      }
      return {
        ok: true,
        options: {
          provider: 'ollama',
          ...(env.MEDGEMMA_BASE_URL === undefined ? {} : { baseUrl: env.MEDGEMMA_BASE_URL }),
          ...model,
          numCtx: env.MEDGEMMA_OLLAMA_NUM_CTX,
          ...common,
        },
      };
  }
}
