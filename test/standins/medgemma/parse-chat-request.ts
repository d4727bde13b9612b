import { checkGemmaTurns } from './check-gemma-turns.ts';
import { parseOpenAiMessages } from './parse-openai-messages.ts';
import type { ResolvedStandinOptions } from './standin-internals.ts';
import type { RecordedRequest, ScriptRequest } from './standin-types.ts';

/** The request fields the script sees, minus what the route adds (provider, body, index). */
export type ChatRequestFields = Omit<ScriptRequest, 'index' | 'provider' | 'body'>;

/** Accepted, or the status and vLLM message a real server would answer with. */
export type ParsedChatRequest =
  | { ok: true; request: ChatRequestFields }
  | { ok: false; status: number; message: string; rejection: string };

/**
 * Validates an OpenAI-shaped chat request the way vLLM serving Gemma 3 does, in vLLM's order:
 * body validation (400), served model (404, A5.2), images on a text-only model (400), then the Gemma 3
 * template's role rules (400, A4). Used for `/v1/chat/completions`, Vertex A5.1c and the instance of
 * a Vertex A5.1b `:predict`. Fills the record as it goes so rejected requests are inspectable too.
 *
 * @param body the parsed JSON object (for `:predict`, the instance)
 * @param options resolved stand-in options
 * @param record the request record to fill
 */
export function parseChatRequest(
  body: Record<string, unknown>,
  options: ResolvedStandinOptions,
  record: RecordedRequest,
): ParsedChatRequest {
  const bad = (message: string, rejection = 'invalid-body'): ParsedChatRequest => ({
    ok: false,
    status: 400,
    message,
    rejection,
  });

  const model = body.model;
  if (model !== undefined && model !== null && typeof model !== 'string') {
    return bad('model: Input should be a valid string');
  }
  record.model = model ?? undefined;

  const parsed = parseOpenAiMessages(body.messages);
  if (!parsed.ok) return bad(parsed.message);
  record.messages = parsed.messages;
  record.images = parsed.messages.flatMap((m) => m.images);

  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (
    maxTokens !== undefined &&
    maxTokens !== null &&
    !(Number.isInteger(maxTokens) && Number(maxTokens) >= 1)
  ) {
    return bad(`max_tokens must be at least 1, got ${String(maxTokens)}.`);
  }
  record.maxTokens = typeof maxTokens === 'number' ? maxTokens : undefined;

  const temperature = body.temperature;
  if (temperature !== undefined && temperature !== null && typeof temperature !== 'number') {
    return bad('temperature: Input should be a valid number');
  }
  const stream = body.stream;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    return bad('stream: Input should be a valid boolean');
  }
  record.stream = stream === true;
  // The stand-in renders exactly one choice; asking for more is a client bug for this project.
  if (body.n !== undefined && body.n !== null && body.n !== 1)
    return bad('medgemma stand-in supports n=1 only');

  const constraint = readConstraint(body);
  if ('error' in constraint) return bad(constraint.error);
  record.schema = constraint.schema;
  record.schemaSource = constraint.schemaSource;
  record.responseFormat = constraint.responseFormat;

  const name = options.model ?? options.responseModel;
  if (options.model !== undefined && typeof model === 'string' && model !== '' && model !== options.model) {
    return {
      ok: false,
      status: 404,
      message: `The model \`${model}\` does not exist.`,
      rejection: 'unknown-model',
    };
  }

  if (record.images.length > 0 && !options.multimodal) {
    // vLLM's text for image parts sent to a text-only model (e.g. medgemma-27b-text-it, A1).
    return bad(`${name} is not a multimodal model`, 'images-not-supported');
  }

  const violation = checkGemmaTurns(parsed.messages.map((m) => m.role));
  record.gemmaViolation = violation?.kind;
  if (violation) return bad(violation.message, 'gemma-roles');

  return {
    ok: true,
    request: {
      model: record.model,
      messages: parsed.messages,
      schema: constraint.schema,
      schemaSource: constraint.schemaSource,
      responseFormat: constraint.responseFormat,
      images: record.images,
      maxTokens: record.maxTokens,
      temperature: typeof temperature === 'number' ? temperature : undefined,
      stream: record.stream,
    },
  };
}

type Constraint = Pick<ChatRequestFields, 'schema' | 'schemaSource' | 'responseFormat'> | { error: string };

/**
 * Reads the output constraint: `response_format` (json_schema needs `name` and `schema` per OpenAI
 * and vLLM's `JsonSchemaResponseFormat`), then vLLM's `structured_outputs.json`, then the pre-0.12
 * `guided_json` (A5.2).
 */
function readConstraint(body: Record<string, unknown>): Constraint {
  const none = { schema: undefined, schemaSource: undefined, responseFormat: undefined } as const;
  const rf = body.response_format;
  if (rf !== undefined && rf !== null) {
    if (typeof rf !== 'object') return { error: 'response_format: Input should be a valid dictionary' };
    const { type, json_schema: js } = rf as { type?: unknown; json_schema?: unknown };
    if (type === 'text') return none;
    if (type === 'json_object') return { ...none, responseFormat: 'json_object' };
    if (type !== 'json_schema') return { error: `response_format.type: unsupported value ${String(type)}` };
    if (typeof js !== 'object' || js === null)
      return { error: 'response_format.json_schema: Field required' };
    const { name, schema } = js as { name?: unknown; schema?: unknown };
    if (typeof name !== 'string' || name === '')
      return { error: 'response_format.json_schema.name: Field required' };
    if (typeof schema !== 'object' || schema === null) {
      return { error: 'response_format.json_schema.schema: Field required' };
    }
    return { schema, schemaSource: 'response_format', responseFormat: 'json_schema' };
  }
  const so = body.structured_outputs;
  if (so !== undefined && so !== null) {
    const json = (so as { json?: unknown }).json;
    if (json !== undefined) {
      const schema = typeof json === 'string' ? tryParse(json) : json;
      if (typeof schema !== 'object' || schema === null)
        return { error: 'structured_outputs.json: invalid schema' };
      return { schema, schemaSource: 'structured_outputs', responseFormat: 'json_schema' };
    }
    return none;
  }
  const gj = body.guided_json;
  if (gj !== undefined && gj !== null) {
    const schema = typeof gj === 'string' ? tryParse(gj) : gj;
    if (typeof schema !== 'object' || schema === null) return { error: 'guided_json: invalid schema' };
    return { schema, schemaSource: 'guided_json', responseFormat: 'json_schema' };
  }
  return none;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
