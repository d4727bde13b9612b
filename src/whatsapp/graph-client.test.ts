import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GraphApiStandin, startGraphApiStandin } from '../sandbox/graph-api/graph-api-standin.ts';
import { AppError } from '../shared/app-error.ts';
import { createGraphClient, type GraphClient } from './graph-client.ts';
import { GraphApiError } from './graph-error.ts';
import { renderMessage } from './render-message.ts';

const TOKEN = 'test-token';
const PHONE_NUMBER_ID = '106540352242922';
const patient = { phone: '+16505551234' };

let clock = Date.now();
let standin: GraphApiStandin;
let client: GraphClient;

function clientWith(overrides: Partial<Parameters<typeof createGraphClient>[0]> = {}): GraphClient {
  return createGraphClient({
    baseUrl: standin.baseUrl,
    apiVersion: 'v25.0',
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: TOKEN,
    timeoutMs: 2000,
    ...overrides,
  });
}

async function rejection(promise: Promise<unknown>): Promise<GraphApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GraphApiError) return err;
    throw err;
  }
  throw new Error('expected a GraphApiError');
}

beforeAll(async () => {
  standin = await startGraphApiStandin({
    accessToken: TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    now: () => clock,
  });
  client = clientWith();
});
afterAll(async () => {
  await standin.close();
});
beforeEach(() => {
  standin.reset();
  clock = Date.now();
});

describe('send', () => {
  it('posts the rendered body with bearer auth and returns the wamid and wa_id', async () => {
    const result = await client.send(
      patient,
      { kind: 'text', body: 'Hello' },
      { bizOpaqueCallbackData: 'outbox-7' },
    );
    expect(result.wamid).toMatch(/^wamid\./);
    expect(result.wamids).toEqual([result.wamid]);
    expect(result.waId).toBe('16505551234');
    expect(standin.messages).toHaveLength(1);
    expect(standin.messages[0]?.wamid).toBe(result.wamid);
    expect(standin.messages[0]?.body).toEqual(
      renderMessage(patient, { kind: 'text', body: 'Hello' }, { bizOpaqueCallbackData: 'outbox-7' })[0],
    );
    expect(standin.messages[0]?.bizOpaqueCallbackData).toBe('outbox-7');
  });

  it('sends to a BSUID and returns its user_id', async () => {
    const result = await client.send({ userId: 'US.13491208655302741918' }, { kind: 'text', body: 'Hi' });
    expect(result.userId).toBe('US.13491208655302741918');
    expect(result.waId).toBeUndefined();
  });

  it('sends every part of a long message in order', async () => {
    const para = 'Rest and drink water. '.repeat(150).trim();
    const result = await client.send(patient, { kind: 'text', body: `${para}\n\n${para}` });
    expect(result.wamids).toHaveLength(2);
    expect(result.wamid).toBe(result.wamids[1]);
    expect(standin.messages.map((m) => m.wamid)).toEqual(result.wamids);
  });

  it('a failure on a later part reports the accepted parts; fromPart resumes without resending them', async () => {
    const para = 'Rest and drink water. '.repeat(150).trim();
    const message = { kind: 'text', body: `${para}\n\n${para}\n\n${para}` } as const;
    // Two sends are allowed, then 130429 (there is no "fail the 3rd" fault, so fail after success).
    const first = await client.send(patient, { kind: 'text', body: 'warm-up' });
    expect(first.wamids).toHaveLength(1);
    standin.reset();
    let sends = 0;
    const off = standin.on('message', () => {
      sends += 1;
      if (sends === 1) standin.failNext({ code: 130429 });
    });
    const err = await rejection(client.send(patient, message));
    off();
    expect(err.graphCode).toBe(130429);
    expect(err.action).toBe('retry');
    expect(err.acceptedWamids).toHaveLength(1);
    const resumed = await client.send(patient, message, { fromPart: err.acceptedWamids.length });
    expect(resumed.wamids).toHaveLength(2);
    expect(standin.messages).toHaveLength(3);
  });

  it('renderer errors surface as AppError before any request', async () => {
    await expect(client.send({}, { kind: 'text', body: 'x' })).rejects.toBeInstanceOf(AppError);
    await expect(client.send(patient, { kind: 'text', body: 'x' }, { fromPart: 1 })).rejects.toMatchObject({
      code: 'WHATSAPP_INVALID_MESSAGE',
    });
    expect(standin.messages).toHaveLength(0);
  });
});

