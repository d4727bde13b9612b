import { IANAZone } from 'luxon';
import { z } from 'zod';
import { type ClinicHours, validateClinicHours } from '../../scheduling/clinic-hours.ts';
import { type FreeSlotQuery, freeSlots, type ServiceRules } from '../../scheduling/free-slots.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { pseudonym } from '../../shared/hash.ts';
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
import {
  appointmentPriority,
  bookingComments,
  holdsTime,
  keyDigest,
  refTag,
  toAppointment,
} from './appointment-mapping.ts';
import { createMemoryOpenmrsCache } from './memory-openmrs-cache.ts';
import { guardOpenmrsCache, type OpenmrsCache, openmrsCacheKeys } from './openmrs-cache.ts';
import { OpenmrsClient } from './openmrs-client.ts';
import { O3_DEFAULTS, OPENMRS_TIMING_DEFAULTS } from './openmrs-defaults.ts';
import { openmrsUnexpected } from './openmrs-error.ts';
import {
  type AppointmentService,
  AppointmentServiceListSchema,
  ConflictsSchema,
  ENCOUNTER_REP,
  GeneratedIdentifierSchema,
  PATIENT_REP,
  RawArraySchema,
  type RestAppointment,
  RestAppointmentSchema,
  RestEncounterSchema,
  type RestPatient,
  RestPatientIdentifierSchema,
  RestPatientSchema,
  restListSchema,
  UuidObjectSchema,
} from './openmrs-schemas.ts';
import {
  carriesIdentifier,
  isSameRegistration,
  newPatientBody,
  toPatientSummary,
  whatsappValues,
} from './patient-mapping.ts';
import { needsDayCounts, serviceRulesOf, toClinicService } from './service-rules.ts';
import { buildSlotQuery, type ClinicSlotConfig, countingRange } from './slot-query.ts';
import {
  DEFAULT_TRIAGE_CONCEPTS,
  encounterHasTag,
  type TriageConcepts,
  triageObservations,
} from './triage-observations.ts';

/**
 * Options of {@link createOpenmrsEhr}. The integrator maps env vars to them; the proposed names are
 * given per field. Secrets have no defaults; metadata uuids default to the O3 reference application's.
 */
export interface OpenmrsEhrOptions {
  /** `OPENMRS_BASE_URL`: the web app root, e.g. `http://localhost/openmrs` (openmrs.md §3.1). */
  readonly baseUrl: string;
  /**
   * `OPENMRS_USERNAME`: a service account with Manage Appointments, Add Patients, Add Patient
   * Identifiers (`linkWhatsApp`), Add Encounters.
   */
  readonly username: string;
  /** `OPENMRS_PASSWORD`. */
  readonly password: string;
  /** `OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID`: NON_UNIQUE identifier type, created by `openmrs:setup`. */
  readonly whatsappIdentifierTypeUuid: string;
  /** `OPENMRS_LOCATION_UUID`, default Outpatient Clinic `44c3efb0-…` (openmrs.md §8.1). */
  readonly locationUuid?: string;
  /** `OPENMRS_TRIAGE_ENCOUNTER_TYPE_UUID`, default Visit Note `d7151f82-…` (openmrs.md §8.3). */
  readonly triageEncounterTypeUuid?: string;
  /** `OPENMRS_IDENTIFIER_SOURCE_UUID`, default "Generator for OpenMRS ID" `8549f706-…` (openmrs.md §7). */
  readonly identifierSourceUuid?: string;
  /** `OPENMRS_ID_TYPE_UUID`, default OpenMRS ID `05a29f94-…` (openmrs.md §7). */
  readonly openmrsIdTypeUuid?: string;
  /** `OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID`, default Telephone Number `14d4f066-…` (openmrs.md §2.4). */
  readonly phoneAttributeTypeUuid?: string;
  /** `OPENMRS_SERVICE_UUIDS` (comma-separated): the bookable services; empty or absent means all. */
  readonly serviceUuids?: readonly string[];
  /** `OPENMRS_TIMEOUT_MS`: per HTTP request, default 10 000. */
  readonly timeoutMs?: number;
  /** `OPENMRS_CONCEPT_*_UUID` (CHIEF_COMPLAINT, TEMPERATURE, SUMMARY, URGENCY, DISPOSITION, REASONS, RED_FLAGS). */
  readonly concepts?: Partial<TriageConcepts>;
  /** `OPENMRS_AUTH_COOLDOWN_MS`: no login for this long after a refused one, default 300 000. */
  readonly authCooldownMs?: number;
  /** `OPENMRS_IDENTITY_CACHE_TTL_MS`: WhatsApp identity → patients, default 3 600 000. */
  readonly identityTtlMs?: number;
  /** How long "no patient has this identity" is cached, default 300 000. */
  readonly unknownIdentityTtlMs?: number;
  /** How long the appointment services are cached, default 300 000. */
  readonly servicesTtlMs?: number;

