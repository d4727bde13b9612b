/**
 * `npm run bench:ehr [-- --bookings 120 --patients 40 --redis]`: complete bookings through the OpenMRS
 * adapter against the OpenMRS stand-in (find patient → register or reuse → list services → free slots →
 * book → record triage), counting the HTTP calls OpenMRS received per completed booking (from the
 * stand-in's `counts()`) for the first booking (cold adapter: login, services, new patient), later new
 * patients, and returning patients (steady state: identity cached), plus latency per step. Writes
 * bench/results/ehr.json. Not a test: it prints figures.
 *
 * The stand-in runs in this process, so latency is the adapter plus an in-memory OpenMRS on loopback;
 * a real OpenMRS adds its own time per call, which is why the call count is the figure that matters.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { EhrPort, NewPatient, PatientSummary, Slot, WhatsAppIdentityRef } from '../src/ehr/ehr-port.ts';
import { createMemoryOpenmrsCache } from '../src/ehr/openmrs/memory-openmrs-cache.ts';
import type { OpenmrsCache } from '../src/ehr/openmrs/openmrs-cache.ts';
import { createOpenmrsEhr } from '../src/ehr/openmrs/openmrs-ehr.ts';
import { createRedisOpenmrsCache } from '../src/ehr/openmrs/redis-openmrs-cache.ts';
import { bookingWindow } from '../src/scheduling/booking-window.ts';
import { parseWeeklyHours } from '../src/scheduling/clinic-hours.ts';
import { offerSlots } from '../src/scheduling/offer-slots.ts';
import { isAppError } from '../src/shared/app-error.ts';
import { startOpenmrsStandin } from '../test/standins/openmrs/openmrs-standin.ts';

const ZONE = 'Africa/Nairobi';
const SLOT_SEARCH_LIMIT = 80; // what the conversation asks for (src/conversation/flows/scheduling.ts)
const TARGET_STEADY_CALLS = 6;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Deterministic choices, so two runs book the same way. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

type Kind = 'first' | 'newPatient' | 'returning';
const STEPS = ['identify', 'register', 'services', 'slots', 'book', 'triage'] as const;
type Step = (typeof STEPS)[number];

interface Run {
  kind: Kind;
  calls: number;
  byRoute: Record<string, number>;
  ms: number;
  steps: Partial<Record<Step, number>>;
  appointmentsInWindow: number;
  slotTakenRetries: number;
}

async function main(): Promise<void> {
  const bookings = arg('bookings', 120);
  const patients = Math.min(arg('patients', 40), bookings);
  const useRedis = process.argv.includes('--redis');
  const hours = parseWeeklyHours('mon-fri 08:00-17:00');
  if (!hours.ok) throw new Error(hours.problems.join('; '));
  const clinicHours = { weekly: hours.value, closedDates: [] };

  const omrs = await startOpenmrsStandin({
    timeZone: ZONE,
    services: [
      {
        name: 'WhatsApp triage clinic',
        durationMins: 15,
        weeklyAvailability: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => ({
          dayOfWeek: d as 'MONDAY',
          startTime: '08:00:00',
          endTime: '17:00:00',
        })),
      },
    ],
  });
  const serviceId = omrs.services().find((s) => s.name === 'WhatsApp triage clinic')?.uuid ?? '';
  const whatsappType = omrs.seedIdentifierType({
    name: 'WhatsApp ID',
    uniquenessBehavior: 'NON_UNIQUE',
  }).uuid;

  let redis: Redis | undefined;
  const prefix = `bench:ehr:${randomUUID()}:`;
  let cache: OpenmrsCache = createMemoryOpenmrsCache();
  if (useRedis) {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
    await redis.connect();
    cache = createRedisOpenmrsCache(redis, prefix);
  }

  const ehr: EhrPort = createOpenmrsEhr({
    baseUrl: omrs.baseUrl,
    username: 'admin',
    password: 'Admin123',
    whatsappIdentifierTypeUuid: whatsappType,
    serviceUuids: [serviceId],
    hours: clinicHours,
    timeZone: ZONE,
    slotMinutes: 15,
    capacityPerSlot: 2,
    minLeadMinutes: 60,
    cache,
  });

  const random = prng(42);
  const identities: WhatsAppIdentityRef[] = Array.from({ length: patients }, (_, i) => {
    const id = randomUUID().slice(0, 12);
    return { key: `bsuid.${id}`, userId: `bsuid.${id}`, waId: `2547${String(10_000_000 + i)}` };
  });
  const bookedStarts = new Map<string, Set<string>>();
  const window = bookingWindow({
    disposition: 'routine',
    now: new Date(Date.now() + 60 * 60_000).toISOString(),
    timeZone: ZONE,
    hours: clinicHours,
  });
  const runs: Run[] = [];

  for (let i = 0; i < bookings; i++) {
    const whatsapp = identities[i % patients];
    if (!whatsapp) throw new Error('no identity');
    const givenName = `Patient${i % patients}`;
    const before = omrs.counts();
    const steps: Partial<Record<Step, number>> = {};
    const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        steps[step] = (steps[step] ?? 0) + (performance.now() - t);
      }
    };
    const appointmentsInWindow = omrs
      .appointments()
      .filter(
        (a) =>
          (a.startDateTime ?? 0) >= Date.parse(window.from) && (a.startDateTime ?? 0) < Date.parse(window.to),
      ).length;
    const t0 = performance.now();

    const found = await timed('identify', () => ehr.findPatientsByWhatsApp(whatsapp));
    let patient: PatientSummary | undefined = found.find((p) => p.givenName === givenName);
    const isNew = patient === undefined;
    if (!patient) {
      const input: NewPatient = {
        givenName,
        familyName: 'Bench',
        birthDate: '1990-04-02',
        birthDateEstimated: false,
        sex: i % 2 === 0 ? 'female' : 'male',
        phone: `+${whatsapp.waId ?? ''}`,
        whatsapp,
      };
      patient = await timed('register', () => ehr.registerPatient(input, `reg-${i}`));
    }
    const patientId = patient.id;
    await timed('services', () => ehr.listServices());
    const mine = bookedStarts.get(patientId) ?? new Set<string>();
    let slotTakenRetries = 0;
    let appointmentId: string | undefined;
    for (let attempt = 0; attempt < 3 && appointmentId === undefined; attempt++) {
      const slots = await timed('slots', () =>
        ehr.findFreeSlots({ serviceId, from: window.from, to: window.to, limit: SLOT_SEARCH_LIMIT }),
      );
      // What the patient is shown (10 slots spread over days); they pick one, never one they hold.
      const offered = offerSlots(slots, { timeZone: ZONE, max: 10 })
        .flatMap((d) => d.slots)
        .filter((s) => !mine.has(s.start));
      const pick = offered[Math.floor(random() * offered.length)];
      if (!pick) throw new Error(`no free slot left for booking ${i}: use fewer --bookings`);
      const slot: Slot = { serviceId, start: pick.start, end: pick.end };
      try {
        const appointment = await timed('book', () =>
          ehr.book({
            idempotencyKey: `book-${i}`,
            patientId,
            slot,
            comments: 'Fever 3 days, cough; urgency 3 (bench)',
            urgency: 3,
          }),
        );
        appointmentId = appointment.id;
        mine.add(slot.start);
        bookedStarts.set(patientId, mine);
      } catch (err) {
        if (!isAppError(err, 'EHR_SLOT_TAKEN')) throw err;
        slotTakenRetries++;
      }
    }
    if (appointmentId === undefined) throw new Error(`booking ${i} failed three times`);
    await timed('triage', () =>
      ehr.recordTriage({
        idempotencyKey: `triage-${i}`,
        patientId,
        chiefComplaint: 'Homa na kikohozi kwa siku tatu',
        temperatureC: 38.4,
        urgency: 3,
        disposition: 'routine',
        redFlags: [],
        reasons: ['fever', 'cough'],
        summary: 'Adult, fever 3 days, cough, no danger signs.',
        recordedAt: new Date().toISOString(),
        appointmentId,
      }),
    );
    const ms = performance.now() - t0;
    const after = omrs.counts();
    const byRoute: Record<string, number> = {};
    for (const [route, count] of Object.entries(after)) {
      if (route === 'total') continue;
      const delta = count - (before[route] ?? 0);
      if (delta > 0) byRoute[route] = delta;
    }
    runs.push({
      kind: i === 0 ? 'first' : isNew ? 'newPatient' : 'returning',
      calls: after.total - before.total,
      byRoute,
      ms,
      steps,
      appointmentsInWindow,
      slotTakenRetries,
    });
  }

  const summarise = (kind: Kind) => {
    const list = runs.filter((r) => r.kind === kind);
    const calls = list.map((r) => r.calls);
    const stepStats = Object.fromEntries(
      STEPS.map((step) => {
        const values = list.flatMap((r) => (r.steps[step] === undefined ? [] : [r.steps[step] ?? 0]));
        return [step, { p50Ms: round(percentile(values, 50), 2), p95Ms: round(percentile(values, 95), 2) }];
      }),
    );
    const typical =
      list.find((r) => r.calls === percentile(calls, 50) && r.slotTakenRetries === 0) ?? list[0];
    return {
      bookings: list.length,
      calls: { mean: round(mean(calls), 2), p50: percentile(calls, 50), max: Math.max(0, ...calls) },
      typicalByRoute: typical?.byRoute ?? {},
      latency: {
        p50Ms: round(
          percentile(
            list.map((r) => r.ms),
            50,
          ),
          2,
        ),
        p95Ms: round(
          percentile(
            list.map((r) => r.ms),
            95,
          ),
          2,
        ),
      },
      steps: stepStats,
      slotTakenRetries: list.reduce((n, r) => n + r.slotTakenRetries, 0),
    };
  };
  // How the appointment search grows with the calendar (50 per page, openmrs.md §6.4).
  const byFill = [0, 50, 100, 150, 200, 300, 500]
    .map((low, idx, all) => {
      const high = all[idx + 1] ?? Number.POSITIVE_INFINITY;
      const list = runs.filter(
        (r) => r.kind === 'returning' && r.appointmentsInWindow >= low && r.appointmentsInWindow < high,
      );
      return {
        appointmentsInWindow: Number.isFinite(high) ? `${low}-${high - 1}` : `${low}+`,
        bookings: list.length,
        meanCalls: round(mean(list.map((r) => r.calls)), 2),
      };
    })
    .filter((b) => b.bookings > 0);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cache: useRedis ? 'redis' : 'memory',
    config: {
      bookings,
      patients,
      slotMinutes: 15,
      capacityPerSlot: 2,
      window,
      slotSearchLimit: SLOT_SEARCH_LIMIT,
    },
    first: summarise('first'),
    newPatient: summarise('newPatient'),
    returning: summarise('returning'),
    returningByCalendarFill: byFill,
    logins: omrs.logins(),
    totals: omrs.counts(),
    // The target holds while one search page covers the window (< 50 appointments, openmrs.md §6.4);
    // each further 50 appointments in the window cost one more page of the slot search.
    target: {
      steadyStateCallsPerBooking: TARGET_STEADY_CALLS,
      regime: 'returning patient, fewer than 50 appointments in the window',
    },
    met:
      (byFill[0]?.appointmentsInWindow === '0-49' ? byFill[0].meanCalls : Number.POSITIVE_INFINITY) <=
      TARGET_STEADY_CALLS,
  };

  const print = (label: string, s: ReturnType<typeof summarise>) => {
    console.log(
      `${label.padEnd(34)} n=${String(s.bookings).padStart(4)}  calls mean ${s.calls.mean} p50 ${s.calls.p50} max ${s.calls.max}  latency p50 ${s.latency.p50Ms} ms p95 ${s.latency.p95Ms} ms`,
    );
    console.log(`${''.padEnd(34)} typical: ${JSON.stringify(s.typicalByRoute)}`);
  };
  console.log(`OpenMRS adapter bench: ${bookings} bookings, ${patients} patients, ${result.cache} cache`);
  print('first booking (cold, new patient)', result.first);
  print('new patient (warm adapter)', result.newPatient);
  print('returning patient (steady state)', result.returning);
  console.log('returning patients by appointments already in the 7-day window:');
  for (const b of byFill)
    console.log(`  ${b.appointmentsInWindow.padEnd(8)} n=${b.bookings}  mean calls ${b.meanCalls}`);
  console.log(
    `logins: ${result.logins}; target ≤ ${TARGET_STEADY_CALLS} calls (returning patient, < 50 appointments in the window): ${result.met ? 'met' : 'NOT met'}`,
  );

  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'ehr.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);

  if (redis) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
  await omrs.close();
}

main().catch((err: unknown) => {
  console.error('bench:ehr failed:', err);
  process.exitCode = 1;
});
