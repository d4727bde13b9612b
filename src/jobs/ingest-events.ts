import { randomUUID } from 'node:crypto';
import type { InternalEvent } from '../conversation/events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConversationStore } from '../sessions/conversation-store.ts';
import { pseudonym } from '../shared/hash.ts';
import type { DeliveryStore } from '../whatsapp/delivery-store.ts';
import type { WebhookEvent } from '../whatsapp/webhook-events.ts';
import type { InboxPayload } from './inbox-payload.ts';
import { QUEUES } from './inbox-payload.ts';
import type { JobQueue } from './job-queue.ts';

export interface IngestDeps {
  readonly store: ConversationStore;
  readonly queue: JobQueue;
  readonly deliveries: DeliveryStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => number;
  readonly settings: { readonly dedupeTtlMs: number; readonly burstWindowMs: number };
}

/**
 * Make webhook events durable and schedule their processing; returns once every event is stored.
 * The webhook answers 200 only after this resolves, so Meta retries anything we could not store.
 * Patient messages are deduplicated by (phone-number id, wamid) for DEDUPE_TTL_DAYS; statuses are
 * applied monotonically; a failed delivery becomes an event in the patient's conversation.
 */
export async function ingestEvents(deps: IngestDeps, events: readonly WebhookEvent[]): Promise<void> {
  for (const event of events) {
    switch (event.kind) {
      case 'message': {
        const convKey = event.identity.key;
        const payload: InboxPayload = { kind: 'patient', message: event };
        const result = await deps.store.append(
          {
            id: `m-${pseudonym(`${event.phoneNumberId}:${event.wamid}`)}`,
            convKey,
            receivedAt: deps.now(),
            sentAt: event.sentAt,
            payload,
          },
          { key: `${event.phoneNumberId}:${event.wamid}`, ttlMs: deps.settings.dedupeTtlMs },
          // Reactions do not (knowingly) reopen Meta's customer service window (whatsapp.md §9).
          event.content.type !== 'reaction',
        );
        if (result === 'duplicate') deps.metrics.duplicatesDropped.inc({ kind: 'message' });
        else deps.metrics.webhookItems.inc({ kind: 'message' });
        // Wake even on a duplicate: if an earlier attempt stored the message but failed before waking the
        // conversation, Meta's retry repairs it (the wake-up id is the same, so it is never doubled).
        await wake(deps, convKey, `m-${pseudonym(event.wamid)}`, deps.settings.burstWindowMs);
        break;
      }
      case 'status': {
        deps.metrics.webhookItems.inc({ kind: 'status' });
        const errorCode = event.errors[0]?.code;
        const { record, advanced } = await deps.deliveries.apply(
          event.wamid,
          event.status,
          event.at,
          errorCode,
        );
        deps.metrics.statuses.inc({ status: event.status, result: advanced ? 'applied' : 'stale' });
        if (!advanced) deps.metrics.duplicatesDropped.inc({ kind: 'status' });
        if (advanced && event.status === 'failed' && record.convKey !== '') {
          await appendInternal(deps, record.convKey, {
            type: 'delivery_failed',
            wamid: event.wamid,
            code: errorCode,
          });
        }
        break;
      }
      case 'account_error':
        deps.metrics.webhookItems.inc({ kind: 'account_error' });
        deps.logger.error(
          { codes: event.errors.map((e) => e.code) },
          'WhatsApp account-level error reported by Meta',
        );
        break;
      default: {
        const unknown: never = event;
        deps.logger.warn({ kind: String(unknown) }, 'unknown webhook event kind');
      }
    }
  }
}

/** Put an internal event into a conversation's inbox and wake the conversation. */
export async function appendInternal(
  deps: Pick<IngestDeps, 'store' | 'queue' | 'now'>,
  convKey: string,
  event: InternalEvent,
): Promise<void> {
  const id = `i-${randomUUID()}`;
  const payload: InboxPayload = { kind: 'internal', event };
  await deps.store.append({ id, convKey, receivedAt: deps.now(), sentAt: deps.now(), payload }, null, false);
  await wake(deps, convKey, id, 0);
}

/** Schedule processing of a conversation. One wake-up per inbox item; extra ones find nothing to do. */
export async function wake(
  deps: Pick<IngestDeps, 'queue'>,
  convKey: string,
  itemId: string,
  delayMs: number,
): Promise<void> {
  await deps.queue.add(QUEUES.inbox, {
    id: `wake-${pseudonym(convKey)}-${itemId}`,
    data: { convKey },
    delayMs,
  });
}
