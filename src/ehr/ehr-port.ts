/**
 * The EHR port: exactly what the conversation needs from the clinic's record system, nothing more.
 * Implemented by an in-memory fake, the FHIR R4 adapter (any server, and the embedded sandbox engine)
 * and the OpenMRS adapter (REST + appointments module). One contract suite (ehr-contract.ts) runs
 * against every implementation.
 *
 * Times are ISO-8601 instants in UTC with a `Z` suffix (e.g. `2026-11-24T08:30:00.000Z`); dates are
 * `YYYY-MM-DD`. Every write takes an idempotency key: calling it again with the same key returns the
 * first result and never creates a second record, even if the first call timed out after the server
 * committed it.
 *
 * Errors are AppErrors with these codes:
 * - `EHR_UNAVAILABLE`  (retryable)  network error, timeout, 5xx that is not a known client error
 * - `EHR_AUTH_FAILED`  (not)        credentials rejected; never retried in a loop (account lockout)
 * - `EHR_REJECTED`     (not)        the server refused the request as invalid (4xx, validation)
 * - `EHR_NOT_FOUND`    (not)        the referenced patient / appointment does not exist
 * - `EHR_SLOT_TAKEN`   (not)        the slot was booked by someone else between offer and booking
 */

export type Sex = 'male' | 'female' | 'other' | 'unknown';

/** How the WhatsApp user is known to the EHR. `userId` is Meta's business-scoped user id (BSUID). */
export interface WhatsAppIdentityRef {
  /** The stable key the service uses for this WhatsApp user: `userId` when known, else `waId`. */
  readonly key: string;
  readonly userId?: string;
  readonly waId?: string;
}

/** What the conversation may show once the person has picked who they are: first name only before. */
export interface PatientSummary {
  readonly id: string;
  readonly givenName: string;
  readonly familyName?: string;
  readonly birthDate?: string;
  readonly sex?: Sex;
  /** The clinic's own medical record number (e.g. the OpenMRS ID), when it has one. */
  readonly mrn?: string;
}

export interface NewPatient {
  readonly givenName: string;
  readonly familyName?: string;
  readonly birthDate: string;
  readonly birthDateEstimated: boolean;
  readonly sex: Sex;
  /** E.164 with a leading `+`, when the WhatsApp user has a phone number. */
  readonly phone?: string;
  readonly whatsapp: WhatsAppIdentityRef;
}

export interface ClinicService {
  readonly id: string;
  readonly name: string;
  readonly durationMins?: number;
}

export interface Slot {
  readonly serviceId: string;
  readonly start: string;
  readonly end: string;
  /** The backend's own slot id, when it has slots as records (FHIR `Slot`). */
  readonly ref?: string;
}

export type AppointmentStatus = 'booked' | 'cancelled' | 'other';

export interface Appointment {
  readonly id: string;
  readonly patientId: string;
  readonly serviceId: string;
  readonly serviceName?: string;
  readonly start: string;
  readonly end: string;
  readonly status: AppointmentStatus;
}

export interface BookingRequest {
  readonly idempotencyKey: string;
  readonly patientId: string;
  readonly slot: Slot;
  /** Short triage summary for the clinic's appointment list (no more than ~500 characters). */
  readonly comments: string;
  /** 1 (lowest) to 5 (immediate); lets backends that support it set a priority. */
  readonly urgency: 1 | 2 | 3 | 4 | 5;
}

export interface TriageRecord {
  readonly idempotencyKey: string;
  readonly patientId: string;
  /** The patient's own words for the main problem, as the clinician should read them. */
  readonly chiefComplaint: string;
  readonly temperatureC?: number;
  readonly urgency: 1 | 2 | 3 | 4 | 5;
  readonly disposition: 'emergency' | 'urgent' | 'routine' | 'self_care';
  readonly redFlags: readonly string[];
  readonly reasons: readonly string[];
  /** The pre-visit summary for the clinician. */
  readonly summary: string;
  readonly recordedAt: string;
  readonly appointmentId?: string;
}

export interface EhrPort {
  /** Patients whose WhatsApp identifier matches `userId` or `waId`. Several when a family shares a phone. */
  findPatientsByWhatsApp(identity: WhatsAppIdentityRef): Promise<PatientSummary[]>;
  /** Register a new patient linked to the WhatsApp identity. Idempotent by `idempotencyKey`. */
  registerPatient(patient: NewPatient, idempotencyKey: string): Promise<PatientSummary>;
  /**
   * Link one more WhatsApp identity to an existing patient: its `key`, `userId` and `waId` become
   * WhatsApp identifiers of the patient, so `findPatientsByWhatsApp` finds the patient under the new
   * identity too (and still under the old ones). Used when the user changes phone number: Meta then
   * sends a `user_changed_number` system message and regenerates the BSUID (whatsapp.md §2.9, §2.10).
   * Idempotent: values the patient already carries are not added again. Identifiers stay non-unique
   * (families share phones). `EHR_NOT_FOUND` for an unknown patient.
   */
  linkWhatsApp(patientId: string, identity: WhatsAppIdentityRef): Promise<void>;
  /** Bookable services of the clinic. */
  listServices(): Promise<ClinicService[]>;
  /** Free slots of a service starting in [from, to), soonest first, at most `limit`. */
  findFreeSlots(query: { serviceId: string; from: string; to: string; limit: number }): Promise<Slot[]>;
  /** Book a slot. Idempotent by `idempotencyKey`; `EHR_SLOT_TAKEN` when someone else has it. */
  book(request: BookingRequest): Promise<Appointment>;
  /** The patient's non-cancelled appointments starting at or after `from`, soonest first. */
  listUpcomingAppointments(patientId: string, from: string): Promise<Appointment[]>;
  /** Cancel an appointment. Cancelling an already cancelled appointment succeeds. */
  cancelAppointment(appointmentId: string): Promise<void>;
  /** Write the triage encounter and its observations. Idempotent by `idempotencyKey`. */
  recordTriage(record: TriageRecord): Promise<{ encounterId: string }>;
}