describe('errors', () => {
  it('parses Meta error JSON into GraphApiError (throughput → retry)', async () => {
    standin.failNext({ code: 130429 });
    const err = await rejection(client.send(patient, { kind: 'text', body: 'x' }));
    expect(err.code).toBe('WHATSAPP_SEND_FAILED');
    expect(err.graphCode).toBe(130429);
    expect(err.httpStatus).toBe(429);
    expect(err.graphDetails).toContain('too many messages');
    expect(err.graphType).toBe('OAuthException');
    expect(err.fbtraceId).toMatch(/.+/);
    expect(err.sendOutcome).toBe('rejected');
    expect(err.action).toBe('retry');
    expect(err.retryable).toBe(true);
    // No PHI in what gets logged.
    expect(err.message).not.toContain('6505551234');
    expect(JSON.stringify(err.details)).not.toContain('6505551234');
  });

  it.each([
    [131056, 'retry_recipient'],
    [131047, 'reengage'],
    [131026, 'permanent'],
    [131009, 'fix_request'],
    [368, 'ops_alert'],
  ] as const)('code %i → %s', async (code, action) => {
    standin.failNext({ code });
    const err = await rejection(client.send(patient, { kind: 'text', body: 'x' }));
    expect(err.graphCode).toBe(code);
    expect(err.action).toBe(action);
  });

  it('a wrong token is 401 / code 190 → ops_alert', async () => {
    const err = await rejection(
      clientWith({ accessToken: 'wrong' }).send(patient, { kind: 'text', body: 'x' }),
    );
    expect(err.httpStatus).toBe(401);
    expect(err.graphCode).toBe(190);
    expect(err.action).toBe('ops_alert');
  });

  it('a 5xx without a Graph body → retry, outcome unknown (a gateway may have forwarded it)', async () => {
    standin.fail5xx(1);
    const err = await rejection(client.send(patient, { kind: 'text', body: 'x' }));
    expect(err.graphCode).toBeUndefined();
    expect(err.httpStatus).toBe(503);
    expect(err.action).toBe('retry');
    expect(err.sendOutcome).toBe('unknown');
  });

  it('a timeout after sending is flagged as possibly accepted — and the stand-in did accept it', async () => {
    standin.delayNext(600);
    const err = await rejection(clientWith({ timeoutMs: 150 }).send(patient, { kind: 'text', body: 'x' }));
    expect(err.sendOutcome).toBe('unknown');
    expect(err.mayHaveBeenAccepted).toBe(true);
    expect(err.action).toBe('retry');
    expect(standin.messages).toHaveLength(1);
  });

  it('connection refused is flagged as not sent', async () => {
    const port = await freePort();
    const err = await rejection(
      createGraphClient({
        baseUrl: `http://127.0.0.1:${port}`,
        apiVersion: 'v25.0',
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: TOKEN,
        timeoutMs: 2000,
      }).send(patient, { kind: 'text', body: 'x' }),
    );
    expect(err.sendOutcome).toBe('not_sent');
    expect(err.action).toBe('retry');
    expect(err.httpStatus).toBeUndefined();
  });

  it('a 2xx with an unexpected body is unknown outcome and pages ops', async () => {
    const fake = (async () => new Response('{"ok":1}', { status: 200 })) as typeof fetch;
    const err = await rejection(clientWith({ fetch: fake }).send(patient, { kind: 'text', body: 'x' }));
    expect(err.sendOutcome).toBe('unknown');
    expect(err.action).toBe('ops_alert');
  });
});

describe('markRead', () => {
  it('marks read with and without the typing indicator', async () => {
    await client.markRead('wamid.IN1', { typing: true });
    await client.markRead('wamid.IN2', { typing: false });
    expect(standin.readReceipts.map((r) => [r.messageId, r.typing])).toEqual([
      ['wamid.IN1', true],
      ['wamid.IN2', false],
    ]);
  });

  it('reports a rejected id as WHATSAPP_MARK_READ_FAILED', async () => {
    const err = await rejection(client.markRead('not-a-wamid', { typing: false }));
    expect(err.code).toBe('WHATSAPP_MARK_READ_FAILED');
    expect(err.graphCode).toBe(131009);
  });
});

