import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClinicHours,
  formatClosedDates,
  formatWeeklyHours,
  openingMinutesOn,
  openingRangesOn,
  parseClosedDates,
  parseWeeklyHours,
  validateClinicHours,
  WEEKDAYS,
  type WeeklyHours,
} from './clinic-hours.ts';
import { formatTimeOfDay } from './local-clock.ts';

const closedWeek: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const morning = { start: '08:00', end: '12:00' };
const afternoon = { start: '13:00', end: '17:00' };

function problemsOf(text: string): readonly string[] {
  const result = parseWeeklyHours(text);
  return result.ok ? [] : result.problems;
}

describe('parseWeeklyHours', () => {
  it('parses the documented example', () => {
    expect(parseWeeklyHours('mon-fri 08:00-12:00,13:00-17:00; sat 08:00-12:00')).toEqual({
      ok: true,
      value: {
        mon: [morning, afternoon],
        tue: [morning, afternoon],
        wed: [morning, afternoon],
        thu: [morning, afternoon],
        fri: [morning, afternoon],
        sat: [morning],
        sun: [],
      },
    });
  });

  it('accepts what people write: full names, any case, a colon, spaces, en dashes, one-digit hours', () => {
    const result = parseWeeklyHours(' Monday , WED:  8:00 - 12:00 , 13:30–17:00 ;\n fri–sat 9:00-13:00 ');
    expect(result).toEqual({
      ok: true,
      value: {
        ...closedWeek,
        mon: [morning, { start: '13:30', end: '17:00' }],
        wed: [morning, { start: '13:30', end: '17:00' }],
        fri: [{ start: '09:00', end: '13:00' }],
        sat: [{ start: '09:00', end: '13:00' }],
      },
    });
  });

  it('merges entries naming the same day and sorts its ranges', () => {
    const result = parseWeeklyHours('mon-fri 13:00-17:00; wed 08:00-12:00');
    expect(result.ok && result.value.wed).toEqual([morning, afternoon]);
    expect(result.ok && result.value.tue).toEqual([afternoon]);
  });

  it('lets a day range wrap around the week and accepts 24:00 as an end', () => {
    const result = parseWeeklyHours('fri-mon 20:00-24:00');
    expect(result.ok && WEEKDAYS.filter((d) => result.value[d].length > 0)).toEqual([
      'mon',
      'fri',
      'sat',
      'sun',
    ]);
    expect(result.ok && result.value.sat).toEqual([{ start: '20:00', end: '24:00' }]);
  });

  it('accepts explicit closed days', () => {
    expect(parseWeeklyHours('mon-fri 08:00-17:00; sat,sun closed')).toEqual({
      ok: true,
      value: {
        ...closedWeek,
        ...Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '08:00', end: '17:00' }]]),
        ),
      },
    });
  });

  it('rejects inverted ranges and explains how to write overnight hours', () => {
    expect(problemsOf('mon 17:00-08:00')).toEqual([
      '"17:00-08:00" in "mon 17:00-08:00" ends before it starts; split overnight hours at midnight, e.g. "mon 22:00-24:00; tue 00:00-06:00"',
    ]);
    expect(problemsOf('mon 08:00-08:00')[0]).toContain('is empty');
  });

  it('rejects overlapping ranges, within an entry and across entries', () => {
    expect(problemsOf('mon 08:00-12:00,11:00-13:00')).toEqual(['mon: 08:00-12:00 overlaps 11:00-13:00']);
    expect(problemsOf('mon-fri 08:00-17:00; wed 16:00-18:00')).toEqual([
      'wed: 08:00-17:00 overlaps 16:00-18:00',
    ]);
  });

  it('allows ranges that only touch', () => {
    expect(parseWeeklyHours('mon 08:00-12:00,12:00-17:00').ok).toBe(true);
  });

  it('rejects malformed times and days with a readable message each', () => {
    expect(problemsOf('sat 8-12')).toEqual([
      '"8-12" in "sat 8-12" is not a time range like 08:00-12:00 (24-hour clock)',
    ]);
    expect(problemsOf('mon 08:00-25:00')).toHaveLength(1);
    expect(problemsOf('mon 08:60-12:00')).toHaveLength(1);
    expect(problemsOf('mon 24:00-24:00')).toHaveLength(1);
    expect(problemsOf('mon 08:00-12:00 13:00-17:00')).toHaveLength(1);
    expect(problemsOf('mnd 08:00-12:00')).toEqual([
      '"mnd" in "mnd 08:00-12:00" is not a day: use mon, tue, wed, thu, fri, sat, sun or a range like mon-fri',
    ]);
    expect(problemsOf('mon-fri-sat 08:00-12:00')[0]).toContain('is not a day');
    expect(problemsOf('08:00-12:00')[0]).toContain('say which days first');
    expect(problemsOf('sat')[0]).toContain('no hours given');
  });

  it('lists every problem at once', () => {
    expect(problemsOf('mnd 08:00-12:00; tue 9-5; wed 17:00-08:00; thu 08:00-12:00,10:00-11:00')).toHaveLength(
      4,
    );
  });

  it('rejects a day both closed and open, and a week with no hours', () => {
    expect(problemsOf('mon-fri 08:00-17:00; fri closed')).toEqual([
      'fri is listed both as closed and with opening hours',
    ]);
    expect(problemsOf('')[0]).toContain('no opening hours');
    expect(problemsOf('sat,sun closed')[0]).toContain('no opening hours');
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseWeeklyHours(text);
        expect(result.ok || result.problems.length > 0).toBe(true);
      }),
    );
  });
});

