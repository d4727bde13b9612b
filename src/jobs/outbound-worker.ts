import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConversationStore } from '../sessions/conversation-store.ts';
import { pseudonym } from '../shared/hash.ts';
import type { Language } from '../shared/language.ts';
import type { DeliveryStore } from '../whatsapp/delivery-store.ts';
import { isGraphApiError, retryDelayMs } from '../whatsapp/graph-error.ts';
import type { OutboundMessage, Recipient } from '../whatsapp/outbound-message.ts';
import type { RateLimiter } from '../whatsapp/rate-limiter.ts';
import type { WhatsAppSender } from '../whatsapp/whatsapp-sender.ts';
import type { JobContext } from './job-queue.ts';
import { RetryLater } from './job-queue.ts';

/** An ordered batch of messages for one patient, produced by one committed turn. */
export interface OutboundJobData {
  readonly convKey: string;
  readonly recipient: Recipient;
  readonly language: Language;
  readonly messages: readonly OutboundMessage[];
  /** How many of `messages` Meta has accepted (progress survives retries and crashes). */
  readonly sent: number;
  /** Parts of `messages[sent]` already accepted, when a long text was split and failed midway. */
  readonly part?: number;
  /** Send the re-engagement template (the window closed, or Meta answered 131047). */
  readonly reengage?: boolean;
  /** What the batch is, when not a conversation turn: a reminder is counted in omw_reminders_total. */
  readonly purpose?: 'reminder';
}

export interface OutboundDeps {
  readonly store: Pick<ConversationStore, 'lastInbound'>;
  readonly sender: WhatsAppSender;
  readonly limiter: RateLimiter;
  readonly deliveries: DeliveryStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => number;
  /** Report a message the patient will never get back to the conversation (it may tell staff). */
  readonly reportFailure: (convKey: string, code: number | undefined) => Promise<void>;
  readonly settings: {
    readonly phoneNumberId: string;
    readonly messagesPerSecond: number;
    readonly recipientBurst: number;
    readonly recipientIntervalMs: number;
    readonly windowMarginMs: number;
    readonly reengageTemplate: string;
    readonly templateLanguages: Readonly<Record<Language, string>>;
    readonly clinicName: string;
  };
}

const WINDOW_MS = 24 * 3600_000;
/** Waits shorter than this are slept through inside the job; longer ones park the job. */
const MAX_INLINE_WAIT_MS = 1500;
/** Meta keeps message statuses coming for up to 30 days; we remember sends that long. */
const DELIVERY_RECORD_TTL_MS = 30 * 24 * 3600_000;

/**
 * Send one batch, in order, one message at a time: Meta does not keep the order of concurrent sends
 * (whatsapp.md §4.6). Before each message: the 24-hour window (outside it only a template may go),
 * then the shared pacing buckets (per business number and per recipient). Progress is saved after
 * each accepted message so a retry never resends what Meta accepted.
 */
