import { createConversationEngine } from '../../src/conversation/conversation-engine.ts';
import type { Effect, EhrReadOp, EhrWriteOp, PatientText } from '../../src/conversation/effects.ts';
import type { ConversationEngine, StepContext } from '../../src/conversation/engine.ts';
import type { ConversationEvent, EhrOutcome } from '../../src/conversation/events.ts';
import type { EngineOptions } from '../../src/conversation/turn.ts';
import type { BookingRequest, NewPatient, TriageRecord } from '../../src/ehr/ehr-port.ts';
import type { MemoryEhr } from '../../src/ehr/memory/memory-ehr.ts';
import { parseWeeklyHours } from '../../src/scheduling/clinic-hours.ts';
import { isAppError } from '../../src/shared/app-error.ts';
import type { InboundContent, WhatsAppIdentity } from '../../src/whatsapp/webhook-events.ts';

export const WEEKDAY_HOURS = (() => {
  const parsed = parseWeeklyHours('mon-fri 08:00-17:00; sat 08:00-12:00');
  if (!parsed.ok) throw new Error('bad test hours');
  return { weekly: parsed.value, closedDates: [] as string[] };
})();

export interface Sent {
  readonly text: PatientText;
  readonly language: string;
}

/**
 * Drives the pure engine the way the runner does, in memory: EHR reads and writes run against a
 * memory EHR and their results are fed back; timers and alerts are recorded. For engine tests.
 */
export class EngineDriver {
  session: unknown = null;
  readonly sent: Sent[] = [];
  readonly effects: Effect[] = [];
  readonly alerts: string[] = [];
  readonly timers: Array<{ name: string; delayMs: number }> = [];
  readonly engine: ConversationEngine;
  /** Writes are held here when `holdWrites` is set, to test results arriving later. */
  readonly heldWrites: Array<{ requestId: string; op: EhrWriteOp }> = [];
  holdWrites = false;
  /** Every step the engine took: the session before, the event, the effects, the session after. */
  readonly history: Array<{
    before: unknown;
    event: ConversationEvent;
    effects: readonly Effect[];
    after: unknown;
  }> = [];
  now: number;
  private n = 0;

  constructor(
    readonly ehr: MemoryEhr,
    options: Partial<EngineOptions> & Pick<EngineOptions, 'triage'>,
    readonly identity: WhatsAppIdentity = { key: '254712345678', waId: '254712345678' },
    readonly clinic: Partial<StepContext['clinic']> = {},
    start = Date.parse('2026-11-24T07:00:00.000Z'),
  ) {
    this.now = start;
    this.engine = createConversationEngine({
      hours: WEEKDAY_HOURS,
      routineDays: 7,
      minLeadMinutes: 30,
      reminderHoursBefore: 24,
      ...options,
    });
  }

  get ctx(): StepContext {
    return {
      now: this.now,
      conversationRef: 'conv-test',
      clinic: {
        name: 'Test Clinic',
        timeZone: 'Africa/Nairobi',
        emergencyNumber: '999',
        phone: undefined,
        defaultLanguage: 'en',
        handoverTimeoutMs: 3_600_000,
        ...this.clinic,
      },
    };
  }

  /** The patient sends text (or a button/list reply id with `{ choice }`, or any content). */
  async patient(
    input: string | { choice: string } | InboundContent,
    opts: { stale?: boolean } = {},
  ): Promise<Sent[]> {
    this.n += 1;
    const content: InboundContent =
      typeof input === 'string'
        ? { type: 'text', text: input }
        : 'choice' in input
          ? { type: 'button_reply', id: input.choice, title: input.choice }
          : input;
    return this.event({
      type: 'patient_turn',
      identity: this.identity,
      messages: [{ wamid: `wamid.t${this.n}`, sentAt: this.now, content }],
      stale: opts.stale ?? false,
    });
  }

