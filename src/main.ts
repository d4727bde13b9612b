/**
 * Composition root: config → the service (src/app/build-service.ts) → HTTP server and/or workers
 * (ROLE) → graceful shutdown. Nothing below reads process.env.
 */
import closeWithGrace from 'close-with-grace';
import { buildService } from './app/build-service.ts';
import { type Config, loadConfig } from './config/load-config.ts';
import { createLogger } from './observability/logger.ts';
import { isAppError } from './shared/app-error.ts';

let initial: Config;
try {
  initial = loadConfig(process.env);
} catch (err) {
  console.error(isAppError(err, 'CONFIG_INVALID') ? err.message : err);
  process.exit(1);
}

const logger = createLogger(initial.logLevel);
const service = await buildService(initial, { logger });
const { config, runtime } = service;

if (config.role !== 'worker') await runtime.app.listen({ port: config.port, host: config.host });
if (config.role !== 'http') runtime.startWorkers();

const url = config.publicUrl ?? `http://localhost:${config.port}`;
logger.info({ role: config.role, sandbox: config.sandbox, ehr: config.ehr.backend }, 'omrs-whatsapp started');
if (config.role !== 'worker') {
  console.log(`omrs-whatsapp is running: ${url}/`);
  if (service.generatedConsoleToken !== undefined) {
    console.log(
      `Staff console (token generated for this run): ${url}/console/login?token=${service.generatedConsoleToken}`,
    );
  }
}

closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err: err.message }, 'shutting down after an error');
  else logger.info({ signal }, 'shutting down');
  await service.close();
});
