import { parseSearchRequest } from '@medplum/core';
import type { Resource, Schedule, Slot } from '@medplum/fhirtypes';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirEngine } from './fhir-engine.ts';
import { startFhirEngine } from './fhir-engine.ts';
import type { DemoClinic } from './seed-demo-clinic.ts';
import { seedDemoClinic } from './seed-demo-clinic.ts';

/** Monday 2 March 2026, 08:00 in Nairobi. */
const MONDAY_8AM_NAIROBI = '2026-03-02T05:00:00.000Z';

describe('seedDemoClinic', () => {
  let engine: FhirEngine;
  let clinic: DemoClinic;

  const all = <T extends Resource>(type: T['resourceType'], query: Record<string, string> = {}) =>
    engine.repo.searchResources<T>(parseSearchRequest<T>(type, query));

  beforeAll(async () => {
    engine = await startFhirEngine({ port: 0 });
    clinic = await seedDemoClinic(engine.repo, { now: MONDAY_8AM_NAIROBI, weeks: 1 });
  });
  afterAll(() => engine.close());

  it('creates one organization, one location, three practitioners, services and schedules', async () => {
    expect(await all('Organization')).toHaveLength(1);
    expect(await all('Location')).toHaveLength(1);
    expect(await all('Practitioner')).toHaveLength(3);
    expect(clinic.services.map((s) => s.name)).toEqual([
      'General consultation',
      'Maternal & child health',
      'Follow-up visit',
    ]);
    const schedules = await all<Schedule>('Schedule');
    expect(schedules).toHaveLength(3);
    for (const service of clinic.services) {
      const schedule = schedules.find((s) => s.id === service.scheduleId);
      expect(schedule?.actor.map((a) => a.reference)).toEqual([
        `HealthcareService/${service.id}`,
        `Practitioner/${service.practitionerId}`,
        `Location/${clinic.locationId}`,
      ]);
    }
  });

  it('creates 20-minute slots from 08:00 to 16:00 clinic time, Monday to Friday only', async () => {
    expect(clinic.slotsCreated).toBe(3 * 5 * 24);
    const slots = await all<Slot>('Slot', { schedule: `Schedule/${clinic.services[0]?.scheduleId}` });
    expect(slots).toHaveLength(5 * 24);
    const local = slots.map((s) => DateTime.fromISO(s.start, { zone: 'Africa/Nairobi' }));
    expect(Math.min(...local.map((t) => t.hour * 60 + t.minute))).toBe(8 * 60);
    expect(Math.max(...local.map((t) => t.hour * 60 + t.minute))).toBe(15 * 60 + 40);
    expect(new Set(local.map((t) => t.weekday))).toEqual(new Set([1, 2, 3, 4, 5]));
    for (const slot of slots) {
      expect(slot.status).toBe('free');
      expect(slot.start).toMatch(/Z$/);
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(20 * 60_000);
    }
  });

  it('is idempotent, through the repository and through HTTP, and never frees a booked slot', async () => {
    const [booked] = await all<Slot>('Slot', { schedule: `Schedule/${clinic.services[1]?.scheduleId}` });
    if (!booked) throw new Error('no slot');
    await engine.repo.updateResource({ ...booked, status: 'busy' });
    const again = await seedDemoClinic(engine.repo, { now: MONDAY_8AM_NAIROBI, weeks: 1 });
    expect(again.slotsCreated).toBe(0);
    expect(again.slotsExisting).toBe(360);
    expect(again.services.map((s) => s.id)).toEqual(clinic.services.map((s) => s.id));
    const overHttp = await seedDemoClinic(engine.baseUrl, { now: MONDAY_8AM_NAIROBI, weeks: 1 });
    expect(overHttp.slotsCreated).toBe(0);
    expect(overHttp.organizationId).toBe(clinic.organizationId);
    expect(await all('Organization')).toHaveLength(1);
    expect(await all('Slot')).toHaveLength(360);
    expect((await engine.repo.readResource<Slot>('Slot', booked.id ?? '')).status).toBe('busy');
  });

  it('seeding a week later only adds the new days', async () => {
    const later = await seedDemoClinic(engine.repo, { now: '2026-03-09T05:00:00.000Z', weeks: 1 });
    expect(later.slotsCreated).toBe(360);
    expect(later.slotsExisting).toBe(0);
  });
});

describe('seedDemoClinic time handling', () => {
  it('skips slots already past and follows the zone across a DST change', async () => {
    const engine = await startFhirEngine({ port: 0 });
    try {
      // Friday 27 March 2026, 10:10 in Paris (CET); clocks go forward on Sunday 29 March.
      const clinic = await seedDemoClinic(engine.repo, {
        timeZone: 'Europe/Paris',
        now: '2026-03-27T09:10:00.000Z',
        weeks: 1,
      });
      const slots = await engine.repo.searchResources<Slot>(
        parseSearchRequest<Slot>('Slot', {
          schedule: `Schedule/${clinic.services[0]?.scheduleId}`,
          _sort: 'start',
        }),
      );
      const starts = slots.map((s) => s.start).sort();
      expect(starts[0]).toBe('2026-03-27T09:20:00.000Z'); // 10:20 CET, the first slot not yet started
      expect(starts).toContain('2026-03-30T06:00:00.000Z'); // Monday 08:00 CEST
      expect(starts).not.toContain('2026-03-30T05:40:00.000Z'); // 07:40 CEST: not open yet
    } finally {
      await engine.close();
    }
  });

  it('refuses a bad time zone or hours', async () => {
    const engine = await startFhirEngine({ port: 0 });
    try {
      await expect(seedDemoClinic(engine.repo, { timeZone: 'Mars/Olympus' })).rejects.toThrow(/time zone/);
      await expect(seedDemoClinic(engine.repo, { dayStart: '16:00', dayEnd: '08:00' })).rejects.toThrow();
    } finally {
      await engine.close();
    }
  });
});
