/**
 * The outbound half of the WhatsApp Cloud API client: send, mark as read / typing, media download
 * (reference/whatsapp.md §4, §6). No retries here: a durable queue above retries using
 * {@link GraphApiError.action} and {@link GraphApiError.sendOutcome} (§5.2 idempotency caveat).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import type { GraphApiErrorCode, SendOutcome } from './graph-error.ts';
import { GraphApiError } from './graph-error.ts';
import type { OutboundMessage, Recipient } from './outbound-message.ts';
import type { GraphMessageBody, RenderOptions } from './render-message.ts';
import { renderMessage } from './render-message.ts';

/** Configuration for {@link createGraphClient}. */
export interface GraphClientOptions {
  /** `https://graph.facebook.com` in production; the stand-in's `baseUrl` in sandbox/tests. */
  readonly baseUrl: string;
  /** e.g. `v25.0` (§4.8: keep it in config and watch sunset dates). */
  readonly apiVersion: string;
  readonly phoneNumberId: string;
  /** System User token (§5.2 code 190: the 24 h dashboard token expires). */
  readonly accessToken: string;
  /** Per-request timeout for API calls, ms. */
  readonly timeoutMs: number;
  /** Timeout for one media download (URL lookup excluded), ms. Default: max(timeoutMs, 60 s). */
  readonly mediaTimeoutMs?: number;
  /**
   * Hosts that may receive the bearer token when downloading media (§6: the download needs it). Meta's
   * URLs are on lookaside.fbsbx.com; the host of `baseUrl` is always allowed (sandbox). A URL elsewhere
   * is refused so a forged URL cannot collect our token. Default `['lookaside.fbsbx.com']`.
   */
  readonly mediaHosts?: readonly string[];
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** What Meta returned for an accepted message (accepted ≠ delivered: watch the status webhooks). */
export interface SendResult {
  /** wamid of the last part sent (the one carrying the buttons/list, if any). */
  readonly wamid: string;
  /** wamids of every part sent by this call, in order (one unless the text was split). */
  readonly wamids: readonly string[];
  /** `contacts[0].user_id` (BSUID sends, §2.10). */
  readonly userId?: string;
  /** `contacts[0].wa_id`: the canonical id for the phone we sent to (§4); may be omitted for BSUID sends. */
  readonly waId?: string;
}

/** Options for {@link GraphClient.send}. */
export interface SendOptions extends RenderOptions {
  /**
   * First part to send (0-based). After a multi-part send failed at part k, resend with
   * `fromPart: err.acceptedWamids.length` so parts Meta already accepted are not sent twice.
   */
  readonly fromPart?: number;
}

/** A media URL from `GET /{media-id}` (§6); it expires after 5 minutes. */
export interface MediaUrl {
  readonly url: string;
  readonly mimeType: string;
  /** Bytes. */
  readonly fileSize: number;
  /** As reported by Meta (base64; exact semantics unverified, §9). */
  readonly sha256: string;
}

/** Limits for a media download. */
export interface DownloadOptions {
  /** Abort (and fail) once more than this many bytes arrive. */
  readonly maxBytes: number;
  /** Accepted MIME types, compared without parameters (`audio/ogg` accepts `audio/ogg; codecs=opus`). */
  readonly allowedMimeTypes: readonly string[];
  /** When given, a 404 (expired URL, §6) fetches a fresh URL for this media id once and retries. */
  readonly mediaId?: string;
}

/** Downloaded media. PHI: store encrypted, never log (§6). */
export interface DownloadedMedia {
  readonly bytes: Buffer;
  /** The `Content-Type` the bytes were served with (parameters kept). */
  readonly mimeType: string;
  /** Base64 SHA-256 of `bytes`, to compare with {@link MediaUrl.sha256} if desired. */
  readonly sha256: string;
}

/** The client returned by {@link createGraphClient}. */
export interface GraphClient {
  /**
   * Renders `message` ({@link renderMessage}) and sends its parts in order, one request each, stopping
   * at the first failure. Throws {@link GraphApiError} (with `acceptedWamids` when earlier parts were
   * accepted) or the renderer's `AppError` for unrenderable messages.
   */
  send(recipient: Recipient, message: OutboundMessage, opts?: SendOptions): Promise<SendResult>;
  /** Sends one already-rendered body: exactly one request. */
  sendRendered(body: GraphMessageBody): Promise<SendResult>;
  /**
   * Marks an inbound message (and the earlier ones) as read; with `typing` also shows the typing
   * indicator for up to 25 s or until we reply (§4.5).
   */
  markRead(messageId: string, opts: { readonly typing: boolean }): Promise<void>;
  /** `GET /{version}/{media-id}?phone_number_id=…` (§6). */
  getMediaUrl(mediaId: string): Promise<MediaUrl>;
  /** Downloads a media URL with the bearer token, enforcing size and MIME type (§6). */
  downloadMedia(url: string, opts: DownloadOptions): Promise<DownloadedMedia>;
  /** {@link getMediaUrl} then {@link downloadMedia}, refreshing an expired URL once. */
  downloadMediaById(mediaId: string, opts: Omit<DownloadOptions, 'mediaId'>): Promise<DownloadedMedia>;
}

const sendResponseSchema = z.object({
  contacts: z
    .array(
      z.object({
        input: z.string().optional(),
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
      }),
    )
    .optional(),
  messages: z.array(z.object({ id: z.string().min(1) })).min(1),
});

const successSchema = z.object({ success: z.literal(true) });

const mediaUrlSchema = z.object({
  url: z.string().min(1),
  mime_type: z.string().min(1),
  sha256: z.string(),
  file_size: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
});

const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

// Failures that happen before any byte of the request reaches the server: safe to resend.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_INVALID_URL',
]);