describe('parseClosedDates', () => {
  it('parses dates and inclusive ranges, sorted and unique, with any separator', () => {
    expect(parseClosedDates('2026-12-26, 2026-12-25;2026-12-25\n2026-12-31..2027-01-02')).toEqual({
      ok: true,
      value: ['2026-12-25', '2026-12-26', '2026-12-31', '2027-01-01', '2027-01-02'],
    });
  });

  it('treats empty text as no closed dates', () => {
    expect(parseClosedDates('  ')).toEqual({ ok: true, value: [] });
  });

  it('rejects impossible dates, reversed and overlong ranges, listing each', () => {
    const result = parseClosedDates('2026-02-30,25/12/2026,2026-12-31..2026-12-01,2026-01-01..2027-06-01');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      '"2026-02-30" is not a date like 2026-12-25 or a range like 2026-12-24..2026-12-31',
      '"25/12/2026" is not a date like 2026-12-25 or a range like 2026-12-24..2026-12-31',
      '"2026-12-31..2026-12-01": the range ends before it starts',
      '"2026-01-01..2027-06-01": a closed range may span at most 366 days',
    ]);
  });
});

const timeRanges = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((bounds) => {
  const sorted = [...bounds].sort((a, b) => a - b);
  const ranges: Array<{ start: string; end: string }> = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    ranges.push({ start: formatTimeOfDay(sorted[i] ?? 0), end: formatTimeOfDay(sorted[i + 1] ?? 0) });
  }
  return ranges;
});

/** Any valid week: sorted, non-overlapping ranges, at least one open day. */
const weeklyHoursArbitrary: fc.Arbitrary<WeeklyHours> = fc
  .record({
    mon: timeRanges,
    tue: timeRanges,
    wed: timeRanges,
    thu: timeRanges,
    fri: timeRanges,
    sat: timeRanges,
    sun: timeRanges,
  })
  .filter((w) => WEEKDAYS.some((d) => w[d].length > 0));

describe('formatWeeklyHours', () => {
  it('writes the canonical compact form', () => {
    const week = parseWeeklyHours('sat 08:00-12:00; mon-fri 08:00-12:00,13:00-17:00; sun 08:00-12:00');
    expect(week.ok && formatWeeklyHours(week.value)).toBe(
      'mon-fri 08:00-12:00,13:00-17:00; sat-sun 08:00-12:00',
    );
    const split = parseWeeklyHours('mon,wed,fri 09:00-10:00; tue 09:00-10:00');
    expect(split.ok && formatWeeklyHours(split.value)).toBe('mon-wed,fri 09:00-10:00');
  });

  it('round-trips: parse(format(week)) is the same week', () => {
    fc.assert(
      fc.property(weeklyHoursArbitrary, (week) => {
        expect(parseWeeklyHours(formatWeeklyHours(week))).toEqual({ ok: true, value: week });
      }),
    );
  });

  it('round-trips text: format(parse(text)) parses to the same value', () => {
    fc.assert(
      fc.property(weeklyHoursArbitrary, (week) => {
        const text = formatWeeklyHours(week);
        const again = parseWeeklyHours(text);
        expect(again.ok && formatWeeklyHours(again.value)).toBe(text);
      }),
    );
  });
});

describe('formatClosedDates', () => {
  it('round-trips any set of dates', () => {
    const date = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(date, { maxLength: 20 }), (dates) => {
        expect(parseClosedDates(formatClosedDates(dates))).toEqual({
          ok: true,
          value: [...new Set(dates)].sort(),
        });
      }),
    );
  });
});

describe('validateClinicHours and openingRangesOn', () => {
  const hours: ClinicHours = {
    weekly: { ...closedWeek, mon: [morning, { start: '12:00', end: '14:00' }], tue: [afternoon] },
    closedDates: ['2026-03-03'],
  };

  it('accepts a valid value and reports problems in one built in code', () => {
    expect(validateClinicHours(hours)).toEqual([]);
    expect(
      validateClinicHours({
        weekly: { ...closedWeek, mon: [{ start: '12:00', end: '08:00' }] },
        closedDates: ['2026-13-01'],
      }),
    ).toEqual([
      '"12:00-08:00" in "mon" ends before it starts; split overnight hours at midnight, e.g. "mon 22:00-24:00; tue 00:00-06:00"',
      'closed date "2026-13-01" is not a YYYY-MM-DD date',
    ]);
    expect(validateClinicHours({ weekly: closedWeek, closedDates: [] })).toEqual([
      'no opening hours on any weekday',
    ]);
  });

  it('gives a date its weekday ranges, none on a closed date', () => {
    expect(openingRangesOn(hours, '2026-03-02')).toEqual(hours.weekly.mon);
    expect(openingRangesOn(hours, '2026-03-03')).toEqual([]);
    expect(openingRangesOn(hours, '2026-03-10')).toEqual([afternoon]);
  });

  it('joins touching ranges in minutes', () => {
    expect(openingMinutesOn(hours, '2026-03-02')).toEqual([{ start: 480, end: 840 }]);
  });
});