describe('media', () => {
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 2000 }, (_, i) => i % 256)]);

  it('looks up the URL then downloads with the bearer token', async () => {
    const id = standin.uploadInboundMedia(jpeg, 'image/jpeg');
    const info = await client.getMediaUrl(id);
    expect(info).toMatchObject({
      mimeType: 'image/jpeg',
      fileSize: jpeg.length,
      sha256: standin.mediaSha256(id),
    });
    const media = await client.downloadMedia(info.url, {
      maxBytes: 10_000,
      allowedMimeTypes: ['image/jpeg'],
    });
    expect(media.bytes.equals(jpeg)).toBe(true);
    expect(media.mimeType).toBe('image/jpeg');
    expect(media.sha256).toBe(info.sha256);
  });

  it('compares MIME types without parameters (voice notes)', async () => {
    const id = standin.uploadInboundMedia(Buffer.from('OggS...'), 'audio/ogg; codecs=opus');
    const media = await client.downloadMediaById(id, { maxBytes: 100, allowedMimeTypes: ['audio/ogg'] });
    expect(media.mimeType).toBe('audio/ogg; codecs=opus');
  });

  it('refuses files over maxBytes and types not allowed', async () => {
    const id = standin.uploadInboundMedia(jpeg, 'image/jpeg');
    const big = await rejection(
      client.downloadMediaById(id, { maxBytes: 100, allowedMimeTypes: ['image/jpeg'] }),
    );
    expect(big.code).toBe('WHATSAPP_MEDIA_TOO_LARGE');
    expect(big.action).toBe('permanent');
    const { url } = await client.getMediaUrl(id);
    const big2 = await rejection(
      client.downloadMedia(url, { maxBytes: 100, allowedMimeTypes: ['image/jpeg'] }),
    );
    expect(big2.code).toBe('WHATSAPP_MEDIA_TOO_LARGE');
    const type = await rejection(
      client.downloadMedia(url, { maxBytes: 10_000, allowedMimeTypes: ['application/pdf'] }),
    );
    expect(type.code).toBe('WHATSAPP_MEDIA_TYPE_REJECTED');
  });

  it('aborts a stream without Content-Length once it passes maxBytes', async () => {
    let pulled = 0;
    const fake = (async () => {
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new Uint8Array(1024));
          if (pulled > 1000) controller.close();
        },
      });
      return new Response(stream, { status: 200, headers: { 'content-type': 'image/jpeg' } });
    }) as typeof fetch;
    const err = await rejection(
      clientWith({ fetch: fake }).downloadMedia(`${standin.baseUrl}/x`, {
        maxBytes: 4096,
        allowedMimeTypes: ['image/jpeg'],
      }),
    );
    expect(err.code).toBe('WHATSAPP_MEDIA_TOO_LARGE');
    expect(pulled).toBeLessThan(10);
  });

  it('an expired URL (404) is refreshed once when the media id is known', async () => {
    const id = standin.uploadInboundMedia(jpeg, 'image/jpeg');
    const { url } = await client.getMediaUrl(id);
    clock += 5 * 60_000 + 1000;
    const expired = await rejection(
      client.downloadMedia(url, { maxBytes: 10_000, allowedMimeTypes: ['image/jpeg'] }),
    );
    expect(expired.httpStatus).toBe(404);
    const media = await client.downloadMedia(url, {
      maxBytes: 10_000,
      allowedMimeTypes: ['image/jpeg'],
      mediaId: id,
    });
    expect(media.bytes.equals(jpeg)).toBe(true);
  });

  it('an unknown media id is a Graph error', async () => {
    const err = await rejection(client.getMediaUrl('999'));
    expect(err.code).toBe('WHATSAPP_MEDIA_FAILED');
    expect(err.graphCode).toBe(100);
  });

  it('never sends the token to a host that is not Meta or the API host', async () => {
    let called = false;
    const spy = (async () => {
      called = true;
      return new Response('');
    }) as typeof fetch;
    const c = clientWith({ fetch: spy });
    for (const url of ['https://evil.example/x.jpg', 'http://lookaside.fbsbx.com/x', 'not a url']) {
      const err = await rejection(c.downloadMedia(url, { maxBytes: 10, allowedMimeTypes: ['image/jpeg'] }));
      expect(err.sendOutcome).toBe('not_sent');
      expect(err.action).toBe('ops_alert');
    }
    expect(called).toBe(false);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}
