import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config/load-config.ts';
import type { ConversationEngine } from '../conversation/engine.ts';
import type { EhrPort } from '../ehr/ehr-port.ts';
import { createHttpApp, type HttpApp } from '../http/create-http-app.ts';
import type { ReadinessCheck } from '../http/health-routes.ts';
import type { Translator } from '../i18n/translator.ts';
import { createBullmqJobQueue } from '../jobs/bullmq/bullmq-job-queue.ts';
import type { RunnerDeps } from '../jobs/conversation-runner.ts';
import { createEffectExecutor, type ModelRunner } from '../jobs/effect-executor.ts';
import { appendInternal, type IngestDeps } from '../jobs/ingest-events.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createMemoryJobQueue } from '../jobs/memory/memory-job-queue.ts';
import type { OutboundDeps } from '../jobs/outbound-worker.ts';
import type { ReminderDeps } from '../jobs/reminder-worker.ts';
import { startWorkers } from '../jobs/start-workers.ts';
import type { Logger } from '../observability/logger.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import type { ContactPreferences } from '../sessions/contact-preferences.ts';
import type { ConversationLock } from '../sessions/conversation-lock.ts';
import type { ConversationStore } from '../sessions/conversation-store.ts';
import { createMemoryContactPreferences } from '../sessions/memory/memory-contact-preferences.ts';
import { createMemoryConversationLock } from '../sessions/memory/memory-conversation-lock.ts';
import { createMemoryConversationStore } from '../sessions/memory/memory-conversation-store.ts';
import { createRedisContactPreferences } from '../sessions/redis/redis-contact-preferences.ts';
import { createRedisConversationLock } from '../sessions/redis/redis-conversation-lock.ts';
import { createRedisConversationStore } from '../sessions/redis/redis-conversation-store.ts';
import type { DeliveryStore } from '../whatsapp/delivery-store.ts';
import { createGraphClient } from '../whatsapp/graph-client.ts';
import { createMemoryDeliveryStore } from '../whatsapp/memory/memory-delivery-store.ts';
import { createMemoryRateLimiter } from '../whatsapp/memory/memory-rate-limiter.ts';
import type { RateLimiter } from '../whatsapp/rate-limiter.ts';
import { createRedisDeliveryStore } from '../whatsapp/redis/redis-delivery-store.ts';
import { createRedisRateLimiter } from '../whatsapp/redis/redis-rate-limiter.ts';
import type { WhatsAppSender } from '../whatsapp/whatsapp-sender.ts';

/** What the composition root wires in besides the config. Tests pass fakes for any of these. */
export interface RuntimeParts {
  readonly logger: Logger;
  readonly engine: ConversationEngine;
  readonly translator: Translator;
  readonly ehr: EhrPort;
  readonly model?: ModelRunner;
  /** The metrics registry (created here when not given; main.ts shares it with the model). */
  readonly metrics?: Metrics;
  /** Fetches a WhatsApp photo by media id for a multimodal model. */
  readonly fetchMedia?: (mediaId: string) => Promise<{ base64: string; mimeType: string }>;
  /** Defaults to the Graph API client built from the config. */
  readonly sender?: WhatsAppSender;
  /** Extra HTTP plugins (sandbox simulator, staff console). */
  readonly plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
  readonly extraReadiness?: readonly ReadinessCheck[];
  readonly now?: () => number;
  /** Queue tuning for tests (stalled-job recovery in seconds instead of half a minute). */
  readonly queueTuning?: { readonly lockDurationMs: number; readonly stalledIntervalMs: number };
  readonly sweepIntervalMs?: number;
}

