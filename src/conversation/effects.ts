import type { Appointment, PatientSummary } from '../ehr/ehr-port.ts';
import type { Language } from '../shared/language.ts';

/** Parameters substituted into a catalogue text (`{{name}}` in i18n files). */
export type TextParams = Readonly<Record<string, string | number>>;

/** One choice offered to the patient: a catalogue key, or a literal label (a first name, a time). */
export interface ChoiceSpec {
  readonly id: string;
  readonly key?: string;
  readonly label?: string;
  readonly descriptionKey?: string;
  readonly description?: string;
  readonly params?: TextParams;
}

/** A patient-facing message in catalogue keys; the runner translates it into the session language. */
export type PatientText =
  | { readonly kind: 'text'; readonly key: string; readonly params?: TextParams }
  | {
      readonly kind: 'choices';
      readonly key: string;
      readonly params?: TextParams;
      readonly choices: readonly ChoiceSpec[];
      /** Catalogue key of the list button label (used when the choices render as a list). */
      readonly buttonKey: string;
    }
  /** Text that is not from the catalogue (a staff reply); sent as written. */
  | { readonly kind: 'verbatim'; readonly text: string };

/** What the conversation asks the runner to do. `step` never does I/O itself. */
export type Effect =
  | {
      readonly type: 'send';
      readonly language: Language;
      readonly text: PatientText;
      readonly replyTo?: string;
    }
  /**
   * Mark the patient's latest message read; `typing` shows the typing indicator while we work (only
   * when the bot is going to answer: never during a staff handover or after STOP).
   */
  | { readonly type: 'mark_read'; readonly wamid: string; readonly typing: boolean }
  /** An EHR read executed inline; its result comes back as `ehr_read_result` in the same turn. */
  | { readonly type: 'ehr_read'; readonly requestId: string; readonly op: EhrReadOp }
  /** A durable, idempotent EHR write; its result comes back later as `ehr_write_result`. */
  | { readonly type: 'ehr_write'; readonly requestId: string; readonly op: EhrWriteOp }
  /** A model call executed inline with a deadline; its result comes back as `model_result`. */
  | { readonly type: 'model'; readonly requestId: string; readonly op: ModelOp }
  /** Wake the conversation with a `timer` event after `delayMs`. */
  | { readonly type: 'timer'; readonly timerId: string; readonly name: string; readonly delayMs: number }
  /** Something staff must look at: a metric, a PHI-free log line, the console queue. */
  | { readonly type: 'alert_staff'; readonly code: string }
  /** A fact for the metrics (never PHI), e.g. how the model's urgency compared with the protocol's. */
  | { readonly type: 'observe'; readonly metric: 'model_agreement'; readonly value: string }
  /**
   * Remind the patient of a booked appointment at `dueAt` (an approved template, so it reaches them
   * days later, outside the 24-hour window). Emitted only when `dueAt` is still ahead; the runner
   * makes it a durable delayed job keyed by the appointment, so a retried turn never schedules twice.
   */
  | {
      readonly type: 'schedule_reminder';
      readonly appointmentId: string;
      readonly patientId: string;
      /** ISO instant the appointment starts. */
      readonly start: string;
      /** ISO instant the reminder is due. */
      readonly dueAt: string;
      readonly language: Language;
    }
  /**
   * "Delete my data": withdraw every reminder still scheduled for this WhatsApp identity. A reminder
   * job carries the recipient and outlives the session, so forgetting the session alone would leave
   * it, and a message would still arrive days later. The appointments stay in the EHR (clinical record).
   */
  | { readonly type: 'withdraw_reminders' }
  /**
   * The patient changed phone number (`user_changed_number`): the reminders still scheduled for this
   * identity go to `newWaId` from now on (the old number may be someone else's soon, and the BSUID is
   * regenerated with the number, whatsapp.md §2.9–§2.10).
   */
  | { readonly type: 'readdress_reminders'; readonly newWaId: string }
  /**
   * The patient's durable messaging preference for this WhatsApp identity: opted out on STOP, back in
   * when they write again. It outlives the session (a reminder goes out days later), unlike `optedOut`.
   */
  | { readonly type: 'contact_preference'; readonly optedOut: boolean };

/** EHR reads the conversation needs (see EhrPort). */
export type EhrReadOp =
  /** Patients linked to this conversation's WhatsApp identity (the runner supplies the identity). */
  | { readonly kind: 'find_patients' }
  | { readonly kind: 'list_services' }
  | {
      readonly kind: 'find_slots';
      readonly serviceId: string;
      readonly from: string;
      readonly to: string;
      readonly limit: number;
    }
  | { readonly kind: 'list_appointments'; readonly patientId: string; readonly from: string }
  /**
   * Every patient linked to this conversation's WhatsApp identity with their appointments starting at
   * or after `from` (a reply to a reminder, possibly in a fresh session): `IdentityAppointments`.
   */
  | { readonly kind: 'identity_appointments'; readonly from: string };

/** Result of the `identity_appointments` read. Only appointments of `patients` are listed. */
export interface IdentityAppointments {
  readonly patients: ReadonlyArray<Pick<PatientSummary, 'id' | 'givenName'>>;
  readonly appointments: readonly Appointment[];
}

/** EHR writes the conversation needs (see EhrPort). Each carries its idempotency key. */
export type EhrWriteOp =
  | { readonly kind: 'register_patient'; readonly idempotencyKey: string; readonly patient: unknown }
  | { readonly kind: 'book'; readonly idempotencyKey: string; readonly booking: unknown }
  | { readonly kind: 'cancel_appointment'; readonly appointmentId: string }
  | { readonly kind: 'record_triage'; readonly idempotencyKey: string; readonly record: unknown }
  /**
   * The WhatsApp user changed phone number (a `user_changed_number` system message, whatsapp.md §2.9;
   * the BSUID is regenerated with it, §2.10): link `toWaId` to every patient linked to `from`, the OLD
   * identity, so the patient is found when they write from the new number. The key only guards
   * against two concurrent attempts: linking is idempotent by nature.
   */
  | {
      readonly kind: 'relink_whatsapp';
      readonly idempotencyKey: string;
      readonly from: { readonly key: string; readonly waId?: string; readonly userId?: string };
      readonly toWaId: string;
    };

/** Model calls (MedGemma). `mediaId`: a photo the runner downloads and attaches (multimodal models). */
export type ModelOp = { readonly kind: string; readonly input: unknown; readonly mediaId?: string };
