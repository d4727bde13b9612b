import { describe, expect, it } from 'vitest';
import fixture from '../../../test/fixtures/openmrs/appointment_service_full.json' with { type: 'json' };
import { type AppointmentService, AppointmentServiceSchema } from './openmrs-schemas.ts';
import { needsDayCounts, serviceRulesOf, toClinicService } from './service-rules.ts';

const base: AppointmentService = { uuid: 's-1', name: 'Triage', startTime: '', endTime: '' };

describe('service rules', () => {
  it('reads the recorded full service: weekly availability with HH:mm:ss, no limits', () => {
    const service = AppointmentServiceSchema.parse(fixture);
    expect(serviceRulesOf(service)).toEqual({
      weeklyAvailability: [{ weekday: 3, start: '08:30:00', end: '17:00:00' }],
    });
    expect(toClinicService(service)).toEqual({
      id: '7eb76991-cc67-45c1-9cb9-93d91113673a',
      name: 'Dressing',
    });
  });

  it('duration, window limits and the daily limit', () => {
    const rules = serviceRulesOf({
      ...base,
      durationMins: 20,
      maxAppointmentsLimit: 12,
      weeklyAvailability: [
        { dayOfWeek: 'MONDAY', startTime: '08:00:00', endTime: '12:00:00', maxAppointmentsLimit: 6 },
        { dayOfWeek: 'SUNDAY', startTime: '09:00:00', endTime: '10:00:00', maxAppointmentsLimit: null },
      ],
    });
    expect(rules).toEqual({
      durationMins: 20,
      maxAppointmentsPerDay: 12,
      weeklyAvailability: [
        { weekday: 1, start: '08:00:00', end: '12:00:00', maxAppointments: 6 },
        { weekday: 7, start: '09:00:00', end: '10:00:00' },
      ],
    });
    expect(needsDayCounts(rules)).toBe(true);
    expect(toClinicService({ ...base, durationMins: 20 })).toEqual({
      id: 's-1',
      name: 'Triage',
      durationMins: 20,
    });
  });

  it('service-level hours apply to every day when there is no weekly availability (blank = the day edge)', () => {
    const rules = serviceRulesOf({ ...base, startTime: '09:00:00', endTime: '' });
    expect(rules.weeklyAvailability).toHaveLength(7);
    expect(rules.weeklyAvailability?.[0]).toEqual({ weekday: 1, start: '09:00:00', end: '23:59:59' });
    expect(needsDayCounts(rules)).toBe(false);
  });

  it('a stock O3 service adds nothing (no hours, duration or limits, openmrs.md §6.6)', () => {
    expect(
      serviceRulesOf({ ...base, durationMins: null, maxAppointmentsLimit: null, weeklyAvailability: [] }),
    ).toEqual({});
    expect(serviceRulesOf({ ...base, durationMins: 12.5, maxAppointmentsLimit: 0 })).toEqual({});
  });
});