export interface Runtime {
  readonly config: Config;
  readonly app: HttpApp;
  readonly metrics: Metrics;
  readonly store: ConversationStore;
  readonly lock: ConversationLock;
  readonly queue: JobQueue;
  readonly preferences: ContactPreferences;
  readonly deliveries: DeliveryStore;
  readonly limiter: RateLimiter;
  readonly runner: RunnerDeps;
  /** Put an internal event into a conversation (staff actions from the console use this). */
  readonly appendInternal: (convKey: string, event: Parameters<typeof appendInternal>[2]) => Promise<void>;
  /** Start the queue workers in this process (ROLE=worker or all). */
  startWorkers(): void;
  /** Graceful stop: no new requests, running jobs finish, connections close. */
  close(): Promise<void>;
}

/**
 * Build the service from its config: Redis-backed adapters when REDIS_URL is set (many instances),
 * in-memory ones otherwise (one instance). Does not listen; main.ts does.
 */
export async function createRuntime(config: Config, parts: RuntimeParts): Promise<Runtime> {
  const now = parts.now ?? Date.now;
  const { logger } = parts;
  const metrics = parts.metrics ?? createMetrics();

  const connections: Redis[] = [];
  let store: ConversationStore;
  let lock: ConversationLock;
  let queue: JobQueue;
  let deliveries: DeliveryStore;
  let limiter: RateLimiter;
  let preferences: ContactPreferences;
  const readiness: ReadinessCheck[] = [];

  if (config.redis !== undefined) {
    const { url, keyPrefix } = config.redis;
    // Commands in the webhook path fail fast while Redis is away, so Meta gets a 5xx and retries.
    const commands = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    const producer = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    const worker = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
    for (const c of [commands, producer, worker]) c.on('error', () => undefined);
    connections.push(commands, producer, worker);
    await Promise.all(connections.map((c) => c.connect()));
    store = createRedisConversationStore(commands, keyPrefix);
    lock = createRedisConversationLock(commands, keyPrefix);
    deliveries = createRedisDeliveryStore(commands, keyPrefix);
    limiter = createRedisRateLimiter(commands, keyPrefix);
    preferences = createRedisContactPreferences(commands, keyPrefix);
    queue = createBullmqJobQueue({
      producer,
      worker,
      prefix: `${keyPrefix}bull`,
      ...(parts.queueTuning !== undefined
        ? {
            lockDurationMs: parts.queueTuning.lockDurationMs,
            stalledIntervalMs: parts.queueTuning.stalledIntervalMs,
          }
        : {}),
    });
    readiness.push(async () => {
      try {
        const pong = await commands.ping();
        return { name: 'redis', ok: pong === 'PONG' };
      } catch (err) {
        return { name: 'redis', ok: false, reason: err instanceof Error ? err.message : String(err) };
      }
    });
    if (config.redis.requireAof) {
      readiness.push(async () => {
        const info = await commands.info('persistence');
        const aof = /aof_enabled:1/.test(info);
        return aof
          ? { name: 'redis_persistence', ok: true }
          : {
              name: 'redis_persistence',
              ok: false,
              reason: 'Redis does not persist (appendonly no): a restart would lose queued messages',
            };
      });
    }
  } else {
    store = createMemoryConversationStore({ now });
    lock = createMemoryConversationLock({ now });
    deliveries = createMemoryDeliveryStore({ now });
    limiter = createMemoryRateLimiter({ now });
    preferences = createMemoryContactPreferences();
    queue = createMemoryJobQueue({ now });
  }
  readiness.push(async () => {
    const r = await queue.ready();
    return r.ok ? { name: 'queues', ok: true } : { name: 'queues', ok: false, reason: r.reason };
  });
  readiness.push(...(parts.extraReadiness ?? []));

  const sender =
    parts.sender ??
    createGraphClient({
      baseUrl: config.whatsapp.apiBaseUrl,
      apiVersion: config.whatsapp.apiVersion,
      phoneNumberId: config.whatsapp.phoneNumberId,
      accessToken: config.whatsapp.accessToken,
      timeoutMs: config.whatsapp.timeoutMs,
    });

  const clinic = {
    name: config.clinic.name,
    timeZone: config.clinic.timeZone,
    emergencyNumber: config.clinic.emergencyNumber,
    phone: config.clinic.phone,
    defaultLanguage: config.clinic.defaultLanguage,
    handoverTimeoutMs: config.clinic.handoverTimeoutMs,
  };

  const runner: RunnerDeps = {
    store,
    lock,
    queue,
    preferences,
    engine: parts.engine,
    executor: createEffectExecutor({
      ehr: parts.ehr,
      logger,
      ...(parts.model !== undefined ? { model: parts.model } : {}),
      ...(parts.fetchMedia !== undefined ? { fetchMedia: parts.fetchMedia } : {}),
    }),
    translator: parts.translator,
    clinic,
    metrics,
    logger,
    now,
    markRead: (wamid, typing) => sender.markRead(wamid, { typing }),
    settings: {
      burstWindowMs: config.pipeline.burstWindowMs,
      burstMaxWaitMs: config.pipeline.burstMaxWaitMs,
      staleMessageAgeMs: config.pipeline.staleMessageAgeMs,
      sessionTtlMs: config.clinic.sessionTtlMs,
      lockTtlMs: config.pipeline.lockTtlMs,
    },
  };

  const ingest: IngestDeps = {
    store,
    queue,
    deliveries,
    metrics,
    logger,
    now,
    settings: { dedupeTtlMs: config.pipeline.dedupeTtlMs, burstWindowMs: config.pipeline.burstWindowMs },
  };

  const outbound: OutboundDeps = {
    store,
    sender,
    limiter,
    deliveries,
    metrics,
    logger,
    now,
    reportFailure: (convKey, code) =>
      appendInternal(runner, convKey, { type: 'delivery_failed', wamid: '', code }),
    settings: {
      phoneNumberId: config.whatsapp.phoneNumberId,
      messagesPerSecond: config.sending.messagesPerSecond,
      recipientBurst: config.sending.recipientBurst,
      recipientIntervalMs: config.sending.recipientIntervalMs,
      windowMarginMs: config.sending.windowMarginMs,
      reengageTemplate: config.whatsapp.templates.reengage,
      templateLanguages: config.whatsapp.templates.languages,
      clinicName: config.clinic.name,
    },
  };

  const reminders: ReminderDeps = {
    ehr: parts.ehr,
    preferences,
    queue,
    metrics,
    logger,
    now,
    settings: {
      template: config.whatsapp.templates.reminder,
      templateLanguages: config.whatsapp.templates.languages,
      clinicName: config.clinic.name,
      timeZone: config.clinic.timeZone,
    },
  };

  let closing = false;
  const app = await createHttpApp({
    logger,
    metrics,
    webhook: {
      appSecret: config.whatsapp.appSecret,
      verifyToken: config.whatsapp.verifyToken,
      bodyLimitBytes: config.pipeline.bodyLimitBytes,
      ingest,
    },
    health: { checks: readiness, metricsToken: config.admin.metricsToken, isClosing: () => closing },
    ...(parts.plugins !== undefined ? { plugins: parts.plugins } : {}),
  });

  let stopSweeper: (() => void) | undefined;

  return {
    config,
    app,
    metrics,
    store,
    lock,
    queue,
    preferences,
    deliveries,
    limiter,
    runner,
    appendInternal: (convKey, event) => appendInternal(runner, convKey, event),
    startWorkers() {
      stopSweeper = startWorkers({
        runner,
        outbound,
        ehrWrites: { ehr: parts.ehr, metrics, logger, lock, lockTtlMs: config.pipeline.lockTtlMs },
        reminders,
        queue,
        metrics,
        logger,
        concurrency: config.pipeline.workerConcurrency,
        maxSendAttempts: config.sending.maxAttempts,
        sweepIntervalMs: parts.sweepIntervalMs ?? 15_000,
      });
    },
    async close() {
      closing = true;
      await app.close();
      stopSweeper?.();
      await queue.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
