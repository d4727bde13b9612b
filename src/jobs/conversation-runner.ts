import type { Effect, PatientText, TextParams } from '../conversation/effects.ts';
import type { ConversationEngine, StepContext } from '../conversation/engine.ts';
import type { ConversationEvent, EhrOutcome, PatientMessage } from '../conversation/events.ts';
import type { Translator } from '../i18n/translator.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ContactPreferences } from '../sessions/contact-preferences.ts';
import type { ConversationLock } from '../sessions/conversation-lock.ts';
import type { ConversationStore, InboxItem, OutboxJob } from '../sessions/conversation-store.ts';
import { AppError } from '../shared/app-error.ts';
import { pseudonym } from '../shared/hash.ts';
import type { Language } from '../shared/language.ts';
import type { OutboundMessage, Recipient } from '../whatsapp/outbound-message.ts';
import type { InboundMessageEvent } from '../whatsapp/webhook-events.ts';
import {
  type ConversationEnvelope,
  ENVELOPE_VERSION,
  identityForEnvelope,
  readEnvelope,
  TRANSCRIPT_LIMIT,
  type TranscriptEntry,
} from './conversation-envelope.ts';
import type { EffectExecutor } from './effect-executor.ts';
import type { InboxPayload } from './inbox-payload.ts';
import { QUEUES } from './inbox-payload.ts';
import type { JobQueue } from './job-queue.ts';
import { RetryLater } from './job-queue.ts';
import type { OutboundJobData } from './outbound-worker.ts';
import { type ReminderJobData, reminderJobId } from './reminder-worker.ts';

export interface RunnerDeps {
  readonly store: ConversationStore;
  readonly lock: ConversationLock;
  readonly queue: JobQueue;
  /** Durable STOP per WhatsApp identity (the session's own flag expires with it). */
  readonly preferences: ContactPreferences;
  readonly engine: ConversationEngine;
  readonly executor: EffectExecutor;
  readonly translator: Translator;
  readonly clinic: StepContext['clinic'];
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => number;
  readonly markRead: (wamid: string, typing: boolean) => Promise<void>;
  readonly settings: {
    readonly burstWindowMs: number;
    readonly burstMaxWaitMs: number;
    readonly staleMessageAgeMs: number;
    readonly sessionTtlMs: number;
    readonly lockTtlMs: number;
  };
}

/** Effects an engine may chain within one turn before we stop it (a loop would be a bug). */
const MAX_STEPS_PER_TURN = 24;

/**
 * Process everything waiting in one conversation's inbox as one turn: lock, load, merge the patient's
 * burst, step the engine (running inline reads and model calls and feeding their results back),
 * then commit the session, the consumed items and the turn's outgoing jobs atomically, and hand the
 * jobs to their queues. Throws RetryLater when the conversation is busy or the burst is still open.
 */