/**
 * Creates the client. It never retries and never logs; every failure is a {@link GraphApiError}
 * whose `sendOutcome` says whether Meta may have accepted the request.
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = `${options.baseUrl.replace(/\/+$/, '')}/${options.apiVersion}`;
  const messagesUrl = `${base}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const auth = `Bearer ${options.accessToken}`;
  const mediaTimeoutMs = options.mediaTimeoutMs ?? Math.max(options.timeoutMs, 60_000);
  const baseHost = new URL(options.baseUrl).host;
  const mediaHosts = new Set(options.mediaHosts ?? ['lookaside.fbsbx.com']);

  async function request(
    code: GraphApiErrorCode,
    what: string,
    url: string,
    init: RequestInit,
    timeoutMs: number,
  ): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (err) {
      throw networkError(code, what, err);
    }
    if (!res.ok) throw await errorFromResponse(code, what, res);
    return res;
  }

  async function readJson<T>(
    code: GraphApiErrorCode,
    what: string,
    res: Response,
    schema: z.ZodType<T>,
  ): Promise<T> {
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch (err) {
      // The answer was lost after Meta processed the request (timeout mid-body, bad JSON).
      throw networkError(code, what, err, 'unknown');
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      throw new GraphApiError({
        code,
        message: `Graph API ${what}: unexpected success response`,
        httpStatus: res.status,
        sendOutcome: 'unknown',
        // Something is off with the API or our version: a person must look, not a retry loop.
        action: 'ops_alert',
      });
    }
    return result.data;
  }

  async function postMessage(code: GraphApiErrorCode, what: string, body: unknown): Promise<Response> {
    return request(
      code,
      what,
      messagesUrl,
      {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      options.timeoutMs,
    );
  }

  async function sendRendered(body: GraphMessageBody): Promise<SendResult> {
    const res = await postMessage('WHATSAPP_SEND_FAILED', 'send', body);
    const data = await readJson('WHATSAPP_SEND_FAILED', 'send', res, sendResponseSchema);
    const wamid = data.messages[0]?.id ?? '';
    const contact = data.contacts?.[0];
    return {
      wamid,
      wamids: [wamid],
      ...(contact?.user_id === undefined ? {} : { userId: contact.user_id }),
      ...(contact?.wa_id === undefined ? {} : { waId: contact.wa_id }),
    };
  }

  async function getMediaUrl(mediaId: string): Promise<MediaUrl> {
    const url = `${base}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(options.phoneNumberId)}`;
    const res = await request(
      'WHATSAPP_MEDIA_FAILED',
      'media lookup',
      url,
      { method: 'GET', headers: { authorization: auth } },
      options.timeoutMs,
    );
    const data = await readJson('WHATSAPP_MEDIA_FAILED', 'media lookup', res, mediaUrlSchema);
    return { url: data.url, mimeType: data.mime_type, fileSize: data.file_size, sha256: data.sha256 };
  }

  function assertMediaHost(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw mediaRefused('media URL is malformed');
    }
    const sameAsApi = parsed.host === baseHost;
    if (!sameAsApi && (parsed.protocol !== 'https:' || !mediaHosts.has(parsed.hostname))) {
      throw mediaRefused('media URL host is not allowed to receive the access token');
    }
  }

  async function downloadOnce(url: string, opts: DownloadOptions): Promise<DownloadedMedia> {
    assertMediaHost(url);
    const res = await request(
      'WHATSAPP_MEDIA_FAILED',
      'media download',
      url,
      // §6: "If you omit your token, the request will fail."
      { method: 'GET', headers: { authorization: auth } },
      mediaTimeoutMs,
    );
    const mimeType = (res.headers.get('content-type') ?? 'application/octet-stream').trim();
    if (!mimeAllowed(mimeType, opts.allowedMimeTypes)) {
      await res.body?.cancel().catch(() => undefined);
      throw new GraphApiError({
        code: 'WHATSAPP_MEDIA_TYPE_REJECTED',
        message: 'Media type is not accepted',
        httpStatus: res.status,
        sendOutcome: 'rejected',
        action: 'permanent',
      });
    }
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge(res.status);
    }
    const bytes = await readCapped(res, opts.maxBytes);
    return { bytes, mimeType, sha256: createHash('sha256').update(bytes).digest('base64') };
  }

  async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
    if (!res.body) return Buffer.alloc(0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          // Stop the transfer now rather than buffering an oversized file (a patient's 100 MB video).
          await reader.cancel().catch(() => undefined);
          throw tooLarge(res.status);
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof GraphApiError) throw err;
      throw networkError('WHATSAPP_MEDIA_FAILED', 'media download', err, 'unknown');
    }
    return Buffer.concat(chunks, total);
  }

  async function downloadMedia(url: string, opts: DownloadOptions): Promise<DownloadedMedia> {
    try {
      return await downloadOnce(url, opts);
    } catch (err) {
      // §6: media URLs expire after 5 minutes; a 404 means "get a new URL" — once.
      if (opts.mediaId === undefined || !(err instanceof GraphApiError) || err.httpStatus !== 404) throw err;
      const fresh = await getMediaUrl(opts.mediaId);
      return downloadOnce(fresh.url, opts);
    }
  }

  return {
    async send(recipient, message, opts = {}) {
      const bodies = renderMessage(
        recipient,
        message,
        opts.bizOpaqueCallbackData === undefined ? {} : { bizOpaqueCallbackData: opts.bizOpaqueCallbackData },
      );
      const from = opts.fromPart ?? 0;
      if (!Number.isInteger(from) || from < 0 || from >= bodies.length) {
        throw new AppError('WHATSAPP_INVALID_MESSAGE', 'fromPart is outside the rendered message');
      }
      const wamids: string[] = [];
      let last: SendResult | undefined;
      for (const body of bodies.slice(from)) {
        try {
          last = await sendRendered(body);
        } catch (err) {
          if (err instanceof GraphApiError && wamids.length > 0) throw err.withAcceptedWamids(wamids);
          throw err;
        }
        wamids.push(last.wamid);
      }
      // bodies.slice(from) is non-empty (checked above), so `last` is set.
      return { ...(last as SendResult), wamids };
    },
    sendRendered,
    async markRead(messageId, { typing }) {
      const res = await postMessage('WHATSAPP_MARK_READ_FAILED', 'mark read', {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: messageId,
        ...(typing ? { typing_indicator: { type: 'text' } } : {}),
      });
      await readJson('WHATSAPP_MARK_READ_FAILED', 'mark read', res, successSchema);
    },
    getMediaUrl,
    downloadMedia,
    async downloadMediaById(mediaId, opts) {
      const media = await getMediaUrl(mediaId);
      // Fail before downloading when Meta already tells us the file is unacceptable.
      if (media.fileSize > opts.maxBytes) throw tooLarge(undefined);
      if (!mimeAllowed(media.mimeType, opts.allowedMimeTypes)) {
        throw new GraphApiError({
          code: 'WHATSAPP_MEDIA_TYPE_REJECTED',
          message: 'Media type is not accepted',
          sendOutcome: 'rejected',
          action: 'permanent',
        });
      }
      return downloadMedia(media.url, { ...opts, mediaId });
    },
  };
}

function baseMime(mime: string): string {
  return (mime.split(';')[0] ?? '').trim().toLowerCase();
}

function mimeAllowed(mime: string, allowed: readonly string[]): boolean {
  const base = baseMime(mime);
  return allowed.some((a) => baseMime(a) === base);
}

function tooLarge(httpStatus: number | undefined): GraphApiError {
  return new GraphApiError({
    code: 'WHATSAPP_MEDIA_TOO_LARGE',
    message: 'Media exceeds the allowed size',
    httpStatus,
    sendOutcome: 'rejected',
    action: 'permanent',
  });
}

function mediaRefused(message: string): GraphApiError {
  return new GraphApiError({
    code: 'WHATSAPP_MEDIA_FAILED',
    message,
    sendOutcome: 'not_sent',
    action: 'ops_alert',
  });
}

/** Error codes found on `err`, its `cause` chain and aggregated errors (undici nests them). */
function errorCodes(err: unknown, depth = 0): string[] {
  if (depth > 5 || typeof err !== 'object' || err === null) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => errorCodes(x, depth + 1)) : [];
  return [...own, ...errorCodes(e.cause, depth + 1), ...nested];
}

