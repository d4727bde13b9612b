/**
 * A strict local stand-in for the WhatsApp Cloud API (Graph API), for tests and the product's sandbox
 * mode (the WhatsApp simulator page sits on top of it). It rejects what Meta rejects
 * (validate-messages-request.ts), answers in Meta's shapes, sends signed status webhooks, serves media
 * behind expiring URLs, and can inject the failures production meets (reference/whatsapp.md §4–§6).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { graphErrorBody, graphErrorInfo } from './graph-error-catalog.ts';
import {
  type SendMessageRequest,
  type TemplateSpec,
  type ValidationFailure,
  validateMessagesRequest,
} from './validate-messages-request.ts';
import {
  type BusinessNumber,
  type DeliveryStatus,
  FIXTURE_BUSINESS,
  metaJson,
  newWamid,
  signBody,
  statusUpdate,
  type WhatsAppUser,
} from './webhook-builder.ts';

/** Where and how status webhooks are sent. */
export interface StatusWebhookOptions {
  /** The service's `/webhook` URL. */
  readonly url: string;
  /** App secret for `X-Hub-Signature-256` (§1.2). */
  readonly appSecret: string;
  /**
   * Delays, ms: `sent` after acceptance, `delivered` after sent, `read` after delivered (`null`: only
   * when {@link GraphApiStandin.markRead} is called, e.g. by the simulator UI). Defaults 20 / 50 / null.
   */
  readonly delaysMs?: { readonly sent?: number; readonly delivered?: number; readonly read?: number | null };
  /** Extra attempts when the receiver does not answer 2xx (Meta retries too, §3). Default 2. */
  readonly retries?: number;
}

/** Options of {@link startGraphApiStandin}. */
export interface GraphApiStandinOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** The only bearer token accepted. */
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** WABA id and display number used in webhooks. Defaults to Meta's example business. */
  readonly business?: Omit<BusinessNumber, 'phoneNumberId'>;
  readonly statusWebhook?: StatusWebhookOptions;
  /**
   * §5.1 customer service window: when enabled, a free-form (non-template) message to a recipient whose
   * last inbound ({@link GraphApiStandin.recordInbound}) is older than `windowMs` (default 24 h), or who
   * never wrote, is accepted with 200 and then FAILS with 131047 — Meta's "200-then-fail trap" (§5.2).
   */
  readonly windowRule?: { readonly enabled: boolean; readonly windowMs?: number };
  /** Approved templates; when given, template sends are checked against them. */
  readonly templates?: readonly TemplateSpec[];
  /** Lifetime of media URLs, ms. Default 5 minutes (§6). */
  readonly mediaUrlTtlMs?: number;
  /** Clock (ms since epoch), injectable to test expiry. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * How many entries each record list (messages, rejections, read receipts, status deliveries) keeps;
   * the oldest are dropped beyond it so a long-running sandbox does not grow without bound. Default 10 000.
   */
  readonly historyLimit?: number;
}

/** A message the stand-in accepted (200). */
export interface StandinMessage {
  readonly wamid: string;
  readonly receivedAt: Date;
  /** `to` as sent (E.164 with +). */
  readonly to?: string;
  /** `recipient` (BSUID) as sent. */
  readonly recipient?: string;
  /** The recipient as the stand-in knows them (wa_id, BSUID…). */
  readonly user: WhatsAppUser;
  readonly type: SendMessageRequest['type'];
  /** The validated request body. */
  readonly body: SendMessageRequest;
  readonly bizOpaqueCallbackData?: string;
  /** Latest status; `accepted` until `sent` happens. */
  status: DeliveryStatus | 'accepted';
  /** Set when the message failed after acceptance (window rule, async fault). */
  failure?: { readonly code: number; readonly details: string };
}

/** A request the stand-in refused. */
export interface StandinRejection {
  readonly at: Date;
  readonly httpStatus: number;
  /** Graph error code; undefined for injected code-less 5xx. */
  readonly code: number | undefined;
  readonly details: string;
  /** What the rejection was about. */
  readonly reason: 'auth' | 'path' | 'validation' | 'injected';
  readonly body: unknown;
}

