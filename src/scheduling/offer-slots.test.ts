import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TimeSlot } from './free-slots.ts';
import { type DayOffer, findOfferedSlot, offerSlots, replaceTakenSlot, slotId } from './offer-slots.ts';

const NAIROBI = 'Africa/Nairobi';

/** Consecutive slots of `minutes` starting at a Nairobi wall time, `count` of them. */
function run(nairobiStart: string, minutes: number, count: number): TimeSlot[] {
  const first = DateTime.fromISO(`${nairobiStart}:00+03:00`);
  return Array.from({ length: count }, (_, i) => {
    const start = first.plus({ minutes: i * minutes });
    return { start: start.toUTC().toISO() ?? '', end: start.plus({ minutes }).toUTC().toISO() ?? '' };
  });
}

/** Offer as `day: HH:mm,HH:mm` lines in Nairobi time. */
function show(offer: readonly DayOffer[]): string[] {
  return offer.map(
    (d) =>
      `${d.day}: ${d.slots.map((s) => DateTime.fromISO(s.start, { zone: NAIROBI }).toFormat('HH:mm')).join(',')}`,
  );
}

const threeDays = [
  ...run('2026-03-02T08:00', 15, 16), // Monday 08:00-11:45
  ...run('2026-03-02T13:00', 15, 16), // Monday 13:00-16:45
  ...run('2026-03-03T08:00', 15, 32),
  ...run('2026-03-04T08:00', 15, 32),
  ...run('2026-03-05T08:00', 15, 32),
];