export async function runConversationTurn(deps: RunnerDeps, convKey: string): Promise<'processed' | 'idle'> {
  const { store, lock, settings, logger } = deps;
  const token = await lock.acquire(convKey, settings.lockTtlMs);
  if (token === null) throw new RetryLater(250 + Math.random() * 250, 'conversation busy');
  const keepAlive = setInterval(
    () => {
      void lock.extend(convKey, token, settings.lockTtlMs);
    },
    Math.max(1000, settings.lockTtlMs / 3),
  );
  keepAlive.unref?.();
  const started = performance.now();
  try {
    const items = await store.pending(convKey);
    if (items.length === 0) return 'idle';

    const now = deps.now();
    const patientItems = items.filter((i) => payloadOf(i).kind === 'patient');
    if (patientItems.length > 0) {
      const newest = Math.max(...patientItems.map((i) => i.receivedAt));
      const oldest = Math.min(...patientItems.map((i) => i.receivedAt));
      const quietFor = now - newest;
      if (quietFor < settings.burstWindowMs && now - oldest < settings.burstMaxWaitMs) {
        // The patient is still typing: wait for the burst to end so it becomes one turn.
        throw new RetryLater(settings.burstWindowMs - quietFor, 'burst still open');
      }
    }

    const stored = await store.loadSession(convKey);
    const result = await stepAll(
      deps,
      convKey,
      stored === null ? null : readEnvelope(stored.data),
      items,
      now,
    );
    const outcome = await store.commit({
      convKey,
      expectedVersion: stored?.version ?? 0,
      session: result.envelope,
      ttl: patientItems.length > 0 ? { refreshMs: settings.sessionTtlMs } : 'keep',
      consumed: items.map((i) => i.id),
      outbox: result.outbox,
    });
    if (outcome === 'conflict') {
      // Someone committed this conversation under our feet (an expired lock): redo the turn on fresh state.
      logger.warn({ conv: pseudonym(convKey) }, 'session version conflict; turn will be redone');
      throw new RetryLater(50, 'session version conflict');
    }
    await flushOutbox(deps);
    const newWaId = changedNumber(patientItems);
    if (newWaId !== undefined && result.envelope !== null) {
      await followNumberChange(deps, convKey, result.envelope, newWaId);
    }
    deps.metrics.turnSeconds.observe((performance.now() - started) / 1000);
    for (const item of patientItems)
      deps.metrics.inboundToReplySeconds.observe((deps.now() - item.receivedAt) / 1000);
    logger.debug(
      { conv: pseudonym(convKey), items: items.length, jobs: result.outbox.length },
      'turn committed',
    );
    return 'processed';
  } finally {
    clearInterval(keepAlive);
    await lock.release(convKey, token).catch(() => undefined);
  }
}

/** Hand committed outbox jobs to their queues. Safe to run concurrently and after a crash: job ids dedupe. */
export async function flushOutbox(deps: Pick<RunnerDeps, 'store' | 'queue'>): Promise<number> {
  let flushed = 0;
  for (;;) {
    const jobs = await deps.store.outbox(100);
    if (jobs.length === 0) return flushed;
    for (const job of jobs) {
      await deps.queue.add(job.queue, {
        id: job.jobId,
        data: job.data,
        ...(job.delayMs !== undefined ? { delayMs: job.delayMs } : {}),
      });
    }
    await deps.store.ackOutbox(jobs.map((j) => j.outboxId));
    flushed += jobs.length;
  }
}

/** The new wa_id of the last `user_changed_number` notice among the turn's messages, if any. */
function changedNumber(items: readonly InboxItem[]): string | undefined {
  let newWaId: string | undefined;
  for (const item of items) {
    const payload = payloadOf(item);
    if (payload.kind === 'patient' && payload.message.content.type === 'changed_number') {
      newWaId = payload.message.content.newWaId;
    }
  }
  return newWaId;
}

/**
 * After a committed turn that carried a number-change notice for a LIVE conversation: when the
 * conversation is keyed by the old wa_id (no BSUID: before 2026, or a user Meta sends none for), the
 * patient's next messages arrive under the new wa_id, so the session moves there and the chat goes on
 * (whatsapp.md §2.9). With a BSUID the key is the BSUID, which Meta regenerates with the number
 * (§2.10): there is no key to follow, and the EHR relink alone makes the patient known again.
 * Runs under the old key's lock (still held) and takes the new key's, so no turn of the new number
 * runs meanwhile; `renameSession` never overwrites a conversation the new number already has.
 */
async function followNumberChange(
  deps: RunnerDeps,
  convKey: string,
  envelope: ConversationEnvelope,
  newWaId: string,
): Promise<void> {
  const { identity } = envelope;
  if (identity.userId !== undefined || identity.waId !== convKey || newWaId === convKey) return;
  const log = { conv: pseudonym(convKey), to: pseudonym(newWaId) };
  const token = await deps.lock.acquire(newWaId, deps.settings.lockTtlMs);
  if (token === null) {
    // The new number is mid-turn: it has its own conversation now, which wins.
    deps.logger.info(log, 'number changed; the new number is already talking, session not moved');
    return;
  }
  try {
    const moved = await deps.store.renameSession(convKey, newWaId);
    deps.logger.info({ ...log, moved }, 'number changed; session follows the new number');
  } finally {
    await deps.lock.release(newWaId, token).catch(() => undefined);
  }
}

function payloadOf(item: InboxItem): InboxPayload {
  return item.payload as InboxPayload;
}

