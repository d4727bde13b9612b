import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.ts';

/** One readiness check: a name and whether it passes, with the reason when it does not. */
export type ReadinessCheck = () => Promise<{ name: string; ok: boolean; reason?: string }>;

export interface HealthRouteOptions {
  readonly metrics: Metrics;
  readonly checks: readonly ReadinessCheck[];
  readonly metricsToken: string | undefined;
  /** True while shutting down: readiness fails so load balancers stop sending traffic. */
  readonly isClosing: () => boolean;
}

/** `/health` (the process is alive), `/ready` (it can take traffic: 503 with reasons) and `/metrics`. */
export async function healthRoutes(app: FastifyInstance, options: HealthRouteOptions): Promise<void> {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    const results = await Promise.all(
      options.checks.map(async (check) => {
        try {
          return await check();
        } catch (err) {
          return { name: 'check', ok: false, reason: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    if (options.isClosing()) results.push({ name: 'process', ok: false, reason: 'shutting down' });
    const failing = results.filter((r) => !r.ok);
    return reply.code(failing.length === 0 ? 200 : 503).send({
      status: failing.length === 0 ? 'ready' : 'not_ready',
      checks: results,
    });
  });

  app.get('/metrics', async (request, reply) => {
    if (
      options.metricsToken !== undefined &&
      request.headers.authorization !== `Bearer ${options.metricsToken}`
    ) {
      return reply.code(401).send({ error: 'METRICS_UNAUTHORIZED' });
    }
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
}
