/**
 * A strict, scriptable MedGemma stand-in server for tests and benchmarks.
 *
 * It accepts exactly the request shapes the real servers accept and answers in their response shapes
 * (shared/reference/medgemma-and-triage-protocol.md Part A5): vLLM/OpenAI chat completions, the two
 * Vertex AI dedicated-endpoint routes, and Ollama's native chat. Like vLLM serving Gemma 3 it refuses
 * conversations the Gemma chat template refuses (A4). What the "model" says comes from a script.
 */
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkVertexAccess } from './check-vertex-access.ts';
import { handleOllamaChat } from './ollama-chat-route.ts';
import { checkApiKey, handleOpenAiChat } from './openai-chat-route.ts';
import { estimateTokens, renderReplyContent } from './render-reply-content.ts';
import {
  type ChatCall,
  EMPTY_SCRIPT_MESSAGE,
  type ResolvedStandinOptions,
  type Responder,
  type RouteContext,
  vllmErrorType,
} from './standin-internals.ts';
import type {
  MedgemmaStandin,
  MedgemmaStandinOptions,
  RecordedRequest,
  Reply,
  ScriptRequest,
  StandinMessage,
  StandinProvider,
  StandinScript,
} from './standin-types.ts';
import { handleVertexPredict } from './vertex-predict-route.ts';

/** Largest body accepted (a few base64 photos); larger bodies get 413. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Prompt tokens per image: MedGemma encodes each image to 256 tokens (reference A2). */
const TOKENS_PER_IMAGE = 256;

const VERTEX_CHAT =
  /^\/v1beta1\/projects\/([^/]+)\/locations\/([^/]+)\/endpoints\/([^/:%]+)\/chat\/completions$/;
const VERTEX_PREDICT = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/endpoints\/([^/:%]+)(?::|%3A)predict$/i;

/**
 * Starts the stand-in on `options.port` (default 0: an ephemeral port) and resolves once it listens.
 *
 * Routes: `POST /v1/chat/completions` (vLLM/TGI/Ollama `/v1`), `POST /v1beta1/projects/{P}/locations/
 * {R}/endpoints/{E}/chat/completions` and `POST /v1/projects/{P}/locations/{R}/endpoints/{E}:predict`
 * (Vertex, OAuth bearer required), `POST /api/chat` (Ollama native); plus `GET /health`,
 * `GET /v1/models` and `GET /api/tags` for readiness probes. Every request is recorded; only requests
 * that pass every check the real server makes consume a scripted reply. With an empty queue and no
 * `defaultReply`, the answer is HTTP 500 with the message `medgemma stand-in: script is empty`.
 *
 * @param options see `MedgemmaStandinOptions`; all optional
 * @returns the running stand-in's handle; call `close()` when done
 */
