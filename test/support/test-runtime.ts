import { createRuntime, type Runtime, type RuntimeParts } from '../../src/app/create-runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createMemoryEhr } from '../../src/ehr/memory/memory-ehr.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { greetingEngine } from './greeting-engine.ts';
import { captureLogger } from './silent-logger.ts';

export const TEST_SECRET = 'test-app-secret';
export const TEST_PNID = '100000000000001';

/** A runtime on test settings: fixed credentials, short burst window, the given parts. */
export async function buildTestRuntime(
  env: Record<string, string> = {},
  parts: Partial<RuntimeParts> = {},
): Promise<Runtime & { logLines: () => string[] }> {
  const config = loadConfig({
    WHATSAPP_ACCESS_TOKEN: 'test-token',
    WHATSAPP_PHONE_NUMBER_ID: TEST_PNID,
    WHATSAPP_APP_SECRET: TEST_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'verify-me',
    WHATSAPP_API_BASE_URL: 'http://127.0.0.1:9',
    EMERGENCY_NUMBER: '999',
    BURST_WINDOW_MS: '50',
    LOG_LEVEL: 'info',
    ...env,
  });
  const { logger, lines } = captureLogger(config.logLevel);
  const empty = { conversation: {} };
  const runtime = await createRuntime(config, {
    logger,
    engine: greetingEngine,
    translator: createTranslator({ en: empty, fr: empty, es: empty, pt: empty, sw: empty }),
    ehr: createMemoryEhr({ services: [] }),
    sweepIntervalMs: 1000,
    ...parts,
  });
  return Object.assign(runtime, { logLines: lines });
}
