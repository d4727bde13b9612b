import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type ClinicHours,
  openingMinutesOn,
  parseWeeklyHours,
  WEEKDAYS,
  type WeeklyHours,
} from './clinic-hours.ts';
import { type FreeSlotQuery, freeSlots, type ServiceAvailability, type TimeSlot } from './free-slots.ts';
import { formatTimeOfDay, resolveLocalTime, wallClockIs } from './local-clock.ts';

function week(text: string): WeeklyHours {
  const result = parseWeeklyHours(text);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.value;
}

const NAIROBI = 'Africa/Nairobi';
const LISBON = 'Europe/Lisbon';
const NEW_YORK = 'America/New_York';
const weekdays: ClinicHours = { weekly: week('mon-fri 08:00-12:00,13:00-17:00'), closedDates: [] };

/** Monday 2 March 2026, a plain week in Nairobi (UTC+3 all year). */
function query(overrides: Partial<FreeSlotQuery> = {}): FreeSlotQuery {
  return {
    from: '2026-03-01T21:00:00Z',
    to: '2026-03-08T21:00:00Z',
    now: '2026-03-01T12:00:00Z',
    minLeadMinutes: 0,
    timeZone: NAIROBI,
    hours: weekdays,
    slotMinutes: 30,
    capacityPerSlot: 1,
    bookings: [],
    limit: 500,
    ...overrides,
  };
}

/** Slots as local wall-clock `yyyy-MM-dd HH:mm-HH:mm` strings, easier to read than instants. */
function local(slots: readonly TimeSlot[], zone: string): string[] {
  return slots.map((s) => {
    const start = DateTime.fromISO(s.start, { zone });
    return `${start.toFormat('yyyy-MM-dd HH:mm')}-${DateTime.fromISO(s.end, { zone }).toFormat('HH:mm')}`;
  });
}