export async function handleOutboundJob(deps: OutboundDeps, job: JobContext): Promise<void> {
  const data = job.data as OutboundJobData;
  const conv = pseudonym(data.convKey);
  let sent = data.sent;

  if (data.reengage === true) {
    await sendTemplate(deps, data, `${job.id}-t`);
    return;
  }

  while (sent < data.messages.length) {
    const message = data.messages[sent] as OutboundMessage;
    if (message.kind !== 'template' && !(await windowOpen(deps, data.convKey))) {
      // Free-form text would be refused (131047): send the approved re-engagement template instead.
      // When the patient answers it, the conversation continues from where it stands.
      deps.metrics.sends.inc({ outcome: 'template_fallback', code: 'window_closed' });
      deps.logger.info(
        { conv, skipped: data.messages.length - sent },
        'window closed; sending re-engagement template',
      );
      await sendTemplate(deps, data, `${job.id}-t`);
      return;
    }
    await pace(deps, data.convKey);
    try {
      const { wamid } = await deps.sender.send(data.recipient, message, {
        bizOpaqueCallbackData: `${job.id}#${sent}`,
      });
      const record = await deps.deliveries.recordAccepted(
        { wamid, convKey: data.convKey, at: deps.now() },
        DELIVERY_RECORD_TTL_MS,
      );
      deps.metrics.sends.inc({ outcome: 'sent', code: '' });
      if (data.purpose === 'reminder') deps.metrics.reminders.inc({ outcome: 'sent' });
      sent += 1;
      await job.update({ ...data, sent });
      if (record.status === 'failed') await deps.reportFailure(data.convKey, record.errorCode);
    } catch (err) {
      if (!isGraphApiError(err)) throw err;
      const code = err.graphCode === undefined ? `http_${err.httpStatus ?? 'none'}` : String(err.graphCode);
      switch (err.action) {
        case 'retry':
        case 'retry_recipient':
          deps.metrics.sends.inc({ outcome: 'retried', code });
          throw err;
        case 'reengage':
          deps.metrics.sends.inc({ outcome: 'template_fallback', code });
          await sendTemplate(deps, data, `${job.id}-t`);
          return;
        default:
          // Permanent for this message: record it, tell the conversation, go on with the rest.
          deps.metrics.sends.inc({ outcome: 'dead_letter', code });
          deps.metrics.deadLetters.inc({ queue: 'outbound', code });
          if (data.purpose === 'reminder') deps.metrics.reminders.inc({ outcome: 'failed' });
          deps.logger.error(
            { conv, graphCode: err.graphCode, action: err.action, fbtraceId: err.fbtraceId },
            'message dead-lettered',
          );
          sent += 1;
          await job.update({ ...data, sent });
          await deps.reportFailure(data.convKey, err.graphCode);
      }
    }
  }
}

/** Backoff for the outbound queue: Meta's rules per error kind (§5.1, §5.2). */
export function outboundBackoffMs(attempt: number, err: unknown): number {
  if (isGraphApiError(err)) {
    return retryDelayMs(err.action, attempt - 1) ?? 60_000;
  }
  return retryDelayMs('retry', attempt - 1) ?? 60_000;
}

async function windowOpen(deps: OutboundDeps, convKey: string): Promise<boolean> {
  const last = await deps.store.lastInbound(convKey);
  return last !== null && deps.now() - last < WINDOW_MS - deps.settings.windowMarginMs;
}

async function pace(deps: OutboundDeps, convKey: string): Promise<void> {
  const s = deps.settings;
  for (const [bucket, capacity, interval] of [
    [`pn:${s.phoneNumberId}`, s.messagesPerSecond, 1000 / s.messagesPerSecond],
    [`to:${pseudonym(convKey)}`, s.recipientBurst, s.recipientIntervalMs],
  ] as const) {
    for (;;) {
      const wait = await deps.limiter.take(bucket, capacity, interval);
      if (wait === 0) break;
      if (wait > MAX_INLINE_WAIT_MS) throw new RetryLater(wait, `paced by ${bucket.split(':')[0]}`);
      await sleep(wait);
    }
  }
}

async function sendTemplate(deps: OutboundDeps, data: OutboundJobData, tag: string): Promise<void> {
  const s = deps.settings;
  await pace(deps, data.convKey);
  try {
    const { wamid } = await deps.sender.send(
      data.recipient,
      {
        kind: 'template',
        name: s.reengageTemplate,
        language: s.templateLanguages[data.language],
        bodyParams: [s.clinicName],
        quickReplyPayloads: ['reengage:continue'],
      },
      { bizOpaqueCallbackData: tag },
    );
    await deps.deliveries.recordAccepted(
      { wamid, convKey: data.convKey, at: deps.now() },
      DELIVERY_RECORD_TTL_MS,
    );
    deps.metrics.sends.inc({ outcome: 'sent', code: 'template' });
  } catch (err) {
    if (isGraphApiError(err) && (err.action === 'retry' || err.action === 'retry_recipient')) throw err;
    const code = isGraphApiError(err) ? err.graphCode : undefined;
    deps.metrics.deadLetters.inc({ queue: 'outbound', code: `template_${code ?? 'error'}` });
    deps.logger.error({ conv: pseudonym(data.convKey), graphCode: code }, 're-engagement template failed');
    await deps.reportFailure(data.convKey, code);
  }
}
