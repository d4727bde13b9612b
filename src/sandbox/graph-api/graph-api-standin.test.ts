import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type GraphApiStandin,
  type GraphApiStandinOptions,
  startGraphApiStandin,
} from './graph-api-standin.ts';

const TOKEN = 'sandbox-token';
const PNID = '106540352242922';
const SECRET = 'app-secret';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are arbitrary JSON navigated in assertions
type Json = any;

interface Received {
  readonly raw: string;
  readonly signature: string | undefined;
  readonly json: Json;
}

/** A tiny webhook receiver that keeps raw bytes; can be told to fail the next N posts. */
class Receiver {
  readonly received: Received[] = [];
  failNext = 0;
  private server: Server | undefined;
  url = '';
  private waiters: { n: number; resolve: () => void }[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failNext > 0) {
          this.failNext -= 1;
          res.writeHead(500).end();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const signature = req.headers['x-hub-signature-256'];
        this.received.push({
          raw,
          signature: typeof signature === 'string' ? signature : undefined,
          json: JSON.parse(raw),
        });
        res.writeHead(200).end();
        this.waiters = this.waiters.filter((w) => {
          if (this.received.length >= w.n) w.resolve();
          return this.received.length < w.n;
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}/webhook`;
  }

  waitFor(n: number): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  statuses(): Json[] {
    return this.received.map((r) => r.json.entry[0].changes[0].value.statuses[0]);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function validSignature(r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`);
  const given = Buffer.from(r.signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const receiver = new Receiver();
const running: GraphApiStandin[] = [];
let clock = Date.now();

async function standin(options: Partial<GraphApiStandinOptions> = {}): Promise<GraphApiStandin> {
  const s = await startGraphApiStandin({
    accessToken: TOKEN,
    phoneNumberId: PNID,
    now: () => clock,
    ...options,
  });
  running.push(s);
  return s;
}

function withWebhook(extra: Partial<NonNullable<GraphApiStandinOptions['statusWebhook']>> = {}) {
  return {
    statusWebhook: {
      url: receiver.url,
      appSecret: SECRET,
      delaysMs: { sent: 5, delivered: 5, read: null },
      ...extra,
    },
  };
}

async function send(
  s: GraphApiStandin,
  body: unknown,
  headers: Record<string, string> = auth,
  path = `/v25.0/${PNID}/messages`,
) {
  const res = await fetch(`${s.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, contentType: res.headers.get('content-type') ?? '' };
}

const textTo = (to: string, body = 'Hello', extra: object = {}) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { body },
  ...extra,
});
const PATIENT = '+16505551234';

beforeAll(async () => {
  await receiver.start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  receiver.received.length = 0;
  receiver.failNext = 0;
  clock = Date.now();
});
afterAll(async () => {
  await receiver.stop();
});

describe('authentication, path and body', () => {
  it('requires the configured bearer token (401, code 190)', async () => {
    const s = await standin();
    for (const headers of [
      { 'content-type': 'application/json' },
      { ...auth, authorization: 'Bearer nope' },
    ]) {
      const res = await send(s, textTo(PATIENT), headers);
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ code: 190, type: 'OAuthException' });
      expect(res.json.error.fbtrace_id).toEqual(expect.any(String));
    }
    expect(s.rejections.map((r) => r.reason)).toEqual(['auth', 'auth']);
    expect(s.messages).toHaveLength(0);
  });

  it('rejects another phone number id (100 / subcode 33)', async () => {
    const s = await standin();
    const res = await send(s, textTo(PATIENT), auth, '/v25.0/999/messages');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('accepts vNN.0 versions only', async () => {
    const s = await standin();
    expect((await send(s, textTo(PATIENT), auth, `/v19.0/${PNID}/messages`)).status).toBe(200);
    for (const v of ['v3.0', 'latest', 'v25', 'v31.0']) {
      const res = await send(s, textTo(PATIENT), auth, `/${v}/${PNID}/messages`);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe(2500);
    }
  });

  it('rejects malformed JSON and non-JSON bodies with 100', async () => {
    const s = await standin();
    expect((await send(s, '{"messaging_product":', auth)).json.error.code).toBe(100);
    const form = await send(s, 'a=b', { ...auth, 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(form.json.error.code).toBe(100);
  });

  it('answers unknown paths like Graph (2500)', async () => {
    const s = await standin();
    const res = await fetch(`${s.baseUrl}/nothing/here/at/all`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error.code).toBe(2500);
  });

  it('validation failures are Meta-shaped 400s, recorded with the reason', async () => {
    const s = await standin();
    const seen: number[] = [];
    s.on('rejected', (r) => seen.push(r.code ?? 0));
    const res = await send(s, textTo(PATIENT, 'x'.repeat(4097)));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      message: '(#100) Invalid parameter',
      type: 'OAuthException',
      code: 100,
      error_data: {
        messaging_product: 'whatsapp',
        details: "Param text['body'] must be at most 4096 characters long",
      },
    });
    expect(s.rejections[0]).toMatchObject({ reason: 'validation', code: 100, httpStatus: 400 });
    expect(seen).toEqual([100]);
  });
});

describe('accepting messages', () => {
  it('answers with contacts and a unique wamid, records and emits the message', async () => {
    const s = await standin();
    const emitted: string[] = [];
    s.on('message', (m) => emitted.push(m.wamid));
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await send(s, textTo(PATIENT, `m${i}`, { biz_opaque_callback_data: `outbox-${i}` }));
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: PATIENT, wa_id: '16505551234' }],
        messages: [{ id: expect.stringMatching(/^wamid\./) }],
      });
      ids.add(res.json.messages[0].id);
    }
    expect(ids.size).toBe(20);
    expect(emitted).toEqual([...ids]);
    expect(s.messages[3]).toMatchObject({ to: PATIENT, type: 'text', bizOpaqueCallbackData: 'outbox-3' });
    expect(s.messages[3]?.body).toMatchObject({ text: { body: 'm3' } });
  });

  it('BSUID sends answer with user_id and may omit wa_id (§2.10)', async () => {
    const s = await standin();
    const res = await send(s, { ...textTo(PATIENT), to: undefined, recipient: 'US.13491208655302741918' });
    expect(res.json.contacts).toEqual([
      { input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' },
    ]);
  });

  it('records mark-as-read and typing requests', async () => {
    const s = await standin();
    const res = await send(s, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN',
      typing_indicator: { type: 'text' },
    });
    expect(res.json).toEqual({ success: true });
    expect(s.readReceipts).toMatchObject([{ messageId: 'wamid.IN', typing: true }]);
  });
});

describe('fault injection', () => {
  it('failNext: code, times, default HTTP status and override', async () => {
    const s = await standin();
    s.failNext({ code: 130429, times: 2 });
    const a = await send(s, textTo(PATIENT));
    const b = await send(s, textTo(PATIENT));
    const c = await send(s, textTo(PATIENT));
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.json.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    s.failNext({ code: 131047, httpStatus: 400 });
    expect((await send(s, textTo(PATIENT))).status).toBe(400);
    expect(s.rejections.filter((r) => r.reason === 'injected')).toHaveLength(3);
    expect(s.messages).toHaveLength(1);
  });

  it('failNext onlyFor one recipient leaves the others alone (131056 pair limit)', async () => {
    const s = await standin();
    s.failNext({ code: 131056, onlyFor: '16505551234', times: 5 });
    expect((await send(s, textTo('+447700900123'))).status).toBe(200);
    expect((await send(s, textTo(PATIENT))).json.error.code).toBe(131056);
    s.failNext({ code: 131062, onlyFor: 'US.7' });
    expect((await send(s, { ...textTo(PATIENT), to: undefined, recipient: 'US.7' })).json.error.code).toBe(
      131062,
    );
  });

  it('failNext mode async: 200, then a failed status with the code (the 200-then-fail trap)', async () => {
    const s = await standin(withWebhook());
    s.failNext({ code: 131026, mode: 'async' });
    const res = await send(s, textTo(PATIENT, 'x', { biz_opaque_callback_data: 'o1' }));
    expect(res.status).toBe(200);
    await receiver.waitFor(1);
    await s.whenIdle();
    const [status] = receiver.statuses();
    expect(status).toMatchObject({
      id: res.json.messages[0].id,
      status: 'failed',
      errors: [{ code: 131026 }],
    });
    expect(status).not.toHaveProperty('biz_opaque_callback_data');
    expect(receiver.received[0]?.json.entry[0].changes[0].value).not.toHaveProperty('contacts');
    expect(s.messages[0]?.status).toBe('failed');
  });

  it('fail5xx: a bare 5xx without a Graph error body', async () => {
    const s = await standin();
    s.fail5xx(1);
    const res = await send(s, textTo(PATIENT));
    expect(res.status).toBe(503);
    expect(res.contentType).toContain('text/plain');
    expect((await send(s, textTo(PATIENT))).status).toBe(200);
  });

  it('delayNext: the message is accepted before the slow answer (double-send risk)', async () => {
    const s = await standin();
    s.delayNext(300);
    let acceptedAt = 0;
    s.on('message', () => {
      acceptedAt = performance.now();
    });
    const start = performance.now();
    const controller = new AbortController();
    const abandoned = fetch(`${s.baseUrl}/v25.0/${PNID}/messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(textTo(PATIENT)),
      signal: controller.signal,
    }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await abandoned).toBe('aborted');
    expect(acceptedAt - start).toBeLessThan(100);
    expect(s.messages).toHaveLength(1);
    // Later sends are not delayed.
    const t = performance.now();
    expect((await send(s, textTo(PATIENT))).status).toBe(200);
    expect(performance.now() - t).toBeLessThan(250);
  });

