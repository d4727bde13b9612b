import type { FastifyInstance } from 'fastify';
import type { IngestDeps } from '../jobs/ingest-events.ts';
import { ingestEvents } from '../jobs/ingest-events.ts';
import { parseWebhook } from '../whatsapp/parse-webhook.ts';
import { verifySignature } from '../whatsapp/verify-signature.ts';

export interface WebhookRouteOptions {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly bodyLimitBytes: number;
  readonly ingest: IngestDeps;
}

/**
 * `GET /webhook` (Meta's subscription handshake) and `POST /webhook` (events). The POST body is read
 * as raw bytes so the signature is checked on exactly what Meta signed (whatsapp.md §1.2); JSON is
 * parsed only after that. 200 means "stored durably"; anything else makes Meta retry for up to 7 days.
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const { metrics, logger } = options.ingest;

  // Raw bytes for every content type on this route: Meta sends application/json, but the signature
  // check must not depend on a content-type header an attacker controls.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.get('/webhook', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (
      mode === 'subscribe' &&
      typeof token === 'string' &&
      token === options.verifyToken &&
      typeof challenge === 'string'
    ) {
      return reply.code(200).type('text/plain').send(challenge);
    }
    logger.warn({ mode: typeof mode === 'string' ? mode : undefined }, 'webhook handshake refused');
    return reply.code(403).type('text/plain').send('Forbidden');
  });

  app.post('/webhook', async (request, reply) => {
    const started = performance.now();
    const raw = request.body;
    if (!Buffer.isBuffer(raw)) {
      metrics.webhookRequests.inc({ result: 'malformed' });
      return reply.code(400).send({ error: 'WEBHOOK_NO_BODY' });
    }
    const header = request.headers['x-hub-signature-256'];
    if (!verifySignature(raw, typeof header === 'string' ? header : undefined, options.appSecret)) {
      metrics.webhookRequests.inc({ result: 'bad_signature' });
      logger.warn({ bytes: raw.length, hasHeader: header !== undefined }, 'webhook signature rejected');
      return reply.code(401).send({ error: 'WEBHOOK_BAD_SIGNATURE' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      metrics.webhookRequests.inc({ result: 'malformed' });
      return reply.code(400).send({ error: 'WEBHOOK_NOT_JSON' });
    }
    const parsed = parseWebhook(body);
    if (parsed === null) {
      // Signed by Meta but not a WhatsApp Business Account payload: acknowledge so it is not resent.
      metrics.webhookRequests.inc({ result: 'unknown_shape' });
      metrics.webhookItems.inc({ kind: 'ignored' });
      logger.info({ bytes: raw.length }, 'signed webhook of an unknown shape recorded and ignored');
      return reply.code(200).send({ ok: true, ignored: true });
    }
    if (parsed.ignored > 0) metrics.webhookItems.inc({ kind: 'ignored' }, parsed.ignored);
    if (parsed.malformed > 0) {
      metrics.webhookItems.inc({ kind: 'malformed' }, parsed.malformed);
      logger.warn({ malformed: parsed.malformed }, 'webhook items of a known kind failed validation');
    }
    await ingestEvents(options.ingest, parsed.events);
    metrics.webhookRequests.inc({ result: 'accepted' });
    metrics.webhookAckSeconds.observe((performance.now() - started) / 1000);
    return reply.code(200).send({ ok: true });
  });
}