  /** The clinic's opening hours (ours: OpenMRS has no availability API, openmrs.md §1.2). */
  readonly hours: ClinicHours;
  /** IANA zone of the clinic's wall clock, e.g. `Africa/Nairobi`. */
  readonly timeZone: string;
  /** Default slot length in minutes (a service's `durationMins` replaces it). */
  readonly slotMinutes: number;
  /** Patients one slot can hold. */
  readonly capacityPerSlot: number;
  /** No slot is offered starting sooner than this after now. */
  readonly minLeadMinutes: number;

  /** Identity cache, write intents, slot locks. Default: process memory (single instance only). */
  readonly cache?: OpenmrsCache;
  readonly fetch?: typeof fetch;
  /** Clock, default the system clock. */
  readonly now?: () => Date;
}

/** The 50-result cap of `POST /appointments/search` (GP `webservices.rest.maxResultsDefault`, openmrs.md §6.4). */
const SEARCH_CAP = 50;
/** Pages of one appointment search before giving up: 40 × 50 appointments is far beyond a clinic's window. */
const MAX_SEARCH_PAGES = 40;
/** REST list pages (`limit` ≤ 100, openmrs.md §4). */
const REST_PAGE = 100;
const MAX_REST_PAGES = 10;
/** How often a booker waiting for a slot lock looks again. */
const LOCK_POLL_MS = 25;

const UuidListSchema = z.array(z.string().min(1));

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The EHR port over an OpenMRS 3 server: REST for patients, idgen and encounters, the REST appointments
 * module for services and appointments (never FHIR: FHIR2 has no Appointment, openmrs.md §1.1).
 *
 * Idempotency (OpenMRS has no idempotency keys; each write is "look before create", and the cache
 * remembers which keys were attempted so a first attempt does not pay for the look):
 * - registration: a retry searches the WhatsApp identifier and takes the patient with the same name and
 *   birth date;
 * - booking: the appointment's comments end with `[ref:<digest of key>]`; the appointments around the
 *   slot (its whole day when the service has day or window limits) are read before every booking anyway
 *   for capacity, and one of this patient at this start carrying the tag is the earlier attempt's;
 * - triage: the summary observation ends with the same tag; a retry searches the patient's encounters
 *   of the triage type; a repeat after success is answered from the cache.
 *
 * Triage encounters carry no `encounterDatetime` (server now, openmrs.md §9), so `recordedAt` is not
 * sent; `appointmentId` is not stored (the appointments module has no link to encounters).
 *
 * Capacity: OpenMRS saves appointments without any check (openmrs.md §6.2), so booking takes a
 * per-slot lock in the cache (re-entrant for the same key), counts the slot's appointments with the
 * same rules as `findFreeSlots`, asks `/appointments/conflicts`, then saves. The lock covers every
 * instance sharing the cache; front-desk bookings made in O3 at the same moment are not covered.
 */