  /** Run one event and everything it chains (reads inline; writes now, unless held). */
  async event(first: ConversationEvent): Promise<Sent[]> {
    const before = this.sent.length;
    const queue: ConversationEvent[] = [first];
    while (queue.length > 0) {
      const event = queue.shift() as ConversationEvent;
      const before = this.session;
      const result = this.engine.step(this.session, event, this.ctx);
      this.session = JSON.parse(JSON.stringify(result.session ?? null));
      this.history.push({ before, event, effects: result.effects, after: this.session });
      for (const effect of result.effects) {
        this.effects.push(effect);
        switch (effect.type) {
          case 'send':
            this.sent.push({ text: effect.text, language: effect.language });
            break;
          case 'alert_staff':
            this.alerts.push(effect.code);
            break;
          case 'timer':
            this.timers.push({ name: effect.name, delayMs: effect.delayMs });
            break;
          case 'ehr_read':
            queue.push({
              type: 'ehr_read_result',
              requestId: effect.requestId,
              outcome: await this.read(effect.op),
            });
            break;
          case 'ehr_write':
            if (this.holdWrites) this.heldWrites.push({ requestId: effect.requestId, op: effect.op });
            else
              queue.push({
                type: 'ehr_write_result',
                requestId: effect.requestId,
                outcome: await this.write(effect.op),
              });
            break;
          default:
            break;
        }
      }
    }
    return this.sent.slice(before);
  }

  /** Deliver held writes (as the durable queue would, later). */
  async releaseWrites(): Promise<Sent[]> {
    const before = this.sent.length;
    for (const held of this.heldWrites.splice(0)) {
      await this.event({
        type: 'ehr_write_result',
        requestId: held.requestId,
        outcome: await this.write(held.op),
      });
    }
    return this.sent.slice(before);
  }

  keys(sent: readonly Sent[] = this.sent): string[] {
    return sent.map((s) => (s.text.kind === 'verbatim' ? `verbatim:${s.text.text}` : s.text.key));
  }

  lastChoices(): Array<{ id: string; label?: string; key?: string }> {
    const last = [...this.sent].reverse().find((s) => s.text.kind === 'choices');
    return last?.text.kind === 'choices'
      ? last.text.choices.map((c) => ({
          id: c.id,
          ...(c.label !== undefined ? { label: c.label } : {}),
          ...(c.key !== undefined ? { key: c.key } : {}),
        }))
      : [];
  }

  state(): { state: string; step: string } {
    const s = this.session as { state: string; step: string } | null;
    return s === null ? { state: 'NONE', step: '' } : { state: s.state, step: s.step };
  }

  private async read(op: EhrReadOp): Promise<EhrOutcome> {
    try {
      switch (op.kind) {
        case 'find_patients':
          return { ok: true, value: await this.ehr.findPatientsByWhatsApp(this.identity) };
        case 'list_services':
          return { ok: true, value: await this.ehr.listServices() };
        case 'find_slots':
          return { ok: true, value: await this.ehr.findFreeSlots(op) };
        case 'list_appointments':
          return { ok: true, value: await this.ehr.listUpcomingAppointments(op.patientId, op.from) };
        case 'identity_appointments': {
          // As the runner's executor does: only the patients linked to this identity.
          const patients = await this.ehr.findPatientsByWhatsApp(this.identity);
          const lists = await Promise.all(
            patients.map((p) => this.ehr.listUpcomingAppointments(p.id, op.from)),
          );
          return {
            ok: true,
            value: {
              patients: patients.map((p) => ({ id: p.id, givenName: p.givenName })),
              appointments: lists.flat(),
            },
          };
        }
        default:
          return { ok: false, code: 'UNKNOWN', retryable: false };
      }
    } catch (err) {
      return isAppError(err)
        ? { ok: false, code: err.code, retryable: err.retryable }
        : { ok: false, code: 'X', retryable: true };
    }
  }

  private async write(op: EhrWriteOp): Promise<EhrOutcome> {
    try {
      switch (op.kind) {
        case 'register_patient':
          return {
            ok: true,
            value: await this.ehr.registerPatient(
              { ...(op.patient as Omit<NewPatient, 'whatsapp'>), whatsapp: this.identity },
              op.idempotencyKey,
            ),
          };
        case 'book':
          return { ok: true, value: await this.ehr.book(op.booking as BookingRequest) };
        case 'cancel_appointment':
          await this.ehr.cancelAppointment(op.appointmentId);
          return { ok: true, value: null };
        case 'record_triage':
          return { ok: true, value: await this.ehr.recordTriage(op.record as TriageRecord) };
        default:
          return { ok: false, code: 'UNKNOWN', retryable: false };
      }
    } catch (err) {
      return isAppError(err)
        ? { ok: false, code: err.code, retryable: err.retryable }
        : { ok: false, code: 'X', retryable: false };
    }
  }
}