interface TurnResult {
  readonly envelope: ConversationEnvelope | null;
  readonly outbox: OutboxJob[];
}

async function stepAll(
  deps: RunnerDeps,
  convKey: string,
  loaded: ConversationEnvelope | null,
  items: readonly InboxItem[],
  now: number,
): Promise<TurnResult> {
  let envelope: ConversationEnvelope | null = loaded;
  let engineState: unknown = loaded?.engine ?? null;
  const outbox: OutboxJob[] = [];
  const sends: Array<{ message: OutboundMessage; language: Language }> = [];
  const transcript: TranscriptEntry[] = [...(loaded?.transcript ?? [])];
  const turnId = `${pseudonym(convKey)}-${pseudonym(items[0]?.id ?? 'x')}`;

  const ctx: StepContext = { now, conversationRef: pseudonym(convKey), clinic: deps.clinic };

  // Group consecutive patient messages into one turn; internal events are their own steps.
  const events: ConversationEvent[] = [];
  let burst: InboundMessageEvent[] = [];
  const flushBurst = () => {
    if (burst.length === 0) return;
    const newest = burst.reduce((a, b) => (b.sentAt > a.sentAt ? b : a));
    const messages: PatientMessage[] = burst.map((m) => ({
      wamid: m.wamid,
      sentAt: m.sentAt,
      content: m.content,
      ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}),
      ...(m.forwarded !== undefined ? { forwarded: m.forwarded } : {}),
    }));
    const stale = now - newest.sentAt > deps.settings.staleMessageAgeMs;
    if (stale) deps.metrics.staleReplays.inc(burst.length);
    events.push({ type: 'patient_turn', identity: newest.identity, messages, stale });
    burst = [];
  };
  for (const item of items) {
    const payload = payloadOf(item);
    if (payload.kind === 'patient') burst.push(payload.message);
    else {
      flushBurst();
      events.push(payload.event);
    }
  }
  flushBurst();

  for (const first of events) {
    if (first.type === 'patient_turn') {
      const identity = identityForEnvelope(first.identity);
      envelope = {
        envelopeVersion: ENVELOPE_VERSION,
        identity: envelope === null ? identity : { ...envelope.identity, ...identity },
        language: envelope?.language ?? deps.clinic.defaultLanguage,
        lastInboundAt: Math.max(envelope?.lastInboundAt ?? 0, ...first.messages.map((m) => m.sentAt)),
        transcript: [],
        engine: engineState,
      };
      for (const m of first.messages) transcript.push({ dir: 'in', at: m.sentAt, text: describeInbound(m) });
    }
    if (first.type === 'staff_message') transcript.push({ dir: 'staff', at: now, text: first.text });
    if (envelope === null) {
      // An internal event for a conversation that no longer exists (expired, deleted): nothing to do.
      continue;
    }
    if (first.type === 'delivery_failed' && first.code === 131047) {
      outbox.push(reengageJob(convKey, envelope, `${turnId}-reengage`));
    }

    const queue: ConversationEvent[] = [first];
    let steps = 0;
    while (queue.length > 0) {
      steps += 1;
      if (steps > MAX_STEPS_PER_TURN) {
        throw new AppError('ENGINE_LOOP', 'conversation engine chained too many effects in one turn');
      }
      const event = queue.shift() as ConversationEvent;
      const result = deps.engine.step(engineState, event, ctx);
      engineState = result.session;
      for (const effect of result.effects) {
        const followUp = await runEffect(deps, effect, envelope, convKey, turnId, outbox, sends, transcript);
        if (followUp !== null) queue.push(followUp);
      }
    }
  }

  if (envelope !== null && sends.length > 0) {
    const language = sends.at(-1)?.language ?? envelope.language;
    envelope = { ...envelope, language };
    const data: OutboundJobData = {
      convKey,
      recipient: recipientOf(envelope),
      language,
      messages: sends.map((s) => s.message),
      sent: 0,
    };
    outbox.unshift({ queue: QUEUES.outbound, jobId: `out-${turnId}`, data });
  }

  // The engine returns null to forget the conversation (declined consent, "delete my data").
  if (envelope === null || engineState === null) return { envelope: null, outbox };
  return {
    envelope: { ...envelope, engine: engineState, transcript: transcript.slice(-TRANSCRIPT_LIMIT) },
    outbox,
  };
}