function networkError(
  code: GraphApiErrorCode,
  what: string,
  err: unknown,
  forced?: SendOutcome,
): GraphApiError {
  const timedOut = err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const notSent = !timedOut && errorCodes(err).some((c) => NOT_SENT_CODES.has(c));
  const sendOutcome: SendOutcome = forced ?? (notSent ? 'not_sent' : 'unknown');
  const message =
    sendOutcome === 'not_sent'
      ? `Graph API ${what}: request did not reach Meta`
      : timedOut
        ? `Graph API ${what}: timed out after sending; Meta may have accepted it`
        : `Graph API ${what}: connection lost after sending; Meta may have accepted it`;
  return new GraphApiError({ code, message, sendOutcome, cause: err });
}

async function errorFromResponse(
  code: GraphApiErrorCode,
  what: string,
  res: Response,
): Promise<GraphApiError> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await res.text());
  } catch {
    parsed = undefined;
  }
  const graph = graphErrorSchema.safeParse(parsed);
  if (graph.success) {
    const e = graph.data.error;
    return new GraphApiError({
      code,
      message: `Graph API ${what} rejected: code ${e.code}, HTTP ${res.status}`,
      graphCode: e.code,
      httpStatus: res.status,
      graphDetails: e.error_data?.details,
      graphType: e.type,
      graphMessage: e.message,
      fbtraceId: e.fbtrace_id,
      sendOutcome: 'rejected',
    });
  }
  // No Graph error body: a proxy or gateway answered. A 5xx from a gateway may hide a request Meta
  // processed, so it is not a clean rejection.
  return new GraphApiError({
    code,
    message: `Graph API ${what} failed: HTTP ${res.status} without a Graph error`,
    httpStatus: res.status,
    sendOutcome: res.status >= 500 ? 'unknown' : 'rejected',
  });
}
