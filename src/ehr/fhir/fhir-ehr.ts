import type {
  AppointmentParticipant,
  CodeableConcept,
  Encounter,
  Appointment as FhirAppointment,
  Observation,
  Patient,
} from '@medplum/fhirtypes';
import type { z } from 'zod';
import { AppError, isAppError } from '../../shared/app-error.ts';
import type {
  Appointment,
  AppointmentStatus,
  BookingRequest,
  ClinicService,
  EhrPort,
  NewPatient,
  PatientSummary,
  Sex,
  Slot,
  TriageRecord,
  WhatsAppIdentityRef,
} from '../ehr-port.ts';
import type { FhirAuth, Versioned } from './fhir-client.ts';
import { FhirClient } from './fhir-client.ts';
import type {
  FhirAppointmentRead,
  FhirIdentifier,
  FhirPatientRead,
  FhirScheduleRead,
  FhirSlotRead,
} from './fhir-schemas.ts';
import {
  AppointmentSchema,
  EncounterSchema,
  HealthcareServiceSchema,
  ObservationSchema,
  PatientSchema,
  ScheduleSchema,
  SlotSchema,
} from './fhir-schemas.ts';

export interface FhirEhrOptions {
  /** FHIR R4 base URL, e.g. `https://hapi.example.org/fhir`. */
  readonly baseUrl: string;
  readonly auth?: FhirAuth;
  /** Per HTTP request, in milliseconds. */
  readonly timeoutMs: number;
  /** Identifier system of the WhatsApp identity on Patient, e.g. `urn:omrs-whatsapp:whatsapp-id`. Non-unique. */
  readonly identifierSystem: string;
  /** Identifier system of idempotency keys on every resource this adapter creates. */
  readonly idempotencySystem: string;
  readonly fetch?: typeof fetch;
}

/** A schema of a resource that carries identifiers (what idempotency keys are stored in). */
type KeyedSchema = z.ZodType<{
  resourceType: string;
  id: string;
  identifier?: FhirIdentifier[] | undefined;
  meta?: { versionId?: string | undefined } | undefined;
}>;

/** Local code system for the triage observations that have no LOINC code. */
export const TRIAGE_CODE_SYSTEM = 'urn:omrs-whatsapp:triage';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
const IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** Appointment statuses that still hold the patient's time (FHIR R4 AppointmentStatus). */
const ACTIVE_APPOINTMENT_STATUSES = ['proposed', 'pending', 'booked', 'arrived', 'checked-in', 'waitlist'];
/** Optimistic-locking retries when a resource changed for a reason that does not decide the outcome. */
const MAX_CAS_ATTEMPTS = 3;
/** Linking a WhatsApp identity: the first write, and one retry after a 412 (someone edited the Patient). */
const LINK_ATTEMPTS = 2;
const MAX_COMMENT_CHARS = 500;

/**
 * The EHR port over plain FHIR R4 REST, for any conformant server (HAPI, Medplum, the embedded engine):
 * only read, search, create, conditional create (`If-None-Exist`) and update with `If-Match`.
 *
 * - Patients carry the WhatsApp `userId` and `waId` as identifiers of `identifierSystem` (shared by a
 *   family: never unique) and the registration's idempotency key under `idempotencySystem`.
 * - Slots are FHIR `Slot`s of the service's `Schedule`s (found by `Schedule.actor`, so no chained
 *   search is needed). Booking claims the Slot first — `PUT` with `If-Match` on the version read, status
 *   `busy`, the booking key added as an identifier — so of two concurrent bookers exactly one wins and
 *   the other gets `EHR_SLOT_TAKEN`; then creates the Appointment conditionally on its key. A retry
 *   with the same key finds the Appointment, or the Slot it already holds, and completes.
 * - Every search result is re-checked client-side, so a server that ignores a parameter cannot leak
 *   another patient's records or offer a busy slot.
 * - An unknown patient gives `EHR_NOT_FOUND` (checked with a read before any write).
 */