/** A mark-as-read (optionally with typing indicator) request (§4.5). */
export interface StandinReadReceipt {
  readonly at: Date;
  readonly messageId: string;
  readonly typing: boolean;
}

/** One attempt to deliver a status webhook. */
export interface StatusDelivery {
  readonly wamid: string;
  readonly status: DeliveryStatus;
  readonly attempt: number;
  /** Receiver's HTTP status, or undefined on network error. */
  readonly httpStatus: number | undefined;
  /** The exact bytes sent and their signature. */
  readonly body: string;
  readonly signature: string;
}

/** Events emitted by the stand-in (for the simulator page and tests). */
export interface StandinEvents {
  message: [StandinMessage];
  rejected: [StandinRejection];
  status: [{ readonly wamid: string; readonly status: DeliveryStatus; readonly message: StandinMessage }];
  'read-receipt': [StandinReadReceipt];
}

/** A synchronous or post-acceptance failure to inject. */
export interface FaultSpec {
  /** Graph error code, e.g. 130429, 131047, 131056, 131026, 190. */
  readonly code: number;
  /** How many sends fail (default 1). */
  readonly times?: number;
  /** Override the HTTP status (default: the catalogue's for the code). */
  readonly httpStatus?: number;
  /** Only sends to this recipient (phone with/without +, or BSUID) are affected. */
  readonly onlyFor?: string;
  /** `sync` (default): HTTP error. `async`: 200, then a `failed` status webhook with the code (§5.2). */
  readonly mode?: 'sync' | 'async';
  /** Overrides `error_data.details`. */
  readonly details?: string;
}

interface Fault {
  readonly kind: 'graph' | '5xx';
  readonly code: number | undefined;
  readonly httpStatus: number;
  readonly mode: 'sync' | 'async';
  readonly onlyFor: string | undefined;
  readonly details: string | undefined;
  remaining: number;
}

interface UserRecord {
  user: WhatsAppUser;
  lastInboundAt: number | undefined;
}

interface StoredMedia {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly sha256: string;
}

interface Tracked {
  readonly message: StandinMessage;
  readonly sentTo: 'phone' | 'user';
  readonly category: string;
  /** Serializes status posts for one message (timer-driven progression and markRead). */
  posting: Promise<void>;
}

const VERSION = /^v[12][0-9]\.0$/;
const RANK: Record<DeliveryStatus | 'accepted', number> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};
const DAY_MS = 24 * 60 * 60 * 1000;

/** The running stand-in. Create with {@link startGraphApiStandin}. */
export class GraphApiStandin {
  /** e.g. `http://127.0.0.1:40123` — use as the Graph client's `baseUrl`. */
  readonly baseUrl: string;
  /** Accepted messages, in order. */
  readonly messages: StandinMessage[] = [];
  /** Rejected requests, in order. */
  readonly rejections: StandinRejection[] = [];
  /** Mark-as-read / typing requests. */
  readonly readReceipts: StandinReadReceipt[] = [];
  /** Every status webhook attempt. */
  readonly statusDeliveries: StatusDelivery[] = [];

  readonly #options: GraphApiStandinOptions;
  // Untyped inside; `on`/`#emit` give the typed surface.
  readonly #emitter = new EventEmitter();
  readonly #business: BusinessNumber;
  readonly #now: () => number;
  readonly #close: () => Promise<void>;
  readonly #mediaSecret = randomBytes(32);
  #faults: Fault[] = [];
  #delays: { ms: number; remaining: number }[] = [];
  #users: UserRecord[] = [];
  #media = new Map<string, StoredMedia>();
  #tracked = new Map<string, Tracked>();
  #pending = new Set<Promise<void>>();
  /** Pending sleeps; on close each is cleared AND resolved so no handler or chain hangs. */
  #timers = new Map<NodeJS.Timeout, () => void>();
  #abort = new AbortController();
  #closed = false;

