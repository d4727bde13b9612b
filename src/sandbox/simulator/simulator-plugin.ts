import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { readAsset, serveAsset } from '../../console/read-asset.ts';
import type { ApprovedTemplate } from '../approved-templates.ts';
import type { GraphApiStandin } from '../graph-api/graph-api-standin.ts';
import {
  type BusinessNumber,
  buttonReply,
  FIXTURE_BUSINESS,
  imageMessage,
  listReply,
  newWamid,
  templateButtonReply,
  textMessage,
  type WebhookPayload,
} from '../graph-api/webhook-builder.ts';
import { DEMO_PHONES, type SimulatedPhone } from './demo-phones.ts';
import { renderSimulatorPage } from './render-simulator-page.ts';
import { type ChatItem, createSimulatorHub, type HubEvent } from './simulator-hub.ts';
import { pickSimulatorLanguage } from './simulator-strings.ts';
import { createWebhookPoster } from './webhook-poster.ts';

/** Options of {@link simulatorPlugin}. */
export interface SimulatorPluginOptions {
  /** The sandbox's Graph API stand-in: the bot's replies arrive there, photos are uploaded there. */
  readonly graph: GraphApiStandin;
  /** The service's own `/webhook` over loopback, e.g. `http://127.0.0.1:3000/webhook`. */
  readonly webhookUrl: string;
  /** The app secret the webhook verifies signatures with (config.whatsapp.appSecret). */
  readonly appSecret: string;
  /** The business number payloads are addressed to (config.whatsapp.phoneNumberId). */
  readonly phoneNumberId: string;
  /** Shown as the chat's contact name. */
  readonly clinicName: string;
  /** Approved templates by name, shown with their wording (see approved-templates.ts). */
  readonly templates?: Readonly<Record<string, ApprovedTemplate>>;
  /** Default {@link DEMO_PHONES}. */
  readonly phones?: readonly SimulatedPhone[];
  /** Where the "Staff console" link points. Default `/console`. */
  readonly consolePath?: string;
}

const BASE = '/simulator';
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Photos kept in memory for the page to show again after a reload. */
const PHOTOS_KEPT = 50;
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const typist = z.string().min(1).max(40).optional();
const sendBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(4096), typist }),
  /** A tap on a reply button, a list row or a template quick reply of one of our messages. */
  z.object({
    type: z.literal('option'),
    replyTo: z.string().min(1).max(512),
    optionId: z.string().min(1).max(256),
    typist,
  }),
  z.object({
    type: z.literal('image'),
    mimeType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    dataBase64: z
      .string()
      .min(1)
      .max(Math.ceil(MAX_PHOTO_BYTES / 3) * 4),
    caption: z.string().trim().max(1024).optional(),
    typist,
  }),
]);

/**
 * The WhatsApp simulator (sandbox mode only): `GET /` is a page that looks and behaves like WhatsApp
 * with several simulated phones. Everything a phone sends goes the real way: this plugin builds the
 * payload with webhook-builder.ts in Meta's exact shape, signs it with the app secret and POSTs it to
 * the service's real `/webhook` over loopback; the bot's replies come back through the real sender to
 * the Graph API stand-in, whose events are streamed to the page (SSE). Showing a reply marks it read at
 * the stand-in, so `read` status webhooks flow as they would from a phone.
 *
 * Routes: `GET /` (page), `GET /simulator/simulator.{js,css}`, `GET /simulator/state` (all chats),
 * `GET /simulator/events` (SSE of {@link HubEvent}), `POST /simulator/phones/:phoneId/send`
 * (`{type:'text'|'option'|'image',…}`), `POST /simulator/phones/:phoneId/read` (mark the phone's
 * unread replies read), `GET /simulator/photos/:photoId`.
 */