export function createFhirEhr(options: FhirEhrOptions): EhrPort {
  const client = new FhirClient({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { identifierSystem, idempotencySystem } = options;
  const keyToken = (key: string): string => token(idempotencySystem, key);
  const keyIdentifier = (key: string) => ({ system: idempotencySystem, value: key });
  const hasKey = (identifiers: readonly FhirIdentifier[] | undefined, key: string): boolean =>
    (identifiers ?? []).some((i) => i.system === idempotencySystem && i.value === key);

  async function findByKey<S extends KeyedSchema>(
    schema: S,
    type: string,
    key: string,
  ): Promise<z.infer<S> | undefined> {
    const found = await client.search(schema, type, [['identifier', keyToken(key)]], {
      limit: 1,
      accept: (r) => hasKey(r.identifier, key),
    });
    return found[0];
  }

  /** The schedule a slot belongs to; a slot without a readable schedule cannot be booked. */
  async function readSchedule(reference: string | undefined): Promise<FhirScheduleRead> {
    const id = idOf(reference, 'Schedule');
    if (!id) throw slotTaken();
    try {
      return (await client.read(ScheduleSchema, 'Schedule', id)).resource;
    } catch (err) {
      if (isAppError(err, 'EHR_NOT_FOUND')) throw slotTaken();
      throw err;
    }
  }

  async function schedulesOf(serviceId: string): Promise<FhirScheduleRead[]> {
    const actor = `HealthcareService/${serviceId}`;
    return client.search(
      ScheduleSchema,
      'Schedule',
      [
        ['actor', actor],
        ['_count', '50'],
      ],
      {
        accept: (s) => s.active !== false && s.actor.some((a) => a.reference === actor),
      },
    );
  }

  /** Read a slot; one that no longer exists is a slot someone else took (deleted by the clinic). */
  async function readSlot(id: string) {
    try {
      return await client.read(SlotSchema, 'Slot', id);
    } catch (err) {
      if (isAppError(err, 'EHR_NOT_FOUND')) throw slotTaken();
      throw err;
    }
  }

  /** The slot the request names: by its id, or (for slots not from this adapter) by service and start. */
  async function resolveSlot(slot: Slot, key: string): Promise<string> {
    if (slot.ref) return slot.ref;
    const schedules = await schedulesOf(slot.serviceId);
    const start = Date.parse(slot.start);
    for (const schedule of schedules) {
      const found = await client.search(
        SlotSchema,
        'Slot',
        [
          ['schedule', `Schedule/${schedule.id}`],
          // A one-second range, not `eq`: servers differ on what `eq` means at millisecond precision.
          ['start', `ge${iso(start)}`],
          ['start', `lt${iso(start + 1000)}`],
        ],
        {
          limit: 1,
          // Free, or held by this booking's key (a retry after an interrupted attempt).
          accept: (s) => Date.parse(s.start) === start && (s.status === 'free' || hasKey(s.identifier, key)),
        },
      );
      if (found[0]) return found[0].id;
    }
    throw slotTaken();
  }

  /**
   * Mark the slot busy for `key` with optimistic locking. Returns the slot as held. A slot already held
   * for the same key (an earlier attempt that did not finish) counts as ours.
   */
  async function claimSlot(
    slotId: string,
    request: BookingRequest,
    firstRead: Versioned<FhirSlotRead>,
  ): Promise<FhirSlotRead> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const { resource: slot, version } = attempt === 0 ? firstRead : await readSlot(slotId);
      if (Date.parse(slot.start) !== Date.parse(request.slot.start)) throw slotTaken();
      if (hasKey(slot.identifier, request.idempotencyKey)) return slot;
      if (slot.status !== 'free') throw slotTaken();
      const held = {
        ...slot,
        status: 'busy',
        identifier: [...(slot.identifier ?? []), keyIdentifier(request.idempotencyKey)],
      };
      const result = await client.update(SlotSchema, held, version);
      if (result.kind === 'updated') return result.resource;
      // Changed since we read it: loop to see whether it is still free (an unrelated edit) or taken.
    }
    throw slotTaken();
  }

  /**
   * Put a busy slot back to free, unless someone else holds it now: its booking key is another
   * appointment's, or (no key: booked by another system) an active appointment still refers to it.
   */
  async function releaseSlot(slotId: string, key: string | undefined, appointmentId?: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      let read: Awaited<ReturnType<typeof readSlot>>;
      try {
        read = await readSlot(slotId);
      } catch (err) {
        if (isAppError(err, 'EHR_SLOT_TAKEN')) return; // deleted: nothing to free
        throw err;
      }
      const { resource: slot, version } = read;
      if (slot.status !== 'busy') return;
      const markers = (slot.identifier ?? []).filter((i) => i.system === idempotencySystem);
      if (markers.length > 0 && !markers.some((m) => m.value === key)) return;
      if (markers.length === 0) {
        const others = await client.search(
          AppointmentSchema,
          'Appointment',
          [
            ['slot', `Slot/${slotId}`],
            ['status', ACTIVE_APPOINTMENT_STATUSES.join(',')],
          ],
          {
            limit: 1,
            accept: (a) =>
              a.id !== appointmentId &&
              ACTIVE_APPOINTMENT_STATUSES.includes(a.status) &&
              (a.slot ?? []).some((s) => idOf(s.reference, 'Slot') === slotId),
          },
        );
        if (others.length > 0) return;
      }
      const freed = {
        ...slot,
        status: 'free',
        identifier: (slot.identifier ?? []).filter((i) => i.system !== idempotencySystem),
      };
      if ((await client.update(SlotSchema, freed, version)).kind === 'updated') return;
    }
    throw new AppError('EHR_UNAVAILABLE', 'Slot kept changing while being released', { retryable: true });
  }

  async function assertPatientExists(patientId: string): Promise<void> {
    await client.read(PatientSchema, 'Patient', patientId);
  }

  return {
    async findPatientsByWhatsApp(identity: WhatsAppIdentityRef): Promise<PatientSummary[]> {
      const values = unique([identity.userId, identity.waId, identity.key]);
      if (values.length === 0) return [];
      const patients = await client.search(
        PatientSchema,
        'Patient',
        [
          ['identifier', values.map((v) => token(identifierSystem, v)).join(',')],
          ['_count', '50'],
        ],
        {
          accept: (p) =>
            p.active !== false &&
            (p.identifier ?? []).some((i) => i.system === identifierSystem && values.includes(i.value ?? '')),
        },
      );
      const seen = new Set<string>();
      return patients.filter((p) => !seen.has(p.id) && seen.add(p.id)).map(toPatientSummary);
    },

    async registerPatient(patient: NewPatient, idempotencyKey: string): Promise<PatientSummary> {
      const existing = await findByKey(PatientSchema, 'Patient', idempotencyKey);
      if (existing) return toPatientSummary(existing);
      const whatsappIds = unique([patient.whatsapp.userId, patient.whatsapp.waId, patient.whatsapp.key]);
      const resource: Patient = {
        resourceType: 'Patient',
        active: true,
        identifier: [
          ...whatsappIds.map((value) => ({ use: 'secondary' as const, system: identifierSystem, value })),
          keyIdentifier(idempotencyKey),
        ],
        name: [
          {
            use: 'official',
            given: [patient.givenName],
            ...(patient.familyName ? { family: patient.familyName } : {}),
          },
        ],
        gender: patient.sex,
        birthDate: patient.birthDate,
        ...(patient.phone
          ? { telecom: [{ system: 'phone' as const, value: patient.phone, use: 'mobile' as const }] }
          : {}),
      };
      const created = await client.create(PatientSchema, resource, {
        ifNoneExist: [['identifier', keyToken(idempotencyKey)]],
      });
      return toPatientSummary(created);
    },

    async linkWhatsApp(patientId: string, identity: WhatsAppIdentityRef): Promise<void> {
      const values = unique([identity.userId, identity.waId, identity.key]);
      // Read, append what is missing, write back with If-Match: the whole resource goes back (loose
      // schema), so nothing another system put on the Patient is lost. A concurrent edit (412) is
      // retried once on a fresh read; it rarely concerns the identifiers and never decides the outcome.
      for (let attempt = 0; attempt < LINK_ATTEMPTS; attempt++) {
        const { resource, version } = await client.read(PatientSchema, 'Patient', patientId);
        const have = new Set(
          (resource.identifier ?? []).filter((i) => i.system === identifierSystem).map((i) => i.value),
        );
        const missing = values.filter((v) => !have.has(v));
        if (missing.length === 0) return;
        const linked = {
          ...resource,
          identifier: [
            ...(resource.identifier ?? []),
            ...missing.map((value) => ({ use: 'secondary' as const, system: identifierSystem, value })),
          ],
        };
        if ((await client.update(PatientSchema, linked, version)).kind === 'updated') return;
      }
      throw new AppError('EHR_UNAVAILABLE', 'Patient kept changing while linking a WhatsApp identity', {
        retryable: true,
      });
    },

    async listServices(): Promise<ClinicService[]> {
      const services = await client.search(
        HealthcareServiceSchema,
        'HealthcareService',
        [
          ['active', 'true'],
          ['_count', '100'],
        ],
        { accept: (s) => s.active !== false },
      );
      return services.map((s) => ({ id: s.id, name: s.name ?? s.type?.[0]?.text ?? 'Service' }));
    },

    async findFreeSlots({ serviceId, from, to, limit }): Promise<Slot[]> {
      const fromMs = Date.parse(from);
      const toMs = Date.parse(to);
      if (!(limit > 0) || !(fromMs < toMs)) return [];
      const schedules = await schedulesOf(serviceId);
      if (schedules.length === 0) return [];
      const scheduleRefs = new Set(schedules.map((s) => `Schedule/${s.id}`));
      const slots = await client.search(
        SlotSchema,
        'Slot',
        [
          ['schedule', [...scheduleRefs].join(',')],
          ['status', 'free'],
          ['start', `ge${from}`],
          ['start', `lt${to}`],
          ['_sort', 'start'],
          ['_count', String(Math.min(limit, 100))],
        ],
        {
          // Extra room for slots that collapse into one offer (same start, several schedules).
          limit: Math.min(limit * scheduleRefs.size, 500),
          accept: (s) => {
            const start = Date.parse(s.start);
            return (
              s.status === 'free' &&
              scheduleRefs.has(s.schedule.reference ?? '') &&
              start >= fromMs &&
              start < toMs &&
              Date.parse(s.end) > start
            );
          },
        },
      );
      // One offer per start time: two practitioners free at 09:00 is one choice for the patient.
      const byStart = new Map<number, Slot>();
      for (const s of slots) {
        const start = Date.parse(s.start);
        if (!byStart.has(start)) {
          byStart.set(start, { serviceId, start: iso(start), end: iso(Date.parse(s.end)), ref: s.id });
        }
      }
      return [...byStart.entries()]
        .sort(([a], [b]) => a - b)
        .slice(0, limit)
        .map(([, slot]) => slot);
    },

    async book(request: BookingRequest): Promise<Appointment> {
      const existing = await findByKey(AppointmentSchema, 'Appointment', request.idempotencyKey);
      if (existing) return toAppointment(existing);
      if (Number.isNaN(Date.parse(request.slot.start)))
        throw new AppError('EHR_REJECTED', 'Slot start is not a date-time');
      const [, slotId] = await Promise.all([
        assertPatientExists(request.patientId),
        resolveSlot(request.slot, request.idempotencyKey),
      ]);
      const firstRead = await readSlot(slotId);
      const schedule = await readSchedule(firstRead.resource.schedule.reference);
      const serviceRef = `HealthcareService/${request.slot.serviceId}`;
      if (!schedule.actor.some((a) => a.reference === serviceRef)) {
        throw new AppError('EHR_REJECTED', 'Slot does not belong to the requested service');
      }
      const slot = await claimSlot(slotId, request, firstRead);
      const serviceActor = schedule.actor.find((a) => a.reference === serviceRef);
      const appointment: FhirAppointment = {
        resourceType: 'Appointment',
        status: 'booked',
        identifier: [keyIdentifier(request.idempotencyKey)],
        ...(serviceActor?.display ? { serviceType: [{ text: serviceActor.display }] } : {}),
        priority: 6 - request.urgency,
        slot: [{ reference: `Slot/${slot.id}` }],
        start: iso(Date.parse(slot.start)),
        end: iso(Date.parse(slot.end)),
        created: new Date().toISOString(),
        comment: request.comments.slice(0, MAX_COMMENT_CHARS),
        participant: [
          { actor: { reference: `Patient/${request.patientId}` }, status: 'accepted', required: 'required' },
          ...schedule.actor
            .filter((a) => typeof a.reference === 'string')
            .map((a) => ({ actor: toReference(a), status: 'accepted' as const })),
        ],
      };
      try {
        const created = await client.create(AppointmentSchema, appointment, {
          ifNoneExist: [['identifier', keyToken(request.idempotencyKey)]],
        });
        return toAppointment(created);
      } catch (err) {
        // Refused for good: give the slot back. A timeout may have committed, so the slot stays held
        // for the retry with the same key, which will find the appointment or create it.
        if (isAppError(err) && !err.retryable) {
          await releaseSlot(slot.id, request.idempotencyKey).catch(() => undefined);
        }
        throw err;
      }
    },

    async listUpcomingAppointments(patientId: string, from: string): Promise<Appointment[]> {
      const fromMs = Date.parse(from);
      const patientRef = `Patient/${patientId}`;
      const found = await client.search(
        AppointmentSchema,
        'Appointment',
        [
          ['patient', patientRef],
          ['date', `ge${from}`],
          ['status', ACTIVE_APPOINTMENT_STATUSES.join(',')],
          ['_sort', 'date'],
          ['_count', '100'],
        ],
        {
          accept: (a) =>
            ACTIVE_APPOINTMENT_STATUSES.includes(a.status) &&
            a.start !== undefined &&
            Date.parse(a.start) >= fromMs &&
            a.participant.some((p) => p.actor?.reference === patientRef),
        },
      );
      return found.map(toAppointment).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    },

    async cancelAppointment(appointmentId: string): Promise<void> {
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const { resource, version } = await client.read(AppointmentSchema, 'Appointment', appointmentId);
        const key = resource.identifier?.find((i) => i.system === idempotencySystem)?.value;
        if (resource.status !== 'cancelled') {
          const cancelled = {
            ...resource,
            status: 'cancelled',
            cancelationReason: { text: 'Cancelled by the patient via WhatsApp' },
          };
          const result = await client.update(AppointmentSchema, cancelled, version);
          if (result.kind === 'conflict') continue;
        }
        // Also when it was already cancelled: an earlier cancel may have stopped before this step.
        for (const ref of resource.slot ?? []) {
          const slotId = idOf(ref.reference, 'Slot');
          if (slotId) await releaseSlot(slotId, key, appointmentId);
        }
        return;
      }
      throw new AppError('EHR_UNAVAILABLE', 'Appointment kept changing while being cancelled', {
        retryable: true,
      });
    },

    async recordTriage(record: TriageRecord): Promise<{ encounterId: string }> {
      const key = record.idempotencyKey;
      let encounter = await findByKey(EncounterSchema, 'Encounter', key);
      if (!encounter) {
        await assertPatientExists(record.patientId);
        if (record.appointmentId) await client.read(AppointmentSchema, 'Appointment', record.appointmentId);
        const resource: Encounter = {
          resourceType: 'Encounter',
          status: 'finished',
          identifier: [keyIdentifier(key)],
          class: { system: ACT_CODE, code: 'VR', display: 'virtual' },
          type: [{ text: 'WhatsApp triage' }],
          priority: encounterPriority(record.urgency),
          subject: { reference: `Patient/${record.patientId}` },
          period: { start: record.recordedAt, end: record.recordedAt },
          reasonCode: [{ text: record.chiefComplaint }],
          ...(record.appointmentId
            ? { appointment: [{ reference: `Appointment/${record.appointmentId}` }] }
            : {}),
        };
        encounter = await client.create(EncounterSchema, resource, {
          ifNoneExist: [['identifier', keyToken(key)]],
        });
      }
      const encounterId = encounter.id;
      const wanted = triageObservations(record, encounterId, idempotencySystem);
      // One search tells which observations an earlier, interrupted attempt already wrote.
      const present = await client.search(
        ObservationSchema,
        'Observation',
        [
          ['encounter', `Encounter/${encounterId}`],
          ['_count', '100'],
        ],
        { accept: (o) => (o.identifier ?? []).some((i) => i.system === idempotencySystem) },
      );
      const have = new Set(present.flatMap((o) => (o.identifier ?? []).map((i) => i.value)));
      for (const observation of wanted) {
        const value = observation.identifier?.[0]?.value ?? '';
        if (have.has(value)) continue;
        await client.create(ObservationSchema, observation, {
          ifNoneExist: [['identifier', token(idempotencySystem, value)]],
        });
      }
      return { encounterId };
    },
  };
}