describe('offerSlots', () => {
  it('spreads ten slots over the first days, three a day, always with the earliest', () => {
    expect(show(offerSlots(threeDays, { timeZone: NAIROBI }))).toEqual([
      '2026-03-02: 08:00,11:45,16:45',
      '2026-03-03: 08:00,11:45,15:45',
      '2026-03-04: 08:00,11:45,15:45',
      '2026-03-05: 08:00',
    ]);
  });

  it('gives a single open day all the places, spread from first to last', () => {
    const offer = offerSlots(run('2026-03-02T08:00', 15, 36), { timeZone: NAIROBI });
    expect(offer).toHaveLength(1);
    expect(show(offer)).toEqual(['2026-03-02: 08:00,09:00,10:00,11:00,12:00,12:45,13:45,14:45,15:45,16:45']);
  });

  it('offers everything when there are fewer slots than places', () => {
    const few = [...run('2026-03-02T08:00', 30, 2), ...run('2026-03-03T09:00', 30, 1)];
    expect(show(offerSlots(few, { timeZone: NAIROBI }))).toEqual([
      '2026-03-02: 08:00,08:30',
      '2026-03-03: 09:00',
    ]);
    expect(offerSlots([], { timeZone: NAIROBI })).toEqual([]);
  });

  it('respects max and perDay', () => {
    expect(show(offerSlots(threeDays, { timeZone: NAIROBI, max: 4, perDay: 1 }))).toEqual([
      '2026-03-02: 08:00',
      '2026-03-03: 08:00',
      '2026-03-04: 08:00',
      '2026-03-05: 08:00',
    ]);
    expect(offerSlots(threeDays, { timeZone: NAIROBI, max: 0 })).toEqual([]);
  });

  it('sorts, drops duplicate starts and groups by the local day, not the UTC one', () => {
    // 22:30Z on Monday is 01:30 on Tuesday in Nairobi.
    const late = { start: '2026-03-02T22:30:00Z', end: '2026-03-02T23:00:00Z' };
    const early = { start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T05:30:00.000Z' };
    const sameAsEarly = { start: '2026-03-02T08:00:00+03:00', end: '2026-03-02T08:30:00+03:00' };
    expect(offerSlots([late, early, sameAsEarly], { timeZone: NAIROBI })).toEqual([
      { day: '2026-03-02', slots: [early] },
      { day: '2026-03-03', slots: [{ start: '2026-03-02T22:30:00.000Z', end: '2026-03-02T23:00:00.000Z' }] },
    ]);
  });
});

describe('slotId and findOfferedSlot', () => {
  const slot = { start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T05:20:00.000Z' };

  it('is short, deterministic and independent of how the instants were written', () => {
    expect(slotId(slot)).toBe('2026-03-02T05:00:00.000Z/2026-03-02T05:20:00.000Z');
    expect(slotId({ start: '2026-03-02T08:00:00+03:00', end: '2026-03-02T08:20+03:00' })).toBe(slotId(slot));
    expect(slotId(slot).length).toBeLessThanOrEqual(200);
  });

  it('finds only slots that were offered', () => {
    const offer = offerSlots([slot], { timeZone: NAIROBI });
    expect(findOfferedSlot(offer, slotId(slot))).toEqual(slot);
    expect(findOfferedSlot(offer, '2026-03-02T06:00:00.000Z/2026-03-02T06:20:00.000Z')).toBeUndefined();
  });
});

describe('replaceTakenSlot', () => {
  const offer = offerSlots(threeDays, { timeZone: NAIROBI });
  const at = (nairobi: string) => `${nairobi}:00+03:00`;
  // Tuesday 11:45 (08:45Z) was offered and has just been taken.
  const fresh = threeDays.filter((s) => s.start !== '2026-03-03T08:45:00.000Z');

  it('swaps the taken slot for the nearest free one on the same day and keeps everything else', () => {
    const { offer: next, replacement } = replaceTakenSlot(offer, at('2026-03-03T11:45'), fresh, {
      timeZone: NAIROBI,
    });
    // 11:30 and 12:00 are equally near; the earlier wins.
    expect(replacement).toEqual({ start: '2026-03-03T08:30:00.000Z', end: '2026-03-03T08:45:00.000Z' });
    expect(show(next)).toEqual([
      '2026-03-02: 08:00,11:45,16:45',
      '2026-03-03: 08:00,11:30,15:45',
      '2026-03-04: 08:00,11:45,15:45',
      '2026-03-05: 08:00',
    ]);
  });

  it('looks on other days when the day has nothing left, and drops a day left empty', () => {
    const onlyThursday = run('2026-03-05T08:00', 15, 32);
    const { offer: next, replacement } = replaceTakenSlot(
      offer,
      at('2026-03-05T08:00'),
      onlyThursday.slice(1),
      {
        timeZone: NAIROBI,
      },
    );
    expect(replacement?.start).toBe(DateTime.fromISO(at('2026-03-05T08:15')).toUTC().toISO());
    expect(show(next).at(-1)).toBe('2026-03-05: 08:15');
    const { offer: shrunk } = replaceTakenSlot(offer, at('2026-03-05T08:00'), [], { timeZone: NAIROBI });
    expect(show(shrunk)).toEqual(show(offer).slice(0, 3));
  });

  it('never re-offers a slot already in the offer or the taken one', () => {
    const offered = offer.flatMap((d) => d.slots);
    const taken = offered[0]?.start ?? '';
    const { replacement } = replaceTakenSlot(offer, taken, [...offered, ...run('2026-03-09T08:00', 15, 1)], {
      timeZone: NAIROBI,
    });
    expect(replacement?.start).toBe(DateTime.fromISO(at('2026-03-09T08:00')).toUTC().toISO());
  });

  it('puts a replacement on a new day in day order', () => {
    const small = offerSlots([...run('2026-03-02T08:00', 30, 1), ...run('2026-03-04T08:00', 30, 1)], {
      timeZone: NAIROBI,
    });
    const { offer: next } = replaceTakenSlot(small, at('2026-03-04T08:00'), run('2026-03-03T08:00', 30, 1), {
      timeZone: NAIROBI,
    });
    expect(show(next)).toEqual(['2026-03-02: 08:00', '2026-03-03: 08:00']);
  });

  it('leaves an offer without the taken slot unchanged', () => {
    const result = replaceTakenSlot(offer, at('2026-03-03T08:15'), fresh, { timeZone: NAIROBI });
    expect(result).toEqual({ offer });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const slotsArb = fc
  .array(
    fc.record({ quarter: fc.integer({ min: 0, max: 14 * 96 }), quarters: fc.integer({ min: 1, max: 4 }) }),
    {
      maxLength: 120,
    },
  )
  .map((raw) =>
    raw.map(({ quarter, quarters }) => {
      const start = Date.parse('2026-03-01T21:00:00Z') + quarter * 15 * 60_000;
      return {
        start: new Date(start).toISOString(),
        end: new Date(start + quarters * 15 * 60_000).toISOString(),
      };
    }),
  );
const zoneArb = fc.constantFrom(NAIROBI, 'Europe/Lisbon', 'America/New_York', 'Pacific/Chatham');

describe('offerSlots: properties', { timeout: 20_000 }, () => {
  it('offers min(max, distinct starts) input slots, the earliest among them, grouped by sorted local day', () => {
    fc.assert(
      fc.property(
        slotsArb,
        zoneArb,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        (slots, zone, max, perDay) => {
          const offer = offerSlots(slots, { timeZone: zone, max, perDay });
          const flat = offer.flatMap((d) => d.slots);
          const distinct = new Set(slots.map((s) => s.start));
          expect(flat).toHaveLength(Math.min(max, distinct.size));
          expect(new Set(flat.map((s) => s.start)).size).toBe(flat.length);
          for (const s of flat) expect(slots).toContainEqual(s);
          const earliest = [...distinct].sort()[0];
          if (earliest !== undefined) expect(flat[0]?.start).toBe(earliest);
          expect(flat.map((s) => s.start)).toEqual([...flat.map((s) => s.start)].sort());
          expect(offer.map((d) => d.day)).toEqual([...new Set(offer.map((d) => d.day))].sort());
          for (const d of offer) {
            expect(d.slots.length).toBeGreaterThan(0);
            for (const s of d.slots) expect(DateTime.fromISO(s.start, { zone }).toISODate()).toBe(d.day);
          }
          for (const id of flat.map(slotId)) expect(id.length).toBeLessThanOrEqual(200);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('replaceTakenSlot keeps every other offered slot, drops the taken one, and adds at most one fresh slot', () => {
    fc.assert(
      fc.property(slotsArb, slotsArb, zoneArb, fc.nat(), (slots, freshSlots, zone, pick) => {
        const offer = offerSlots(slots, { timeZone: zone });
        const before = offer.flatMap((d) => d.slots);
        const taken = before[pick % Math.max(1, before.length)]?.start ?? '2026-03-02T05:00:00.000Z';
        const { offer: next, replacement } = replaceTakenSlot(offer, taken, [...freshSlots, ...before], {
          timeZone: zone,
        });
        const after = next.flatMap((d) => d.slots);
        const kept = before.filter((s) => s.start !== taken);
        expect(after.filter((s) => s.start !== replacement?.start)).toEqual(kept);
        expect(after.map((s) => s.start)).not.toContain(taken);
        expect(after.length).toBeLessThanOrEqual(before.length);
        if (replacement) expect(freshSlots.map((s) => s.start)).toContain(replacement.start);
        expect(after.map((s) => s.start)).toEqual([...after.map((s) => s.start)].sort());
        for (const d of next) {
          for (const s of d.slots) expect(DateTime.fromISO(s.start, { zone }).toISODate()).toBe(d.day);
        }
      }),
      { numRuns: 300 },
    );
  });
});
