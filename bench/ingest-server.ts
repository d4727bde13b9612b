/**
 * Server side of the ingest benchmark, in its own process so the load generator does not share its
 * event loop: `bare` answers 200 to anything with plain node:http; `app` is the real service's HTTP
 * app (in-memory adapters, or Redis when REDIS_URL is set), workers off. Prints "listening <port>".
 */
import { createServer } from 'node:http';
import { createRuntime } from '../src/app/create-runtime.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createMemoryEhr } from '../src/ehr/memory/memory-ehr.ts';
import { createTranslator } from '../src/i18n/translator.ts';
import { createLogger } from '../src/observability/logger.ts';
import { greetingEngine } from '../test/support/greeting-engine.ts';

const kind = process.argv[2];
if (kind === 'bare') {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    console.log(`listening ${typeof a === 'object' && a !== null ? a.port : 0}`);
  });
} else {
  const redisUrl = process.env.REDIS_URL;
  const config = loadConfig({
    WHATSAPP_ACCESS_TOKEN: 'bench',
    WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
    WHATSAPP_APP_SECRET: process.env.BENCH_SECRET ?? 'bench-secret',
    WHATSAPP_VERIFY_TOKEN: 'bench',
    EMERGENCY_NUMBER: '999',
    LOG_LEVEL: 'warn',
    ...(redisUrl !== undefined
      ? {
          REDIS_URL: redisUrl,
          REDIS_KEY_PREFIX: process.env.BENCH_PREFIX ?? 'bench:',
          REDIS_REQUIRE_AOF: 'false',
        }
      : {}),
  });
  const empty = { conversation: {} };
  const runtime = await createRuntime(config, {
    logger: createLogger('warn'),
    engine: greetingEngine,
    translator: createTranslator({ en: empty, fr: empty, es: empty, pt: empty, sw: empty }),
    ehr: createMemoryEhr({ services: [] }),
  });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const a = runtime.app.server.address();
  console.log(`listening ${typeof a === 'object' && a !== null ? a.port : 0}`);
  process.on('SIGTERM', () => void runtime.close().then(() => process.exit(0)));
}