/** `system|value` with FHIR search escaping, so ids containing `,` `|` `$` or `\` stay one value. */
function token(system: string, value: string): string {
  const esc = (s: string) => s.replace(/[\\,|$]/g, (c) => `\\${c}`);
  return `${esc(system)}|${esc(value)}`;
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/** `Type/id` (relative, or the tail of an absolute URL) → id, when the type matches. */
function idOf(reference: string | undefined, type: string): string | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(
    reference ?? '',
  );
  return match && match[1] === type ? match[2] : undefined;
}

function toReference(ref: {
  reference?: string | undefined;
  display?: string | undefined;
}): NonNullable<AppointmentParticipant['actor']> {
  return {
    ...(ref.reference ? { reference: ref.reference } : {}),
    ...(ref.display ? { display: ref.display } : {}),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function slotTaken(): AppError {
  return new AppError('EHR_SLOT_TAKEN', 'The slot is no longer free');
}

const SEXES: readonly Sex[] = ['male', 'female', 'other', 'unknown'];

function toPatientSummary(p: FhirPatientRead): PatientSummary {
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const given = name?.given?.[0] ?? name?.text?.split(/\s+/)[0] ?? '';
  const mrn = p.identifier?.find((i) =>
    i.type?.coding?.some((c) => c.system === IDENTIFIER_TYPE && c.code === 'MR'),
  );
  const sex = SEXES.find((s) => s === p.gender);
  return {
    id: p.id,
    givenName: given,
    ...(name?.family ? { familyName: name.family } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(sex ? { sex } : {}),
    ...(mrn?.value ? { mrn: mrn.value } : {}),
  };
}

function toAppointmentStatus(status: string): AppointmentStatus {
  return status === 'booked' ? 'booked' : status === 'cancelled' ? 'cancelled' : 'other';
}

function toAppointment(a: FhirAppointmentRead): Appointment {
  const patientId = a.participant.map((p) => idOf(p.actor?.reference, 'Patient')).find(Boolean) ?? '';
  const service = a.participant.find((p) => idOf(p.actor?.reference, 'HealthcareService'));
  const serviceName = service?.actor?.display ?? a.serviceType?.[0]?.text;
  const start = a.start ? iso(Date.parse(a.start)) : '';
  return {
    id: a.id,
    patientId,
    // Appointments made outside this service may name no HealthcareService.
    serviceId: idOf(service?.actor?.reference, 'HealthcareService') ?? '',
    ...(serviceName ? { serviceName } : {}),
    start,
    end: a.end ? iso(Date.parse(a.end)) : start,
    status: toAppointmentStatus(a.status),
  };
}

function encounterPriority(urgency: TriageRecord['urgency']): CodeableConcept {
  const [code, display] = (
    {
      5: ['EM', 'emergency'],
      4: ['UR', 'urgent'],
      3: ['A', 'ASAP'],
      2: ['R', 'routine'],
      1: ['EL', 'elective'],
    } as const
  )[urgency];
  return { coding: [{ system: ACT_PRIORITY, code, display }], text: `Triage urgency ${urgency} of 5` };
}

function triageObservations(
  record: TriageRecord,
  encounterId: string,
  idempotencySystem: string,
): Observation[] {
  const common = (name: string, category: 'survey' | 'vital-signs') => ({
    resourceType: 'Observation' as const,
    status: 'final' as const,
    identifier: [{ system: idempotencySystem, value: `${record.idempotencyKey}:obs:${name}` }],
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: category }] }],
    subject: { reference: `Patient/${record.patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    effectiveDateTime: record.recordedAt,
  });
  const local = (code: string, text: string): CodeableConcept => ({
    coding: [{ system: TRIAGE_CODE_SYSTEM, code, display: text }],
    text,
  });
  const out: Observation[] = [
    {
      ...common('chief-complaint', 'survey'),
      code: {
        coding: [{ system: LOINC, code: '10154-3', display: 'Chief complaint Narrative - Reported' }],
        text: 'Chief complaint',
      },
      valueString: record.chiefComplaint,
    },
  ];
  if (record.temperatureC !== undefined) {
    out.push({
      ...common('temperature', 'vital-signs'),
      code: {
        coding: [{ system: LOINC, code: '8310-5', display: 'Body temperature' }],
        text: 'Body temperature',
      },
      valueQuantity: { value: record.temperatureC, unit: 'Cel', system: UCUM, code: 'Cel' },
    });
  }
  out.push(
    {
      ...common('urgency', 'survey'),
      code: local('urgency', 'Triage urgency (1 lowest to 5 immediate)'),
      valueInteger: record.urgency,
    },
    {
      ...common('disposition', 'survey'),
      code: local('disposition', 'Triage disposition'),
      valueCodeableConcept: {
        coding: [{ system: `${TRIAGE_CODE_SYSTEM}:disposition`, code: record.disposition }],
        text: record.disposition.replace('_', ' '),
      },
    },
  );
  if (record.redFlags.length > 0) {
    out.push({
      ...common('red-flags', 'survey'),
      code: local('red-flags', 'Red flags'),
      valueString: record.redFlags.join('; '),
    });
  }
  if (record.reasons.length > 0) {
    out.push({
      ...common('reasons', 'survey'),
      code: local('reasons', 'Reasons for the triage decision'),
      valueString: record.reasons.join('; '),
    });
  }
  out.push({
    ...common('summary', 'survey'),
    code: local('pre-visit-summary', 'Pre-visit summary'),
    valueString: record.summary,
  });
  return out;
}
