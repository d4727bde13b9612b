import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type BookableDisposition, type BookingWindowInput, bookingWindow } from './booking-window.ts';
import {
  type ClinicHours,
  openingMinutesOn,
  parseWeeklyHours,
  WEEKDAYS,
  type WeeklyHours,
} from './clinic-hours.ts';
import { formatTimeOfDay } from './local-clock.ts';

function week(text: string): WeeklyHours {
  const result = parseWeeklyHours(text);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.value;
}

const NAIROBI = 'Africa/Nairobi';
const hours: ClinicHours = { weekly: week('mon-fri 08:00-12:00,13:00-17:00'), closedDates: [] };

/** `now` written as Nairobi wall time (UTC+3) for readability. */
function input(
  disposition: BookableDisposition,
  nairobiWallTime: string,
  extra: Partial<BookingWindowInput> = {},
) {
  return { disposition, now: `${nairobiWallTime}:00+03:00`, timeZone: NAIROBI, hours, ...extra };
}

describe('bookingWindow: urgent', () => {
  it('runs from now to the close of the next working day while the clinic is open long enough today', () => {
    expect(bookingWindow(input('urgent', '2026-03-02T10:00'))).toEqual({
      from: '2026-03-02T07:00:00.000Z',
      to: '2026-03-03T14:00:00.000Z',
    });
    // Before opening the whole day is still ahead.
    expect(bookingWindow(input('urgent', '2026-03-02T06:00')).from).toBe('2026-03-02T03:00:00.000Z');
  });

  it('counts the open minutes left today across the lunch break', () => {
    // 11:30: 30 minutes before lunch + 240 after = 270.
    expect(bookingWindow(input('urgent', '2026-03-02T11:30', { urgentMinOpenMinutes: 270 })).from).toBe(
      '2026-03-02T08:30:00.000Z',
    );
    expect(bookingWindow(input('urgent', '2026-03-02T11:30', { urgentMinOpenMinutes: 271 }))).toEqual({
      from: '2026-03-03T05:00:00.000Z',
      to: '2026-03-03T14:00:00.000Z',
    });
  });

  it('moves to the next working day, opening to close, when today is nearly over', () => {
    expect(bookingWindow(input('urgent', '2026-03-02T16:30'))).toEqual({
      from: '2026-03-03T05:00:00.000Z',
      to: '2026-03-03T14:00:00.000Z',
    });
  });

  it('skips weekends and closed dates to find the next working day', () => {
    expect(bookingWindow(input('urgent', '2026-03-06T18:00'))).toEqual({
      from: '2026-03-09T05:00:00.000Z',
      to: '2026-03-09T14:00:00.000Z',
    });
    expect(bookingWindow(input('urgent', '2026-03-07T09:00')).from).toBe('2026-03-09T05:00:00.000Z');
    const holiday = { weekly: hours.weekly, closedDates: ['2026-03-09'] };
    expect(bookingWindow(input('urgent', '2026-03-06T18:00', { hours: holiday })).from).toBe(
      '2026-03-10T05:00:00.000Z',
    );
    // A closed today is not a working day even during opening hours.
    const closedToday = { weekly: hours.weekly, closedDates: ['2026-03-02'] };
    expect(bookingWindow(input('urgent', '2026-03-02T10:00', { hours: closedToday })).from).toBe(
      '2026-03-03T05:00:00.000Z',
    );
  });
});

describe('bookingWindow: routine and self-care', () => {
  it('starts at the opening of the next working day and spans routineDays working days (default 7)', () => {
    // Tue 3 … Fri 6, Mon 9 … Wed 11: seven working days.
    expect(bookingWindow(input('routine', '2026-03-02T10:00'))).toEqual({
      from: '2026-03-03T05:00:00.000Z',
      to: '2026-03-11T14:00:00.000Z',
    });
    expect(bookingWindow(input('routine', '2026-03-02T10:00', { routineDays: 1 }))).toEqual({
      from: '2026-03-03T05:00:00.000Z',
      to: '2026-03-03T14:00:00.000Z',
    });
  });

  it('does not count closed dates as working days', () => {
    const holiday = { weekly: hours.weekly, closedDates: ['2026-03-03', '2026-03-10'] };
    expect(bookingWindow(input('routine', '2026-03-02T10:00', { hours: holiday }))).toEqual({
      from: '2026-03-04T05:00:00.000Z',
      to: '2026-03-13T14:00:00.000Z',
    });
  });

  it('treats self-care like routine', () => {
    for (const now of ['2026-03-02T10:00', '2026-03-06T18:00', '2026-03-08T12:00']) {
      expect(bookingWindow(input('self_care', now, { routineDays: 3 }))).toEqual(
        bookingWindow(input('routine', now, { routineDays: 3 })),
      );
    }
  });

  it('keeps local opening and closing times across a DST change (Lisbon, 29 March 2026)', () => {
    const lisbon = { weekly: week('mon-fri 08:00-17:00'), closedDates: [] };
    const base = { now: '2026-03-27T10:00:00Z', timeZone: 'Europe/Lisbon', hours: lisbon };
    expect(bookingWindow({ ...base, disposition: 'routine', routineDays: 2 })).toEqual({
      from: '2026-03-30T07:00:00.000Z',
      to: '2026-03-31T16:00:00.000Z',
    });
    expect(bookingWindow({ ...base, disposition: 'urgent' })).toEqual({
      from: '2026-03-27T10:00:00.000Z',
      to: '2026-03-30T16:00:00.000Z',
    });
  });
});

