import type { FastifyInstance } from 'fastify';
import { buildService } from '../../src/app/build-service.ts';
import type { Runtime } from '../../src/app/create-runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { EhrPort } from '../../src/ehr/ehr-port.ts';
import type { GraphApiStandin, StandinMessage } from '../../src/sandbox/graph-api/graph-api-standin.ts';
import {
  buttonReply,
  imageMessage,
  listReply,
  textMessage,
  voiceMessage,
  type WebhookPayload,
  type WhatsAppUser,
} from '../../src/sandbox/graph-api/webhook-builder.ts';
import { signatureHeader } from '../../src/whatsapp/verify-signature.ts';
import { eventually } from './eventually.ts';
import { captureLogger } from './silent-logger.ts';

/** A reply as the patient sees it on the phone. */
export interface Received {
  readonly wamid: string;
  readonly kind: 'text' | 'buttons' | 'list' | 'template' | 'other';
  readonly body: string;
  /** Button/list options: id and title. */
  readonly options: ReadonlyArray<{ id: string; title: string }>;
}

export interface Harness {
  readonly runtime: Runtime;
  readonly graph: GraphApiStandin;
  readonly ehr: EhrPort;
  readonly logLines: () => string[];
  /** The staff console token: ADMIN_TOKEN, or the one generated for this run. */
  readonly consoleToken: string | undefined;
  /** The patient sends a text (or taps option `id` of our last message with options). */
  say(user: WhatsAppUser, text: string): Promise<void>;
  tap(user: WhatsAppUser, optionId: string): Promise<void>;
  /** Tap the option whose title matches (case-insensitive substring or regexp). */
  tapTitle(user: WhatsAppUser, title: string | RegExp): Promise<void>;
  sendPayload(payload: WebhookPayload): Promise<number>;
  voice(user: WhatsAppUser): Promise<void>;
  image(user: WhatsAppUser, caption?: string): Promise<void>;
  /** Everything sent to this user so far. */
  received(user: WhatsAppUser): Received[];
  /** Wait until a message to the user satisfies `match` (after `since` messages) and return it. */
  waitFor(
    user: WhatsAppUser,
    match: (r: Received) => boolean,
    since?: number,
    timeoutMs?: number,
  ): Promise<Received>;
  /** Wait until the bot has been quiet for a moment after the user's last message, then return the new messages. */
  settle(user: WhatsAppUser, since: number): Promise<Received[]>;
  close(): Promise<void>;
}

/**
 * The real service, listening on a loopback port in sandbox mode: real config, Graph client, sender,
 * webhook (signed payloads in Meta's shapes), conversation engine, protocol and catalogues; the Graph
 * API stand-in plays Meta and posts signed status webhooks back. The EHR defaults to the embedded FHIR
 * engine (EHR_BACKEND=sandbox).
 */
