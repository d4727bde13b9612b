import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { phoneUser, textMessage } from '../../src/sandbox/graph-api/webhook-builder.ts';
import { signatureHeader } from '../../src/whatsapp/verify-signature.ts';
import { eventually } from '../support/eventually.ts';
import { deleteByPrefix, TEST_REDIS_URL } from '../support/test-redis.ts';

const MAIN = join(import.meta.dirname, '../../src/main.ts');
const SECRET = 'sandbox-app-secret';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(
  port: number,
  prefix: string,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      REDIS_REQUIRE_AOF: 'false',
      EHR_BACKEND: 'memory',
      LOG_LEVEL: 'info',
      BURST_WINDOW_MS: '50',
      SHUTDOWN_TIMEOUT_MS: '8000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('graceful shutdown of the real process (main.ts, Redis, sandbox WhatsApp)', () => {
  it('on SIGTERM stops accepting, finishes in-flight work, closes Redis and exits 0; nothing is lost', async () => {
    const prefix = `test:${randomUUID()}:`;
    const admin = new Redis(TEST_REDIS_URL);
    try {
      const port = await freePort();
      const first = start(port, prefix);
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200,
        30_000,
        'ready',
      );
      const clientsBefore = String(await admin.client('LIST'))
        .split('\n')
        .filter(Boolean).length;

      const user = phoneUser('254755000001');
      const body = JSON.stringify(textMessage({ user, body: 'Hello' }));
      const res = await fetch(`http://127.0.0.1:${port}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureHeader(body, SECRET) },
        body,
      });
      expect(res.status).toBe(200);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.output()).toMatch(/shutting down/);
      // Its Redis connections are closed (only ours remain).
      await eventually(
        async () =>
          String(await admin.client('LIST'))
            .split('\n')
            .filter(Boolean).length < clientsBefore,
        5000,
        'connections closed',
      );
      // It no longer accepts connections.
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();

      // Nothing was lost: the message was either answered before exit, or is still waiting and is
      // answered by the next process.
      const second = start(port, prefix);
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status === 200,
        30_000,
        'ready again',
      );
      await eventually(
        async () => (await admin.exists(`${prefix}sess:254755000001`)) === 1,
        20_000,
        'conversation processed',
      );
      expect(await admin.smembers(`${prefix}inbox-keys`)).toEqual([]);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await deleteByPrefix(admin, prefix);
      admin.disconnect();
    }
  }, 90_000);
});
