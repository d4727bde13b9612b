import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type HealthRouteOptions, healthRoutes } from './health-routes.ts';
import { type WebhookRouteOptions, webhookRoutes } from './webhook-routes.ts';

export interface HttpAppOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly webhook: WebhookRouteOptions;
  readonly health: Omit<HealthRouteOptions, 'metrics'>;
  /** Extra route plugins (sandbox simulator, staff console), registered after the core routes. */
  readonly plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
}

/**
 * The fastify app: webhook, health, readiness and metrics, plus optional plugins. No listening here
 * (tests use `inject()`); the composition root calls `listen`.
 */
export async function createHttpApp(options: HttpAppOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    // Request lines would carry URLs (the handshake's verify token); we log what matters ourselves.
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger: building one (with redaction) costs more than the webhook handler,
    // and our log lines carry their own ids.
    childLoggerFactory: (logger) => logger,
    bodyLimit: options.webhook.bodyLimitBytes,
    return503OnClosing: true,
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) options.metrics.webhookRequests.inc({ result: 'too_large' });
    else if (status >= 500) {
      options.metrics.webhookRequests.inc({ result: 'error' });
      options.logger.error({ code: error.code, err: error.message }, 'request failed');
    }
    return reply.code(status).send({ error: error.code ?? 'INTERNAL' });
  });

  await app.register(async (scope) => webhookRoutes(scope, options.webhook));
  await app.register(async (scope) => healthRoutes(scope, { ...options.health, metrics: options.metrics }));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}

export type HttpApp = Awaited<ReturnType<typeof createHttpApp>>;