  it('keeps at most historyLimit records', async () => {
    const s = await standin({ historyLimit: 3 });
    for (let i = 0; i < 5; i++) await send(s, textTo(PATIENT, `m${i}`));
    expect(s.messages.map((m) => (m.body.type === 'text' ? m.body.text.body : ''))).toEqual([
      'm2',
      'm3',
      'm4',
    ]);
  });

  it('reset clears records and pending faults', async () => {
    const s = await standin();
    s.failNext({ code: 190, times: 3 });
    await send(s, textTo(PATIENT));
    s.reset();
    expect(s.rejections).toHaveLength(0);
    expect((await send(s, textTo(PATIENT))).status).toBe(200);
    expect(s.messages).toHaveLength(1);
  });
});

describe('status webhooks', () => {
  it('posts sent then delivered, signed over the exact bytes, with BSUID fields and callback data', async () => {
    const s = await standin(withWebhook());
    s.registerUser({ waId: '16505551234', userId: 'US.13491208655302741918', name: 'José Núñez' });
    const res = await send(s, textTo(PATIENT, 'x', { biz_opaque_callback_data: 'outbox-9' }));
    const wamid = res.json.messages[0].id;
    await receiver.waitFor(2);
    for (const r of receiver.received) expect(validSignature(r)).toBe(true);
    // Meta escapes non-ASCII (§1.2): the raw bytes differ from a re-serialization.
    expect(receiver.received[0]?.raw).toContain('Jos\\u00e9 N\\u00fa\\u00f1ez');
    const [sent, delivered] = receiver.statuses();
    expect(sent).toMatchObject({
      id: wamid,
      status: 'sent',
      recipient_id: '16505551234',
      recipient_user_id: 'US.13491208655302741918',
      biz_opaque_callback_data: 'outbox-9',
      pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
    });
    expect(delivered).toMatchObject({ id: wamid, status: 'delivered', biz_opaque_callback_data: 'outbox-9' });
    const value = receiver.received[1]?.json.entry[0].changes[0].value;
    expect(value.metadata).toEqual({ display_phone_number: '15550783881', phone_number_id: PNID });
    expect(value.contacts).toEqual([
      { profile: { name: 'José Núñez' }, wa_id: '16505551234', user_id: 'US.13491208655302741918' },
    ]);
    expect(s.messages[0]?.status).toBe('delivered');
  });

  it('markRead(wamid) posts read; read can also be automatic', async () => {
    const s = await standin(withWebhook());
    const events: string[] = [];
    s.on('status', (e) => events.push(e.status));
    const res = await send(s, textTo(PATIENT));
    await receiver.waitFor(2);
    await s.markRead(res.json.messages[0].id);
    await receiver.waitFor(3);
    expect(receiver.statuses().map((x) => x.status)).toEqual(['sent', 'delivered', 'read']);
    expect(events).toEqual(['sent', 'delivered', 'read']);
    await expect(s.markRead('wamid.unknown')).rejects.toThrow();

    const auto = await standin(withWebhook({ delaysMs: { sent: 1, delivered: 1, read: 1 } }));
    receiver.received.length = 0;
    await send(auto, textTo(PATIENT));
    await receiver.waitFor(3);
    expect(receiver.statuses().map((x) => x.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('markRead before delivery skips delivered (Meta may), never goes backwards', async () => {
    const s = await standin(withWebhook({ delaysMs: { sent: 1, delivered: 200, read: null } }));
    const res = await send(s, textTo(PATIENT));
    await receiver.waitFor(1);
    await s.markRead(res.json.messages[0].id);
    await s.whenIdle();
    expect(receiver.statuses().map((x) => x.status)).toEqual(['sent', 'read']);
  });

  it('retries a webhook the receiver refuses', async () => {
    const s = await standin(withWebhook());
    receiver.failNext = 1;
    await send(s, textTo(PATIENT));
    await receiver.waitFor(2);
    await s.whenIdle();
    const sentAttempts = s.statusDeliveries.filter((d) => d.status === 'sent');
    expect(sentAttempts.map((d) => d.httpStatus)).toEqual([500, 200]);
  });

  it('template messages are priced as utility', async () => {
    const s = await standin(withWebhook());
    await send(s, {
      messaging_product: 'whatsapp',
      to: PATIENT,
      type: 'template',
      template: { name: 'appointment_reminder', language: { code: 'en_US', policy: 'deterministic' } },
    });
    await receiver.waitFor(1);
    expect(receiver.statuses()[0]?.pricing).toMatchObject({
      billable: true,
      category: 'utility',
      type: 'regular',
    });
  });
});

describe('24-hour window rule (§5.1, §5.2)', () => {
  it('free-form outside the window: 200, then failed 131047; inside the window or a template: sent', async () => {
    const s = await standin({ ...withWebhook(), windowRule: { enabled: true } });
    // Never wrote: outside the window.
    const outside = await send(s, textTo(PATIENT, 'x', { biz_opaque_callback_data: 'o' }));
    expect(outside.status).toBe(200);
    await receiver.waitFor(1);
    const [failed] = receiver.statuses();
    expect(failed).toMatchObject({
      status: 'failed',
      errors: [{ code: 131047, title: 'Re-engagement message' }],
    });
    expect(failed).not.toHaveProperty('recipient_user_id');

    receiver.received.length = 0;
    s.recordInbound(PATIENT, new Date(clock - 25 * 3600_000));
    await send(s, textTo(PATIENT));
    await receiver.waitFor(1);
    expect(receiver.statuses()[0]?.status).toBe('failed');

    receiver.received.length = 0;
    s.recordInbound('16505551234', new Date(clock - 23 * 3600_000));
    await send(s, textTo(PATIENT));
    await receiver.waitFor(2);
    expect(receiver.statuses().map((x) => x.status)).toEqual(['sent', 'delivered']);

    receiver.received.length = 0;
    await send(s, {
      messaging_product: 'whatsapp',
      to: '+447700900123',
      type: 'template',
      template: { name: 'reengage', language: { code: 'en' } },
    });
    await receiver.waitFor(1);
    expect(receiver.statuses()[0]?.status).toBe('sent');
  });

  it('applies to BSUID recipients too', async () => {
    const s = await standin({ windowRule: { enabled: true } });
    s.recordInbound('US.55', new Date(clock));
    const inside = await send(s, { ...textTo(PATIENT), to: undefined, recipient: 'US.55' });
    const outside = await send(s, { ...textTo(PATIENT), to: undefined, recipient: 'US.56' });
    expect([inside.status, outside.status]).toEqual([200, 200]);
    await s.whenIdle();
    expect(s.messages.map((m) => m.failure?.code)).toEqual([undefined, 131047]);
  });
});

describe('media (§6)', () => {
  const bytes = Buffer.from('%PDF-1.7 fake document');

  async function lookup(
    s: GraphApiStandin,
    id: string,
    headers: Record<string, string> = auth,
    query = `?phone_number_id=${PNID}`,
  ) {
    const res = await fetch(`${s.baseUrl}/v25.0/${id}${query}`, { headers });
    return { status: res.status, json: (await res.json()) as Json };
  }

  it('GET /{media-id} returns Meta’s fields and a URL that needs the bearer token', async () => {
    const s = await standin();
    const id = s.uploadInboundMedia(bytes, 'application/pdf');
    expect(id).toMatch(/^[0-9]{16}$/);
    const { status, json } = await lookup(s, id);
    expect(status).toBe(200);
    expect(json).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining(`${s.baseUrl}/whatsapp_business/attachments/?mid=${id}`),
      mime_type: 'application/pdf',
      sha256: s.mediaSha256(id),
      file_size: bytes.length,
      id,
    });
    const ok = await fetch(json.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(json.url)).status).toBe(401);
    expect((await fetch(json.url.replace(/hash=[^&]+/, 'hash=forged'), { headers: auth })).status).toBe(404);
  });

  it('media URLs expire after 5 minutes (404); a fresh lookup works again', async () => {
    const s = await standin();
    const id = s.uploadInboundMedia(bytes, 'application/pdf');
    const { json } = await lookup(s, id);
    clock += 5 * 60_000;
    expect((await fetch(json.url, { headers: auth })).status).toBe(404);
    const fresh = await lookup(s, id);
    expect((await fetch(fresh.json.url, { headers: auth })).status).toBe(200);
  });

  it('lookup needs auth, a known id and the right phone_number_id', async () => {
    const s = await standin();
    const id = s.uploadInboundMedia(bytes, 'application/pdf');
    expect((await lookup(s, id, {})).status).toBe(401);
    expect((await lookup(s, '123')).json.error.code).toBe(100);
    expect((await lookup(s, id, auth, '?phone_number_id=1')).json.error.code).toBe(100);
    expect((await lookup(s, id, auth, '')).status).toBe(200);
  });
});