  /** @internal use {@link startGraphApiStandin}. */
  constructor(options: GraphApiStandinOptions, baseUrl: string, close: () => Promise<void>) {
    this.#options = options;
    this.baseUrl = baseUrl;
    this.#close = close;
    this.#now = options.now ?? Date.now;
    const business = options.business ?? FIXTURE_BUSINESS;
    this.#business = {
      wabaId: business.wabaId,
      displayPhoneNumber: business.displayPhoneNumber,
      phoneNumberId: options.phoneNumberId,
    };
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<K extends keyof StandinEvents>(event: K, listener: (...args: StandinEvents[K]) => void): () => void {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.#emitter.off(event, listener as (...args: unknown[]) => void);
  }

  /** The next `times` sends (optionally only to one recipient) fail with Graph error `code`. */
  failNext(fault: FaultSpec): void {
    this.#faults.push({
      kind: 'graph',
      code: fault.code,
      httpStatus: fault.httpStatus ?? graphErrorInfo(fault.code).httpStatus,
      mode: fault.mode ?? 'sync',
      onlyFor: fault.onlyFor === undefined ? undefined : normalizeRecipient(fault.onlyFor),
      details: fault.details,
      remaining: fault.times ?? 1,
    });
  }

  /** The next `times` sends get a bare 5xx without a Graph error body (a gateway failure). */
  fail5xx(times = 1, httpStatus = 503): void {
    this.#faults.push({
      kind: '5xx',
      code: undefined,
      httpStatus,
      mode: 'sync',
      onlyFor: undefined,
      details: undefined,
      remaining: times,
    });
  }

  /**
   * The next `times` sends are ACCEPTED (recorded, statuses scheduled) but answered only after `ms`, so
   * a client with a shorter timeout gives up on a message Meta did accept — the double-send risk (§5.2).
   */
  delayNext(ms: number, times = 1): void {
    this.#delays.push({ ms, remaining: times });
  }

  /** Clears records, faults, delays, users, inbound times and media. Options stay. */
  reset(): void {
    this.messages.length = 0;
    this.rejections.length = 0;
    this.readReceipts.length = 0;
    this.statusDeliveries.length = 0;
    this.#faults = [];
    this.#delays = [];
    this.#users = [];
    this.#media.clear();
    this.#tracked.clear();
  }

  /**
   * Registers what the stand-in knows about a user (BSUID, phone, username, name) so responses and
   * status webhooks carry it. Unknown recipients get a derived BSUID (`ZZ.` + digits).
   */
  registerUser(user: WhatsAppUser): WhatsAppUser {
    const record = this.#userRecord(user);
    return record.user;
  }

  /** Reports an inbound message from `recipient` (phone or BSUID) at `at`: opens/refreshes the 24 h window. */
  recordInbound(recipient: string | WhatsAppUser, at: Date = new Date(this.#now())): void {
    const record = this.#userRecord(typeof recipient === 'string' ? userFromRecipient(recipient) : recipient);
    record.lastInboundAt = at.getTime();
  }

  /**
   * Stores media as if a patient had sent it; returns the media id to put in an inbound webhook
   * (e.g. `imageMessage({ media: { id, … } })`). The service then downloads it through `GET /{media-id}`.
   */
  uploadInboundMedia(bytes: Uint8Array, mimeType: string): string {
    // Meta media ids are 15–16 digit numbers (fixtures: "1003383421387256").
    const id = `1${String(randomInt(0, 10 ** 9)).padStart(9, '0')}${String(randomInt(0, 10 ** 6)).padStart(6, '0')}`;
    const buffer = Buffer.from(bytes);
    this.#media.set(id, {
      bytes: buffer,
      mimeType,
      sha256: createHashBase64(buffer),
    });
    return id;
  }

  /** The SHA-256 (base64) the stand-in reports for uploaded media `id`. */
  mediaSha256(id: string): string | undefined {
    return this.#media.get(id)?.sha256;
  }

  /** The patient reads message `wamid` (e.g. from the simulator UI): `read` status (skipping `delivered` if still pending). */
  async markRead(wamid: string): Promise<void> {
    const tracked = this.#tracked.get(wamid);
    if (!tracked) throw new Error('Unknown message id');
    if (tracked.message.status === 'failed') throw new Error('Message failed; it cannot be read');
    await this.#advance(tracked, 'sent');
    await this.#advance(tracked, 'read');
  }

  /** Resolves when every scheduled status webhook has been sent (or given up). */
  async whenIdle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Stops the server and cancels pending status webhooks. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    for (const [timer, resolve] of this.#timers) {
      clearTimeout(timer);
      resolve();
    }
    this.#timers.clear();
    await this.whenIdle();
    await this.#close();
  }

  // ─── HTTP handlers ────────────────────────────────────────────────────────────────────────────

  /** @internal */
  async handleMessages(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { version, phoneNumberId } = req.params as { version: string; phoneNumberId: string };
    if (!VERSION.test(version))
      return this.#reject(reply, 'path', 2500, `Unknown path components: /${version}`, undefined);
    if (!this.#authorized(req))
      return this.#reject(reply, 'auth', 190, 'Invalid OAuth access token', undefined);
    if (phoneNumberId !== this.#options.phoneNumberId) {
      return this.#reject(
        reply,
        'path',
        100,
        `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
        undefined,
        33,
      );
    }
    const body = parseJsonBody(req);
    if (body === INVALID)
      return this.#reject(reply, 'validation', 100, 'Request body must be JSON', undefined);
    const result = validateMessagesRequest(
      body,
      this.#options.templates ? { templates: this.#options.templates } : {},
    );
    if (!result.ok) return this.#rejectValidation(reply, result.error, body);
    const at = new Date(this.#now());
    if (result.kind === 'read') {
      const receipt = {
        at,
        messageId: result.request.message_id,
        typing: result.request.typing_indicator !== undefined,
      };
      this.#keep(this.readReceipts, receipt);
      this.#emit('read-receipt', receipt);
      await reply.code(200).send({ success: true });
      return;
    }
    const request = result.request;
    const fault = this.#takeFault(request);
    if (fault?.mode === 'sync') {
      if (fault.kind === '5xx') {
        this.#record({
          at,
          httpStatus: fault.httpStatus,
          code: undefined,
          details: 'injected 5xx',
          reason: 'injected',
          body,
        });
        await reply.code(fault.httpStatus).type('text/plain').send('Service Unavailable');
        return;
      }
      const code = fault.code ?? 1;
      this.#record({
        at,
        httpStatus: fault.httpStatus,
        code,
        details: fault.details ?? graphErrorInfo(code).details,
        reason: 'injected',
        body,
      });
      await reply
        .code(fault.httpStatus)
        .send(graphErrorBody(code, fault.details === undefined ? {} : { details: fault.details }));
      return;
    }
    const accepted = this.#accept(request, at, fault);
    const delay = this.#takeDelay();
    if (delay > 0) await this.#sleep(delay).catch(() => undefined);
    const user = accepted.message.user;
    await reply.code(200).send({
      messaging_product: 'whatsapp',
      contacts: [
        {
          input: request.to ?? request.recipient ?? '',
          ...(request.to !== undefined && user.waId !== undefined ? { wa_id: user.waId } : {}),
          // §2.10: BSUID sends add contacts[0].user_id.
          ...(request.recipient !== undefined && user.userId !== undefined ? { user_id: user.userId } : {}),
        },
      ],
      messages: [{ id: accepted.message.wamid }],
    });
  }

  /** @internal `GET /:version/:mediaId` (§6). */
  async handleMediaLookup(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { version, mediaId } = req.params as { version: string; mediaId: string };
    const query = req.query as Record<string, string | undefined>;
    if (!VERSION.test(version))
      return this.#reject(reply, 'path', 2500, `Unknown path components: /${version}`, undefined);
    if (!this.#authorized(req))
      return this.#reject(reply, 'auth', 190, 'Invalid OAuth access token', undefined);
    const media = this.#media.get(mediaId);
    const wrongNumber =
      query.phone_number_id !== undefined && query.phone_number_id !== this.#options.phoneNumberId;
    if (!media || wrongNumber) {
      return this.#reject(
        reply,
        'path',
        100,
        `Unsupported get request. Object with ID '${mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
        undefined,
        33,
      );
    }
    const expires = Math.floor((this.#now() + (this.#options.mediaUrlTtlMs ?? 5 * 60_000)) / 1000);
    const url = `${this.baseUrl}/whatsapp_business/attachments/?mid=${mediaId}&ext=${expires}&hash=${this.#mediaHash(mediaId, expires)}`;
    await reply.code(200).send({
      messaging_product: 'whatsapp',
      url,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: media.bytes.length,
      id: mediaId,
    });
  }

  /** @internal `GET /whatsapp_business/attachments/?mid&ext&hash`: bearer required; 404 when expired or forged. */
  async handleMediaDownload(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!this.#authorized(req)) {
      await reply.code(401).type('text/plain').send('Unauthorized');
      return;
    }
    const { mid = '', ext = '', hash = '' } = req.query as Record<string, string | undefined>;
    const expires = Number(ext);
    const media = this.#media.get(mid);
    const expected = Buffer.from(this.#mediaHash(mid, expires));
    const given = Buffer.from(hash);
    const valid = expected.length === given.length && timingSafeEqual(expected, given);
    if (!media || !valid || !Number.isFinite(expires) || this.#now() >= expires * 1000) {
      await reply.code(404).type('text/plain').send('Not Found');
      return;
    }
    await reply
      .code(200)
      .header('content-type', media.mimeType)
      .header('content-length', media.bytes.length)
      .send(media.bytes);
  }

  /** @internal Unknown paths, as Graph answers them. */
  async handleNotFound(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const path = req.url.split('?')[0] ?? '';
    return this.#reject(reply, 'path', 2500, `Unknown path components: ${path}`, undefined);
  }

  // ─── internals ────────────────────────────────────────────────────────────────────────────────

  #authorized(req: FastifyRequest): boolean {
    const header = req.headers.authorization ?? '';
    const expected = Buffer.from(`Bearer ${this.#options.accessToken}`);
    const given = Buffer.from(header);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  #mediaHash(mediaId: string, expires: number): string {
    return createHmac('sha256', this.#mediaSecret).update(`${mediaId}.${expires}`).digest('base64url');
  }

  async #reject(
    reply: FastifyReply,
    reason: StandinRejection['reason'],
    code: number,
    details: string,
    body: unknown,
    subcode?: number,
  ): Promise<void> {
    const httpStatus = graphErrorInfo(code).httpStatus;
    this.#record({ at: new Date(this.#now()), httpStatus, code, details, reason, body });
    const payload =
      code === 190 || code === 2500
        ? graphErrorBody(code, {
            message: code === 190 ? 'Invalid OAuth access token - Cannot parse access token' : details,
          })
        : graphErrorBody(code, { details, ...(subcode === undefined ? {} : { subcode }) });
    await reply.code(httpStatus).send(payload);
  }

  async #rejectValidation(reply: FastifyReply, failure: ValidationFailure, body: unknown): Promise<void> {
    // Every validation failure is an HTTP 400 at Meta, whatever the catalogue says for the code.
    this.#record({
      at: new Date(this.#now()),
      httpStatus: 400,
      code: failure.code,
      details: failure.details,
      reason: 'validation',
      body,
    });
    await reply.code(400).send(graphErrorBody(failure.code, { details: failure.details }));
  }

  #record(rejection: StandinRejection): void {
    this.#keep(this.rejections, rejection);
    this.#emit('rejected', rejection);
  }

  /** Appends to a record list, dropping (and returning) the oldest entries beyond the history limit. */
  #keep<T>(list: T[], item: T): T[] {
    list.push(item);
    const excess = list.length - (this.#options.historyLimit ?? 10_000);
    return excess > 0 ? list.splice(0, excess) : [];
  }

  #emit<K extends keyof StandinEvents>(event: K, ...args: StandinEvents[K]): void {
    try {
      this.#emitter.emit(event, ...args);
    } catch {
      // A listener's bug must not break the API it is watching.
    }
  }

  #takeFault(request: SendMessageRequest): Fault | undefined {
    const targets = [request.to, request.recipient]
      .filter((x): x is string => x !== undefined)
      .map(normalizeRecipient);
    const fault = this.#faults.find(
      (f) => f.remaining > 0 && (f.onlyFor === undefined || targets.includes(f.onlyFor)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.#faults = this.#faults.filter((f) => f.remaining > 0);
    return fault;
  }

  #takeDelay(): number {
    const delay = this.#delays[0];
    if (!delay) return 0;
    delay.remaining -= 1;
    if (delay.remaining <= 0) this.#delays.shift();
    return delay.ms;
  }

  #userRecord(user: WhatsAppUser): UserRecord {
    const existing = this.#users.find(
      (r) =>
        (user.waId !== undefined && r.user.waId === user.waId) ||
        (user.userId !== undefined && r.user.userId === user.userId),
    );
    if (existing) {
      existing.user = { ...existing.user, ...user };
      return existing;
    }
    const record: UserRecord = {
      user: { ...user, ...(user.userId === undefined ? { userId: derivedUserId(user.waId ?? '') } : {}) },
      lastInboundAt: undefined,
    };
    this.#users.push(record);
    return record;
  }

  #accept(request: SendMessageRequest, at: Date, fault: Fault | undefined): Tracked {
    // §2.10: when both are present, `to` wins.
    const sentTo = request.to !== undefined ? 'phone' : 'user';
    const record = this.#userRecord(
      request.to !== undefined
        ? { waId: request.to.replace(/^\+/, '') }
        : { userId: request.recipient ?? '' },
    );
    const message: StandinMessage = {
      wamid: newWamid(),
      receivedAt: at,
      ...(request.to === undefined ? {} : { to: request.to }),
      ...(request.recipient === undefined ? {} : { recipient: request.recipient }),
      user: record.user,
      type: request.type,
      body: request,
      ...(request.biz_opaque_callback_data === undefined
        ? {}
        : { bizOpaqueCallbackData: request.biz_opaque_callback_data }),
      status: 'accepted',
    };
    const window = this.#options.windowRule;
    if (fault?.mode === 'async') {
      const code = fault.code ?? 131026;
      message.failure = { code, details: fault.details ?? graphErrorInfo(code).details };
    } else if (window?.enabled && request.type !== 'template') {
      const last = record.lastInboundAt;
      if (last === undefined || at.getTime() - last > (window.windowMs ?? DAY_MS)) {
        message.failure = { code: 131047, details: graphErrorInfo(131047).details };
      }
    }
    const tracked: Tracked = {
      message,
      sentTo,
      category: request.type === 'template' ? 'utility' : 'service',
      posting: Promise.resolve(),
    };
    for (const dropped of this.#keep(this.messages, message)) this.#tracked.delete(dropped.wamid);
    this.#tracked.set(message.wamid, tracked);
    this.#emit('message', message);
    this.#track(this.#progress(tracked));
    return tracked;
  }

  #track(promise: Promise<void>): void {
    const p = promise.catch(() => undefined).finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** sent → delivered → (read): Meta's order, with the configured delays. */
  async #progress(tracked: Tracked): Promise<void> {
    const delays = this.#options.statusWebhook?.delaysMs ?? {};
    await this.#sleep(delays.sent ?? 20);
    if (tracked.message.failure) {
      await this.#advance(tracked, 'failed');
      return;
    }
    await this.#advance(tracked, 'sent');
    await this.#sleep(delays.delivered ?? 50);
    await this.#advance(tracked, 'delivered');
    const read = delays.read ?? null;
    if (read === null) return;
    await this.#sleep(read);
    await this.#advance(tracked, 'read');
  }

  /** Moves a message to `status` (never backwards) and posts the webhook, one post at a time per message. */
  #advance(tracked: Tracked, status: DeliveryStatus): Promise<void> {
    const next = tracked.posting.then(async () => {
      if (this.#closed || RANK[status] <= RANK[tracked.message.status]) return;
      tracked.message.status = status;
      this.#emit('status', { wamid: tracked.message.wamid, status, message: tracked.message });
      await this.#postStatus(tracked, status);
    });
    tracked.posting = next.catch(() => undefined);
    return next;
  }

  async #postStatus(tracked: Tracked, status: DeliveryStatus): Promise<void> {
    const hook = this.#options.statusWebhook;
    if (!hook) return;
    const m = tracked.message;
    const payload = statusUpdate({
      business: this.#business,
      wamid: m.wamid,
      status,
      user: m.user,
      sentTo: tracked.sentTo,
      timestamp: new Date(this.#now()),
      category: tracked.category,
      ...(m.bizOpaqueCallbackData === undefined ? {} : { bizOpaqueCallbackData: m.bizOpaqueCallbackData }),
      ...(m.failure === undefined ? {} : { error: m.failure }),
    });
    // Meta's bytes: non-ASCII escaped (§1.2), so receivers must verify the raw body.
    const body = metaJson(payload);
    const signature = signBody(body, hook.appSecret);
    const attempts = 1 + (hook.retries ?? 2);
    for (let attempt = 1; attempt <= attempts && !this.#closed; attempt++) {
      let httpStatus: number | undefined;
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
          signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(5000)]),
        });
        httpStatus = res.status;
        await res.body?.cancel().catch(() => undefined);
      } catch {
        httpStatus = undefined;
      }
      this.#keep(this.statusDeliveries, { wamid: m.wamid, status, attempt, httpStatus, body, signature });
      if (httpStatus !== undefined && httpStatus >= 200 && httpStatus < 300) return;
      await this.#sleep(100 * 2 ** (attempt - 1)).catch(() => undefined);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }
}

