import { randomBytes } from 'node:crypto';
import type { Config } from '../config/load-config.ts';
import { consolePlugin } from '../console/console-plugin.ts';
import { createConversationEngine } from '../conversation/conversation-engine.ts';
import type { EhrPort } from '../ehr/ehr-port.ts';
import { loadCatalogues } from '../i18n/catalogues.ts';
import { createTranslator } from '../i18n/translator.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { approvedTemplates } from '../sandbox/approved-templates.ts';
import type { GraphApiStandin } from '../sandbox/graph-api/graph-api-standin.ts';
import { simulatorPlugin } from '../sandbox/simulator/simulator-plugin.ts';
import { startSandboxWhatsApp } from '../sandbox/start-sandbox-whatsapp.ts';
import { buildEhr } from './build-ehr.ts';
import { buildModel } from './build-model.ts';
import { createRuntime, type Runtime } from './create-runtime.ts';
import { embeddedProtocol } from './embedded-protocol.ts';

export interface BuiltService {
  /** The config the service runs with (in sandbox mode: pointed at the local Graph API stand-in). */
  readonly config: Config;
  readonly runtime: Runtime;
  /** The EHR the service books into (the one given, or the one EHR_BACKEND selects). */
  readonly ehr: EhrPort;
  /** The Graph API stand-in, in sandbox mode. */
  readonly graph: GraphApiStandin | undefined;
  /** The staff console token generated for this run (sandbox without ADMIN_TOKEN), to print once. */
  readonly generatedConsoleToken: string | undefined;
  /** Stops the runtime, then the EHR and the sandbox pieces. */
  close(): Promise<void>;
}

/**
 * The whole service from its config — sandbox WhatsApp and EHR when configured so, the model, the
 * conversation engine on the embedded protocol, the catalogues, the staff console and (sandbox) the
 * simulator — without listening or starting workers. One wiring for `main.ts` and the tests.
 */
export async function buildService(
  initial: Config,
  options: { logger: Logger; ehr?: EhrPort; sweepIntervalMs?: number },
): Promise<BuiltService> {
  const { logger } = options;
  let config = initial;
  let graph: GraphApiStandin | undefined;
  if (config.sandbox) {
    const sandbox = await startSandboxWhatsApp(config);
    config = sandbox.config;
    graph = sandbox.graph;
    logger.warn(
      { graphApi: config.whatsapp.apiBaseUrl, redis: config.redis === undefined ? 'in-memory' : 'redis' },
      'SANDBOX MODE: no WhatsApp credentials configured. Messages go to a local Graph API stand-in, not to Meta. ' +
        'Set WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN for production.',
    );
  }
  const ehr =
    options.ehr === undefined ? await buildEhr(config, logger) : { ehr: options.ehr, close: async () => {} };

  const metrics = createMetrics();
  const model = buildModel(config, metrics);
  if (model.runner !== undefined) {
    logger.info(
      { provider: config.medgemma.provider, images: model.engine?.supportsImages },
      'MedGemma enabled',
    );
  }

  // Sandbox without ADMIN_TOKEN: a fresh token per start, so a first-time user can open the console.
  const generatedConsoleToken =
    config.admin.token === undefined && config.sandbox ? randomBytes(24).toString('base64url') : undefined;
  // Plugins are registered while the runtime is built; the console looks the runtime up per request.
  let built: Runtime | undefined;
  const plugins = [
    consolePlugin({
      token: config.admin.token ?? generatedConsoleToken,
      runtime: () => {
        if (built === undefined) throw new Error('runtime not ready');
        return built;
      },
      clinic: { name: config.clinic.name, timeZone: config.clinic.timeZone },
      allowTokenInUrl: config.sandbox,
      secureCookie: config.publicUrl?.startsWith('https:') ?? false,
    }),
    ...(graph === undefined
      ? []
      : [
          simulatorPlugin({
            graph,
            webhookUrl: `http://127.0.0.1:${config.port}/webhook`,
            appSecret: config.whatsapp.appSecret,
            phoneNumberId: config.whatsapp.phoneNumberId,
            clinicName: config.clinic.name,
            templates: approvedTemplates(config.whatsapp.templates),
          }),
        ]),
  ];

  const runtime = await createRuntime(config, {
    plugins,
    logger,
    metrics,
    engine: createConversationEngine({
      triage: embeddedProtocol,
      hours: config.booking.hours,
      routineDays: config.booking.routineDays,
      minLeadMinutes: config.booking.minLeadMinutes,
      reminderHoursBefore: config.reminders.hoursBefore,
      ...(model.engine !== undefined ? { model: model.engine } : {}),
    }),
    translator: createTranslator(loadCatalogues()),
    ehr: ehr.ehr,
    ...(model.runner !== undefined ? { model: model.runner } : {}),
    ...(model.fetchMedia !== undefined ? { fetchMedia: model.fetchMedia } : {}),
    ...(options.sweepIntervalMs !== undefined ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });
  built = runtime;

  return {
    config,
    runtime,
    ehr: ehr.ehr,
    graph,
    generatedConsoleToken,
    async close() {
      await runtime.close();
      await ehr.close();
      await graph?.close();
    },
  };
}