export function createOpenmrsEhr(options: OpenmrsEhrOptions): EhrPort {
  const problems = openmrsOptionProblems(options);
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', `OpenMRS adapter options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  const now = options.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const timeoutMs = options.timeoutMs ?? OPENMRS_TIMING_DEFAULTS.timeoutMs;
  const client = new OpenmrsClient({
    baseUrl: options.baseUrl,
    username: options.username,
    password: options.password,
    timeoutMs,
    authCooldownMs: options.authCooldownMs ?? OPENMRS_TIMING_DEFAULTS.authCooldownMs,
    now: nowMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const cache = guardOpenmrsCache(options.cache ?? createMemoryOpenmrsCache());
  const locationUuid = options.locationUuid ?? O3_DEFAULTS.locationUuid;
  const openmrsIdTypeUuid = options.openmrsIdTypeUuid ?? O3_DEFAULTS.openmrsIdTypeUuid;
  const whatsappType = options.whatsappIdentifierTypeUuid;
  const encounterTypeUuid = options.triageEncounterTypeUuid ?? O3_DEFAULTS.triageEncounterTypeUuid;
  const identifierSourceUuid = options.identifierSourceUuid ?? O3_DEFAULTS.identifierSourceUuid;
  const phoneAttributeTypeUuid = options.phoneAttributeTypeUuid ?? O3_DEFAULTS.phoneAttributeTypeUuid;
  const concepts: TriageConcepts = { ...DEFAULT_TRIAGE_CONCEPTS, ...options.concepts };
  const allowedServices =
    options.serviceUuids && options.serviceUuids.length > 0 ? new Set(options.serviceUuids) : undefined;
  const identityTtlMs = options.identityTtlMs ?? OPENMRS_TIMING_DEFAULTS.identityTtlMs;
  const unknownIdentityTtlMs = options.unknownIdentityTtlMs ?? OPENMRS_TIMING_DEFAULTS.unknownIdentityTtlMs;
  const servicesTtlMs = options.servicesTtlMs ?? OPENMRS_TIMING_DEFAULTS.servicesTtlMs;
  const intentTtlMs = OPENMRS_TIMING_DEFAULTS.intentTtlMs;
  /** Search, conflicts and save, each up to the timeout, plus room: a crashed holder frees the slot then. */
  const lockTtlMs = 4 * timeoutMs + 1_000;

  const keys = {
    // The identifier type is part of the key, so pointing the adapter at another type starts afresh.
    identity: (value: string) => openmrsCacheKeys.identity(whatsappType, pseudonym(value)),
    intent: (kind: string, key: string) => openmrsCacheKeys.intent(kind, keyDigest(key)),
    done: (kind: string, key: string) => openmrsCacheKeys.done(kind, keyDigest(key)),
    slot: openmrsCacheKeys.slot,
  };

  // ---- patients -------------------------------------------------------------------------------

  async function readPatient(uuid: string): Promise<RestPatient | undefined> {
    try {
      const res = await client.get(
        `patient/${encodeURIComponent(uuid)}?v=${encodeURIComponent(PATIENT_REP)}`,
        'GET patient',
      );
      const parsed = RestPatientSchema.safeParse(res.body);
      if (!parsed.success) throw openmrsUnexpected('GET patient');
      return parsed.data;
    } catch (err) {
      if (isAppError(err, 'EHR_NOT_FOUND')) return undefined;
      throw err;
    }
  }

  /**
   * Patients with a live WhatsApp identifier equal to `value`. REST `q=` matches identifiers exactly
   * (and name prefixes, openmrs.md §5), so every hit is re-checked for an identifier of our type.
   */
  async function searchByWhatsApp(value: string): Promise<RestPatient[]> {
    const schema = restListSchema(RestPatientSchema);
    const out: RestPatient[] = [];
    for (let page = 0; page < MAX_REST_PAGES; page++) {
      const query = new URLSearchParams({
        q: value,
        v: PATIENT_REP,
        limit: String(REST_PAGE),
        startIndex: String(page * REST_PAGE),
      });
      const res = await client.get(`patient?${query.toString()}`, 'GET patient?q');
      const parsed = schema.safeParse(res.body);
      if (!parsed.success) throw openmrsUnexpected('GET patient?q');
      out.push(...parsed.data.results.filter((p) => carriesIdentifier(p, whatsappType, [value])));
      if (!(parsed.data.links ?? []).some((l) => l.rel === 'next')) break;
    }
    return out;
  }

  async function cachedIdentity(value: string): Promise<string[] | undefined> {
    const raw = await cache.get(keys.identity(value));
    if (raw === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = UuidListSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  }

  const forgetIdentity = (values: readonly string[]) => cache.delete(values.map(keys.identity));

  // ---- services and appointments -------------------------------------------------------------

  let services: { at: number; list: AppointmentService[] } | undefined;
  let servicesLoading: Promise<AppointmentService[]> | undefined;

  /** `appointmentService/all/full` (openmrs.md §6.6), cached; concurrent callers share one load. */
  function loadServices(force = false): Promise<AppointmentService[]> {
    if (!force && services && nowMs() - services.at < servicesTtlMs) return Promise.resolve(services.list);
    if (servicesLoading) return servicesLoading;
    const loading = (async () => {
      const res = await client.get(
        'appointmentService/all/full',
        'GET appointmentService/all/full',
        'appointments',
      );
      const parsed = AppointmentServiceListSchema.safeParse(res.body);
      if (!parsed.success) throw openmrsUnexpected('GET appointmentService/all/full');
      const list = parsed.data.filter((s) => allowedServices === undefined || allowedServices.has(s.uuid));
      services = { at: nowMs(), list };
      return list;
    })().finally(() => {
      if (servicesLoading === loading) servicesLoading = undefined;
    });
    servicesLoading = loading;
    return loading;
  }

  async function serviceById(id: string): Promise<AppointmentService> {
    let found = (await loadServices()).find((s) => s.uuid === id);
    // A service created since the last load: look once more, unless we just loaded.
    if (!found && services && nowMs() - services.at > 1_000)
      found = (await loadServices(true)).find((s) => s.uuid === id);
    if (!found) {
      throw new AppError('EHR_NOT_FOUND', 'OpenMRS: no such bookable appointment service', {
        details: { serviceId: id },
      });
    }
    return found;
  }

  /**
   * `POST /appointments/search` over [fromMs, toMs] (toMs open-ended when undefined), paging past the
   * 50-result cap by moving `startDate` to the last start seen (openmrs.md §6.4). Dates go as UTC
   * instants with milliseconds (openmrs.md §6.8). Deduplicated by uuid, in start order.
   */
  async function searchAppointments(
    fromMs: number,
    toMs: number | undefined,
    patientUuid?: string,
    enough?: (knownBefore: number, sofar: readonly RestAppointment[]) => boolean,
  ): Promise<RestAppointment[]> {
    const found = new Map<string, RestAppointment>();
    let cursor = fromMs;
    for (let page = 0; ; page++) {
      if (page >= MAX_SEARCH_PAGES) {
        throw new AppError('EHR_REJECTED', 'OpenMRS: too many appointments in the searched window', {
          details: { pages: page },
        });
      }
      const body = {
        startDate: iso(cursor),
        ...(toMs === undefined ? {} : { endDate: iso(toMs) }),
        ...(patientUuid === undefined ? {} : { patientUuid }),
      };
      const res = await client.post('appointments/search', body, 'POST appointments/search', 'appointments');
      const raw = RawArraySchema.safeParse(res.body);
      if (!raw.success) throw openmrsUnexpected('POST appointments/search');
      let last = cursor;
      for (const row of raw.data) {
        const a = RestAppointmentSchema.safeParse(row);
        if (!a.success) continue;
        found.set(a.data.uuid, a.data);
        last = Math.max(last, a.data.startDateTime);
      }
      if (raw.data.length < SEARCH_CAP) break;
      // A full page: every appointment starting before `last` is known. The caller may not need more.
      if (
        enough?.(
          last,
          [...found.values()].sort((a, b) => a.startDateTime - b.startDateTime),
        )
      )
        break;
      // More than a page starting at one instant would never advance: step past it (such a slot is
      // full whatever the rest of it holds).
      cursor = last > cursor ? last : cursor + 1;
    }
    return [...found.values()].sort((a, b) => a.startDateTime - b.startDateTime);
  }

  const clinic: ClinicSlotConfig = {
    timeZone: options.timeZone,
    hours: options.hours,
    slotMinutes: options.slotMinutes,
    capacityPerSlot: options.capacityPerSlot,
  };
  const slotQuery = (
    service: AppointmentService,
    rules: ServiceRules,
    appointments: readonly RestAppointment[],
    q: Pick<FreeSlotQuery, 'from' | 'to' | 'now' | 'minLeadMinutes' | 'limit'>,
  ): FreeSlotQuery => buildSlotQuery(clinic, service.uuid, rules, appointments, q);

  /** Waits for the slot lock; a holder that crashed lets go when its TTL runs out. */
  async function lockSlot(lockKey: string, owner: string): Promise<void> {
    const deadline = Date.now() + lockTtlMs + timeoutMs;
    while (!(await cache.tryLock(lockKey, owner, lockTtlMs))) {
      if (Date.now() > deadline) {
        throw new AppError('EHR_UNAVAILABLE', 'Another booking of this slot is still in progress', {
          retryable: true,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  async function conflictCheck(body: Record<string, unknown>): Promise<void> {
    const res = await client.post(
      'appointments/conflicts',
      body,
      'POST appointments/conflicts',
      'appointments',
    );
    // 204 = no conflict; 200 = conflicts keyed by type, only non-empty keys (openmrs.md §6.7).
    if (res.status === 204) return;
    const parsed = ConflictsSchema.safeParse(res.body ?? {});
    if (!parsed.success) throw openmrsUnexpected('POST appointments/conflicts');
    if ((parsed.data.SERVICE_UNAVAILABLE ?? []).length > 0) {
      // The server reads service hours in its JVM zone (openmrs.md §6.6, §6.8): if our slot passed our
      // own check but not the server's, the hours or zones disagree. Not the patient's fault, and
      // offering the same grid again would not help.
      throw new AppError('EHR_REJECTED', 'OpenMRS says the service is unavailable at that time', {
        details: { conflict: 'SERVICE_UNAVAILABLE' },
      });
    }
    if ((parsed.data.PATIENT_DOUBLE_BOOKING ?? []).length > 0) {
      throw new AppError('EHR_SLOT_TAKEN', 'The patient already has an appointment at that time', {
        details: { conflict: 'PATIENT_DOUBLE_BOOKING' },
      });
    }
    if (res.status !== 200 || Object.keys(parsed.data).length > 0) {
      throw new AppError('EHR_SLOT_TAKEN', 'OpenMRS reported a booking conflict', {
        details: { conflict: Object.keys(parsed.data).slice(0, 5) },
      });
    }
  }

  // ---- triage ---------------------------------------------------------------------------------

  async function findTriageEncounter(patientUuid: string, tag: string): Promise<string | undefined> {
    const schema = restListSchema(RestEncounterSchema);
    for (let page = 0; page < MAX_REST_PAGES; page++) {
      const query = new URLSearchParams({
        patient: patientUuid,
        encounterType: encounterTypeUuid,
        v: ENCOUNTER_REP,
        limit: String(REST_PAGE),
        startIndex: String(page * REST_PAGE),
      });
      const res = await client.get(`encounter?${query.toString()}`, 'GET encounter?patient');
      const parsed = schema.safeParse(res.body);
      if (!parsed.success) throw openmrsUnexpected('GET encounter?patient');
      const hit = parsed.data.results.find(
        (e) =>
          (e.encounterType?.uuid ?? encounterTypeUuid) === encounterTypeUuid &&
          encounterHasTag(e, concepts.summary, tag),
      );
      if (hit) return hit.uuid;
      if (!(parsed.data.links ?? []).some((l) => l.rel === 'next')) return undefined;
    }
    return undefined;
  }

  // ---- the port ---------------------------------------------------------------------------------

  return {
    async findPatientsByWhatsApp(identity: WhatsAppIdentityRef): Promise<PatientSummary[]> {
      const values = whatsappValues(identity);
      const found = new Map<string, RestPatient>();
      const toRead = new Set<string>();
      await Promise.all(
        values.map(async (value) => {
          const cached = await cachedIdentity(value);
          if (cached) {
            for (const uuid of cached) toRead.add(uuid);
            return;
          }
          const patients = await searchByWhatsApp(value);
          for (const p of patients) found.set(p.uuid, p);
          await cache.set(
            keys.identity(value),
            JSON.stringify(patients.map((p) => p.uuid)),
            patients.length > 0 ? identityTtlMs : unknownIdentityTtlMs,
          );
        }),
      );
      const reads = [...toRead].filter((uuid) => !found.has(uuid));
      const read = await Promise.all(reads.map(readPatient));
      let stale = false;
      for (const p of read) {
        // Voided, merged away, or the identifier removed by staff since it was cached.
        if (p && carriesIdentifier(p, whatsappType, values)) found.set(p.uuid, p);
        else stale = true;
      }
      if (stale) await forgetIdentity(values);
      return [...found.values()]
        .filter((p) => carriesIdentifier(p, whatsappType, values))
        .map((p) => toPatientSummary(p, openmrsIdTypeUuid))
        .sort((a, b) => a.givenName.localeCompare(b.givenName) || a.id.localeCompare(b.id));
    },

    async registerPatient(patient: NewPatient, idempotencyKey: string): Promise<PatientSummary> {
      const values = whatsappValues(patient.whatsapp);
      if (values.length === 0) {
        throw new AppError('EHR_REJECTED', 'A patient needs a WhatsApp identity to be registered here');
      }
      const intent = keys.intent('reg', idempotencyKey);
      if ((await cache.get(intent)) !== undefined) {
        // A retry: the first attempt may have been stored even though we never heard back. Every value
        // of the identity is stored on the patient, so searching one finds it.
        const candidates = await searchByWhatsApp(values[0] ?? '');
        const same = candidates.find((p) => isSameRegistration(p, patient));
        if (same) {
          await forgetIdentity(values);
          return toPatientSummary(same, openmrsIdTypeUuid);
        }
      }
      await cache.set(intent, '1', intentTtlMs);
      // What the cache knew (the conversation looked the identity up just before), then forget it
      // before the write: if we crash after the commit, no stale entry may hide the new patient.
      const known = await Promise.all(values.map(cachedIdentity));
      await forgetIdentity(values);
      const generated = await client.post(
        `idgen/identifiersource/${encodeURIComponent(identifierSourceUuid)}/identifier`,
        {},
        'POST idgen identifier',
      );
      const id = GeneratedIdentifierSchema.safeParse(generated.body);
      if (!id.success) throw openmrsUnexpected('POST idgen identifier');
      const body = newPatientBody(patient, id.data.identifier, {
        openmrsIdTypeUuid,
        whatsappIdentifierTypeUuid: whatsappType,
        locationUuid,
        phoneAttributeTypeUuid,
      });
      const res = await client.post(`patient?v=${encodeURIComponent(PATIENT_REP)}`, body, 'POST patient');
      const created = RestPatientSchema.safeParse(res.body);
      if (!created.success) {
        await forgetIdentity(values);
        throw openmrsUnexpected('POST patient');
      }
      // An entry that was complete before is complete again with the new patient, so the next visit
      // costs no search; one we did not have stays absent. Conversations are serialised per WhatsApp
      // identity, so no other registration of this identity runs meanwhile.
      const uuid = created.data.uuid;
      await Promise.all(
        values.map((value, i) => {
          const before = known[i];
          return before === undefined
            ? cache.delete([keys.identity(value)])
            : cache.set(keys.identity(value), JSON.stringify([...new Set([...before, uuid])]), identityTtlMs);
        }),
      );
      return toPatientSummary(created.data, openmrsIdTypeUuid);
    },

    async linkWhatsApp(patientId: string, identity: WhatsAppIdentityRef): Promise<void> {
      const patient = await readPatient(patientId);
      if (patient === undefined || patient.voided === true) {
        throw new AppError('EHR_NOT_FOUND', 'OpenMRS: no such patient', { details: { operation: 'link' } });
      }
      // Look before create: POST …/identifier adds a second copy of a value the patient already has
      // (the sub-resource's save only skips the same object, webservices.rest PatientIdentifierResource1_8),
      // so a retry after a timeout must not send again what the first attempt stored.
      const missing = whatsappValues(identity).filter((v) => !carriesIdentifier(patient, whatsappType, [v]));
      if (missing.length === 0) return;
      // A lookup under the new number (the patient may write from it before this runs) may have cached
      // "nobody": forget it before the write, so a crash after the commit leaves no stale entry, and
      // after, for a lookup that raced the write.
      await forgetIdentity(missing);
      for (const value of missing) {
        const res = await client.post(
          `patient/${encodeURIComponent(patientId)}/identifier`,
          { identifier: value, identifierType: whatsappType, location: locationUuid, preferred: false },
          'POST patient/identifier',
        );
        const created = RestPatientIdentifierSchema.safeParse(res.body);
        if (!created.success || created.data.identifierType?.uuid !== whatsappType) {
          throw openmrsUnexpected('POST patient/identifier');
        }
      }
      await forgetIdentity(missing);
    },

    async listServices(): Promise<ClinicService[]> {
      return (await loadServices()).map(toClinicService);
    },

    async findFreeSlots({ serviceId, from, to, limit }): Promise<Slot[]> {
      const fromMs = Date.parse(from);
      const toMs = Date.parse(to);
      if (!(limit > 0) || !(fromMs < toMs)) return [];
      const service = await serviceById(serviceId);
      const rules = serviceRulesOf(service);
      const length = rules.durationMins ?? options.slotMinutes;
      const range = countingRange(rules, length, fromMs, toMs, options.timeZone);
      const query = (appointments: readonly RestAppointment[], untilMs: number) =>
        slotQuery(service, rules, appointments, {
          from: iso(fromMs),
          to: iso(untilMs),
          now: iso(nowMs()),
          minLeadMinutes: options.minLeadMinutes,
          limit,
        });
      // Busy calendars page (50 per page): stop once `limit` slots are free among those whose overlaps
      // are all known (slots ending before the last start seen). The soonest `limit` slots are then all
      // among them. Day and window limits need whole days, so they always read everything.
      const enough = needsDayCounts(rules)
        ? undefined
        : (knownBefore: number, sofar: readonly RestAppointment[]) => {
            const until = Math.min(toMs, knownBefore - length * 60_000);
            return until > fromMs && freeSlots(query(sofar, until)).length >= limit;
          };
      const existing = await searchAppointments(range.from, range.to, undefined, enough);
      const slots = freeSlots(query(existing, toMs));
      return slots.map((s) => ({ serviceId, start: s.start, end: s.end }));
    },

    async book(request: BookingRequest): Promise<Appointment> {
      const { slot } = request;
      const startMs = Date.parse(slot.start);
      const endMs = Date.parse(slot.end);
      if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
        throw new AppError('EHR_REJECTED', 'Slot start and end must be instants, start before end');
      }
      const service = await serviceById(slot.serviceId);
      const rules = serviceRulesOf(service);
      const length = rules.durationMins ?? options.slotMinutes;
      // The lead time is an offering rule, not a booking rule: "now" is put where it cannot exclude.
      const atSlot = {
        from: iso(startMs),
        to: iso(startMs + 1),
        now: iso(startMs),
        minLeadMinutes: 0,
        limit: 1,
      };
      const grid = freeSlots(slotQuery(service, rules, [], atSlot));
      if (grid[0]?.start !== iso(startMs) || grid[0].end !== iso(endMs)) {
        throw new AppError('EHR_REJECTED', 'Not a bookable slot of this service (hours, grid or length)', {
          details: { serviceId: service.uuid },
        });
      }

      const tag = refTag(request.idempotencyKey);
      const lockKey = keys.slot(service.uuid, startMs);
      const owner = keyDigest(request.idempotencyKey);
      await lockSlot(lockKey, owner);
      let keepLock = false;
      try {
        const range = countingRange(rules, length, startMs, startMs + 1, options.timeZone);
        const existing = await searchAppointments(range.from, range.to);
        const earlier = existing.find(
          (a) =>
            a.patient.uuid === request.patientId &&
            a.startDateTime === startMs &&
            a.voided !== true &&
            (a.comments ?? '').includes(tag),
        );
        if (earlier) return toAppointment(earlier, length, service.name);
        if (startMs <= nowMs()) throw new AppError('EHR_SLOT_TAKEN', 'The slot has already started');
        if (freeSlots(slotQuery(service, rules, existing, atSlot)).length === 0) {
          throw new AppError('EHR_SLOT_TAKEN', 'The slot is full');
        }
        const body = {
          patientUuid: request.patientId,
          serviceUuid: service.uuid,
          startDateTime: iso(startMs),
          endDateTime: iso(endMs),
          appointmentKind: 'Scheduled',
          locationUuid,
          comments: bookingComments(request.comments, tag),
          priority: appointmentPriority(request.urgency),
          providers: [],
        };
        await conflictCheck(body);
        let res: Awaited<ReturnType<typeof client.post>>;
        try {
          res = await client.post('appointment', body, 'POST appointment', 'appointments');
        } catch (err) {
          // Unknown outcome: it may be saved. Keep the slot to ourselves until the lock expires, so
          // nobody else is told it is free meanwhile; our own retry (same owner) may proceed.
          if (isAppError(err, 'EHR_UNAVAILABLE')) keepLock = true;
          throw err;
        }
        const created = RestAppointmentSchema.safeParse(res.body);
        if (!created.success) throw openmrsUnexpected('POST appointment');
        return toAppointment(created.data, length, service.name);
      } finally {
        if (!keepLock) await cache.unlock(lockKey, owner);
      }
    },

    async listUpcomingAppointments(patientId: string, from: string): Promise<Appointment[]> {
      const fromMs = Date.parse(from);
      if (Number.isNaN(fromMs)) throw new AppError('EHR_REJECTED', '`from` must be an instant');
      const rows = await searchAppointments(fromMs, undefined, patientId);
      // Re-checked here: a server that ignored patientUuid must not leak other patients' bookings.
      return rows
        .filter((a) => a.patient.uuid === patientId && holdsTime(a) && a.startDateTime >= fromMs)
        .map((a) => toAppointment(a, options.slotMinutes));
    },

    async cancelAppointment(appointmentId: string): Promise<void> {
      const path = `appointments/${encodeURIComponent(appointmentId)}`;
      try {
        await client.post(
          `${path}/status-change`,
          { toStatus: 'Cancelled' },
          'POST status-change',
          'appointments',
        );
      } catch (err) {
        // Cancelled → Cancelled is an illegal transition, a 500 (openmrs.md §6.5): read the status to
        // tell "already cancelled" (success) from "completed/missed" (refused).
        if (!isAppError(err, 'EHR_REJECTED') || err.details?.reason !== 'status-transition') throw err;
        const res = await client.get(path, 'GET appointments/{uuid}', 'appointments');
        const current = RestAppointmentSchema.safeParse(res.body);
        if (!current.success) throw openmrsUnexpected('GET appointments/{uuid}');
        if (current.data.status !== 'Cancelled') throw err;
      }
    },

    async recordTriage(record: TriageRecord): Promise<{ encounterId: string }> {
      const done = keys.done('triage', record.idempotencyKey);
      const stored = await cache.get(done);
      if (stored !== undefined) return { encounterId: stored };
      const tag = refTag(record.idempotencyKey);
      const intent = keys.intent('triage', record.idempotencyKey);
      if ((await cache.get(intent)) !== undefined) {
        const existing = await findTriageEncounter(record.patientId, tag);
        if (existing) {
          await cache.set(done, existing, intentTtlMs);
          return { encounterId: existing };
        }
      }
      await cache.set(intent, '1', intentTtlMs);
      // No encounterDatetime: the server's now, so clock skew can never make it "in the future"
      // (openmrs.md §9). `recordedAt` is when the conversation decided; the encounter is when it was filed.
      const body = {
        patient: record.patientId,
        encounterType: encounterTypeUuid,
        location: locationUuid,
        obs: triageObservations(record, concepts, tag),
      };
      const res = await client.post('encounter?v=custom:(uuid)', body, 'POST encounter');
      const created = UuidObjectSchema.safeParse(res.body);
      if (!created.success) throw openmrsUnexpected('POST encounter');
      await cache.set(done, created.data.uuid, intentTtlMs);
      return { encounterId: created.data.uuid };
    },
  };
}

/** Every problem with the options at once (the integrator's config schema should catch them first). */
export function openmrsOptionProblems(options: OpenmrsEhrOptions): string[] {
  const problems: string[] = [];
  if (!/^https?:\/\/[^/]+/.test(options.baseUrl)) problems.push('baseUrl must be an http(s) URL');
  if (options.username.trim() === '' || options.password === '')
    problems.push('username and password are required');
  if (options.whatsappIdentifierTypeUuid.trim() === '') {
    problems.push('whatsappIdentifierTypeUuid is required (run npm run openmrs:setup)');
  }
  if (!IANAZone.isValidZone(options.timeZone))
    problems.push(`timeZone "${options.timeZone}" is not an IANA zone`);
  if (!Number.isInteger(options.slotMinutes) || options.slotMinutes < 1 || options.slotMinutes > 1440) {
    problems.push('slotMinutes must be a whole number of minutes in 1..1440');
  }
  if (!Number.isInteger(options.capacityPerSlot) || options.capacityPerSlot < 1) {
    problems.push('capacityPerSlot must be a whole number ≥ 1');
  }
  if (!Number.isFinite(options.minLeadMinutes) || options.minLeadMinutes < 0) {
    problems.push('minLeadMinutes must be ≥ 0');
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) problems.push('timeoutMs must be > 0');
  problems.push(...validateClinicHours(options.hours).map((p) => `hours: ${p}`));
  return problems;
}