describe('bookingWindow: edges', () => {
  it('is empty (from === to === now) when no working day comes within a year', () => {
    const sundays = Array.from(
      { length: 60 },
      (_, i) => DateTime.fromISO('2026-03-08').plus({ weeks: i }).toISODate() ?? '',
    );
    const neverOpen = { weekly: week('sun 08:00-09:00'), closedDates: sundays };
    const empty = { from: '2026-03-02T07:00:00.000Z', to: '2026-03-02T07:00:00.000Z' };
    expect(bookingWindow(input('urgent', '2026-03-02T10:00', { hours: neverOpen }))).toEqual(empty);
    expect(bookingWindow(input('routine', '2026-03-02T10:00', { hours: neverOpen }))).toEqual(empty);
  });

  it('rejects nonsense input', () => {
    expect(() => bookingWindow(input('routine', '2026-03-02T10:00', { routineDays: 0 }))).toThrow(
      /routineDays/,
    );
    expect(() => bookingWindow(input('routine', '2026-03-02T10:00', { timeZone: 'Nowhere' }))).toThrow(
      /time zone/,
    );
    expect(() => bookingWindow({ ...input('routine', '2026-03-02T10:00'), now: '2026-03-02T10:00' })).toThrow(
      /now/,
    );
  });

  it('has no window for emergencies, by type', () => {
    // @ts-expect-error emergencies never reach booking
    const emergency: BookableDisposition = 'emergency';
    expect(emergency).toBe('emergency');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const ZONES = [NAIROBI, 'Europe/Lisbon', 'America/New_York', 'Australia/Lord_Howe'];
const rangesArb = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 4 }).map((halfHours) => {
  const sorted = [...halfHours].sort((a, b) => a - b).map((h) => h * 30);
  const ranges: Array<{ start: string; end: string }> = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    ranges.push({ start: formatTimeOfDay(sorted[i] ?? 0), end: formatTimeOfDay(sorted[i + 1] ?? 0) });
  }
  return ranges;
});
const inputArb = fc
  .record({
    weekly: fc.record(
      Object.fromEntries(WEEKDAYS.map((d) => [d, rangesArb])) as Record<
        (typeof WEEKDAYS)[number],
        typeof rangesArb
      >,
    ) as fc.Arbitrary<WeeklyHours>,
    closedOffsets: fc.uniqueArray(fc.integer({ min: -1, max: 20 }), { maxLength: 5 }),
    zone: fc.constantFrom(...ZONES),
    now: fc.date({
      min: new Date('2026-03-01T00:00:00Z'),
      max: new Date('2026-11-30T00:00:00Z'),
      noInvalidDate: true,
    }),
    disposition: fc.constantFrom<BookableDisposition>('urgent', 'routine', 'self_care'),
    routineDays: fc.integer({ min: 1, max: 10 }),
  })
  .map(
    (g): BookingWindowInput => ({
      disposition: g.disposition,
      now: g.now.toISOString(),
      timeZone: g.zone,
      routineDays: g.routineDays,
      hours: {
        weekly: g.weekly,
        closedDates: g.closedOffsets.map(
          (d) => DateTime.fromJSDate(g.now, { zone: g.zone }).plus({ days: d }).toISODate() ?? '',
        ),
      },
    }),
  );

describe('bookingWindow: properties', { timeout: 20_000 }, () => {
  const isWorkingDay = (h: ClinicHours, day: string) => openingMinutesOn(h, day).length > 0;
  const dayOf = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toISODate() ?? '';

  it('never starts before now, never ends before it starts, and starts on a working day', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const w = bookingWindow(i);
        expect(Date.parse(w.from)).toBeGreaterThanOrEqual(Date.parse(i.now));
        expect(Date.parse(w.to)).toBeGreaterThanOrEqual(Date.parse(w.from));
        if (w.from !== w.to) expect(isWorkingDay(i.hours, dayOf(w.from, i.timeZone))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('routine: starts after today and spans exactly routineDays working days', () => {
    fc.assert(
      fc.property(
        inputArb.filter((i) => i.disposition !== 'urgent'),
        (i) => {
          const w = bookingWindow(i);
          if (w.from === w.to) return;
          const today = dayOf(i.now, i.timeZone);
          const first = dayOf(w.from, i.timeZone);
          const last = dayOf(new Date(Date.parse(w.to) - 1).toISOString(), i.timeZone);
          expect(first > today).toBe(true);
          let working = 0;
          for (
            let d = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: 1 });
            (d.toISODate() ?? '') <= last;
            d = d.plus({ days: 1 })
          ) {
            if (isWorkingDay(i.hours, d.toISODate() ?? '')) working++;
          }
          expect(working).toBe(i.routineDays);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('urgent: the same or the next working day', () => {
    fc.assert(
      fc.property(
        inputArb.map((i) => ({ ...i, disposition: 'urgent' as const })),
        (i) => {
          const w = bookingWindow(i);
          if (w.from === w.to) return;
          const today = dayOf(i.now, i.timeZone);
          let next = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: 1 });
          while (!isWorkingDay(i.hours, next.toISODate() ?? '')) next = next.plus({ days: 1 });
          const lastDay = dayOf(new Date(Date.parse(w.to) - 1).toISOString(), i.timeZone);
          expect(lastDay <= (next.toISODate() ?? '')).toBe(true);
          if (w.from === i.now) {
            expect(isWorkingDay(i.hours, today)).toBe(true);
          } else {
            expect(dayOf(w.from, i.timeZone)).toBe(next.toISODate());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
