/**
 * A worker process for the kill-and-restart test: the real runtime with ROLE=worker on Redis, an echo
 * engine (that can hang on purpose) and a sender that records sends in a Redis list, so the test
 * process sees them. Prints "ready" when its workers run.
 */
import { Redis } from 'ioredis';
import { buildEhr } from '../../src/app/build-ehr.ts';
import { createRuntime } from '../../src/app/create-runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createMemoryEhr } from '../../src/ehr/memory/memory-ehr.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { echoEngine } from '../support/echo-engine.ts';

const config = loadConfig(process.env);
const recorder = new Redis(config.redis?.url ?? 'redis://127.0.0.1:6379');
const listKey = `${config.redis?.keyPrefix ?? ''}test-sends`;
let n = 0;
const empty = { conversation: {} };
const logger = createLogger('warn');
// EHR_BACKEND set: the real EHR adapter from the config (durability tests); else an in-memory fake.
const ehr =
  process.env.EHR_BACKEND !== undefined
    ? (await buildEhr(config, logger)).ehr
    : createMemoryEhr({ services: [] });
const runtime = await createRuntime(config, {
  logger,
  engine: echoEngine(process.env.HANG_ON !== undefined ? { hangOn: process.env.HANG_ON } : {}),
  translator: createTranslator({ en: empty, fr: empty, es: empty, pt: empty, sw: empty }),
  ehr,
  sender: {
    async send(recipient, message) {
      n += 1;
      await recorder.rpush(
        listKey,
        JSON.stringify({
          to: recipient.phone ?? recipient.userId,
          body: message.kind === 'template' ? message.name : message.body,
        }),
      );
      return { wamid: `wamid.${process.pid}.${n}` };
    },
    async markRead() {},
  },
  queueTuning: { lockDurationMs: 2000, stalledIntervalMs: 1000 },
  sweepIntervalMs: 500,
});
runtime.startWorkers();
console.log('ready');
process.on('SIGTERM', () => {
  void runtime.close().then(() => {
    recorder.disconnect();
    process.exit(0);
  });
});
