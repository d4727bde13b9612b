import { buildChatCompletion } from './build-chat-completion.ts';
import { parseChatRequest } from './parse-chat-request.ts';
import {
  type ChatCall,
  type Dialect,
  googleError,
  type ResolvedStandinOptions,
  type RouteContext,
  vllmErrorType,
  writeStatusBody,
} from './standin-internals.ts';

/** The envelope Vertex wraps every `:predict` answer in (A5.1a/b; fields from LiteLLM's recordings). */
function envelope(options: ResolvedStandinOptions, predictions: unknown): Record<string, unknown> {
  const v = options.vertex;
  return {
    predictions,
    deployedModelId: v.deployedModelId,
    model: v.modelResource,
    modelDisplayName: v.modelDisplayName,
    modelVersionId: v.modelVersionId,
  };
}

/**
 * A container error as Vertex returns it for `:predict`: HTTP 200, the error object in `predictions`
 * (A5.1b). The client must map `predictions.code` to a failure itself.
 */
function containerErrorBody(options: ResolvedStandinOptions, code: number, message: string, type: string) {
  return envelope(options, { code, message, object: 'error', type, param: null });
}

function predictDialect(
  options: ResolvedStandinOptions,
  format: 'chat' | 'prompt',
  rawResponse: boolean,
): Dialect {
  return {
    completion(out, c, request) {
      if (format === 'chat') {
        out.json(200, envelope(options, buildChatCompletion(c)));
        return;
      }
      // A5.1a: `predictions[0]` is the text; `raw_response: false` echoes the prompt around it.
      const prompt = request.messages[0]?.text ?? '';
      const text = rawResponse ? c.content : `Prompt:\n${prompt}\nOutput:\n${c.content}`;
      out.json(200, envelope(options, [text]));
    },
    status(out, status, message, body, headers) {
      writeStatusBody(out, status, body, googleError(status, message), headers);
    },
    containerError(out, e) {
      out.json(200, containerErrorBody(options, e.code, e.message, e.type));
    },
  };
}

/**
 * Handles `POST /v1/projects/{P}/locations/{R}/endpoints/{E}:predict` after the OAuth and endpoint
 * checks. One instance, either a chat request (`"@requestFormat": "chatCompletions"` plus OpenAI chat
 * fields, A5.1b) checked exactly like vLLM's chat route, or a raw `prompt` (A5.1a, no template, so no
 * role rules). Front-end problems (bad JSON, no `instances`) are Google 400s; container problems
 * (Gemma roles, unknown model, images on a text-only model) are HTTP 200 error objects.
 *
 * Stand-in choices (unverified against a live endpoint): more than one instance and `stream: true`
 * are refused as container errors.
 *
 * @returns the call for the script, or undefined when the request was refused (already answered)
 */
export function handleVertexPredict(ctx: RouteContext): ChatCall | undefined {
  const { record, out, options } = ctx;
  const frontEnd = (message: string, rejection: string): undefined => {
    record.rejection = rejection;
    out.json(400, googleError(400, message));
    return undefined;
  };
  const container = (code: number, message: string, rejection: string): undefined => {
    record.rejection = rejection;
    out.json(200, containerErrorBody(options, code, message, vllmErrorType(code)));
    return undefined;
  };

  if (!(ctx.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    return frontEnd('Invalid JSON payload received. Expected a JSON request body.', 'content-type');
  }
  if (!ctx.json.ok) return frontEnd('Invalid JSON payload received. Unexpected token.', 'invalid-json');
  const body = ctx.json.value as { instances?: unknown } | null;
  const instances = typeof body === 'object' && body !== null ? body.instances : undefined;
  if (!Array.isArray(instances) || instances.length === 0) {
    return frontEnd('Invalid JSON payload received. "instances" must be a non-empty list.', 'invalid-body');
  }
  if (instances.length > 1)
    return container(400, 'medgemma stand-in accepts exactly one instance', 'instances');
  const instance = instances[0] as Record<string, unknown> | null;
  if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) {
    return container(400, 'instance must be an object', 'invalid-body');
  }

  if (instance['@requestFormat'] === 'chatCompletions') {
    if (instance.stream === true)
      return container(400, 'streaming is not available through :predict', 'stream');
    const parsed = parseChatRequest(instance, options, record);
    if (!parsed.ok) return container(parsed.status, parsed.message, parsed.rejection);
    return {
      request: { ...parsed.request, provider: 'vertex-predict', body },
      dialect: predictDialect(options, 'chat', true),
    };
  }
  if (instance['@requestFormat'] !== undefined) {
    return container(400, `unknown @requestFormat ${String(instance['@requestFormat'])}`, 'invalid-body');
  }
  return handleRawPrompt(ctx, instance, body);
}

/** A5.1a: `{prompt, max_tokens, temperature, raw_response, multi_modal_data: {image}}`. */
function handleRawPrompt(
  ctx: RouteContext,
  instance: Record<string, unknown>,
  body: unknown,
): ChatCall | undefined {
  const { record, out, options } = ctx;
  const container = (message: string, rejection: string): undefined => {
    record.rejection = rejection;
    out.json(200, containerErrorBody(options, 400, message, 'BadRequestError'));
    return undefined;
  };
  const { prompt, max_tokens: maxTokens, temperature, raw_response: raw, multi_modal_data: mm } = instance;
  if (typeof prompt !== 'string')
    return container('instance needs "@requestFormat" or a "prompt"', 'invalid-body');
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && Number(maxTokens) >= 1)) {
    return container(`max_tokens must be at least 1, got ${String(maxTokens)}.`, 'invalid-body');
  }
  const image = (mm as { image?: unknown } | undefined)?.image;
  const images =
    typeof image === 'string'
      ? [{ source: 'url' as const, mediaType: undefined, base64: undefined, url: image }]
      : [];
  record.model = undefined;
  record.messages = [{ role: 'user', text: prompt, images }];
  record.images = images;
  record.maxTokens = typeof maxTokens === 'number' ? maxTokens : undefined;
  if (images.length > 0 && !options.multimodal) {
    return container(
      `${options.model ?? options.responseModel} is not a multimodal model`,
      'images-not-supported',
    );
  }
  return {
    request: {
      provider: 'vertex-predict',
      model: undefined,
      messages: record.messages,
      schema: undefined,
      schemaSource: undefined,
      responseFormat: undefined,
      images,
      maxTokens: record.maxTokens,
      temperature: typeof temperature === 'number' ? temperature : undefined,
      stream: false,
      body,
    },
    dialect: predictDialect(options, 'prompt', raw === true),
  };
}
