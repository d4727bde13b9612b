import { createServer } from 'node:net';
import type { Config } from '../config/load-config.ts';
import { approvedTemplates, templateSpecs } from './approved-templates.ts';
import { type GraphApiStandin, startGraphApiStandin } from './graph-api/graph-api-standin.ts';

/**
 * Sandbox mode's WhatsApp: the strict Graph API stand-in on loopback, posting signed status webhooks
 * back to our own /webhook, with Meta's 24-hour rule on and the README's templates approved. Returns the config pointed at it, so the real
 * Graph client, sender and webhook code run unchanged.
 */
export async function startSandboxWhatsApp(
  config: Config,
): Promise<{ config: Config; graph: GraphApiStandin; port: number }> {
  const port = config.port === 0 ? await freePort() : config.port;
  const graph = await startGraphApiStandin({
    host: '127.0.0.1',
    accessToken: config.whatsapp.accessToken,
    phoneNumberId: config.whatsapp.phoneNumberId,
    statusWebhook: {
      url: `http://127.0.0.1:${port}/webhook`,
      appSecret: config.whatsapp.appSecret,
      delaysMs: { sent: 150, delivered: 600, read: null },
    },
    windowRule: { enabled: true },
    // Template sends are checked as Meta checks them against what the clinic had approved.
    templates: templateSpecs(
      approvedTemplates(config.whatsapp.templates),
      Object.values(config.whatsapp.templates.languages),
    ),
  });
  const next: Config = structuredClone(config);
  (next as { port: number }).port = port;
  (next.whatsapp as { apiBaseUrl: string }).apiBaseUrl = graph.baseUrl;
  return { config: Object.freeze(next), graph, port };
}

/** A free TCP port on loopback (PORT=0 in sandbox mode: the stand-in must know where to post). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
