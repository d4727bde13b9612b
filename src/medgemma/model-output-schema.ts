import { z } from 'zod';
import type { ModelAssessment, ModelRedFlag, ModelTurn, TurnInput } from './triage-model.ts';

/**
 * The JSON the model must return, one flat object (flat on purpose: grammar-constrained decoders —
 * vLLM's xgrammar/outlines, Ollama's llama.cpp grammars — handle a plain object with one nullable
 * member far better than a `oneOf` union). Field order is the order the model writes: the summary
 * first (consolidate the facts), then the decision.
 *
 * Unknown keys are stripped by zod at every level, so anything a model adds (`"book": true`,
 * `"action": "cancel"` is refused by the enum) never reaches the caller. Lengths are checked here,
 * generously, and left out of the JSON Schema sent to servers (long `maxLength` repetitions make
 * llama.cpp grammars slow to build).
 */
const redFlagSchema = z.object({
  id: z.string().max(120),
  quote: z.string().max(400),
});

const assessmentSchema = z.object({
  urgency: z.number().int().min(1).max(5),
  disposition: z.enum(['emergency', 'urgent', 'routine', 'self_care']),
  red_flags: z.array(redFlagSchema).max(20).default([]),
  reasons: z.array(z.string().max(400)).max(20).default([]),
  recommended_service: z.string().max(200).default(''),
  primary_concern: z.string().max(300).default(''),
  pertinent_negatives: z.array(z.string().max(300)).max(20).default([]),
  summary: z.string().min(1).max(3000),
});

/** zod schema of the model's raw JSON reply (see the module comment). */
export const modelOutputSchema = z.object({
  summary: z.string().max(1200),
  action: z.enum(['ask', 'assess']),
  question: z.string().max(400).default(''),
  assessment: assessmentSchema.nullable().default(null),
});

export type ModelOutput = z.infer<typeof modelOutputSchema>;

/** Name under which the schema is sent (`response_format.json_schema.name`, A5.2). */
export const MODEL_OUTPUT_SCHEMA_NAME = 'triage_turn';

/** Keywords dropped from the schema sent to servers (see the module comment). */
const DROPPED_KEYWORDS = new Set(['$schema', 'maxLength', 'minLength', 'maxItems', 'default']);

/**
 * JSON Schema of the reply for constrained decoding: OpenAI `response_format` (`json_schema`),
 * vLLM `guided_json`, Ollama `format` (A5.2, A5.4). Built once from the zod schema.
 */
export const modelOutputJsonSchema: Record<string, unknown> = stripKeywords(
  z.toJSONSchema(modelOutputSchema),
) as Record<string, unknown>;

function stripKeywords(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripKeywords);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!DROPPED_KEYWORDS.has(k)) out[k] = k === 'properties' ? stripProperties(v) : stripKeywords(v);
  }
  return out;
}

function stripProperties(props: unknown): unknown {
  if (typeof props !== 'object' || props === null) return props;
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(props)) out[name] = stripKeywords(schema);
  return out;
}

/** Longest running summary kept (the prompt asks for ≤ 600; a little slack avoids a repair call). */
export const MAX_SUMMARY_CHARS = 800;

/** A validated turn, or the problems to tell the model about in the repair prompt. */
export type ParsedModelOutput = { ok: true; turn: ModelTurn } | { ok: false; problems: string[] };

/**
 * Validates the model's JSON against the schema and the turn's rules, and turns it into a `ModelTurn`:
 * - `ask` needs a non-empty question and is refused once `questionsAsked >= maxQuestions`;
 * - `assess` needs an assessment (an assessment sent with `ask` is ignored);
 * - red-flag ids are normalised to `[a-z0-9_.-]`; flags with no usable id or quote are dropped
 *   (they could not pass the merge's quote check anyway);
 * - texts are trimmed, empty reasons and negatives dropped, the summary capped at MAX_SUMMARY_CHARS.
 * Problems are described by JSON path and rule only (zod messages carry no input values): safe to
 * send back to the model and never PHI in logs.
 *
 * @param value the parsed JSON object
 * @param input the turn's input (for the question limit)
 */
export function parseModelOutput(
  value: unknown,
  input: Pick<TurnInput, 'questionsAsked' | 'maxQuestions'>,
): ParsedModelOutput {
  const parsed = modelOutputSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, 6).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    };
  }
  const out = parsed.data;
  const summary = clip(out.summary.trim(), MAX_SUMMARY_CHARS);
  if (out.action === 'ask') {
    const problems: string[] = [];
    if (input.questionsAsked >= input.maxQuestions) {
      problems.push('action: the question limit is reached, action must be "assess" with an assessment');
    }
    const question = out.question.trim();
    if (question === '') problems.push('question: must be a non-empty question when action is "ask"');
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, turn: { summary, next: { kind: 'ask', question } } };
  }
  if (out.assessment === null) {
    return {
      ok: false,
      problems: ['assessment: must be an object when action is "assess"'],
    };
  }
  return {
    ok: true,
    turn: { summary, next: { kind: 'assess', assessment: toAssessment(out.assessment) } },
  };
}

function toAssessment(a: NonNullable<ModelOutput['assessment']>): ModelAssessment {
  const redFlags: ModelRedFlag[] = [];
  for (const f of a.red_flags) {
    const id = normalizeFlagId(f.id);
    const quote = f.quote.trim();
    if (id !== '' && quote !== '') redFlags.push({ id, quote });
  }
  const service = a.recommended_service.trim();
  const concern = a.primary_concern.trim();
  return {
    urgency: a.urgency as ModelAssessment['urgency'],
    disposition: a.disposition,
    red_flags: redFlags,
    reasons: nonEmpty(a.reasons),
    ...(service === '' ? {} : { recommended_service: service }),
    ...(concern === '' ? {} : { primary_concern: concern }),
    pertinent_negatives: nonEmpty(a.pertinent_negatives),
    summary: a.summary.trim(),
  };
}

/** Lower case, runs of anything but `[a-z0-9_.-]` as `_`, ≤ 64 chars. */
export function normalizeFlagId(raw: string): string {
  return raw
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '')
    .slice(0, 64);
}

function nonEmpty(items: readonly string[]): string[] {
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}