describe('freeSlots: hours and grid', () => {
  it('fills each opening range with whole slots, in UTC ISO with ms, soonest first', () => {
    const slots = freeSlots(query({ limit: 17 }));
    expect(slots[0]).toEqual({ start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T05:30:00.000Z' });
    expect(local(slots, NAIROBI).slice(6, 10)).toEqual([
      '2026-03-02 11:00-11:30',
      '2026-03-02 11:30-12:00',
      '2026-03-02 13:00-13:30',
      '2026-03-02 13:30-14:00',
    ]);
    expect(local(slots, NAIROBI).at(-1)).toBe('2026-03-03 08:00-08:30');
    expect(freeSlots(query())).toHaveLength(5 * 16);
  });

  it('only offers slots that fit entirely inside a range', () => {
    const slots = freeSlots(query({ slotMinutes: 45, to: '2026-03-02T21:00:00Z' }));
    expect(local(slots, NAIROBI)).toEqual([
      '2026-03-02 08:00-08:45',
      '2026-03-02 08:45-09:30',
      '2026-03-02 09:30-10:15',
      '2026-03-02 10:15-11:00',
      '2026-03-02 11:00-11:45',
      '2026-03-02 13:00-13:45',
      '2026-03-02 13:45-14:30',
      '2026-03-02 14:30-15:15',
      '2026-03-02 15:15-16:00',
      '2026-03-02 16:00-16:45',
    ]);
  });

  it('joins touching ranges so a slot may run across them', () => {
    const hours = { weekly: week('mon 08:00-09:00,09:00-10:00'), closedDates: [] };
    expect(local(freeSlots(query({ hours, slotMinutes: 40 })), NAIROBI)).toEqual([
      '2026-03-02 08:00-08:40',
      '2026-03-02 08:40-09:20',
      '2026-03-02 09:20-10:00',
    ]);
  });

  it('skips weekends and closed dates', () => {
    const hours = { weekly: weekdays.weekly, closedDates: ['2026-03-03', '2026-03-04'] };
    const days = new Set(local(freeSlots(query({ hours })), NAIROBI).map((s) => s.slice(0, 10)));
    expect([...days]).toEqual(['2026-03-02', '2026-03-05', '2026-03-06']);
  });

  it('keeps slots inside [from, to) and after now + lead', () => {
    const bounded = freeSlots(query({ from: '2026-03-02T06:00:00Z', to: '2026-03-02T07:00:00Z' }));
    expect(local(bounded, NAIROBI)).toEqual(['2026-03-02 09:00-09:30', '2026-03-02 09:30-10:00']);
    // 09:10 local now + 60 min lead = 10:10, so the first slot on the 30-minute grid is 10:30.
    const led = freeSlots(query({ now: '2026-03-02T06:10:00Z', minLeadMinutes: 60, limit: 1 }));
    expect(local(led, NAIROBI)).toEqual(['2026-03-02 10:30-11:00']);
  });

  it('returns nothing for an empty or past window, or a zero limit', () => {
    expect(freeSlots(query({ to: '2026-03-01T21:00:00Z' }))).toEqual([]);
    expect(freeSlots(query({ now: '2026-03-09T00:00:00Z' }))).toEqual([]);
    expect(freeSlots(query({ limit: 0 }))).toEqual([]);
    expect(freeSlots(query({ limit: 3 }))).toHaveLength(3);
  });

  it('accepts instants with an offset and rejects bare local times, bad zones and bad lengths', () => {
    const withOffset = freeSlots(query({ from: '2026-03-02T00:00:00+03:00', limit: 1 }));
    expect(withOffset[0]?.start).toBe('2026-03-02T05:00:00.000Z');
    expect(() => freeSlots(query({ from: '2026-03-02T00:00:00' }))).toThrow(RangeError);
    expect(() => freeSlots(query({ bookings: [{ start: 'soon', end: 'later' }] }))).toThrow(
      /bookings\[0\]\.start/,
    );
    expect(() => freeSlots(query({ timeZone: 'Mars/Olympus' }))).toThrow(/time zone/);
    expect(() => freeSlots(query({ slotMinutes: 0 }))).toThrow(/slot length/);
    expect(() => freeSlots(query({ slotMinutes: 12.5 }))).toThrow(/slot length/);
  });
});

describe('freeSlots: capacity and limits', () => {
  const monday = { from: '2026-03-01T21:00:00Z', to: '2026-03-02T21:00:00Z' };
  const booking = (start: string, end: string) => ({
    start: `2026-03-02T${start}:00+03:00`,
    end: `2026-03-02T${end}:00+03:00`,
  });

  it('blocks every slot a booking overlaps once capacity is reached', () => {
    const slots = freeSlots(query({ ...monday, bookings: [booking('08:15', '08:45')] }));
    expect(local(slots, NAIROBI).slice(0, 2)).toEqual(['2026-03-02 09:00-09:30', '2026-03-02 09:30-10:00']);
  });

  it('lets parallel clinicians share a slot until it is full', () => {
    const one = [booking('08:00', '08:30')];
    const two = [...one, booking('08:00', '08:30')];
    expect(freeSlots(query({ ...monday, capacityPerSlot: 2, bookings: one, limit: 1 }))[0]?.start).toBe(
      '2026-03-02T05:00:00.000Z',
    );
    expect(freeSlots(query({ ...monday, capacityPerSlot: 2, bookings: two, limit: 1 }))[0]?.start).toBe(
      '2026-03-02T05:30:00.000Z',
    );
  });

  it('does not count bookings that only touch a slot', () => {
    const slots = freeSlots(
      query({ ...monday, bookings: [booking('07:30', '08:00'), booking('08:30', '09:00')] }),
    );
    expect(local(slots, NAIROBI)[0]).toBe('2026-03-02 08:00-08:30');
  });

  it('counts a booking written back to front', () => {
    const slots = freeSlots(query({ ...monday, bookings: [booking('08:30', '08:00')], limit: 1 }));
    expect(local(slots, NAIROBI)).toEqual(['2026-03-02 08:30-09:00']);
  });

  it('closes a day once the service has its maximum bookings that day', () => {
    const bookings = [booking('15:00', '15:30'), booking('16:00', '16:30')];
    const service = { maxAppointmentsPerDay: 2 };
    const slots = freeSlots(query({ bookings, service, limit: 1 }));
    expect(local(slots, NAIROBI)).toEqual(['2026-03-03 08:00-08:30']);
    expect(freeSlots(query({ bookings, service: { maxAppointmentsPerDay: 3 }, limit: 1 }))[0]?.start).toBe(
      '2026-03-02T05:00:00.000Z',
    );
  });
});

describe('freeSlots: the appointment service', () => {
  const availability = (weekday: ServiceAvailability['weekday'], start: string, end: string, max?: number) =>
    max === undefined ? { weekday, start, end } : { weekday, start, end, maxAppointments: max };

  it('uses the service duration instead of the default slot length', () => {
    const slots = freeSlots(query({ service: { durationMins: 20 }, limit: 2 }));
    expect(local(slots, NAIROBI)).toEqual(['2026-03-02 08:00-08:20', '2026-03-02 08:20-08:40']);
    expect(freeSlots(query({ service: { durationMins: 0 }, limit: 1 }))[0]?.end).toBe(
      '2026-03-02T05:30:00.000Z',
    );
  });

  it('keeps slots inside both the clinic hours and the weekday window, on a grid from the window start', () => {
    const service = {
      weeklyAvailability: [availability(2, '07:00:00', '09:40:00'), availability(4, '11:10', '14:00')],
    };
    expect(local(freeSlots(query({ service })), NAIROBI)).toEqual([
      '2026-03-03 08:00-08:30',
      '2026-03-03 08:30-09:00',
      '2026-03-03 09:00-09:30',
      '2026-03-05 11:10-11:40',
      '2026-03-05 13:00-13:30',
      '2026-03-05 13:30-14:00',
    ]);
  });

  it('treats an empty weekly availability as no restriction, as OpenMRS does', () => {
    expect(freeSlots(query({ service: { weeklyAvailability: [] } }))).toEqual(freeSlots(query()));
  });

  it('rounds OpenMRS seconds up so 23:59:59 means the end of the day', () => {
    const hours = { weekly: week('mon 22:00-24:00'), closedDates: [] };
    const service = { weeklyAvailability: [availability(1, '23:00:00', '23:59:59')] };
    expect(local(freeSlots(query({ hours, service, slotMinutes: 60 })), NAIROBI)).toEqual([
      '2026-03-02 23:00-00:00',
    ]);
  });

  it("stops a window once it holds the window's maximum, leaving other windows open", () => {
    const service = {
      weeklyAvailability: [availability(1, '08:00', '10:00', 1), availability(1, '13:00', '14:00', 1)],
    };
    const bookings = [{ start: '2026-03-02T09:00:00+03:00', end: '2026-03-02T09:30:00+03:00' }];
    expect(local(freeSlots(query({ service, bookings })), NAIROBI)).toEqual([
      '2026-03-02 13:00-13:30',
      '2026-03-02 13:30-14:00',
    ]);
  });

  it('rejects service times that are not HH:mm', () => {
    expect(() =>
      freeSlots(query({ service: { weeklyAvailability: [availability(1, '8am', '10am')] } })),
    ).toThrow(/service time/);
  });
});

describe('freeSlots: daylight saving time', () => {
  const everyDay = (text: string): ClinicHours => ({ weekly: week(`mon-sun ${text}`), closedDates: [] });

  it('keeps local 08:00 at 08:00 across the Lisbon spring change (UTC+0 → UTC+1)', () => {
    const slots = freeSlots(
      query({
        timeZone: LISBON,
        hours: everyDay('08:00-09:00'),
        slotMinutes: 60,
        from: '2026-03-28T00:00:00Z',
        to: '2026-03-31T00:00:00Z',
      }),
    );
    expect(slots.map((s) => s.start)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('keeps local 08:00 at 08:00 across the New York autumn change (UTC-4 → UTC-5)', () => {
    const slots = freeSlots(
      query({
        timeZone: NEW_YORK,
        hours: everyDay('08:00-09:00'),
        slotMinutes: 60,
        from: '2026-10-31T00:00:00Z',
        to: '2026-11-03T00:00:00Z',
      }),
    );
    expect(slots.map((s) => s.start)).toEqual([
      '2026-10-31T12:00:00.000Z',
      '2026-11-01T13:00:00.000Z',
      '2026-11-02T13:00:00.000Z',
    ]);
  });

  it('skips wall times that do not exist and slots that would run across the jump', () => {
    // Lisbon, 29 March 2026: 01:00 jumps to 02:00. The 00:30 slot would end at 02:00 on the wall.
    const slots = freeSlots(
      query({
        timeZone: LISBON,
        hours: everyDay('00:00-03:00'),
        from: '2026-03-29T00:00:00Z',
        to: '2026-03-29T12:00:00Z',
      }),
    );
    expect(local(slots, LISBON)).toEqual([
      '2026-03-29 00:00-00:30',
      '2026-03-29 02:00-02:30',
      '2026-03-29 02:30-03:00',
    ]);
  });

  it('offers a wall time that happens twice only once', () => {
    // Lisbon, 25 October 2026: 02:00 goes back to 01:00, so 01:00-02:00 happens twice.
    const slots = freeSlots(
      query({
        timeZone: LISBON,
        hours: everyDay('00:00-03:00'),
        from: '2026-10-24T12:00:00Z',
        to: '2026-10-25T12:00:00Z',
      }),
    );
    expect(local(slots, LISBON)).toEqual([
      '2026-10-25 00:00-00:30',
      '2026-10-25 00:30-01:00',
      '2026-10-25 01:00-01:30',
      '2026-10-25 01:30-02:00',
      '2026-10-25 02:00-02:30',
      '2026-10-25 02:30-03:00',
    ]);
    const starts = slots.map((s) => Date.parse(s.start));
    starts.slice(1).forEach((start, i) => {
      expect(start).toBeGreaterThanOrEqual((starts[i] ?? 0) + 30 * 60_000);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const ZONES = [
  NAIROBI,
  LISBON,
  NEW_YORK,
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
] as const;
/** Periods around DST changes in both hemispheres, plus a quiet one. */
const PERIODS = [
  '2026-03-05',
  '2026-03-26',
  '2026-04-03',
  '2026-09-25',
  '2026-10-22',
  '2026-10-30',
  '2026-07-01',
];

const rangesArb = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 4 }).map((quarterHours) => {
  const sorted = [...quarterHours].sort((a, b) => a - b).map((q) => q * 15);
  const ranges: Array<{ start: string; end: string }> = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    ranges.push({ start: formatTimeOfDay(sorted[i] ?? 0), end: formatTimeOfDay(sorted[i + 1] ?? 0) });
  }
  return ranges;
});
const weeklyArb = fc.record(
  Object.fromEntries(WEEKDAYS.map((d) => [d, rangesArb])) as Record<
    (typeof WEEKDAYS)[number],
    typeof rangesArb
  >,
) as fc.Arbitrary<WeeklyHours>;

const availabilityArb = fc.array(
  fc.record(
    {
      weekday: fc.constantFrom(1, 2, 3, 4, 5, 6, 7 as const),
      start: fc.integer({ min: 0, max: 95 }),
      length: fc.integer({ min: 1, max: 48 }),
      maxAppointments: fc.integer({ min: 0, max: 4 }),
    },
    { requiredKeys: ['weekday', 'start', 'length'] },
  ),
  { maxLength: 5 },
);

const queryArb = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    period: fc.constantFrom(...PERIODS),
    fromHours: fc.integer({ min: 0, max: 72 }),
    spanHours: fc.integer({ min: 1, max: 24 * 10 }),
    nowOffsetHours: fc.integer({ min: -48, max: 72 }),
    lead: fc.integer({ min: 0, max: 24 * 60 }),
    weekly: weeklyArb,
    closedOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }),
    slotMinutes: fc.constantFrom(10, 15, 20, 30, 45, 60, 90),
    capacity: fc.integer({ min: 1, max: 3 }),
    bookings: fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 14 * 96 }), quarters: fc.integer({ min: 1, max: 8 }) }),
      {
        maxLength: 40,
      },
    ),
    service: fc.option(
      fc.record(
        {
          durationMins: fc.constantFrom(0, 15, 25, 40),
          weeklyAvailability: availabilityArb,
          maxAppointmentsPerDay: fc.integer({ min: 0, max: 6 }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    limit: fc.integer({ min: 1, max: 400 }),
  })
  .map((g): FreeSlotQuery => {
    const base = DateTime.fromISO(g.period, { zone: 'utc' });
    const from = base.plus({ hours: g.fromHours });
    const service =
      g.service === undefined
        ? undefined
        : {
            ...(g.service.durationMins === undefined ? {} : { durationMins: g.service.durationMins }),
            ...(g.service.maxAppointmentsPerDay === undefined
              ? {}
              : { maxAppointmentsPerDay: g.service.maxAppointmentsPerDay }),
            ...(g.service.weeklyAvailability === undefined
              ? {}
              : {
                  weeklyAvailability: g.service.weeklyAvailability.map((a) => ({
                    weekday: a.weekday,
                    start: formatTimeOfDay(a.start * 15),
                    end: formatTimeOfDay(Math.min(96, a.start + a.length) * 15),
                    ...(a.maxAppointments === undefined ? {} : { maxAppointments: a.maxAppointments }),
                  })),
                }),
          };
    return {
      from: from.toISO() ?? '',
      to: from.plus({ hours: g.spanHours }).toISO() ?? '',
      now: base.plus({ hours: g.nowOffsetHours }).toISO() ?? '',
      minLeadMinutes: g.lead,
      timeZone: g.zone,
      hours: {
        weekly: g.weekly,
        closedDates: g.closedOffsets.map((d) => base.plus({ days: d }).toISODate() ?? ''),
      },
      slotMinutes: g.slotMinutes,
      capacityPerSlot: g.capacity,
      ...(service === undefined ? {} : { service }),
      bookings: g.bookings.map((b) => {
        const start = base.plus({ minutes: b.at * 15 });
        return { start: start.toISO() ?? '', end: start.plus({ minutes: b.quarters * 15 }).toISO() ?? '' };
      }),
      limit: g.limit,
    };
  });

function lengthOf(q: FreeSlotQuery): number {
  const d = q.service?.durationMins;
  return d !== undefined && d > 0 ? d : q.slotMinutes;
}

/** The slot's local day and minutes since local midnight at its start. */
function wall(slot: TimeSlot, zone: string): { day: string; minute: number; weekday: number } {
  const start = DateTime.fromISO(slot.start, { zone });
  return { day: start.toISODate() ?? '', minute: start.hour * 60 + start.minute, weekday: start.weekday };
}

const overlaps = (b: { start: string; end: string }, s: TimeSlot) =>
  Date.parse(b.start) < Date.parse(s.end) && Date.parse(b.end) > Date.parse(s.start);

describe('freeSlots: properties', { timeout: 20_000 }, () => {
  it('is sorted, unique, within [max(from, now + lead), to), at most limit, each one slot long', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const slots = freeSlots(q);
        const earliest = Math.max(Date.parse(q.from), Date.parse(q.now) + q.minLeadMinutes * 60_000);
        expect(slots.length).toBeLessThanOrEqual(q.limit);
        slots.forEach((s, i) => {
          expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(Date.parse(s.start)).toBeGreaterThanOrEqual(earliest);
          expect(Date.parse(s.start)).toBeLessThan(Date.parse(q.to));
          expect(Date.parse(s.end) - Date.parse(s.start)).toBe(lengthOf(q) * 60_000);
          if (i > 0) expect(Date.parse(s.start)).toBeGreaterThan(Date.parse(slots[i - 1]?.start ?? ''));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never overlaps closed hours or closed dates, nor leaves the service window', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const length = lengthOf(q);
        for (const slot of freeSlots(q)) {
          const { day, minute, weekday } = wall(slot, q.timeZone);
          expect(q.hours.closedDates).not.toContain(day);
          const inside = (r: { start: number; end: number }) => r.start <= minute && minute + length <= r.end;
          expect(openingMinutesOn(q.hours, day).some(inside)).toBe(true);
          const windows = q.service?.weeklyAvailability ?? [];
          if (windows.length > 0) {
            const today = windows
              .filter((w) => w.weekday === weekday)
              .map((w) => ({ start: toMinutes(w.start), end: toMinutes(w.end) }));
            expect(today.some(inside)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never fills a slot, a window or a day beyond its limit', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        for (const slot of freeSlots(q)) {
          expect(q.bookings.filter((b) => overlaps(b, slot)).length).toBeLessThan(q.capacityPerSlot);
          const { day } = wall(slot, q.timeZone);
          const perDay = q.service?.maxAppointmentsPerDay;
          if (perDay !== undefined) {
            const sameDay = q.bookings.filter(
              (b) => DateTime.fromISO(b.start, { zone: q.timeZone }).toISODate() === day,
            );
            expect(sameDay.length).toBeLessThan(perDay);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('uses only real local times on the configured grid, each wall time once (DST included)', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const length = lengthOf(q);
        const seen = new Set<string>();
        for (const slot of freeSlots({ ...q, service: { durationMins: length } })) {
          const { day, minute } = wall(slot, q.timeZone);
          // The start is the one instant that wall time resolves to, and the wall clock at the end reads
          // start + length (no jump inside the slot).
          expect(resolveLocalTime(day, minute, q.timeZone)).toBe(Date.parse(slot.start));
          expect(wallClockIs(Date.parse(slot.end), day, minute + length, q.timeZone)).toBe(true);
          const range = openingMinutesOn(q.hours, day).find((r) => r.start <= minute && minute < r.end);
          expect(range && (minute - range.start) % length).toBe(0);
          const key = `${day} ${minute}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('finds every whole slot of every open day when nothing is booked and no clock changes', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const open = { ...q, timeZone: NAIROBI, bookings: [], limit: 10_000, minLeadMinutes: 0, now: q.from };
        const { service: _ignored, ...plain } = open;
        const length = plain.slotMinutes;
        let expected = 0;
        const first = DateTime.fromISO(plain.from, { zone: NAIROBI });
        const last = DateTime.fromISO(plain.to, { zone: NAIROBI });
        for (let d = first.startOf('day'); d < last; d = d.plus({ days: 1 })) {
          for (const r of openingMinutesOn(plain.hours, d.toISODate() ?? '')) {
            for (let m = r.start; m + length <= r.end; m += length) {
              const start = d.plus({ minutes: m });
              if (start >= first && start < last) expected++;
            }
          }
        }
        expect(freeSlots(plain)).toHaveLength(expected);
      }),
      { numRuns: 100 },
    );
  });
});

function toMinutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

describe('freeSlots: equivalent inputs', () => {
  it('is deterministic: the same query gives the same slots', () => {
    expect(freeSlots(query())).toEqual(freeSlots(query()));
  });

  it('gives the same slots for the same hours written with touching ranges', () => {
    const touching = { weekly: week('mon-fri 08:00-10:00,10:00-12:00,13:00-17:00'), closedDates: [] };
    expect(freeSlots(query({ hours: touching }))).toEqual(freeSlots(query()));
  });
});
