import { AppError } from '../../shared/app-error.ts';
import type {
  Appointment,
  BookingRequest,
  ClinicService,
  EhrPort,
  NewPatient,
  PatientSummary,
  Slot,
  TriageRecord,
  WhatsAppIdentityRef,
} from '../ehr-port.ts';

/** Candidate slots of a service starting in [from, to); booked ones are removed by the fake. */
export type SlotGenerator = (query: { serviceId: string; from: string; to: string }) => Iterable<Slot>;

export interface MemoryEhrOptions {
  readonly services: readonly ClinicService[];
  /** A fixed list of bookable slots. */
  readonly slots?: readonly Slot[];
  /** Or slots computed on demand (e.g. working hours); used in addition to `slots`. */
  readonly slotGenerator?: SlotGenerator;
  /** Clock for `createdAt` fields. Default: the system clock. */
  readonly now?: () => Date;
}

export type EhrMethod = keyof EhrPort;

export interface StoredPatient {
  readonly summary: PatientSummary;
  readonly patient: NewPatient;
  readonly idempotencyKey: string;
  /** WhatsApp identifier values linked after registration (`linkWhatsApp`: the user changed number), in order. */
  readonly linkedWhatsApp: readonly string[];
}

export interface StoredAppointment {
  readonly appointment: Appointment;
  readonly request: BookingRequest;
  readonly createdAt: string;
}

export interface StoredTriage {
  readonly encounterId: string;
  readonly record: TriageRecord;
}

/** The fake plus what tests of higher layers need to look at and to break. */
export interface MemoryEhr extends EhrPort {
  /** Every patient registered, in order. */
  patients(): readonly StoredPatient[];
  /** Every appointment made (cancelled ones have status `cancelled`), in order. */
  appointments(): readonly StoredAppointment[];
  /** Every triage recorded, in order. */
  triageRecords(): readonly StoredTriage[];
  /** How often each method was called (including calls that failed). */
  callCount(method: EhrMethod): number;
  /**
   * Make the next `times` calls of `method` throw `error`. `when: 'before'` (default) fails without
   * doing anything; `'after'` does the work and then throws, like a timeout after the EHR committed,
   * which is what idempotent retries must survive.
   */
  failNext(method: EhrMethod, error: Error, times?: number, when?: 'before' | 'after'): void;
  /** Book a slot behind the conversation's back, as another patient or the front desk would. */
  takeSlot(slot: Slot): void;
}

/**
 * In-memory EhrPort with the same observable semantics as the real adapters (the shared contract
 * suite runs against it): idempotent writes by key, one booking per slot (`EHR_SLOT_TAKEN` for the
 * second), cancelling frees the slot and is idempotent, unknown patients and appointments give
 * `EHR_NOT_FOUND`. A slot is identified by service and start; its `ref` is `serviceId@start`.
 * Everything returned is a frozen copy.
 */