const INVALID = Symbol('invalid-json');

function parseJsonBody(req: FastifyRequest): unknown {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type) || !Buffer.isBuffer(req.body)) return INVALID;
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch {
    return INVALID;
  }
}

function normalizeRecipient(value: string): string {
  const trimmed = value.trim();
  return /^\+?[0-9]+$/.test(trimmed) ? trimmed.replace(/^\+/, '') : trimmed;
}

function userFromRecipient(recipient: string): WhatsAppUser {
  const normalized = normalizeRecipient(recipient);
  return /^[0-9]+$/.test(normalized) ? { waId: normalized } : { userId: normalized };
}

/** A stable sandbox BSUID for a phone number (`ZZ` is the ISO "unknown region" code). */
function derivedUserId(waId: string): string {
  const digest = createHmac('sha256', 'graph-api-standin').update(waId).digest();
  return `ZZ.${digest.readBigUInt64BE(0).toString()}${digest.readUInt16BE(8)}`;
}

function createHashBase64(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/**
 * Starts the stand-in on `host:port` (default 127.0.0.1:0). Routes:
 * `POST /:version/:phoneNumberId/messages`, `GET /:version/:mediaId`,
 * `GET /whatsapp_business/attachments/?mid&ext&hash` (media bytes); anything else → Graph's 2500 error.
 */
export async function startGraphApiStandin(options: GraphApiStandinOptions): Promise<GraphApiStandin> {
  // Close must not wait for clients' keep-alive sockets (tests start and stop many stand-ins).
  const app = Fastify({ logger: false, forceCloseConnections: true });
  // Raw bytes for every content type: the handler applies Meta's own JSON rules and error shapes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  let standin: GraphApiStandin | undefined;
  const get = (): GraphApiStandin => {
    if (!standin) throw new Error('stand-in not started');
    return standin;
  };
  app.post('/:version/:phoneNumberId/messages', (req, reply) => get().handleMessages(req, reply));
  app.get('/whatsapp_business/attachments/', (req, reply) => get().handleMediaDownload(req, reply));
  app.get('/:version/:mediaId', (req, reply) => get().handleMediaLookup(req, reply));
  app.setNotFoundHandler((req, reply) => get().handleNotFound(req, reply));
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  standin = new GraphApiStandin(options, `http://${host}:${address.port}`, () => app.close());
  return standin;
}
