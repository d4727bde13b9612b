import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseWeeklyHours } from '../../scheduling/clinic-hours.ts';
import { freeSlots } from '../../scheduling/free-slots.ts';
import type { RestAppointment } from './openmrs-schemas.ts';
import { buildSlotQuery, type ClinicSlotConfig, countingRange } from './slot-query.ts';

const weekly = parseWeeklyHours('mon-fri 08:00-12:00');
if (!weekly.ok) throw new Error('bad hours');
const clinic: ClinicSlotConfig = {
  timeZone: 'Africa/Nairobi',
  hours: { weekly: weekly.value, closedDates: [] },
  slotMinutes: 30,
  capacityPerSlot: 1,
};
/** Monday 2 March 2026, 08:00 Nairobi = 05:00Z. */
const MON_0800 = Date.parse('2026-03-02T05:00:00.000Z');
const appt = (over: Partial<RestAppointment>): RestAppointment => ({
  uuid: 'a',
  patient: { uuid: 'p' },
  service: { uuid: 's-1' },
  startDateTime: MON_0800,
  endDateTime: MON_0800 + 30 * 60_000,
  status: 'Scheduled',
  ...over,
});

describe('slot query building', () => {
  it('counts only live appointments of the service; one without an end holds the slot length', () => {
    const q = buildSlotQuery(
      clinic,
      's-1',
      { durationMins: 20 },
      [
        appt({ uuid: 'a' }),
        appt({ uuid: 'b', status: 'Cancelled' }),
        appt({ uuid: 'c', voided: true }),
        appt({ uuid: 'd', service: { uuid: 's-2' } }),
        appt({ uuid: 'e', endDateTime: null, startDateTime: MON_0800 + 3_600_000 }),
      ],
      {
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-03T00:00:00.000Z',
        now: '2026-03-01T00:00:00.000Z',
        minLeadMinutes: 0,
        limit: 50,
      },
    );
    expect(q.bookings).toEqual([
      { start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T05:30:00.000Z' },
      { start: '2026-03-02T06:00:00.000Z', end: '2026-03-02T06:20:00.000Z' },
    ]);
    expect(q).toMatchObject({ timeZone: 'Africa/Nairobi', slotMinutes: 30, capacityPerSlot: 1 });
    // 20-minute grid from 08:00: 12 slots, minus 08:00, 08:20 (overlaps till 08:30), 09:00.
    const starts = freeSlots(q).map((s) =>
      DateTime.fromISO(s.start, { zone: 'Africa/Nairobi' }).toFormat('HH:mm'),
    );
    expect(starts).toEqual(['08:40', '09:20', '09:40', '10:00', '10:20', '10:40', '11:00', '11:20', '11:40']);
  });

  it('searches around the slots, or whole local days when limits count per day or window', () => {
    const from = MON_0800;
    const to = MON_0800 + 3_600_000;
    expect(countingRange({}, 30, from, to, clinic.timeZone)).toEqual({
      from: from - 3_600_000,
      to: to + 1_800_000,
    });
    expect(countingRange({}, 90, from, to, clinic.timeZone)).toEqual({
      from: from - 5_400_000,
      to: to + 5_400_000,
    });
    const day = countingRange({ maxAppointmentsPerDay: 5 }, 30, from, to, clinic.timeZone);
    expect(new Date(day.from).toISOString()).toBe('2026-03-01T21:00:00.000Z');
    expect(new Date(day.to).toISOString()).toBe('2026-03-02T20:59:59.999Z');
    const window = countingRange(
      { weeklyAvailability: [{ weekday: 1, start: '08:00', end: '12:00', maxAppointments: 2 }] },
      30,
      from,
      to,
      clinic.timeZone,
    );
    expect(window).toEqual(day);
  });
});
