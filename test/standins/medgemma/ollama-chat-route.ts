import { splitText } from './build-chat-completion.ts';
import { checkGemmaTurns } from './check-gemma-turns.ts';
import { isPlainBase64 } from './parse-openai-messages.ts';
import {
  type ChatCall,
  type CompletionOutput,
  type Dialect,
  type RouteContext,
  writeStatusBody,
} from './standin-internals.ts';
import type { StandinMessage } from './standin-types.ts';

/** `created_at` like Ollama's Go `time.Time` JSON (RFC 3339 with sub-second digits, UTC). */
function createdAt(): string {
  return new Date().toISOString().replace('Z', '000000Z');
}

/** Ollama's final-object metrics in nanoseconds (A5.4), derived from the real elapsed time. */
function metrics(c: CompletionOutput): Record<string, number> {
  const total = Number(process.hrtime.bigint() - c.startedAt);
  return {
    total_duration: total,
    load_duration: Math.floor(total * 0.05),
    prompt_eval_count: c.promptTokens,
    prompt_eval_duration: Math.floor(total * 0.15),
    eval_count: c.completionTokens,
    eval_duration: Math.floor(total * 0.75),
  };
}

const ollamaDialect: Dialect = {
  completion(out, c, request) {
    const model = request.model ?? c.model;
    if (!request.stream) {
      out.json(200, {
        model,
        created_at: createdAt(),
        message: { role: 'assistant', content: c.content },
        done: true,
        done_reason: c.finishReason,
        ...metrics(c),
      });
      return;
    }
    // Streaming (the default when `stream` is absent): one JSON object per line, the last with
    // `done: true` and the metrics (A5.4, S27).
    const line = (o: unknown) => `${JSON.stringify(o)}\n`;
    const lines = splitText(c.content, 16).map((piece) =>
      line({ model, created_at: createdAt(), message: { role: 'assistant', content: piece }, done: false }),
    );
    lines.push(
      line({
        model,
        created_at: createdAt(),
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: c.finishReason,
        ...metrics(c),
      }),
    );
    out.stream(200, 'application/x-ndjson', lines);
  },
  status(out, status, message, body, headers) {
    writeStatusBody(out, status, body, { error: message }, headers);
  },
  containerError(out, e) {
    out.json(e.code, { error: e.message });
  },
};

