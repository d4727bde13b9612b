import { describe, expect, it } from 'vitest';
import { medgemmaEnvSchema, medgemmaOptionsFromEnv } from './medgemma-config.ts';

const parse = (env: Record<string, string>) => medgemmaOptionsFromEnv(medgemmaEnvSchema.parse(env));

describe('MEDGEMMA_* variables', () => {
  it('defaults to no model', () => {
    expect(parse({})).toEqual({ ok: true, options: { provider: 'none' } });
  });

  it('openai needs a base URL and takes the API key', () => {
    expect(parse({ MEDGEMMA_PROVIDER: 'openai' })).toEqual({
      ok: false,
      errors: ['MEDGEMMA_BASE_URL: required when MEDGEMMA_PROVIDER=openai (e.g. http://vllm:8000/v1)'],
    });
    const r = parse({
      MEDGEMMA_PROVIDER: 'openai',
      MEDGEMMA_BASE_URL: 'http://vllm:8000/v1/',
      MEDGEMMA_API_KEY: 'k',
    });
    expect(r).toMatchObject({
      ok: true,
      options: {
        provider: 'openai',
        baseUrl: 'http://vllm:8000/v1',
        apiKey: 'k',
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
      },
    });
  });

  it('vertex lists every missing variable at once', () => {
    expect(parse({ MEDGEMMA_PROVIDER: 'vertex' })).toEqual({
      ok: false,
      errors: [
        'MEDGEMMA_VERTEX_PROJECT: required when MEDGEMMA_PROVIDER=vertex',
        'MEDGEMMA_VERTEX_ENDPOINT_ID: required when MEDGEMMA_PROVIDER=vertex',
      ],
    });
    expect(
      parse({
        MEDGEMMA_PROVIDER: 'vertex',
        MEDGEMMA_VERTEX_PROJECT: 'p',
        MEDGEMMA_VERTEX_ENDPOINT_ID: '123',
        MEDGEMMA_VERTEX_DEDICATED_DNS: '123.us-central1-9.prediction.vertexai.goog',
        MEDGEMMA_VERTEX_ROUTE: 'predict',
        MEDGEMMA_THINKING: 'true',
      }),
    ).toMatchObject({
      ok: true,
      options: { provider: 'vertex', project: 'p', endpointId: '123', route: 'predict', thinking: true },
    });
  });

  it('ollama defaults and refuses guided_json', () => {
    expect(parse({ MEDGEMMA_PROVIDER: 'ollama' })).toMatchObject({
      ok: true,
      options: { provider: 'ollama', numCtx: 8_192 },
    });
    expect(parse({ MEDGEMMA_PROVIDER: 'ollama', MEDGEMMA_STRUCTURED_OUTPUT: 'guided_json' }).ok).toBe(false);
  });

  it('bad values fail with the variable name', () => {
    const r = medgemmaEnvSchema.safeParse({
      MEDGEMMA_PROVIDER: 'gpt',
      MEDGEMMA_TIMEOUT_MS: '10',
      MEDGEMMA_THINKING: 'maybe',
      MEDGEMMA_VERTEX_DEDICATED_DNS: 'https://x/y',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual([
      'MEDGEMMA_PROVIDER',
      'MEDGEMMA_THINKING',
      'MEDGEMMA_TIMEOUT_MS',
      'MEDGEMMA_VERTEX_DEDICATED_DNS',
    ]);
  });
});