async function runEffect(
  deps: RunnerDeps,
  effect: Effect,
  envelope: ConversationEnvelope,
  convKey: string,
  turnId: string,
  outbox: OutboxJob[],
  sends: Array<{ message: OutboundMessage; language: Language }>,
  transcript: TranscriptEntry[],
): Promise<ConversationEvent | null> {
  switch (effect.type) {
    case 'send': {
      const message = translate(deps.translator, effect.language, effect.text, effect.replyTo);
      sends.push({ message, language: effect.language });
      transcript.push({
        dir: 'out',
        at: deps.now(),
        text: message.kind === 'template' ? message.name : message.body,
      });
      return null;
    }
    case 'mark_read':
      // Fire and forget: the read receipt must not hold up (or fail) the turn.
      void deps.markRead(effect.wamid, effect.typing).catch(() => undefined);
      return null;
    case 'ehr_read': {
      const outcome = await deps.executor.ehrRead(effect.op, envelope.identity);
      return { type: 'ehr_read_result', requestId: effect.requestId, outcome };
    }
    case 'model': {
      const outcome: EhrOutcome = await deps.executor.model(effect.op);
      return { type: 'model_result', requestId: effect.requestId, outcome };
    }
    case 'ehr_write':
      outbox.push({
        queue: QUEUES.ehr,
        jobId: `ehr-${pseudonym(convKey)}-${effect.requestId}`,
        data: { convKey, requestId: effect.requestId, op: effect.op, identity: envelope.identity },
      });
      return null;
    case 'timer':
      outbox.push({
        queue: QUEUES.timer,
        jobId: `timer-${pseudonym(convKey)}-${effect.timerId}`,
        data: { convKey, timerId: effect.timerId, name: effect.name },
        delayMs: effect.delayMs,
      });
      return null;
    case 'observe':
      // Agreement between model and protocol: counted, and logged without PHI (a code, not words).
      deps.metrics.modelAgreement.inc({ result: effect.value.split(':')[0] ?? effect.value });
      if (effect.value !== 'agree')
        deps.logger.info({ conv: pseudonym(convKey), model: effect.value }, 'model and protocol');
      return null;
    case 'schedule_reminder': {
      // Committed with the turn, then a delayed job whose id is the appointment's: a redone turn or a
      // booking result seen twice adds the same id again, which the queue ignores.
      const data: ReminderJobData = {
        convKey,
        recipient: recipientOf(envelope),
        patientId: effect.patientId,
        appointmentId: effect.appointmentId,
        start: effect.start,
        language: effect.language,
      };
      outbox.push({
        queue: QUEUES.reminders,
        jobId: reminderJobId(effect.appointmentId),
        data,
        delayMs: Math.max(0, Date.parse(effect.dueAt) - deps.now()),
      });
      return null;
    }
    case 'withdraw_reminders': {
      // At once, like a STOP: idempotent, so a redone turn only finds nothing left to remove.
      const removed = await deps.queue.removePending(
        QUEUES.reminders,
        (data) => (data as Partial<ReminderJobData> | null)?.convKey === convKey,
      );
      deps.logger.info({ conv: pseudonym(convKey), removed }, 'reminders withdrawn (delete my data)');
      return null;
    }
    case 'readdress_reminders': {
      // At once, like a withdrawal; a redone turn rewrites the same jobs to the same data. When the
      // conversation is keyed by the old wa_id its session moves to the new one (followNumberChange),
      // and so does the reminder's key (its STOP check); a BSUID-keyed one keeps its key, the only one
      // we know (the new BSUID arrives with the patient's next message).
      const followsNumber = envelope.identity.userId === undefined && envelope.identity.waId === convKey;
      const changed = await deps.queue.updatePending(QUEUES.reminders, (data) => {
        const job = data as ReminderJobData | null;
        if (job?.convKey !== convKey) return undefined;
        const readdressed: ReminderJobData = {
          ...job,
          convKey: followsNumber ? effect.newWaId : job.convKey,
          recipient: { phone: `+${effect.newWaId}` },
        };
        return readdressed;
      });
      deps.logger.info({ conv: pseudonym(convKey), changed }, 'reminders follow the new number');
      return null;
    }
    case 'contact_preference':
      // Written at once, before the commit: both writes are idempotent, a redone turn writes the same,
      // and turns of one conversation never overlap (the lock), so the latest wish is what stays.
      if (effect.optedOut) await deps.preferences.optOut(convKey, deps.now());
      else await deps.preferences.optIn(convKey);
      return null;
    case 'alert_staff':
      deps.metrics.deadLetters.inc({ queue: 'conversation', code: effect.code });
      deps.logger.warn({ conv: pseudonym(convKey), code: effect.code, turn: turnId }, 'staff alert');
      return null;
    default: {
      const unknown: never = effect;
      throw new AppError('ENGINE_BAD_EFFECT', `unknown effect ${JSON.stringify(unknown)}`);
    }
  }
}