export function simulatorPlugin(options: SimulatorPluginOptions): (app: FastifyInstance) => Promise<void> {
  const phones = options.phones ?? DEMO_PHONES;
  const business: BusinessNumber = { ...FIXTURE_BUSINESS, phoneNumberId: options.phoneNumberId };
  const assets = {
    js: readAsset(new URL('./simulator.js', import.meta.url)),
    css: readAsset(new URL('./simulator.css', import.meta.url)),
  };

  return async (app) => {
    const { graph } = options;
    const hub = createSimulatorHub({
      graph,
      phones,
      ...(options.templates !== undefined ? { templates: options.templates } : {}),
    });
    const post = createWebhookPoster({ url: options.webhookUrl, appSecret: options.appSecret });
    const photos = new Map<string, { bytes: Buffer; mimeType: string }>();
    let photoSeq = 0;
    const streams = new Set<ServerResponse>();

    const phoneOr404 = (phoneId: string, reply: FastifyReply): SimulatedPhone | undefined => {
      const phone = hub.phone(phoneId);
      if (phone === undefined) void reply.code(404).send({ error: 'UNKNOWN_PHONE' });
      return phone;
    };

    /** Show the patient's message, then deliver it to the service as Meta would. */
    const deliver = (phone: SimulatedPhone, item: ChatItem, payload: WebhookPayload) => {
      // Meta knows when the user last wrote: the 24-hour window opens with this message.
      graph.recordInbound(phone.user);
      void post(payload).then((ok) => {
        hub.setStatus(phone.id, item.id, ok ? 'delivered' : 'failed');
        if (!ok) app.log.warn({ phone: phone.id }, 'simulator: the webhook did not accept a message');
      });
    };

    app.get('/', async (request, reply) => {
      const language = pickSimulatorLanguage(request.headers.cookie, request.headers['accept-language']);
      return reply
        .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
        .type('text/html; charset=utf-8')
        .send(
          renderSimulatorPage({
            language,
            phones,
            clinicName: options.clinicName,
            consolePath: options.consolePath ?? '/console',
            basePath: BASE,
          }),
        );
    });

    serveAsset(app, `${BASE}/simulator.js`, assets.js, 'text/javascript');
    serveAsset(app, `${BASE}/simulator.css`, assets.css, 'text/css');

    app.get(`${BASE}/state`, async (_request, reply) => {
      const chats = Object.fromEntries(phones.map((p) => [p.id, hub.history(p.id)]));
      return reply.header('cache-control', 'no-store').send({ chats });
    });

    app.get(`${BASE}/events`, (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const off = hub.subscribe((event: HubEvent) => {
        res.write(`data: ${JSON.stringify(event)}\n\n`);
      });
      // Proxies drop silent connections; a comment line every 15 s keeps this one open.
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      streams.add(res);
      request.raw.on('close', () => {
        off();
        clearInterval(ping);
        streams.delete(res);
      });
    });

    app.post<{ Params: { phoneId: string } }>(
      `${BASE}/phones/:phoneId/send`,
      { bodyLimit: Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 4096 },
      async (request, reply) => {
        const phone = phoneOr404(request.params.phoneId, reply);
        if (phone === undefined) return reply;
        const parsed = sendBody.safeParse(request.body);
        if (!parsed.success) return reply.code(400).send({ error: 'BAD_REQUEST' });
        const body = parsed.data;
        if (body.typist !== undefined && !(phone.members ?? []).includes(body.typist)) {
          return reply.code(400).send({ error: 'UNKNOWN_TYPIST' });
        }
        const by = body.typist !== undefined ? { typist: body.typist } : {};
        const user = phone.user;
        const id = newWamid();

        if (body.type === 'text') {
          const item = hub.addPatientMessage({ id, phoneId: phone.id, kind: 'text', text: body.text, ...by });
          deliver(phone, item, textMessage({ user, business, id, body: body.text }));
          return reply.code(202).send({ id });
        }

        if (body.type === 'option') {
          const target = hub.find(phone.id, body.replyTo);
          const option =
            target?.from === 'clinic' ? target.options?.find((o) => o.id === body.optionId) : undefined;
          // A phone can only tap what a message of ours offered.
          if (target === undefined || option === undefined)
            return reply.code(404).send({ error: 'NO_SUCH_OPTION' });
          const item = hub.addPatientMessage({
            id,
            phoneId: phone.id,
            kind: 'text',
            text: option.title,
            quote: { id: target.id, text: target.text },
            ...by,
          });
          const common = { user, business, id, replyTo: target.id };
          const payload =
            target.kind === 'buttons'
              ? buttonReply({ ...common, buttonId: option.id, title: option.title })
              : target.kind === 'list'
                ? listReply({
                    ...common,
                    rowId: option.id,
                    title: option.title,
                    ...(option.description !== undefined ? { description: option.description } : {}),
                  })
                : templateButtonReply({ ...common, payload: option.id, text: option.title });
          deliver(phone, item, payload);
          return reply.code(202).send({ id });
        }

        const bytes = Buffer.from(body.dataBase64, 'base64');
        if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) {
          return reply.code(413).send({ error: 'PHOTO_TOO_LARGE' });
        }
        // Upload as the phone would: the stand-in keeps the bytes, the webhook carries only the media id.
        const mediaId = graph.uploadInboundMedia(bytes, body.mimeType);
        const photoId = `photo-${++photoSeq}`;
        photos.set(photoId, { bytes, mimeType: body.mimeType });
        for (const old of [...photos.keys()].slice(0, Math.max(0, photos.size - PHOTOS_KEPT)))
          photos.delete(old);
        const item = hub.addPatientMessage({
          id,
          phoneId: phone.id,
          kind: 'image',
          text: body.caption ?? '',
          imageUrl: `${BASE}/photos/${photoId}`,
          ...by,
        });
        deliver(
          phone,
          item,
          imageMessage({
            user,
            business,
            id,
            media: {
              id: mediaId,
              mimeType: body.mimeType,
              sha256: graph.mediaSha256(mediaId) ?? '',
              ...(body.caption !== undefined && body.caption !== '' ? { caption: body.caption } : {}),
            },
          }),
        );
        return reply.code(202).send({ id });
      },
    );

    app.post<{ Params: { phoneId: string } }>(`${BASE}/phones/:phoneId/read`, async (request, reply) => {
      const phone = phoneOr404(request.params.phoneId, reply);
      if (phone === undefined) return reply;
      // The patient opened the chat: what is on screen is read (Meta then posts `read` statuses).
      await Promise.all(hub.unread(phone.id).map((item) => graph.markRead(item.id).catch(() => undefined)));
      return reply.code(204).send();
    });

    app.get<{ Params: { photoId: string } }>(`${BASE}/photos/:photoId`, async (request, reply) => {
      const photo = photos.get(request.params.photoId);
      if (photo === undefined) return reply.code(404).send({ error: 'NOT_FOUND' });
      return reply.type(photo.mimeType).header('cache-control', 'private, max-age=3600').send(photo.bytes);
    });

    // Open event streams would hold the server open on shutdown.
    app.addHook('preClose', async () => {
      for (const res of streams) res.end();
      streams.clear();
    });
    app.addHook('onClose', async () => hub.close());
  };
}
