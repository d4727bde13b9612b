import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  O3,
  type OpenmrsStandin,
  type OpenmrsStandinOptions,
  type ServiceSeed,
  startOpenmrsStandin,
} from '../../../test/standins/openmrs/openmrs-standin.ts';
import { openTestRedis } from '../../../test/support/test-redis.ts';
import type { ClinicHours } from '../../scheduling/clinic-hours.ts';
import { parseWeeklyHours } from '../../scheduling/clinic-hours.ts';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { pseudonym } from '../../shared/hash.ts';
import { describeEhrContract } from '../ehr-contract.ts';
import type { BookingRequest, EhrPort, NewPatient, Slot, TriageRecord } from '../ehr-port.ts';
import { refTag } from './appointment-mapping.ts';
import { createMemoryOpenmrsCache } from './memory-openmrs-cache.ts';
import { type OpenmrsCache, openmrsCacheKeys } from './openmrs-cache.ts';
import { cielUuid } from './openmrs-defaults.ts';
import { createOpenmrsEhr, type OpenmrsEhrOptions } from './openmrs-ehr.ts';
import { createRedisOpenmrsCache } from './redis-openmrs-cache.ts';

const ZONE = 'Africa/Nairobi';
const WEEKDAY_HOURS = parseWeeklyHours('mon-fri 08:00-17:00');
if (!WEEKDAY_HOURS.ok) throw new Error('bad test hours');
const HOURS: ClinicHours = { weekly: WEEKDAY_HOURS.value, closedDates: [] };
/** Monday two weeks ahead, local midnight: every test books in the future, as patients do. */
const MONDAY = DateTime.now().setZone(ZONE).plus({ weeks: 2 }).startOf('week');
const at = (day: number, hhmm: string): string => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(
    MONDAY.plus({ days: day })
      .set({ hour: h ?? 0, minute: m ?? 0 })
      .toMillis(),
  ).toISOString();
};
const WINDOW = { from: at(0, '00:00'), to: at(5, '00:00') };
const MS_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Mornings Monday to Friday, 30-minute slots: 8 a day, 40 in the window. */
const TRIAGE_SERVICE: ServiceSeed = {
  name: 'WhatsApp triage clinic',
  durationMins: 30,
  weeklyAvailability: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => ({
    dayOfWeek: d as 'MONDAY',
    startTime: '08:00:00',
    endTime: '12:00:00',
  })),
};

interface Clinic {
  omrs: OpenmrsStandin;
  serviceId: string;
  whatsappType: string;
  encounterType: string;
}

async function startClinic(extra: OpenmrsStandinOptions = {}, service = TRIAGE_SERVICE): Promise<Clinic> {
  // The server JVM runs in the clinic's zone, so its conflict check reads service hours like we do.
  const omrs = await startOpenmrsStandin({ timeZone: ZONE, ...extra, services: [service] });
  const serviceId = omrs.services().find((s) => s.name === service.name)?.uuid ?? '';
  const whatsappType = omrs.seedIdentifierType({
    name: 'WhatsApp ID',
    uniquenessBehavior: 'NON_UNIQUE',
  }).uuid;
  return { omrs, serviceId, whatsappType, encounterType: O3.visitNoteEncounterType };
}

function adapterFor(
  clinic: Clinic,
  cache: OpenmrsCache,
  overrides: Partial<OpenmrsEhrOptions> = {},
): EhrPort {
  return createOpenmrsEhr({
    baseUrl: clinic.omrs.baseUrl,
    username: 'admin',
    password: 'Admin123',
    whatsappIdentifierTypeUuid: clinic.whatsappType,
    triageEncounterTypeUuid: clinic.encounterType,
    serviceUuids: [clinic.serviceId],
    timeoutMs: 5_000,
    hours: HOURS,
    timeZone: ZONE,
    slotMinutes: 15,
    capacityPerSlot: 1,
    minLeadMinutes: 60,
    cache,
    ...overrides,
  });
}

const countTagged = (texts: readonly (string | null)[], key: string) =>
  texts.filter((t) => (t ?? '').includes(refTag(key))).length;

describeEhrContract('openmrs (REST + appointments module on the stand-in, Redis cache)', async () => {
  const clinic = await startClinic();
  const redis = await openTestRedis();
  return {
    ehr: adapterFor(clinic, createRedisOpenmrsCache(redis.redis, redis.prefix)),
    seed: {
      serviceId: clinic.serviceId,
      window: WINDOW,
      unknownPatientId: randomUUID(),
      unknownAppointmentId: randomUUID(),
    },
    probe: {
      countAppointments: async (key) =>
        countTagged(
          clinic.omrs.appointments().map((a) => a.comments),
          key,
        ),
      countTriageEncounters: async (key) =>
        clinic.omrs
          .encounters()
          .filter((e) => e.obs.some((o) => typeof o.value === 'string' && o.value.includes(refTag(key))))
          .length,
      countWhatsAppIdentifiers: async (patientId, value) =>
        (clinic.omrs.patient(patientId)?.identifiers ?? []).filter(
          (i) => !i.voided && i.identifierTypeUuid === clinic.whatsappType && i.identifier === value,
        ).length,
    },
    teardown: async () => {
      await redis.cleanup();
      await clinic.omrs.close();
    },
  };
});