/** The catalogue text for a PatientText in `language`, as a channel-neutral message. */
export function translate(
  translator: Translator,
  language: Language,
  text: PatientText,
  replyTo?: string,
): OutboundMessage {
  const reply = replyTo === undefined ? {} : { replyTo };
  // A parameter `@t:<key>` is itself a catalogue text (e.g. the word for the patient's sex).
  const params = (p: TextParams | undefined): TextParams | undefined => {
    if (p === undefined) return undefined;
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(p)) {
      out[k] = typeof v === 'string' && v.startsWith('@t:') ? translator.t(language, v.slice(3)) : v;
    }
    return out;
  };
  switch (text.kind) {
    case 'text':
      return { kind: 'text', body: translator.t(language, text.key, params(text.params)), ...reply };
    case 'verbatim':
      return { kind: 'text', body: text.text, ...reply };
    case 'choices':
      return {
        kind: 'choices',
        body: translator.t(language, text.key, params(text.params)),
        buttonLabel: translator.t(language, text.buttonKey),
        choices: text.choices.map((c) => {
          const title =
            c.label ?? (c.key === undefined ? c.id : translator.t(language, c.key, params(c.params)));
          const description =
            c.description ??
            (c.descriptionKey === undefined
              ? undefined
              : translator.t(language, c.descriptionKey, params(c.params)));
          return { id: c.id, title, ...(description !== undefined ? { description } : {}) };
        }),
        ...reply,
      };
    default: {
      const unknown: never = text;
      throw new AppError('ENGINE_BAD_TEXT', `unknown text ${JSON.stringify(unknown)}`);
    }
  }
}

/** Where messages to this conversation go: the phone when Meta gave us one, and the BSUID. */
export function recipientOf(envelope: Pick<ConversationEnvelope, 'identity'>): Recipient {
  const { waId, userId } = envelope.identity;
  return {
    ...(waId !== undefined ? { phone: `+${waId}` } : {}),
    ...(userId !== undefined ? { userId } : {}),
  };
}

function reengageJob(convKey: string, envelope: ConversationEnvelope, id: string): OutboxJob {
  const data: OutboundJobData = {
    convKey,
    recipient: recipientOf(envelope),
    language: envelope.language,
    messages: [],
    sent: 0,
    reengage: true,
  };
  return { queue: QUEUES.outbound, jobId: `out-${id}`, data };
}

/** A short, staff-readable line for the transcript (media are described, not stored). */
function describeInbound(m: PatientMessage): string {
  const c = m.content;
  switch (c.type) {
    case 'text':
      return c.text;
    case 'button_reply':
    case 'list_reply':
      return `[${c.title}]`;
    case 'template_button':
      return `[${c.text}]`;
    case 'media':
      return `[${c.mediaKind}${c.caption !== undefined ? `: ${c.caption}` : ''}]`;
    case 'location':
      return '[location]';
    case 'contacts':
      return '[contact card]';
    case 'reaction':
      return `[reaction ${c.emoji ?? 'removed'}]`;
    case 'changed_number':
      return '[changed phone number]';
    case 'unsupported':
    case 'unknown':
      return '[unsupported message]';
    default: {
      const unknown: never = c;
      return String(unknown);
    }
  }
}
