/**
 * Shared fixtures for the model client's tests (src/medgemma/*.test.ts): a base turn input, scripted
 * model replies, and a `TriageModel` for each provider variant pointed at a MedGemma stand-in.
 */
import { Registry } from 'prom-client';
import { type CommonModelOptions, createTriageModel } from '../../src/medgemma/create-triage-model.ts';
import { createMedgemmaMetrics, type MedgemmaMetrics } from '../../src/medgemma/medgemma-metrics.ts';
import type { TriageModel, TurnInput } from '../../src/medgemma/triage-model.ts';
import type { MedgemmaStandin, RecordedRequest, Reply } from '../standins/medgemma/standin-types.ts';

/** Every provider variant the tests cover. */
export const VARIANTS = ['openai-schema', 'openai-plain', 'vertex-chat', 'vertex-predict', 'ollama'] as const;
export type Variant = (typeof VARIANTS)[number];

/** A first-turn input: adult with a cough, protocol at routine. */
export function baseInput(overrides: Partial<TurnInput> = {}): TurnInput {
  return {
    language: 'en',
    runningSummary: '',
    patientText: 'I have had a cough for three days and a mild fever.',
    questionsAsked: 0,
    maxQuestions: 5,
    protocol: { complaintGroup: 'respiratory', urgency: 2, redFlags: [] },
    patient: { ageYears: 34, sex: 'female' },
    ...overrides,
  };
}

/** The model asking a question. */
export function askReply(
  question = 'Do you feel short of breath when you walk?',
  summary = 'Cough 3 days, mild fever.',
) {
  return { summary, action: 'ask', question, assessment: null };
}

/** The model assessing. */
export function assessReply(overrides: Record<string, unknown> = {}, summary = 'Cough 3 days, mild fever.') {
  return {
    summary,
    action: 'assess',
    question: '',
    assessment: {
      urgency: 2,
      disposition: 'routine',
      red_flags: [],
      reasons: ['Cough with low-grade fever, no danger signs'],
      recommended_service: 'general outpatient',
      primary_concern: 'Cough for three days',
      pertinent_negatives: ['denies shortness of breath'],
      summary: 'Primary concern: cough for 3 days. HPI: mild fever. Denies shortness of breath.',
      ...overrides,
    },
  };
}

/** Options for `modelFor`. */
export interface ModelForOptions extends CommonModelOptions {
  registry?: Registry;
}

/**
 * A TriageModel for `variant`, pointed at the stand-in, with fast retries and test-friendly limits.
 *
 * @returns the model and the metrics it records into
 */
export function modelFor(
  s: MedgemmaStandin,
  variant: Variant,
  options: ModelForOptions = {},
): { model: TriageModel; metrics: MedgemmaMetrics; registry: Registry } {
  const registry = options.registry ?? new Registry();
  const metrics = createMedgemmaMetrics(registry);
  const { registry: _r, ...rest } = options;
  const common: CommonModelOptions = {
    timeoutMs: 3_000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    metrics,
    ...rest,
  };
  const tokenSource = { getAccessToken: async () => s.vertexAccessToken };
  const vertex = { project: 'standin-project', location: 'us-central1', endpointId: '1234567890123456789' };
  let model: TriageModel | undefined;
  switch (variant) {
    case 'openai-schema':
      model = createTriageModel({
        provider: 'openai',
        baseUrl: s.urls.openai,
        structuredOutput: 'json_schema',
        ...common,
      });
      break;
    case 'openai-plain':
      model = createTriageModel({
        provider: 'openai',
        baseUrl: s.urls.openai,
        structuredOutput: 'none',
        ...common,
      });
      break;
    case 'vertex-chat':
      model = createTriageModel({
        provider: 'vertex',
        ...vertex,
        baseUrl: s.baseUrl,
        route: 'chat',
        tokenSource,
        ...common,
      });
      break;
    case 'vertex-predict':
      model = createTriageModel({
        provider: 'vertex',
        ...vertex,
        baseUrl: s.baseUrl,
        route: 'predict',
        tokenSource,
        ...common,
      });
      break;
    case 'ollama':
      model = createTriageModel({
        provider: 'ollama',
        baseUrl: s.urls.ollama,
        model: 'medgemma:27b',
        ...common,
      });
      break;
  }
  if (model === undefined) throw new Error('no model');
  return { model, metrics, registry };
}

/** Requests that reached the script (not refused by the stand-in's checks). */
export function accepted(s: MedgemmaStandin): RecordedRequest[] {
  return s.requests().filter((r) => r.rejection === undefined && r.provider !== undefined);
}

/** The text of the (single) user turn of a recorded request. */
export function userText(r: RecordedRequest): string {
  return r.messages.find((m) => m.role === 'user')?.text ?? '';
}

/** A metric's value for a label set (0 when absent). */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  if (metric === undefined) return 0;
  return metric.values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Runs a promise and returns its rejection (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** A stand-in reply that answers `reply` after `ms` (abortable). */
export function delayed(ms: number, reply: Reply): Reply {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the stand-in's Reply field; the object is never awaited
  return { delayMs: ms, then: reply };
}
