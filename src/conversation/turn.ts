import type { ClinicHours } from '../scheduling/clinic-hours.ts';
import type { Language } from '../shared/language.ts';
import type {
  ProtocolAnswer,
  ProtocolState,
  ProtocolStep,
  RedFlagHit,
  TriagePatient,
} from '../triage/types.ts';
import type { Effect, EhrReadOp, EhrWriteOp, PatientText, TextParams } from './effects.ts';
import type { StepContext } from './engine.ts';
import type { Session, StateName } from './session.ts';

/** The pure triage protocol the conversation uses (the embedded SATS-shaped engine). */
export interface TriageProtocol {
  /** Red flags in `text`; age and sex sharpen some (fever under 3 months, pregnancy). */
  screen(text: string, patient?: TriagePatient): RedFlagHit[];
  start(input: { text: string; patient?: TriagePatient }): ProtocolStep;
  answer(state: ProtocolState, answer: ProtocolAnswer): ProtocolStep;
  addText(state: ProtocolState, text: string): ProtocolState;
}

/** Configuration of the conversation that does not change between turns. */
export interface EngineOptions {
  readonly triage: TriageProtocol;
  readonly hours: ClinicHours;
  /** Working days over which routine bookings are offered. */
  readonly routineDays: number;
  /** Minutes between now and the earliest bookable slot. */
  readonly minLeadMinutes: number;
  /** Hours before an appointment its reminder is sent; 0 disables reminders (REMINDER_HOURS_BEFORE). */
  readonly reminderHoursBefore: number;
  /** MedGemma after the protocol (absent: the protocol alone). */
  readonly model?: { readonly maxQuestions: number; readonly supportsImages: boolean };
}

/**
 * One step of the engine in progress: the session being changed and the effects collected so far,
 * with small helpers so each flow reads like the conversation it implements.
 */
export class Turn {
  readonly effects: Effect[] = [];
  /** Set to forget the whole conversation (declined consent, "delete my data"). */
  forget = false;

  constructor(
    public s: Session,
    readonly ctx: StepContext,
    readonly options: EngineOptions,
  ) {}

  get now(): number {
    return this.ctx.now;
  }

  get language(): Language {
    return this.s.language;
  }

  /** Send a message (unless the patient opted out: then nothing is sent until they write again). */
  say(message: PatientText): void {
    if (this.s.optedOut) return;
    this.effects.push({ type: 'send', language: this.s.language, text: message });
  }

  /** Send a text from the catalogue. */
  sayKey(key: string, params?: TextParams): void {
    this.say(params === undefined ? { kind: 'text', key } : { kind: 'text', key, params });
  }

  /** Send a question and remember it, so it can be asked again after help or a misunderstanding. */
  ask(prompt: PatientText, state?: StateName, step?: string): void {
    if (state !== undefined) this.go(state, step ?? '');
    this.s.lastPrompt = prompt;
    this.s.misunderstood = 0;
    this.say(prompt);
  }

  /** Ask the last question again. */
  reask(): void {
    if (this.s.lastPrompt !== null) this.say(this.s.lastPrompt);
  }

  go(state: StateName, step = ''): void {
    this.s.state = state;
    this.s.step = step;
  }

  nextId(prefix: string): string {
    this.s.seq += 1;
    return `${prefix}-${this.s.episode}-${this.s.seq}`;
  }

  /** Ask the runner for an EHR read; its result comes back as `ehr_read_result` in this turn. */
  read(purpose: string, op: EhrReadOp): void {
    const requestId = this.nextId('r');
    this.s.awaiting = { requestId, purpose, op: { ...op } };
    this.effects.push({ type: 'ehr_read', requestId, op });
  }

  /** Queue a durable EHR write; its result comes back later as `ehr_write_result`. */
  write(op: EhrWriteOp, requestId = this.nextId('w')): string {
    this.effects.push({ type: 'ehr_write', requestId, op });
    return requestId;
  }

  timer(name: string, delayMs: number): void {
    this.effects.push({ type: 'timer', timerId: this.nextId(`t-${name}`), name, delayMs });
  }

  alert(code: string): void {
    this.effects.push({ type: 'alert_staff', code });
  }

  /** Record the patient's messaging preference durably (it must outlive the session: see effects.ts). */
  preference(optedOut: boolean): void {
    this.effects.push({ type: 'contact_preference', optedOut });
  }
}