export async function startMedgemmaStandin(options: MedgemmaStandinOptions = {}): Promise<MedgemmaStandin> {
  const resolved = resolveOptions(options);
  let script: StandinScript = copyScript(options.script ?? []);
  let records: RecordedRequest[] = [];
  let scriptIndex = 0;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const aborters = new Set<AbortController>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = process.hrtime.bigint();
    const path = new URL(req.url ?? '/', 'http://standin.invalid').pathname;
    const headers = flattenHeaders(req);
    const record = newRecord(records.length, req.method ?? 'GET', path, headers);
    records.push(record);
    inFlight++;
    const abort = new AbortController();
    aborters.add(abort);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      abort.abort();
      aborters.delete(abort);
      inFlight--;
      if (inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    });
    const out = responder(res, record);

    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      out.json(413, { error: 'request body too large' });
      return;
    }
    const json = parseJson(rawBody);
    record.body = json.ok ? json.value : rawBody === '' ? undefined : rawBody;
    const ctx: RouteContext = { record, headers, rawBody, json, out, options: resolved };

    const call = route(ctx, req.method ?? 'GET', path);
    if (call === undefined) return;

    const request: ScriptRequest = { ...call.request, index: scriptIndex++ };
    let next: { reply: Reply; fromEmptyScript: boolean };
    try {
      next = await nextReply(request);
    } catch (error) {
      out.json(500, { error: `medgemma stand-in script threw: ${String(error)}` });
      return;
    }
    record.reply = next.reply;
    await play(next.reply, call, request, out, abort.signal, startedAt, next.fromEmptyScript);
  }

  /** Dispatches by path; answers probes and unknown routes itself. */
  function route(ctx: RouteContext, method: string, path: string): ChatCall | undefined {
    const { out, record } = ctx;
    const notAllowed = () => out.json(405, { detail: 'Method Not Allowed' });
    if (path === '/health' && method === 'GET') {
      out.text(200, '', 'text/plain');
      return undefined;
    }
    if (path === '/v1/models' && method === 'GET') {
      if (!checkApiKey(ctx)) return undefined;
      out.json(200, {
        object: 'list',
        data: [
          {
            id: resolved.responseModel,
            object: 'model',
            created: 0,
            owned_by: 'vllm',
            root: resolved.responseModel,
          },
        ],
      });
      return undefined;
    }
    if (path === '/api/tags' && method === 'GET') {
      const name = resolved.ollamaModel ?? 'medgemma:27b';
      out.json(200, {
        models: [{ name, model: name, modified_at: new Date(0).toISOString(), size: 0, digest: '' }],
      });
      return undefined;
    }
    const provider = providerOf(path);
    record.provider = provider;
    if (provider === undefined) {
      out.json(404, { detail: 'Not Found' });
      return undefined;
    }
    if (method !== 'POST') {
      notAllowed();
      return undefined;
    }
    if (provider === 'openai') return handleOpenAiChat(ctx, 'openai');
    if (provider === 'ollama') return handleOllamaChat(ctx);
    const m = (provider === 'vertex-chat' ? VERTEX_CHAT : VERTEX_PREDICT).exec(path);
    const ids = { project: m?.[1] ?? '', region: m?.[2] ?? '', endpointId: m?.[3] ?? '' };
    if (!checkVertexAccess(ctx, ids)) return undefined;
    return provider === 'vertex-chat' ? handleOpenAiChat(ctx, 'vertex-chat') : handleVertexPredict(ctx);
  }

  async function nextReply(request: ScriptRequest): Promise<{ reply: Reply; fromEmptyScript: boolean }> {
    if (typeof script === 'function') return { reply: await script(request), fromEmptyScript: false };
    const queued = script.shift();
    if (queued !== undefined) return { reply: queued, fromEmptyScript: false };
    if (options.defaultReply !== undefined) return { reply: options.defaultReply, fromEmptyScript: false };
    return { reply: { status: 500 }, fromEmptyScript: true };
  }

  /** Plays a reply: waits for delays (abortable), hangs, or writes the provider's answer. */
  async function play(
    first: Reply,
    call: ChatCall,
    request: ScriptRequest,
    out: Responder,
    signal: AbortSignal,
    startedAt: bigint,
    fromEmptyScript: boolean,
  ): Promise<void> {
    let reply = first;
    for (;;) {
      if ('delayMs' in reply) {
        if (!(await sleep(reply.delayMs, signal))) return;
        reply = reply.then;
        continue;
      }
      if ('hang' in reply) {
        await sleep(Number.POSITIVE_INFINITY, signal);
        return;
      }
      if ('status' in reply) {
        const text = fromEmptyScript ? EMPTY_SCRIPT_MESSAGE : (STATUS_CODES[reply.status] ?? 'error');
        call.dialect.status(out, reply.status, text, reply.body, reply.headers ?? {});
        return;
      }
      if ('vertexError' in reply) {
        const { code, message: text, type } = reply.vertexError;
        call.dialect.containerError(out, { code, message: text, type: type ?? vllmErrorType(code) });
        return;
      }
      const rendered = renderReplyContent(reply, request.maxTokens, resolved.enforceMaxTokens);
      call.dialect.completion(
        out,
        {
          content: rendered.content,
          finishReason: rendered.finishReason,
          promptTokens: estimatePromptTokens(request.messages),
          completionTokens: estimateTokens(rendered.content),
          model: request.model || resolved.responseModel,
          startedAt,
        },
        request,
      );
      return;
    }
  }

  function whenIdle(): Promise<void> {
    if (inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}`;
  const v = resolved.vertex;
  const endpointPath = `projects/${v.project}/locations/${v.region}/endpoints/${v.endpointId}`;

  return {
    baseUrl,
    urls: {
      openai: `${baseUrl}/v1`,
      vertexChat: `${baseUrl}/v1beta1/${endpointPath}`,
      vertexPredict: `${baseUrl}/v1/${endpointPath}:predict`,
      ollama: baseUrl,
    },
    vertexAccessToken: v.accessToken,
    requests: () => [...records],
    enqueue(...replies) {
      if (typeof script === 'function') script = [];
      script.push(...replies);
    },
    setScript(next) {
      script = copyScript(next);
    },
    pending: () => (typeof script === 'function' ? 0 : script.length),
    reset() {
      records = [];
      scriptIndex = 0;
      script = copyScript(options.script ?? []);
    },
    whenIdle,
    async close() {
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
      // Destroying the sockets fires each response's 'close', which aborts its delay or hang.
      server.closeAllConnections();
      for (const a of aborters) a.abort();
      await Promise.all([closed, whenIdle()]);
    },
  };
}

function resolveOptions(o: MedgemmaStandinOptions): ResolvedStandinOptions {
  const region = o.vertex?.region ?? 'us-central1';
  return {
    model: o.model,
    responseModel: o.model ?? 'google/medgemma-27b-text-it',
    ollamaModel: o.ollamaModel,
    apiKey: o.apiKey,
    vertex: {
      project: o.vertex?.project ?? 'standin-project',
      region,
      endpointId: o.vertex?.endpointId ?? '1234567890123456789',
      accessToken: o.vertex?.accessToken ?? 'standin-vertex-access-token',
      deployedModelId: o.vertex?.deployedModelId ?? '9876543210987654321',
      modelResource:
        o.vertex?.modelResource ?? `projects/123456789012/locations/${region}/models/medgemma-standin`,
      modelDisplayName: o.vertex?.modelDisplayName ?? 'medgemma-standin',
      modelVersionId: o.vertex?.modelVersionId ?? '1',
    },
    multimodal: o.multimodal ?? false,
    enforceMaxTokens: o.enforceMaxTokens ?? true,
    ollamaStrictRoles: o.ollamaStrictRoles ?? false,
  };
}

function providerOf(path: string): StandinProvider | undefined {
  if (path === '/v1/chat/completions') return 'openai';
  if (path === '/api/chat') return 'ollama';
  if (VERTEX_CHAT.test(path)) return 'vertex-chat';
  if (VERTEX_PREDICT.test(path)) return 'vertex-predict';
  return undefined;
}

function copyScript(script: StandinScript): StandinScript {
  return typeof script === 'function' ? script : [...script];
}

function newRecord(
  seq: number,
  method: string,
  route: string,
  headers: Record<string, string>,
): RecordedRequest {
  return {
    seq,
    method,
    route,
    provider: undefined,
    headers,
    body: undefined,
    model: undefined,
    messages: [],
    schema: undefined,
    schemaSource: undefined,
    responseFormat: undefined,
    images: [],
    maxTokens: undefined,
    stream: false,
    gemmaViolation: undefined,
    rejection: undefined,
    reply: undefined,
    status: undefined,
    aborted: false,
    receivedAt: Date.now(),
  };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Reads the whole body as UTF-8; undefined when it exceeds the limit, `''` if the client left. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > MAX_BODY_BYTES) return undefined;
      chunks.push(buffer);
    }
  } catch {
    return '';
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): RouteContext['json'] {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function responder(res: ServerResponse, record: RecordedRequest): Responder {
  const writable = () => !res.headersSent && !res.destroyed;
  return {
    json(status, body, headers = {}) {
      if (!writable()) return;
      const text = JSON.stringify(body);
      record.status = status;
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
      });
      res.end(text);
    },
    text(status, body, contentType = 'text/plain; charset=utf-8', headers = {}) {
      if (!writable()) return;
      record.status = status;
      res.writeHead(status, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        ...headers,
      });
      res.end(body);
    },
    stream(status, contentType, chunks) {
      if (!writable()) return;
      record.status = status;
      res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache' });
      for (const chunk of chunks) res.write(chunk);
      res.end();
    },
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the client left or `close()`). */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = Number.isFinite(ms) ? setTimeout(() => done(true), ms) : undefined;
    const onAbort = () => done(false);
    function done(value: boolean) {
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function estimatePromptTokens(messages: readonly StandinMessage[]): number {
  const chars = messages.reduce((n, m) => n + m.text.length, 0);
  const images = messages.reduce((n, m) => n + m.images.length, 0);
  return Math.max(1, Math.ceil(chars / 4)) + images * TOKENS_PER_IMAGE;
}