/** Ollama treats `name` and `name:latest` as one model, case-insensitively. */
function sameOllamaModel(a: string, b: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`).toLowerCase();
  return norm(a) === norm(b);
}

/** Go's `encoding/json` text for a field of the wrong type. */
function unmarshalError(got: unknown, field: string, want: string): string {
  const kind = Array.isArray(got)
    ? 'array'
    : got === null
      ? 'null'
      : typeof got === 'object'
        ? 'object'
        : typeof got;
  return `json: cannot unmarshal ${kind} into Go struct field ${field} of type ${want}`;
}

/**
 * Handles Ollama's native `POST /api/chat` (A5.4) in the order of Ollama's `ChatHandler`: body binding
 * (400 with Go's unmarshal text: `content` must be a string, `images` plain base64 — a `data:` URL
 * fails), `model` required (400), unknown model (404 `model 'x' not found`), `think` on a model
 * without thinking (400), empty `messages` (200 `done_reason: "load"`, the model is only loaded),
 * images on a text-only model (500, text from Ollama's `ErrNoVisionModel`; status unverified), and a
 * `format` that is neither `"json"` nor a schema object (500, Ollama's llm server text).
 *
 * Roles: real Ollama renders Gemma's Go template without checks (a `system` message becomes a user
 * turn), so violations are only recorded unless `ollamaStrictRoles` is set. No auth (Ollama has none).
 *
 * @returns the call for the script, or undefined when the request was refused or fully answered
 */
export function handleOllamaChat(ctx: RouteContext): ChatCall | undefined {
  const { record, out, options } = ctx;
  const fail = (status: number, message: string, rejection: string): undefined => {
    record.rejection = rejection;
    out.json(status, { error: message });
    return undefined;
  };

  if (ctx.rawBody.trim() === '') return fail(400, 'missing request body', 'invalid-body');
  if (!ctx.json.ok) return fail(400, 'invalid character looking for beginning of value', 'invalid-json');
  const body = ctx.json.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(400, unmarshalError(body, 'ChatRequest', 'api.ChatRequest'), 'invalid-body');
  }
  const b = body as Record<string, unknown>;

  const bound = bindBody(b);
  if (typeof bound === 'string') return fail(400, bound, 'invalid-body');
  record.messages = bound.messages;
  record.images = bound.messages.flatMap((m) => m.images);
  record.stream = b.stream !== false;
  const numPredict = (b.options as Record<string, unknown> | undefined)?.num_predict;
  record.maxTokens = typeof numPredict === 'number' && numPredict > 0 ? numPredict : undefined;

  const model = typeof b.model === 'string' ? b.model : '';
  if (model.trim() === '') return fail(400, 'model is required', 'invalid-body');
  record.model = model;
  if (options.ollamaModel !== undefined && !sameOllamaModel(model, options.ollamaModel)) {
    return fail(404, `model '${model}' not found`, 'unknown-model');
  }
  if (b.think === true || (typeof b.think === 'string' && b.think !== '')) {
    return fail(400, `"${model}" does not support thinking`, 'think');
  }

  const format = b.format;
  if (typeof format === 'object' && format !== null && !Array.isArray(format)) {
    record.schema = format;
    record.schemaSource = 'ollama_format';
    record.responseFormat = 'json_schema';
  } else if (format === 'json') {
    record.responseFormat = 'json';
  }

  const violation = checkGemmaTurns(bound.messages.map((m) => m.role));
  record.gemmaViolation = bound.messages.length === 0 ? undefined : violation?.kind;

  if (bound.messages.length === 0) {
    // Ollama answers an empty conversation by loading the model, without generating.
    out.json(200, {
      model,
      created_at: createdAt(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'load',
    });
    return undefined;
  }
  if (record.images.length > 0 && !options.multimodal) {
    return fail(500, 'this model is missing data required for image input', 'images-not-supported');
  }
  if (format !== undefined && format !== null && format !== '' && record.responseFormat === undefined) {
    return fail(
      500,
      `invalid format: ${JSON.stringify(JSON.stringify(format))}; expected "json" or a valid JSON Schema object`,
      'invalid-format',
    );
  }
  if (violation && options.ollamaStrictRoles) return fail(400, violation.message, 'gemma-roles');

  const temperature = (b.options as Record<string, unknown> | undefined)?.temperature;
  return {
    request: {
      provider: 'ollama',
      model,
      messages: bound.messages,
      schema: record.schema,
      schemaSource: record.schemaSource,
      responseFormat: record.responseFormat,
      images: record.images,
      maxTokens: record.maxTokens,
      temperature: typeof temperature === 'number' ? temperature : undefined,
      stream: record.stream,
      body,
    },
    dialect: ollamaDialect,
  };
}

/** Mirrors Go's binding of `api.ChatRequest`: returns the messages or the unmarshal error text. */
function bindBody(b: Record<string, unknown>): { messages: StandinMessage[] } | string {
  if (b.model !== undefined && b.model !== null && typeof b.model !== 'string') {
    return unmarshalError(b.model, 'ChatRequest.model', 'string');
  }
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean') {
    return unmarshalError(b.stream, 'ChatRequest.stream', 'bool');
  }
  if (
    b.options !== undefined &&
    b.options !== null &&
    (typeof b.options !== 'object' || Array.isArray(b.options))
  ) {
    return unmarshalError(b.options, 'ChatRequest.options', 'map[string]interface {}');
  }
  const raw = b.messages ?? [];
  if (!Array.isArray(raw)) return unmarshalError(raw, 'ChatRequest.messages', '[]api.Message');
  const messages: StandinMessage[] = [];
  for (const m of raw) {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      return unmarshalError(m, 'ChatRequest.messages', 'api.Message');
    }
    const { role, content, images } = m as { role?: unknown; content?: unknown; images?: unknown };
    if (role !== undefined && role !== null && typeof role !== 'string') {
      return unmarshalError(role, 'Message.messages.role', 'string');
    }
    if (content !== undefined && content !== null && typeof content !== 'string') {
      return unmarshalError(content, 'Message.messages.content', 'string');
    }
    const parsedImages: StandinMessage['images'] = [];
    if (images !== undefined && images !== null) {
      if (!Array.isArray(images)) return unmarshalError(images, 'Message.messages.images', '[]api.ImageData');
      for (const image of images) {
        if (typeof image !== 'string')
          return unmarshalError(image, 'Message.messages.images', 'api.ImageData');
        if (!isPlainBase64(image)) {
          const at = Math.max(0, image.search(/[^A-Za-z0-9+/=]/));
          return `illegal base64 data at input byte ${at}`;
        }
        parsedImages.push({ source: 'base64', mediaType: undefined, base64: image, url: undefined });
      }
    }
    messages.push({ role: typeof role === 'string' ? role : '', text: content ?? '', images: parsedImages });
  }
  return { messages };
}
