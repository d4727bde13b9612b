import { describe, expect, it } from 'vitest';
import { createRecordingSender } from '../../test/support/recording-sender.ts';
import { captureLogger } from '../../test/support/silent-logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';
import { createMemoryDeliveryStore } from '../whatsapp/memory/memory-delivery-store.ts';
import { createMemoryRateLimiter } from '../whatsapp/memory/memory-rate-limiter.ts';
import type { OutboundMessage } from '../whatsapp/outbound-message.ts';
import type { JobContext } from './job-queue.ts';
import { handleOutboundJob, type OutboundDeps, type OutboundJobData } from './outbound-worker.ts';

const NOW = Date.parse('2026-11-24T07:00:00.000Z');
const REMINDER: OutboundMessage = {
  kind: 'template',
  name: 'appointment_reminder',
  language: 'en',
  bodyParams: ['Clinic', 'Thursday 26 November 2026', '09:00'],
  quickReplyPayloads: ['reminder:keep:a1:en', 'reminder:cancel:a1:en'],
};

/** The patient last wrote three days ago: the 24-hour window is closed. */
function setup(options: { reject?: GraphApiError } = {}) {
  const recording = createRecordingSender();
  const sender =
    options.reject === undefined
      ? recording
      : {
          ...recording,
          send: async () => {
            throw options.reject;
          },
        };
  const metrics = createMetrics();
  const failures: Array<number | undefined> = [];
  const deps: OutboundDeps = {
    store: { lastInbound: async () => NOW - 3 * 24 * 3600_000 },
    sender,
    limiter: createMemoryRateLimiter({ now: () => NOW }),
    deliveries: createMemoryDeliveryStore({ now: () => NOW }),
    metrics,
    logger: captureLogger().logger,
    now: () => NOW,
    reportFailure: async (_conv, code) => {
      failures.push(code);
    },
    settings: {
      phoneNumberId: '100000000000001',
      messagesPerSecond: 80,
      recipientBurst: 8,
      recipientIntervalMs: 6000,
      windowMarginMs: 600_000,
      reengageTemplate: 'clinic_reengage',
      templateLanguages: { en: 'en', fr: 'fr', es: 'es', pt: 'pt_BR', sw: 'sw' },
      clinicName: 'Clinic',
    },
  };
  const data: OutboundJobData = {
    convKey: '254712345678',
    recipient: { phone: '+254712345678' },
    language: 'en',
    messages: [REMINDER],
    sent: 0,
    purpose: 'reminder',
  };
  const job: JobContext = { id: 'out-reminder-x', data, attempt: 1, update: async () => {} };
  const reminders = async () =>
    Object.fromEntries(
      (await metrics.reminders.get()).values.map((v) => [String(v.labels.outcome), v.value]),
    );
  return { deps, job, recording, failures, reminders, deliveries: deps.deliveries };
}

describe('outbound worker and reminder templates', () => {
  it('sends the reminder template although the window is closed (no re-engagement fallback)', async () => {
    const h = setup();
    await handleOutboundJob(h.deps, h.job);
    expect(h.recording.sends.map((s) => s.message)).toEqual([REMINDER]);
    // Its delivery statuses are tracked like every other send.
    expect((await h.deliveries.get(h.recording.sends[0]?.wamid ?? ''))?.convKey).toBe('254712345678');
    expect(await h.reminders()).toEqual({ sent: 1 });
  });

  it('a template Meta refuses is dead-lettered, reported to the conversation and counted failed', async () => {
    const h = setup({
      reject: new GraphApiError({
        code: 'WHATSAPP_SEND_FAILED',
        message: 'template does not exist',
        graphCode: 132001,
        httpStatus: 404,
        sendOutcome: 'rejected',
      }),
    });
    await handleOutboundJob(h.deps, h.job);
    expect(h.failures).toEqual([132001]);
    expect(await h.reminders()).toEqual({ failed: 1 });
  });

  it('a transient failure is retried by the queue, not counted yet', async () => {
    const h = setup({
      reject: new GraphApiError({
        code: 'WHATSAPP_SEND_FAILED',
        message: 'something went wrong',
        graphCode: 131000,
        httpStatus: 500,
        sendOutcome: 'not_sent',
      }),
    });
    await expect(handleOutboundJob(h.deps, h.job)).rejects.toBeInstanceOf(GraphApiError);
    expect(h.failures).toEqual([]);
    expect(await h.reminders()).toEqual({});
  });
});