export function createMemoryEhr(options: MemoryEhrOptions): MemoryEhr {
  const now = options.now ?? (() => new Date());
  const services = new Map(options.services.map((s) => [s.id, s]));
  const patients: StoredPatient[] = [];
  const appointments: StoredAppointment[] = [];
  const triage: StoredTriage[] = [];
  /** Slot key → id of the appointment holding it (or `external` for takeSlot). */
  const heldSlots = new Map<string, string>();
  const calls = new Map<EhrMethod, number>();
  const faults = new Map<EhrMethod, { error: Error; remaining: number; when: 'before' | 'after' }[]>();
  let seq = 0;

  const slotKey = (serviceId: string, start: string) => `${serviceId}@${new Date(start).toISOString()}`;

  function candidates(serviceId: string, from: string, to: string): Slot[] {
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    const out = (options.slots ?? []).filter((s) => s.serviceId === serviceId);
    if (options.slotGenerator) out.push(...options.slotGenerator({ serviceId, from, to }));
    return out
      .filter((s) => Date.parse(s.start) >= fromMs && Date.parse(s.start) < toMs)
      .map((s) => ({
        serviceId,
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        ref: slotKey(serviceId, s.start),
      }));
  }

  function slotExists(slot: Slot): Slot | undefined {
    const startMs = Date.parse(slot.start);
    if (Number.isNaN(startMs)) return undefined;
    return candidates(slot.serviceId, slot.start, new Date(startMs + 1).toISOString())[0];
  }

  function patientById(id: string): StoredPatient | undefined {
    return patients.find((p) => p.summary.id === id);
  }

  /** Every WhatsApp identifier value the patient carries: the registration's identity plus linked ones. */
  function whatsappValuesOf(p: StoredPatient): string[] {
    return [...identityValues(p.patient.whatsapp), ...p.linkedWhatsApp];
  }

  function notFound(what: string): AppError {
    return new AppError('EHR_NOT_FOUND', `${what} not found`);
  }

  /** Runs `work` as one atomic step after an await (as a remote call would), with fault injection. */
  async function call<T>(method: EhrMethod, work: () => T): Promise<T> {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    await Promise.resolve();
    const queue = faults.get(method) ?? [];
    const fault = queue[0];
    if (fault) {
      fault.remaining--;
      if (fault.remaining <= 0) queue.shift();
      if (fault.when === 'before') throw fault.error;
      work();
      throw fault.error;
    }
    return work();
  }

  const ehr: MemoryEhr = {
    findPatientsByWhatsApp: (identity: WhatsAppIdentityRef) =>
      call('findPatientsByWhatsApp', () => {
        const wanted = new Set(identityValues(identity));
        return patients.filter((p) => whatsappValuesOf(p).some((v) => wanted.has(v))).map((p) => p.summary);
      }),

    registerPatient: (patient: NewPatient, idempotencyKey: string) =>
      call('registerPatient', () => {
        const existing = patients.find((p) => p.idempotencyKey === idempotencyKey);
        if (existing) return existing.summary;
        const summary: PatientSummary = Object.freeze({
          id: `patient-${++seq}`,
          givenName: patient.givenName,
          ...(patient.familyName ? { familyName: patient.familyName } : {}),
          birthDate: patient.birthDate,
          sex: patient.sex,
        });
        patients.push(
          Object.freeze({ summary, patient: structuredClone(patient), idempotencyKey, linkedWhatsApp: [] }),
        );
        return summary;
      }),

    linkWhatsApp: (patientId: string, identity: WhatsAppIdentityRef) =>
      call('linkWhatsApp', () => {
        const index = patients.findIndex((p) => p.summary.id === patientId);
        const stored = patients[index];
        if (!stored) throw notFound('Patient');
        const have = new Set(whatsappValuesOf(stored));
        const added = identityValues(identity).filter((v) => !have.has(v));
        if (added.length === 0) return;
        patients[index] = Object.freeze({
          ...stored,
          linkedWhatsApp: Object.freeze([...stored.linkedWhatsApp, ...added]),
        });
      }),

    listServices: () =>
      call('listServices', () => [...services.values()].map((s) => Object.freeze({ ...s }))),

    findFreeSlots: ({ serviceId, from, to, limit }) =>
      call('findFreeSlots', () => {
        if (!services.has(serviceId) || !(limit > 0)) return [];
        const byStart = new Map<string, Slot>();
        for (const slot of candidates(serviceId, from, to)) {
          if (!heldSlots.has(slot.ref ?? '') && !byStart.has(slot.start))
            byStart.set(slot.start, Object.freeze(slot));
        }
        return [...byStart.values()]
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
          .slice(0, limit);
      }),

    book: (request: BookingRequest) =>
      call('book', () => {
        const existing = appointments.find((a) => a.request.idempotencyKey === request.idempotencyKey);
        if (existing) return existing.appointment;
        if (!patientById(request.patientId)) throw notFound('Patient');
        const service = services.get(request.slot.serviceId);
        if (!service) throw new AppError('EHR_REJECTED', 'Unknown service');
        const slot = slotExists(request.slot);
        const key = slotKey(request.slot.serviceId, request.slot.start);
        if (!slot || heldSlots.has(key)) throw new AppError('EHR_SLOT_TAKEN', 'The slot is no longer free');
        const appointment: Appointment = Object.freeze({
          id: `appointment-${++seq}`,
          patientId: request.patientId,
          serviceId: service.id,
          serviceName: service.name,
          start: slot.start,
          end: slot.end,
          status: 'booked',
        });
        heldSlots.set(key, appointment.id);
        appointments.push({ appointment, request: structuredClone(request), createdAt: now().toISOString() });
        return appointment;
      }),

    listUpcomingAppointments: (patientId: string, from: string) =>
      call('listUpcomingAppointments', () =>
        appointments
          .map((a) => a.appointment)
          .filter(
            (a) =>
              a.patientId === patientId &&
              a.status !== 'cancelled' &&
              Date.parse(a.start) >= Date.parse(from),
          )
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
      ),

    cancelAppointment: (appointmentId: string) =>
      call('cancelAppointment', () => {
        const index = appointments.findIndex((a) => a.appointment.id === appointmentId);
        const stored = appointments[index];
        if (!stored) throw notFound('Appointment');
        const { appointment } = stored;
        const key = slotKey(appointment.serviceId, appointment.start);
        if (heldSlots.get(key) === appointment.id) heldSlots.delete(key);
        if (appointment.status !== 'cancelled') {
          appointments[index] = {
            ...stored,
            appointment: Object.freeze({ ...appointment, status: 'cancelled' }),
          };
        }
      }),

    recordTriage: (record: TriageRecord) =>
      call('recordTriage', () => {
        const existing = triage.find((t) => t.record.idempotencyKey === record.idempotencyKey);
        if (existing) return { encounterId: existing.encounterId };
        if (!patientById(record.patientId)) throw notFound('Patient');
        if (record.appointmentId && !appointments.some((a) => a.appointment.id === record.appointmentId)) {
          throw notFound('Appointment');
        }
        const encounterId = `encounter-${++seq}`;
        triage.push(Object.freeze({ encounterId, record: structuredClone(record) }));
        return { encounterId };
      }),

    patients: () => [...patients],
    appointments: () => [...appointments],
    triageRecords: () => [...triage],
    callCount: (method) => calls.get(method) ?? 0,
    failNext(method, error, times = 1, when = 'before') {
      const queue = faults.get(method) ?? [];
      queue.push({ error, remaining: times, when });
      faults.set(method, queue);
    },
    takeSlot(slot) {
      heldSlots.set(slotKey(slot.serviceId, slot.start), 'external');
    },
  };
  return ehr;
}

/** The identifier values of a WhatsApp identity (key, BSUID, wa_id), without blanks or repeats. */
function identityValues(identity: WhatsAppIdentityRef): string[] {
  return [...new Set([identity.key, identity.userId, identity.waId].filter((v): v is string => !!v))];
}
