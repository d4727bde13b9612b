import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/create-runtime.ts';
import { signatureHeader } from '../../src/whatsapp/verify-signature.ts';
import { eventually } from '../support/eventually.ts';
import { createRecordingSender } from '../support/recording-sender.ts';
import { buildTestRuntime, TEST_SECRET } from '../support/test-runtime.ts';
import { signed, textWebhook } from '../support/webhook-client.ts';

describe('webhook edge (in-memory adapters)', () => {
  let rt: Runtime;
  let sender: ReturnType<typeof createRecordingSender>;

  beforeEach(async () => {
    sender = createRecordingSender();
    rt = await buildTestRuntime({ WEBHOOK_BODY_LIMIT_BYTES: '20000' }, { sender });
  });
  afterEach(async () => {
    await rt.close();
  });

  const post = (body: unknown, secret = TEST_SECRET) => {
    const { payload, headers } = signed(body, secret);
    return rt.app.inject({ method: 'POST', url: '/webhook', payload, headers });
  };

  it('answers the subscription handshake with the challenge, and 403 otherwise', async () => {
    const ok = await rt.app.inject({
      method: 'GET',
      url: '/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    for (const url of [
      '/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
      '/webhook?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1',
      '/webhook?hub.mode=subscribe&hub.verify_token=verify-me',
      '/webhook',
    ]) {
      expect((await rt.app.inject({ method: 'GET', url })).statusCode, url).toBe(403);
    }
  });

  it('accepts a signed message, answers 200 before processing, then replies', async () => {
    const res = await post(textWebhook({ waId: '254712345678', wamid: 'wamid.A1', text: 'Habari' }));
    expect(res.statusCode).toBe(200);
    expect(sender.sends).toHaveLength(0); // processing happens after the ack
    rt.startWorkers();
    await eventually(() => sender.sends.length === 1);
    expect(sender.sends[0]?.recipient).toEqual({ phone: '+254712345678' });
    expect(sender.reads).toContain('wamid.A1');
  });

  it('rejects missing, wrong and tampered signatures with 401 and stores nothing', async () => {
    const body = JSON.stringify(textWebhook({ waId: '254700000001', wamid: 'wamid.S1', text: 'hi' }));
    const noHeader = await rt.app.inject({
      method: 'POST',
      url: '/webhook',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    const wrongSecret = await post(JSON.parse(body), 'other-secret');
    const tampered = await rt.app.inject({
      method: 'POST',
      url: '/webhook',
      payload: body.replace('hi', 'ho'),
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(body, TEST_SECRET),
      },
    });
    expect([noHeader.statusCode, wrongSecret.statusCode, tampered.statusCode]).toEqual([401, 401, 401]);
    expect(await rt.store.conversationsWithPending()).toEqual([]);
  });

  it('verifies non-ASCII bodies on their raw bytes (Meta escapes; accents, emoji and slashes)', async () => {
    const escaped =
      '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":' +
      '{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"100000000000001"},' +
      '"contacts":[{"profile":{"name":"Jos\\u00e9"},"wa_id":"5511987654321"}],"messages":[{"from":"5511987654321",' +
      '"id":"wamid.NA1","timestamp":"1750000000","type":"text","text":{"body":"J\'ai mang\\u00e9 \\ud83d\\ude00 1\\/2 a@b.c"}}]}}]}]}';
    const res = await rt.app.inject({
      method: 'POST',
      url: '/webhook',
      payload: escaped,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(escaped, TEST_SECRET),
      },
    });
    expect(res.statusCode).toBe(200);
    const pending = await rt.store.pending('5511987654321');
    expect(JSON.stringify(pending[0]?.payload)).toContain("J'ai mangé 😀 1/2 a@b.c");
  });

  it('answers 413 over the body limit, 400 for signed non-JSON, 200 for signed JSON of an unknown shape', async () => {
    const big = 'x'.repeat(25_000);
    const tooLarge = await rt.app.inject({
      method: 'POST',
      url: '/webhook',
      payload: big,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(big, TEST_SECRET),
      },
    });
    expect(tooLarge.statusCode).toBe(413);
    const notJson = await rt.app.inject({
      method: 'POST',
      url: '/webhook',
      payload: 'hello',
      headers: { 'content-type': 'text/plain', 'x-hub-signature-256': signatureHeader('hello', TEST_SECRET) },
    });
    expect(notJson.statusCode).toBe(400);
    const unknown = await post({ object: 'instagram', entry: [] });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toMatchObject({ ignored: true });
    const metrics = await rt.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/omw_webhook_requests_total\{result="too_large"\} 1/);
    expect(metrics.body).toMatch(/omw_webhook_requests_total\{result="malformed"\} 1/);
    expect(metrics.body).toMatch(/omw_webhook_requests_total\{result="unknown_shape"\} 1/);
  });

  it('drops a message delivered three times concurrently, processing it once', async () => {
    const body = textWebhook({ waId: '254700000002', wamid: 'wamid.D1', text: 'hello' });
    const results = await Promise.all([post(body), post(body), post(body)]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    rt.startWorkers();
    await eventually(() => sender.sends.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sender.sends).toHaveLength(1);
    const metrics = await rt.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/omw_duplicates_dropped_total\{kind="message"\} 2/);
  });

  it('merges a burst from one patient into one turn', async () => {
    for (const [i, text] of ['I have', 'a fever', 'since yesterday'].entries()) {
      await post(textWebhook({ waId: '254700000003', wamid: `wamid.B${i}`, text }));
    }
    rt.startWorkers();
    await eventually(() => sender.sends.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sender.sends).toHaveLength(1); // greeting engine: one reply per turn
  });

  it('serves health, readiness and metrics', async () => {
    expect((await rt.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await rt.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
    const metrics = await rt.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('omw_webhook_ack_seconds');
    expect(metrics.body).toContain('omw_queue_depth');
  });
});