describe('OpenMRS adapter', () => {
  let clinic: Clinic;
  let redis: Awaited<ReturnType<typeof openTestRedis>>;
  let cache: OpenmrsCache;
  let n = 0;
  const uid = () => `${Date.now().toString(36)}${(++n).toString(36)}${randomUUID().slice(0, 6)}`;
  const identity = () => {
    const id = uid();
    return { key: `bsuid.${id}`, userId: `bsuid.${id}`, waId: `2547${String(n).padStart(8, '0')}` };
  };
  const newPatient = (givenName = 'Amina', whatsapp = identity()): NewPatient => ({
    givenName,
    familyName: 'Otieno',
    birthDate: '1990-04-02',
    birthDateEstimated: false,
    sex: 'female',
    phone: '+254712345678',
    whatsapp,
  });
  const booking = (patientId: string, slot: Slot, key = `book-${uid()}`): BookingRequest => ({
    idempotencyKey: key,
    patientId,
    slot,
    comments: 'Fever 3 days, cough; urgency 3',
    urgency: 3,
  });
  const triage = (patientId: string, key = `triage-${uid()}`): TriageRecord => ({
    idempotencyKey: key,
    patientId,
    chiefComplaint: 'Homa na kikohozi kwa siku tatu',
    temperatureC: 38.64,
    urgency: 3,
    disposition: 'routine',
    redFlags: [],
    reasons: ['fever > 38 °C', 'cough'],
    summary: 'Adult, fever 3 days, cough, no danger signs.',
    recordedAt: new Date(Date.now() - 60_000).toISOString(),
  });
  const errorOf = async (promise: Promise<unknown>): Promise<AppError> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
    return err;
  };
  const daySlots = async (ehr: EhrPort, day: number, serviceId = clinic.serviceId) =>
    ehr.findFreeSlots({ serviceId, from: at(day, '00:00'), to: at(day + 1, '00:00'), limit: 50 });
  const calls = (key: string) => clinic.omrs.counts()[key] ?? 0;

  beforeAll(async () => {
    clinic = await startClinic();
    redis = await openTestRedis();
    cache = createRedisOpenmrsCache(redis.redis, redis.prefix);
  });
  afterEach(() => clinic.omrs.clearFaults());
  afterAll(async () => {
    await redis.cleanup();
    await clinic.omrs.close();
  });

  describe('Redis cache', () => {
    it('expires values; locks are exclusive, re-entrant for the owner, released only by it', async () => {
      await cache.set('t:v', 'x', 50);
      expect(await cache.get('t:v')).toBe('x');
      await new Promise((r) => setTimeout(r, 80));
      expect(await cache.get('t:v')).toBeUndefined();
      expect(await cache.tryLock('t:l', 'me', 5_000)).toBe(true);
      expect(await cache.tryLock('t:l', 'me', 5_000)).toBe(true);
      expect(await cache.tryLock('t:l', 'you', 5_000)).toBe(false);
      await cache.unlock('t:l', 'you');
      expect(await cache.tryLock('t:l', 'you', 5_000)).toBe(false);
      await cache.unlock('t:l', 'me');
      expect(await cache.tryLock('t:l', 'you', 5_000)).toBe(true);
      await cache.delete(['t:l']);
      expect(await cache.get('t:l')).toBeUndefined();
    });
  });

  describe('session', () => {
    it('logs in once for many concurrent calls and sends only the cookie afterwards', async () => {
      const seen: Array<{ auth: boolean; cookie: boolean; disable: string | null }> = [];
      const spy: typeof fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        seen.push({
          auth: headers.has('authorization'),
          cookie: headers.has('cookie'),
          disable: headers.get('disable-www-authenticate'),
        });
        return fetch(input, init);
      };
      const ehr = adapterFor(clinic, cache, { fetch: spy });
      const before = clinic.omrs.logins();
      await Promise.all([
        ehr.listServices(),
        ehr.findFreeSlots({ serviceId: clinic.serviceId, ...WINDOW, limit: 5 }),
        ehr.findPatientsByWhatsApp(identity()),
        ehr.registerPatient(newPatient(), `reg-${uid()}`),
      ]);
      await ehr.listUpcomingAppointments(randomUUID(), WINDOW.from);
      expect(clinic.omrs.logins() - before).toBe(1);
      expect(seen.filter((s) => s.auth)).toHaveLength(1);
      expect(seen.filter((s) => !s.auth).every((s) => s.cookie)).toBe(true);
      expect(seen.every((s) => s.disable === 'true')).toBe(true);
    });

    it('logs in again once after the sessions expire, shared by concurrent calls', async () => {
      const ehr = adapterFor(clinic, cache);
      await ehr.listServices();
      const before = clinic.omrs.logins();
      clinic.omrs.expireSessions();
      const results = await Promise.all([
        ehr.findFreeSlots({ serviceId: clinic.serviceId, ...WINDOW, limit: 3 }),
        ehr.listUpcomingAppointments(randomUUID(), WINDOW.from),
        ehr.findPatientsByWhatsApp(identity()),
      ]);
      expect(results[0]).toHaveLength(3);
      expect(clinic.omrs.logins() - before).toBe(1);
    });

    it('a wrong password is EHR_AUTH_FAILED after one attempt, then no more attempts while cooling down', async () => {
      let clock = Date.now();
      const ehr = adapterFor(clinic, cache, { password: 'wrong', now: () => new Date(clock) });
      const failedBefore = clinic.omrs.failedLogins();
      const sessionCalls = calls('GET /ws/rest/v1/session');
      const first = await errorOf(ehr.listServices());
      expect(first.code).toBe('EHR_AUTH_FAILED');
      expect(first.retryable).toBe(false);
      expect(first.message).not.toContain('wrong');
      for (let i = 0; i < 10; i++) {
        expect((await errorOf(ehr.findPatientsByWhatsApp(identity()))).code).toBe('EHR_AUTH_FAILED');
      }
      expect(clinic.omrs.failedLogins() - failedBefore).toBe(1);
      expect(calls('GET /ws/rest/v1/session') - sessionCalls).toBe(1);
      expect(clinic.omrs.isLocked()).toBe(false);
      // After the cool-down, exactly one more attempt.
      clock += 5 * 60_000 + 1;
      expect((await errorOf(ehr.listServices())).code).toBe('EHR_AUTH_FAILED');
      expect(clinic.omrs.failedLogins() - failedBefore).toBe(2);
      expect(clinic.omrs.isLocked()).toBe(false);
    });

    it('respects a lockout: one refused attempt, no loop that would keep the account locked', async () => {
      const locked = await startClinic({ lockoutAfter: 2 });
      try {
        const basic = `Basic ${Buffer.from('admin:nope').toString('base64')}`;
        for (let i = 0; i < 3; i++) {
          await fetch(`${locked.omrs.baseUrl}/ws/rest/v1/session`, { headers: { Authorization: basic } });
        }
        expect(locked.omrs.isLocked()).toBe(true);
        let clock = Date.now();
        const ehr = adapterFor(locked, createMemoryOpenmrsCache(), { now: () => new Date(clock) });
        const failed = locked.omrs.failedLogins();
        for (let i = 0; i < 5; i++) expect((await errorOf(ehr.listServices())).code).toBe('EHR_AUTH_FAILED');
        expect(locked.omrs.failedLogins() - failed).toBe(1);
        // The lockout ends (5 minutes after the last attempt) and so does our cool-down.
        locked.omrs.advanceTime(5 * 60_000 + 1);
        clock += 5 * 60_000 + 1;
        expect(locked.omrs.isLocked()).toBe(false);
        expect((await ehr.listServices()).map((s) => s.id)).toEqual([locked.serviceId]);
        expect(locked.omrs.failedLogins() - failed).toBe(1);
      } finally {
        await locked.omrs.close();
      }
    });

    it('server down is EHR_UNAVAILABLE (retryable); after restart the same adapter works', async () => {
      const own = await startClinic();
      try {
        const ehr = adapterFor(own, createMemoryOpenmrsCache());
        await ehr.listServices();
        await own.omrs.stop();
        const err = await errorOf(ehr.findFreeSlots({ serviceId: own.serviceId, ...WINDOW, limit: 3 }));
        expect(err.code).toBe('EHR_UNAVAILABLE');
        expect(err.retryable).toBe(true);
        await own.omrs.restart();
        expect(await ehr.findFreeSlots({ serviceId: own.serviceId, ...WINDOW, limit: 3 })).toHaveLength(3);
      } finally {
        await own.omrs.close();
      }
    });

    it('maps the gateway 503 page and a server 500 to EHR_UNAVAILABLE (retryable)', async () => {
      const ehr = adapterFor(clinic, cache);
      await ehr.listServices();
      clinic.omrs.failNext({ route: 'POST /ws/rest/v1/appointments/search', status: 503 });
      const gateway = await errorOf(ehr.findFreeSlots({ serviceId: clinic.serviceId, ...WINDOW, limit: 3 }));
      expect([gateway.code, gateway.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
      clinic.omrs.failNext({ route: 'POST /ws/rest/v1/appointments/search', status: 500 });
      const server = await errorOf(ehr.findFreeSlots({ serviceId: clinic.serviceId, ...WINDOW, limit: 3 }));
      expect([server.code, server.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
    });

    it('a timeout is EHR_UNAVAILABLE (retryable)', async () => {
      const ehr = adapterFor(clinic, cache, { timeoutMs: 200 });
      await ehr.listServices();
      clinic.omrs.hangNext({ route: 'POST /ws/rest/v1/appointments/search', ms: 1_000 });
      const err = await errorOf(ehr.findFreeSlots({ serviceId: clinic.serviceId, ...WINDOW, limit: 3 }));
      expect([err.code, err.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
    });
  });

  describe('patients and the identity cache', () => {
    it('stores the O3 registration: OpenMRS ID (preferred), WhatsApp identifiers, name, gender, birthdate, phone', async () => {
      const ehr = adapterFor(clinic, cache);
      const who = identity();
      const summary = await ehr.registerPatient(
        { ...newPatient('Neema', who), birthDateEstimated: true },
        `reg-${uid()}`,
      );
      const stored = clinic.omrs.patient(summary.id);
      expect(stored).toBeDefined();
      const ids = stored?.identifiers ?? [];
      const openmrsId = ids.find((i) => i.identifierTypeUuid === O3.openmrsIdType);
      expect(openmrsId?.preferred).toBe(true);
      expect(summary.mrn).toBe(openmrsId?.identifier);
      expect(
        ids
          .filter((i) => i.identifierTypeUuid === clinic.whatsappType)
          .map((i) => i.identifier)
          .sort(),
      ).toEqual([who.userId, who.waId].sort());
      expect(stored?.gender).toBe('F');
      expect(stored?.birthdateEstimated).toBe(true);
      expect(stored?.names[0]).toMatchObject({ givenName: 'Neema', familyName: 'Otieno' });
      expect(stored?.attributes).toEqual([
        expect.objectContaining({ attributeTypeUuid: O3.telephoneAttrType, value: '+254712345678' }),
      ]);
      expect(summary).toMatchObject({
        givenName: 'Neema',
        familyName: 'Otieno',
        birthDate: '1990-04-02',
        sex: 'female',
      });
    });

    it('a cached identity costs no search; registration invalidates the entry and re-seeds it complete', async () => {
      const ehr = adapterFor(clinic, cache);
      const who = identity();
      const mother = await ehr.registerPatient(newPatient('Amina', who), `reg-${uid()}`);
      const searches = () => calls('GET /ws/rest/v1/patient');
      const reads = () => calls('GET /ws/rest/v1/patient/{uuid}');
      const s0 = searches();
      expect((await ehr.findPatientsByWhatsApp(who)).map((p) => p.id)).toEqual([mother.id]);
      expect(searches() - s0).toBe(2); // userId and waId, each once
      const s1 = searches();
      const r1 = reads();
      expect((await ehr.findPatientsByWhatsApp(who)).map((p) => p.id)).toEqual([mother.id]);
      expect(searches() - s1).toBe(0);
      expect(reads() - r1).toBe(1);
      // A second adapter (another instance) shares the Redis entry.
      const other = adapterFor(clinic, cache);
      expect((await other.findPatientsByWhatsApp(who)).map((p) => p.id)).toEqual([mother.id]);
      expect(searches() - s1).toBe(0);
      const child = await ehr.registerPatient(newPatient('Baraka', who), `reg-${uid()}`);
      const r2 = reads();
      const found = await other.findPatientsByWhatsApp(who);
      expect(found.map((p) => p.id).sort()).toEqual([mother.id, child.id].sort());
      expect(searches() - s1).toBe(0);
      expect(reads() - r2).toBe(2);
      // An identity the cache did not know stays unknown after registration: the next find searches.
      const stranger = identity();
      await ehr.registerPatient(newPatient('Rehema', stranger), `reg-${uid()}`);
      const s2 = searches();
      expect(await other.findPatientsByWhatsApp(stranger)).toHaveLength(1);
      expect(searches() - s2).toBe(2);
    });

    it('an unknown identity is cached briefly and registration clears it', async () => {
      const ehr = adapterFor(clinic, cache);
      const who = identity();
      expect(await ehr.findPatientsByWhatsApp(who)).toEqual([]);
      const s0 = calls('GET /ws/rest/v1/patient');
      expect(await ehr.findPatientsByWhatsApp(who)).toEqual([]);
      expect(calls('GET /ws/rest/v1/patient') - s0).toBe(0);
      const p = await ehr.registerPatient(newPatient('Zawadi', who), `reg-${uid()}`);
      expect((await ehr.findPatientsByWhatsApp(who)).map((x) => x.id)).toEqual([p.id]);
    });

    it('drops a cached patient that no longer carries the identity, and searches again', async () => {
      const ehr = adapterFor(clinic, cache);
      const who = identity();
      const real = await ehr.registerPatient(newPatient('Said', who), `reg-${uid()}`);
      const stranger = clinic.omrs.seedPatient({ givenName: 'Stranger', gender: 'M' });
      // As if staff had moved the identifier away after it was cached (and one uuid was deleted).
      for (const value of [who.userId, who.waId]) {
        await cache.set(
          openmrsCacheKeys.identity(clinic.whatsappType, pseudonym(value)),
          JSON.stringify([stranger.uuid, randomUUID()]),
          60_000,
        );
      }
      expect(await ehr.findPatientsByWhatsApp(who)).toEqual([]);
      const s0 = calls('GET /ws/rest/v1/patient');
      expect((await ehr.findPatientsByWhatsApp(who)).map((p) => p.id)).toEqual([real.id]);
      expect(calls('GET /ws/rest/v1/patient') - s0).toBe(2);
    });

    it('a registration retried after a timeout that hid the commit creates one patient', async () => {
      const ehr = adapterFor(clinic, cache, { timeoutMs: 300 });
      const who = identity();
      const key = `reg-${uid()}`;
      clinic.omrs.hangNext({ route: 'POST /ws/rest/v1/patient', ms: 1_500, commitFirst: true });
      const err = await errorOf(ehr.registerPatient(newPatient('Halima', who), key));
      expect([err.code, err.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
      const again = await ehr.registerPatient(newPatient('Halima', who), key);
      const withIdentity = clinic.omrs
        .patients()
        .filter((p) => p.identifiers.some((i) => i.identifier === who.userId));
      expect(withIdentity.map((p) => p.uuid)).toEqual([again.id]);
    });

    it('links a new number through the identifier sub-resource, clearing a cached "nobody"', async () => {
      const ehr = adapterFor(clinic, cache);
      const old = identity();
      const patient = await ehr.registerPatient(newPatient('Imani', old), `reg-${uid()}`);
      const waId = `2556${uid().slice(-8)}`;
      const moved = { key: waId, waId };
      // The patient wrote from the new number before the change notice was handled: "nobody" is cached.
      expect(await ehr.findPatientsByWhatsApp(moved)).toEqual([]);
      const posts = () => calls('POST /ws/rest/v1/patient/{uuid}/identifier');
      const p0 = posts();
      await ehr.linkWhatsApp(patient.id, moved);
      expect(posts() - p0).toBe(1);
      const stored = clinic.omrs.patient(patient.id)?.identifiers.find((i) => i.identifier === moved.waId);
      expect(stored).toMatchObject({
        identifierTypeUuid: clinic.whatsappType,
        locationUuid: O3.outpatientClinic,
        preferred: false,
      });
      expect((await ehr.findPatientsByWhatsApp(moved)).map((p) => p.id)).toEqual([patient.id]);
      expect((await ehr.findPatientsByWhatsApp(old)).map((p) => p.id)).toEqual([patient.id]);
      // Already carried: one read, no write (the sub-resource would store a second copy).
      const total = clinic.omrs.counts().total;
      await ehr.linkWhatsApp(patient.id, moved);
      expect(posts() - p0).toBe(1);
      expect(clinic.omrs.counts().total - total).toBe(1);
      expect((await errorOf(ehr.linkWhatsApp(randomUUID(), moved))).code).toBe('EHR_NOT_FOUND');
    });

    it('a link retried after a timeout that hid the commit stores the identifier once', async () => {
      const ehr = adapterFor(clinic, cache, { timeoutMs: 300 });
      const patient = await ehr.registerPatient(newPatient('Pendo'), `reg-${uid()}`);
      const waId = `2557${uid().slice(-8)}`;
      clinic.omrs.hangNext({
        route: 'POST /ws/rest/v1/patient/{uuid}/identifier',
        ms: 1_500,
        commitFirst: true,
      });
      const err = await errorOf(ehr.linkWhatsApp(patient.id, { key: waId, waId }));
      expect([err.code, err.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
      await ehr.linkWhatsApp(patient.id, { key: waId, waId });
      const copies = clinic.omrs.patient(patient.id)?.identifiers.filter((i) => i.identifier === waId);
      expect(copies).toHaveLength(1);
    });

    it('a first attempt costs only idgen and the create', async () => {
      const ehr = adapterFor(clinic, cache);
      await ehr.listServices();
      const before = clinic.omrs.counts().total;
      await ehr.registerPatient(newPatient('Khamis'), `reg-${uid()}`);
      expect(clinic.omrs.counts().total - before).toBe(2);
    });
  });

  describe('services, slots and booking', () => {
    it('lists only the configured services, and all of them when none is configured', async () => {
      expect((await adapterFor(clinic, cache).listServices()).map((s) => s.id)).toEqual([clinic.serviceId]);
      const all = await adapterFor(clinic, cache, { serviceUuids: [] }).listServices();
      expect(all.map((s) => s.id)).toEqual(
        expect.arrayContaining([clinic.serviceId, O3.generalMedicineService, O3.outpatientService]),
      );
      expect(all.find((s) => s.id === clinic.serviceId)).toMatchObject({ durationMins: 30 });
    });

    it('an unknown service is EHR_NOT_FOUND', async () => {
      const err = await errorOf(
        adapterFor(clinic, cache).findFreeSlots({ serviceId: randomUUID(), ...WINDOW, limit: 3 }),
      );
      expect(err.code).toBe('EHR_NOT_FOUND');
    });

    it('honours weekly availability and the service duration', async () => {
      const ehr = adapterFor(clinic, cache);
      const monday = await daySlots(ehr, 0);
      expect(monday.map((s) => DateTime.fromISO(s.start, { zone: ZONE }).toFormat('HH:mm'))).toEqual([
        '08:00',
        '08:30',
        '09:00',
        '09:30',
        '10:00',
        '10:30',
        '11:00',
        '11:30',
      ]);
      for (const s of monday) expect(Date.parse(s.end) - Date.parse(s.start)).toBe(30 * 60_000);
      // Saturday: clinic closed and no availability.
      expect(await daySlots(ehr, 5)).toEqual([]);
    });

    it('honours the service and window appointment limits', async () => {
      const limited = await startClinic(
        {},
        {
          name: 'Limited clinic',
          durationMins: 60,
          maxAppointmentsLimit: 3,
          weeklyAvailability: [
            { dayOfWeek: 'MONDAY', startTime: '08:00:00', endTime: '12:00:00', maxAppointmentsLimit: 2 },
            { dayOfWeek: 'MONDAY', startTime: '13:00:00', endTime: '17:00:00' },
            { dayOfWeek: 'TUESDAY', startTime: '08:00:00', endTime: '12:00:00' },
          ],
        },
      );
      try {
        const ehr = adapterFor(limited, createMemoryOpenmrsCache(), { capacityPerSlot: 5 });
        const book = async (slot: Slot | undefined) => {
          if (!slot) throw new Error('no slot');
          const p = await ehr.registerPatient(newPatient(`P${uid()}`), `reg-${uid()}`);
          return ehr.book(booking(p.id, slot));
        };
        const monday = await daySlots(ehr, 0, limited.serviceId);
        expect(monday).toHaveLength(8);
        await book(monday[0]);
        await book(monday[1]);
        // The morning window holds 2: its slots are gone, the afternoon's remain.
        const after2 = await daySlots(ehr, 0, limited.serviceId);
        expect(after2.map((s) => DateTime.fromISO(s.start, { zone: ZONE }).hour)).toEqual([13, 14, 15, 16]);
        const late = await errorOf(book(monday[2]));
        expect(late.code).toBe('EHR_SLOT_TAKEN');
        await book(after2[0]);
        // Three on Monday: the service's daily limit.
        expect(await daySlots(ehr, 0, limited.serviceId)).toEqual([]);
        expect(await daySlots(ehr, 1, limited.serviceId)).toHaveLength(4);
      } finally {
        await limited.omrs.close();
      }
    });

    it('capacity: a slot holds capacityPerSlot patients, then EHR_SLOT_TAKEN', async () => {
      const ehr = adapterFor(clinic, cache, { capacityPerSlot: 2 });
      const [slot] = await daySlots(ehr, 1);
      if (!slot) throw new Error('no slot');
      const [a, b, c] = await Promise.all(
        ['Juma', 'Rehema', 'Wanjiku'].map((g) => ehr.registerPatient(newPatient(g), `reg-${uid()}`)),
      );
      if (!a || !b || !c) throw new Error('registration failed');
      const results = await Promise.allSettled([a, b, c].map((p) => ehr.book(booking(p.id, slot))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      const lost = results.find((r) => r.status === 'rejected');
      expect(isAppError(lost?.status === 'rejected' ? lost.reason : undefined, 'EHR_SLOT_TAKEN')).toBe(true);
      expect((await daySlots(ehr, 1)).some((s) => s.start === slot.start)).toBe(false);
    });

    it('refuses a slot that is not on the service grid', async () => {
      const ehr = adapterFor(clinic, cache);
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const offGrid = { serviceId: clinic.serviceId, start: at(1, '08:10'), end: at(1, '08:40') };
      expect((await errorOf(ehr.book(booking(p.id, offGrid)))).code).toBe('EHR_REJECTED');
      const afternoon = { serviceId: clinic.serviceId, start: at(1, '14:00'), end: at(1, '14:30') };
      expect((await errorOf(ehr.book(booking(p.id, afternoon)))).code).toBe('EHR_REJECTED');
    });

    it('books with the O3 body: Scheduled, location, comments with the ref tag, UTC instants', async () => {
      const ehr = adapterFor(clinic, cache);
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const [slot] = await daySlots(ehr, 2);
      if (!slot) throw new Error('no slot');
      const request = booking(p.id, slot);
      const appointment = await ehr.book(request);
      const stored = clinic.omrs.appointments().find((a) => a.uuid === appointment.id);
      expect(stored).toMatchObject({
        patientUuid: p.id,
        serviceUuid: clinic.serviceId,
        appointmentKind: 'Scheduled',
        status: 'Scheduled',
        locationUuid: O3.outpatientClinic,
        startDateTime: Date.parse(slot.start),
        endDateTime: Date.parse(slot.end),
        priority: 'Routine',
      });
      expect(stored?.comments).toBe(`Fever 3 days, cough; urgency 3 ${refTag(request.idempotencyKey)}`);
      expect(appointment).toMatchObject({ serviceName: TRIAGE_SERVICE.name, status: 'booked' });
    });

    it('a booking retried after a timeout that hid the commit makes exactly one appointment', async () => {
      const ehr = adapterFor(clinic, cache, { timeoutMs: 300 });
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const [slot] = await daySlots(ehr, 3);
      if (!slot) throw new Error('no slot');
      const request = booking(p.id, slot);
      clinic.omrs.hangNext({ route: 'POST /ws/rest/v1/appointment', ms: 1_500, commitFirst: true });
      const err = await errorOf(ehr.book(request));
      expect([err.code, err.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
      // Meanwhile nobody else is told the slot is free…
      const other = await ehr.registerPatient(newPatient('Said'), `reg-${uid()}`);
      const rival = ehr.book(booking(other.id, slot));
      // …and the retry with the same key finds the stored appointment.
      const again = await ehr.book(request);
      expect(
        clinic.omrs.appointments().filter((a) => a.comments?.includes(refTag(request.idempotencyKey))),
      ).toEqual([expect.objectContaining({ uuid: again.id, patientUuid: p.id })]);
      expect((await errorOf(rival)).code).toBe('EHR_SLOT_TAKEN');
    });

    it('a patient already booked at that time is EHR_SLOT_TAKEN (conflicts: PATIENT_DOUBLE_BOOKING)', async () => {
      const ehr = adapterFor(clinic, cache);
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const [slot] = await daySlots(ehr, 4);
      if (!slot) throw new Error('no slot');
      clinic.omrs.seedAppointment({
        patientUuid: p.id,
        serviceUuid: O3.generalMedicineService,
        start: slot.start,
        end: slot.end,
      });
      const err = await errorOf(ehr.book(booking(p.id, slot)));
      expect(err.code).toBe('EHR_SLOT_TAKEN');
      expect(err.details).toMatchObject({ conflict: 'PATIENT_DOUBLE_BOOKING' });
    });

    it('pages past the 50-result search cap, with millisecond UTC dates', async () => {
      const own = await startClinic();
      try {
        const bodies: Array<Record<string, unknown>> = [];
        const spy: typeof fetch = (input, init) => {
          if (String(input).endsWith('/appointments/search') && typeof init?.body === 'string') {
            bodies.push(JSON.parse(init.body) as Record<string, unknown>);
          }
          return fetch(input, init);
        };
        const ehr = adapterFor(own, createMemoryOpenmrsCache(), { fetch: spy });
        const filler = own.omrs.seedPatient({ givenName: 'Filler', gender: 'U' });
        // 60 appointments of another service on Wednesday morning, then ours at 11:30 (the last slot).
        for (let i = 0; i < 60; i++) {
          own.omrs.seedAppointment({
            patientUuid: filler.uuid,
            serviceUuid: O3.generalMedicineService,
            start: at(2, `08:${String(i % 60).padStart(2, '0')}`),
            end: at(2, '08:59'),
          });
        }
        own.omrs.seedAppointment({
          patientUuid: filler.uuid,
          serviceUuid: own.serviceId,
          start: at(2, '11:30'),
          end: at(2, '12:00'),
        });
        const slots = await ehr.findFreeSlots({
          serviceId: own.serviceId,
          from: at(2, '00:00'),
          to: at(3, '00:00'),
          limit: 50,
        });
        expect(slots).toHaveLength(7);
        expect(slots.some((s) => s.start === at(2, '11:30'))).toBe(false);
        expect(bodies.length).toBeGreaterThan(1);
        for (const b of bodies) {
          expect(b.startDate).toMatch(MS_INSTANT);
          expect(b.endDate).toMatch(MS_INSTANT);
        }
        // Asking for one slot: the first page already proves 08:00 free, so no second page.
        bodies.length = 0;
        const first = await ehr.findFreeSlots({
          serviceId: own.serviceId,
          from: at(2, '00:00'),
          to: at(3, '00:00'),
          limit: 1,
        });
        expect(first.map((s) => s.start)).toEqual([at(2, '08:00')]);
        expect(bodies).toHaveLength(1);
      } finally {
        await own.omrs.close();
      }
    });

    it('cancelling a completed appointment is EHR_REJECTED (not retryable); unknown is EHR_NOT_FOUND', async () => {
      const ehr = adapterFor(clinic, cache);
      const p = clinic.omrs.seedPatient({ givenName: 'Done', gender: 'F' });
      const done = clinic.omrs.seedAppointment({
        patientUuid: p.uuid,
        serviceUuid: clinic.serviceId,
        start: at(-7, '09:00'),
        end: at(-7, '09:30'),
        status: 'Completed',
      });
      const err = await errorOf(ehr.cancelAppointment(done.uuid));
      expect([err.code, err.retryable]).toEqual(['EHR_REJECTED', false]);
      expect((await errorOf(ehr.cancelAppointment(randomUUID()))).code).toBe('EHR_NOT_FOUND');
    });
  });

  describe('triage', () => {
    it('writes the encounter of the configured type and location with its observations', async () => {
      const ehr = adapterFor(clinic, cache);
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const record = { ...triage(p.id), redFlags: ['chest pain'] };
      const { encounterId } = await ehr.recordTriage(record);
      const stored = clinic.omrs.encounters().find((e) => e.uuid === encounterId);
      expect(stored).toMatchObject({
        patientUuid: p.id,
        encounterTypeUuid: O3.visitNoteEncounterType,
        locationUuid: O3.outpatientClinic,
        createdVia: 'rest',
      });
      const obs = (stored?.obs ?? []).map((o) => [o.conceptUuid, o.value]);
      expect(obs).toEqual([
        [cielUuid(160531), 'Homa na kikohozi kwa siku tatu'],
        [cielUuid(5088), 38.6],
        [cielUuid(161011), 'Triage urgency: 3 of 5 (5 = immediate)'],
        [cielUuid(161011), 'Triage disposition: routine'],
        [cielUuid(161011), 'Triage reasons: fever > 38 °C; cough'],
        [cielUuid(161011), 'Red flags: chest pain'],
        [cielUuid(162169), `Adult, fever 3 days, cough, no danger signs.\n${refTag(record.idempotencyKey)}`],
      ]);
      // Server time, not ours: never "in the future".
      expect(Math.abs((stored?.encounterDatetime ?? 0) - clinic.omrs.now())).toBeLessThan(10_000);
    });

    it('leaves out a temperature outside 25–43 °C (the concept would refuse it)', async () => {
      const ehr = adapterFor(clinic, cache);
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const { encounterId } = await ehr.recordTriage({ ...triage(p.id), temperatureC: 45 });
      const stored = clinic.omrs.encounters().find((e) => e.uuid === encounterId);
      expect(stored?.obs.some((o) => o.conceptUuid === cielUuid(5088))).toBe(false);
    });

    it('a triage write retried after a timeout that hid the commit makes exactly one encounter', async () => {
      const ehr = adapterFor(clinic, cache, { timeoutMs: 300 });
      const p = await ehr.registerPatient(newPatient(), `reg-${uid()}`);
      const record = triage(p.id);
      clinic.omrs.hangNext({ route: 'POST /ws/rest/v1/encounter', ms: 1_500, commitFirst: true });
      expect((await errorOf(ehr.recordTriage(record))).code).toBe('EHR_UNAVAILABLE');
      // Another instance (fresh process memory, same Redis) takes the retry.
      const again = await adapterFor(clinic, cache).recordTriage(record);
      const tagged = clinic.omrs
        .encounters()
        .filter((e) => e.obs.some((o) => String(o.value).includes(refTag(record.idempotencyKey))));
      expect(tagged.map((e) => e.uuid)).toEqual([again.encounterId]);
    });

    it('an unknown patient is refused without a write', async () => {
      const ehr = adapterFor(clinic, cache);
      const before = clinic.omrs.encounters().length;
      const err = await errorOf(ehr.recordTriage(triage(randomUUID())));
      expect(['EHR_REJECTED', 'EHR_NOT_FOUND']).toContain(err.code);
      expect(clinic.omrs.encounters()).toHaveLength(before);
    });
  });

  describe('economy', () => {
    it('a returning patient books with at most 6 HTTP calls: identify + slots + book + triage', async () => {
      const ehr = adapterFor(clinic, cache);
      const who = identity();
      const p = await ehr.registerPatient(newPatient('Rehema', who), `reg-${uid()}`);
      await ehr.findPatientsByWhatsApp(who); // warms the identity cache, as the first visit did
      await ehr.listServices();
      const before = clinic.omrs.counts().total;
      const [found] = await ehr.findPatientsByWhatsApp(who);
      expect(found?.id).toBe(p.id);
      await ehr.listServices();
      const [slot] = await ehr.findFreeSlots({
        serviceId: clinic.serviceId,
        from: at(4, '00:00'),
        to: WINDOW.to,
        limit: 5,
      });
      if (!slot) throw new Error('no slot');
      const appointment = await ehr.book(booking(p.id, slot));
      await ehr.recordTriage({ ...triage(p.id), appointmentId: appointment.id });
      expect(clinic.omrs.counts().total - before).toBeLessThanOrEqual(6);
    });
  });
});
