/**
 * Webhook ingest benchmark: autocannon against signed webhooks on the real app (signature check, parse,
 * dedupe, durable append, wake-up job) and, in the same run, against a bare Node `http` server that
 * answers 200 to the same body. Prints req/s, p50/p99 and the ratio, then a fixed 1,000 req/s run for
 * the latency target, and writes bench/results/ingest.json (ingest-redis.json with REDIS_URL).
 *
 *   npm run bench:ingest                 # in-memory adapters
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench:ingest   # Redis + BullMQ (production path)
 *
 * Every request carries a distinct message id (signed in advance), so the dedupe path is not what is
 * measured. Workers are off: the figure is the acknowledgement path Meta waits for.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { signatureHeader } from '../src/whatsapp/verify-signature.ts';

const SECRET = 'bench-secret';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const BODIES = 20_000;
const redisUrl = process.env.REDIS_URL;

function body(i: number): string {
  const waId = `2547${String(i % 5000).padStart(8, '0')}`;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '100000000000001' },
              contacts: [{ profile: { name: 'Bench Patient' }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: `wamid.bench.${Date.now()}.${i}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: `Ninaumwa na kichwa ${i}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

const requests = Array.from({ length: BODIES }, (_, i) => {
  const b = body(i);
  return {
    method: 'POST' as const,
    path: '/webhook',
    body: b,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureHeader(b, SECRET) },
  };
});

interface Figures {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function run(url: string, opts: { overallRate?: number } = {}): Promise<Figures> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...(opts.overallRate !== undefined ? { overallRate: opts.overallRate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[i % requests.length]!;
          i += 1;
          return { ...req, ...r };
        },
      },
    ],
  });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Start a server process of bench/ingest-server.ts and return its URL once it listens. */
async function startServer(kind: 'bare' | 'app'): Promise<{ url: string; child: ChildProcess }> {
  const profile =
    process.env.BENCH_PROFILE === '1' && kind === 'app' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-app'] : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', join(import.meta.dirname, 'ingest-server.ts'), kind],
    {
      env: { ...process.env, BENCH_SECRET: SECRET, BENCH_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/webhook`, child };
}

const prefix = `bench:${Date.now()}:`;
const bareServer = await startServer('bare');
const appServer = await startServer('app');
const appUrl = appServer.url;

console.log(
  `ingest benchmark: ${DURATION_S}s per run, ${CONNECTIONS} connections, store=${redisUrl === undefined ? 'memory' : 'redis'}`,
);
const bareFigures = await run(bareServer.url);
console.log(
  `bare node http  : ${bareFigures.reqPerSec} req/s  p50 ${bareFigures.p50} ms  p99 ${bareFigures.p99} ms`,
);
const appFigures = await run(appUrl);
console.log(
  `omrs-whatsapp   : ${appFigures.reqPerSec} req/s  p50 ${appFigures.p50} ms  p99 ${appFigures.p99} ms  non-2xx ${appFigures.non2xx}`,
);
const ratio = Math.round((appFigures.reqPerSec / bareFigures.reqPerSec) * 100) / 100;
console.log(`ratio           : ${ratio}x bare Node (aim >= 0.4)`);
const fixed = await run(appUrl, { overallRate: 1000 });
console.log(
  `at 1000 req/s   : p50 ${fixed.p50} ms  p99 ${fixed.p99} ms (aim p99 < 25 ms)  non-2xx ${fixed.non2xx}`,
);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  store: redisUrl === undefined ? 'memory' : 'redis',
  durationS: DURATION_S,
  connections: CONNECTIONS,
  bare: bareFigures,
  app: appFigures,
  ratio,
  fixedRate1000: fixed,
  targets: { ratio: 0.4, p99AtFixedRateMs: 25 },
  met: ratio >= 0.4 && fixed.p99 < 25,
};
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `ingest${redisUrl === undefined ? '' : '-redis'}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${file}`);

bareServer.child.kill('SIGTERM');
appServer.child.kill('SIGTERM');
if (redisUrl !== undefined) {
  const admin = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await admin.del(...keys);
  } while (cursor !== '0');
  admin.disconnect();
}
