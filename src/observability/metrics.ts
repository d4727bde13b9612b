import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics, on one registry per process (no global registry, so tests can
 * build as many apps as they like). Labels never carry PHI: outcomes, codes and queue names only.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'omw_process_' });

  const webhookRequests = new Counter({
    name: 'omw_webhook_requests_total',
    help: 'Webhook POSTs by result (accepted, bad_signature, malformed, too_large, error)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const webhookItems = new Counter({
    name: 'omw_webhook_items_total',
    help: 'Items found in webhook payloads by kind (message, status, account_error, ignored, malformed)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const duplicatesDropped = new Counter({
    name: 'omw_duplicates_dropped_total',
    help: 'Inbound messages and statuses dropped because they were already received',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const webhookAckSeconds = new Histogram({
    name: 'omw_webhook_ack_seconds',
    help: 'Time from receiving a webhook POST to answering it',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'omw_turn_processing_seconds',
    help: 'Time to process one conversation turn (lock, load, step, effects, save)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const inboundToReplySeconds = new Histogram({
    name: 'omw_inbound_to_turn_seconds',
    help: 'Time from receiving a patient message to committing the turn that answers it',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'omw_sends_total',
    help: 'Outbound Graph API sends by outcome (sent, retried, template_fallback, dead_letter) and Meta error code',
    labelNames: ['outcome', 'code'] as const,
    registers: [registry],
  });
  const statuses = new Counter({
    name: 'omw_message_statuses_total',
    help: 'Status webhooks by status and whether they advanced the message (applied, stale)',
    labelNames: ['status', 'result'] as const,
    registers: [registry],
  });
  const staleReplays = new Counter({
    name: 'omw_stale_messages_total',
    help: 'Inbound messages older than STALE_MESSAGE_AGE_S when processed (Meta redelivery after an outage)',
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'omw_queue_depth',
    help: 'Jobs waiting or delayed per queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'omw_dead_letters_total',
    help: 'Jobs given up on, by queue and error code (staff should look)',
    labelNames: ['queue', 'code'] as const,
    registers: [registry],
  });

  const modelAgreement = new Counter({
    name: 'omw_model_agreement_total',
    help: "How MedGemma's urgency compared with the protocol's (model_higher, model_lower, agree) or why it was not used",
    labelNames: ['result'] as const,
    registers: [registry],
  });

  const reminders = new Counter({
    name: 'omw_reminders_total',
    help: 'Appointment reminders by outcome (sent, skipped_cancelled, skipped_opted_out, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  return {
    registry,
    reminders,
    modelAgreement,
    webhookRequests,
    webhookItems,
    duplicatesDropped,
    webhookAckSeconds,
    turnSeconds,
    inboundToReplySeconds,
    sends,
    statuses,
    staleReplays,
    queueDepth,
    deadLetters,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
