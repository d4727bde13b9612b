import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneUser, type WhatsAppUser } from '../../src/sandbox/graph-api/webhook-builder.ts';
import { eventually } from '../support/eventually.ts';
import { type Harness, startHarness } from '../support/whatsapp-harness.ts';

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await startHarness({ WHATSAPP_TIMEOUT_MS: '1500', EHR_BACKEND: 'memory' });
});
afterAll(async () => {
  await h?.close();
});

const newUser = (): WhatsAppUser => {
  n += 1;
  return phoneUser(`2547660000${String(n).padStart(2, '0')}`);
};
const metrics = async () => (await h.runtime.app.inject({ method: 'GET', url: '/metrics' })).body;
const metric = async (pattern: RegExp) => Number(pattern.exec(await metrics())?.[1] ?? 0);
const accepted = (user: WhatsAppUser) => h.graph.messages.filter((m) => m.to === `+${user.waId}`);

/**
 * The outbound worker against the Graph API stand-in's injected faults (whatsapp.md §5.2): each case
 * sends the greeting that answers a patient's "Hello".
 */
describe('sending under Meta error codes (Graph API stand-in faults)', () => {
  it('130429 throughput limit: retried with backoff, then delivered once', async () => {
    const u = newUser();
    h.graph.failNext({ code: 130429, times: 2, onlyFor: `+${u.waId}` });
    await h.say(u, 'Hello');
    await eventually(() => accepted(u).length === 1, 20_000, 'delivered after retries');
    expect(await metric(/omw_sends_total\{outcome="retried",code="130429"\} (\d+)/)).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('5xx without a Graph error: retried, then delivered', async () => {
    const u = newUser();
    h.graph.fail5xx(2);
    await h.say(u, 'Hello');
    await eventually(() => accepted(u).length === 1, 20_000, 'delivered after 5xx');
  });

  it('131056 pair rate limit: that recipient backs off (4^n s), then delivered', async () => {
    const u = newUser();
    h.graph.failNext({ code: 131056, times: 1, onlyFor: `+${u.waId}` });
    const started = Date.now();
    await h.say(u, 'Hello');
    await eventually(() => accepted(u).length === 1, 20_000, 'delivered after the pair limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('131047 answered at once: the re-engagement template goes instead of free text', async () => {
    const u = newUser();
    h.graph.failNext({ code: 131047, times: 1, onlyFor: `+${u.waId}` });
    await h.say(u, 'Hello');
    await eventually(() => accepted(u).some((m) => m.type === 'template'), 20_000, 'template sent');
    expect(accepted(u).filter((m) => m.type !== 'template')).toHaveLength(0);
  });

  it('131047 as a failed status after a 200 (the 200-then-fail trap): the template follows', async () => {
    const u = newUser();
    h.graph.failNext({ code: 131047, times: 1, onlyFor: `+${u.waId}`, mode: 'async' });
    await h.say(u, 'Hello');
    await eventually(
      () => accepted(u).some((m) => m.type === 'template'),
      20_000,
      'template after failed status',
    );
  });

  it('131026 undeliverable: dead-lettered at once with a metric, never retried, the conversation told', async () => {
    const u = newUser();
    h.graph.failNext({ code: 131026, times: 5, onlyFor: `+${u.waId}` });
    const rejectedBefore = h.graph.rejections.length;
    await h.say(u, 'Hello');
    await eventually(
      async () => (await metric(/omw_dead_letters_total\{queue="outbound",code="131026"\} (\d+)/)) >= 1,
      20_000,
      'dead letter',
    );
    await eventually(
      async () =>
        (await metric(/omw_dead_letters_total\{queue="conversation",code="MESSAGE_UNDELIVERED"\} (\d+)/)) >=
        1,
      20_000,
      'conversation told',
    );
    expect(h.graph.rejections.length - rejectedBefore).toBe(1);
    expect(accepted(u)).toHaveLength(0);
  });

  it('a timeout (Meta slow to answer): retried; the patient gets the message (at worst twice, never zero times)', async () => {
    const u = newUser();
    const before = await metric(/omw_sends_total\{outcome="retried",code="http_none"\} (\d+)/);
    h.graph.delayNext(3000, 1);
    await h.say(u, 'Hello');
    await eventually(
      async () => (await metric(/omw_sends_total\{outcome="retried",code="http_none"\} (\d+)/)) > before,
      30_000,
      'timeout counted as a retry',
    );
    // Meta accepted the first request before answering slowly; the retry may duplicate it (Meta has no
    // idempotency key, whatsapp.md §5.2): for a patient a duplicate beats a lost message.
    await eventually(() => accepted(u).length === 2, 30_000, 'resent after the timeout');
  });
});
