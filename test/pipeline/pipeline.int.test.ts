import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/create-runtime.ts';
import { echoEngine } from '../support/echo-engine.ts';
import { eventually } from '../support/eventually.ts';
import { createRecordingSender } from '../support/recording-sender.ts';
import { deleteByPrefix, TEST_REDIS_URL } from '../support/test-redis.ts';
import { buildTestRuntime, TEST_SECRET } from '../support/test-runtime.ts';
import { signed, textWebhook } from '../support/webhook-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function redisEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    REDIS_REQUIRE_AOF: 'false',
    RECIPIENT_BURST: '1000',
    RECIPIENT_INTERVAL_MS: '1',
    CONVERSATION_LOCK_TTL_MS: '3000',
    ...extra,
  };
}

async function post(rt: Runtime, body: unknown): Promise<number> {
  const { payload, headers } = signed(body, TEST_SECRET);
  return (await rt.app.inject({ method: 'POST', url: '/webhook', payload, headers })).statusCode;
}

describe('pipeline on Redis across workers', () => {
  it('keeps per-patient order and processes every message once: 2 workers, 50 patients x 10 interleaved messages', async () => {
    const prefix = `test:${randomUUID()}:`;
    const senderA = createRecordingSender();
    const senderB = createRecordingSender();
    const a = await buildTestRuntime(redisEnv(prefix), { engine: echoEngine(), sender: senderA });
    const b = await buildTestRuntime(redisEnv(prefix), { engine: echoEngine(), sender: senderB });
    const admin = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await deleteByPrefix(admin, prefix);
      admin.disconnect();
    });
    a.startWorkers();
    b.startWorkers();

    const patients = Array.from({ length: 50 }, (_, i) => `2547${String(i).padStart(8, '0')}`);
    const base = Math.floor(Date.now() / 1000) - 20;
    const statuses: number[] = [];
    for (let k = 0; k < 10; k += 1) {
      await Promise.all(
        patients.map(async (waId) =>
          statuses.push(
            await post(
              k % 2 === 0 ? a : b,
              textWebhook({ waId, wamid: `wamid.${waId}.${k}`, text: `m${k}`, timestamp: base + k }),
            ),
          ),
        ),
      );
    }
    expect(statuses.every((s) => s === 200)).toBe(true);

    const received = (waId: string) =>
      [...senderA.textsTo(waId), ...senderB.textsTo(waId)].flatMap((t) => t.split('|'));
    await eventually(() => patients.every((p) => received(p).length >= 10), 60_000, 'all messages answered');
    await new Promise((r) => setTimeout(r, 300));

    let turns = 0;
    for (const waId of patients) {
      // Each patient's sends, merged across both workers by send time, list m0..m9 in order, once each.
      const sends = [...senderA.sends, ...senderB.sends]
        .filter((s) => s.recipient.phone === `+${waId}`)
        .sort((x, y) => x.at - y.at);
      turns += sends.length;
      const order = sends.flatMap((s) => (s.message.kind === 'text' ? s.message.body.split('|') : []));
      expect(order, waId).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    }
    expect(senderA.sends.length).toBeGreaterThan(0);
    expect(senderB.sends.length).toBeGreaterThan(0);
    expect(turns).toBeLessThanOrEqual(500);
  }, 90_000);

  it('orders a burst delivered out of order by Meta timestamp', async () => {
    const prefix = `test:${randomUUID()}:`;
    const sender = createRecordingSender();
    const rt = await buildTestRuntime(redisEnv(prefix, { BURST_WINDOW_MS: '400' }), {
      engine: echoEngine(),
      sender,
    });
    const admin = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => {
      await rt.close();
      await deleteByPrefix(admin, prefix);
      admin.disconnect();
    });
    rt.startWorkers();
    const t = Math.floor(Date.now() / 1000);
    for (const k of [2, 0, 1])
      await post(
        rt,
        textWebhook({ waId: '254711000000', wamid: `wamid.o${k}`, text: `w${k}`, timestamp: t + k }),
      );
    await eventually(() => sender.sends.length === 1);
    expect(sender.textsTo('254711000000')).toEqual(['w0|w1|w2']);
  });

  it('answers a replay older than STALE_MESSAGE_AGE_S through the stale path', async () => {
    const prefix = `test:${randomUUID()}:`;
    const sender = createRecordingSender();
    const rt = await buildTestRuntime(redisEnv(prefix, { STALE_MESSAGE_AGE_S: '600' }), {
      engine: echoEngine(),
      sender,
    });
    const admin = new Redis(TEST_REDIS_URL);
    cleanups.push(async () => {
      await rt.close();
      await deleteByPrefix(admin, prefix);
      admin.disconnect();
    });
    rt.startWorkers();
    const nowS = Math.floor(Date.now() / 1000);
    // An hour old: stale, but Meta's 24-hour window (counted from when the patient wrote) is still open.
    await post(
      rt,
      textWebhook({ waId: '254722000000', wamid: 'wamid.old', text: 'headache', timestamp: nowS - 3600 }),
    );
    await eventually(() => sender.sends.length === 1);
    expect(sender.textsTo('254722000000')).toEqual(['STALE:headache']);
    // Three days old (Meta retries for 7 days): the window closed long ago, so only a template may go.
    await post(
      rt,
      textWebhook({
        waId: '254722000001',
        wamid: 'wamid.older',
        text: 'fever',
        timestamp: nowS - 3 * 24 * 3600,
      }),
    );
    await eventually(() => sender.sends.length === 2);
    expect(sender.textsTo('254722000001')).toEqual(['template:clinic_reengage']);
  });

  it('loses nothing when a worker is killed mid-turn after the ack: the restarted worker processes it', async () => {
    const prefix = `test:${randomUUID()}:`;
    const admin = new Redis(TEST_REDIS_URL);
    const http = await buildTestRuntime(redisEnv(prefix), { engine: echoEngine() });
    const children: ChildProcess[] = [];
    cleanups.push(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await http.close();
      await deleteByPrefix(admin, prefix);
      admin.disconnect();
    });
    const startWorker = async (env: Record<string, string>) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'worker-process.ts')],
        {
          env: {
            ...process.env,
            WHATSAPP_ACCESS_TOKEN: 't',
            WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
            WHATSAPP_APP_SECRET: TEST_SECRET,
            WHATSAPP_VERIFY_TOKEN: 'v',
            EMERGENCY_NUMBER: '999',
            BURST_WINDOW_MS: '50',
            ROLE: 'worker',
            ...redisEnv(prefix),
            ...env,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
      });
      return child;
    };

    expect(
      await post(http, textWebhook({ waId: '254733000000', wamid: 'wamid.k1', text: 'hang-here' })),
    ).toBe(200);
    const doomed = await startWorker({ HANG_ON: 'hang-here' });
    // Wait until the doomed worker holds the conversation lock (it is inside the turn), then kill it.
    await eventually(
      async () => (await admin.exists(`${prefix}lock:254733000000`)) === 1,
      15_000,
      'worker took the turn',
    );
    doomed.kill('SIGKILL');
    await new Promise((r) => doomed.once('exit', r));
    expect(await admin.lrange(`${prefix}test-sends`, 0, -1)).toEqual([]);
    expect(await http.store.pending('254733000000')).toHaveLength(1);

    await startWorker({});
    await eventually(
      async () => (await admin.llen(`${prefix}test-sends`)) >= 1,
      30_000,
      'restarted worker answered',
    );
    await new Promise((r) => setTimeout(r, 500));
    const sends = (await admin.lrange(`${prefix}test-sends`, 0, -1)).map(
      (s) => JSON.parse(s) as { body: string },
    );
    expect(sends.map((s) => s.body)).toEqual(['hang-here']);
    expect(await http.store.pending('254733000000')).toHaveLength(0);
  }, 60_000);
});