export async function startHarness(
  env: Record<string, string> = {},
  parts: { ehr?: EhrPort } = {},
): Promise<Harness> {
  const base = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    BURST_WINDOW_MS: '150',
    RECIPIENT_BURST: '50',
    RECIPIENT_INTERVAL_MS: '100',
    SANDBOX_SEED_WEEKS: '2',
    ...env,
  });
  const { logger, lines } = captureLogger(base.logLevel);
  // The same wiring as src/main.ts (sandbox WhatsApp, EHR, model, console, simulator).
  const service = await buildService(base, {
    logger,
    sweepIntervalMs: 1000,
    ...(parts.ehr !== undefined ? { ehr: parts.ehr } : {}),
  });
  const { config, runtime } = service;
  const graph = service.graph;
  if (graph === undefined)
    throw new Error('the harness runs in sandbox mode: leave WhatsApp credentials unset');
  await (runtime.app as unknown as FastifyInstance).listen({ port: config.port, host: '127.0.0.1' });
  runtime.startWorkers();
  const url = `http://127.0.0.1:${config.port}/webhook`;

  const toReceived = (m: StandinMessage): Received => {
    const body = m.body as unknown as Record<string, unknown>;
    if (m.type === 'text')
      return {
        wamid: m.wamid,
        kind: 'text',
        body: String((body.text as { body: string }).body),
        options: [],
      };
    if (m.type === 'template')
      return {
        wamid: m.wamid,
        kind: 'template',
        body: String((body.template as { name: string }).name),
        options: [],
      };
    if (m.type === 'interactive') {
      const i = body.interactive as {
        type: string;
        body: { text: string };
        action: {
          buttons?: Array<{ reply: { id: string; title: string } }>;
          sections?: Array<{ rows: Array<{ id: string; title: string }> }>;
        };
      };
      if (i.type === 'button') {
        return {
          wamid: m.wamid,
          kind: 'buttons',
          body: i.body.text,
          options: (i.action.buttons ?? []).map((b) => b.reply),
        };
      }
      return {
        wamid: m.wamid,
        kind: 'list',
        body: i.body.text,
        options: (i.action.sections ?? []).flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title }))),
      };
    }
    return { wamid: m.wamid, kind: 'other', body: '', options: [] };
  };

  const userMatches = (m: StandinMessage, user: WhatsAppUser): boolean =>
    (user.waId !== undefined && m.to === `+${user.waId}`) ||
    (user.userId !== undefined && m.recipient === user.userId);

  const received = (user: WhatsAppUser): Received[] =>
    graph.messages.filter((m) => userMatches(m, user)).map(toReceived);

  const sendPayload = async (payload: WebhookPayload): Promise<number> => {
    const body = JSON.stringify(payload);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(body, config.whatsapp.appSecret),
      },
      body,
    });
    return res.status;
  };

  const post = async (user: WhatsAppUser, payload: WebhookPayload) => {
    graph.recordInbound(user);
    const status = await sendPayload(payload);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  };

  const lastWithOptions = (user: WhatsAppUser): Received | undefined =>
    [...received(user)].reverse().find((r) => r.options.length > 0);

  const h: Harness = {
    runtime,
    graph,
    ehr: service.ehr,
    logLines: lines,
    consoleToken: config.admin.token ?? service.generatedConsoleToken,
    say: (user, text) => post(user, textMessage({ user, body: text })),
    async tap(user, optionId) {
      const last = lastWithOptions(user);
      const option = last?.options.find((o) => o.id === optionId);
      if (last === undefined || option === undefined) throw new Error(`no option ${optionId} offered`);
      await post(
        user,
        last.kind === 'buttons'
          ? buttonReply({ user, replyTo: last.wamid, buttonId: option.id, title: option.title })
          : listReply({ user, replyTo: last.wamid, rowId: option.id, title: option.title }),
      );
    },
    async tapTitle(user, title) {
      const last = lastWithOptions(user);
      const option = last?.options.find((o) =>
        typeof title === 'string' ? o.title.toLowerCase().includes(title.toLowerCase()) : title.test(o.title),
      );
      if (option === undefined)
        throw new Error(`no option titled ${String(title)} in ${JSON.stringify(last?.options)}`);
      await h.tap(user, option.id);
    },
    sendPayload,
    voice: (user) => post(user, voiceMessage({ user, media: { id: 'voice-1', sha256: 'x' } })),
    image: (user, caption) =>
      post(
        user,
        imageMessage({
          user,
          media: {
            id: 'img-1',
            mimeType: 'image/jpeg',
            sha256: 'x',
            ...(caption !== undefined ? { caption } : {}),
          },
        }),
      ),
    received,
    async waitFor(user, match, since = 0, timeoutMs = 15_000) {
      let found: Received | undefined;
      await eventually(
        () => {
          found = received(user).slice(since).find(match);
          return found !== undefined;
        },
        timeoutMs,
        'expected reply',
      );
      return found as Received;
    },
    async settle(user, since) {
      let count = -1;
      let stableSince = Date.now();
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        const now = received(user).length;
        if (now !== count) {
          count = now;
          stableSince = Date.now();
        } else if (now > since && Date.now() - stableSince > 400) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      return received(user).slice(since);
    },
    close: () => service.close(),
  };
  return h;
}
