import { describe, expect, it } from 'vitest';
import created from '../../../test/fixtures/openmrs/appointment_create_response.json' with { type: 'json' };
import searched from '../../../test/fixtures/openmrs/appointments_search_response.json' with { type: 'json' };
import {
  appointmentPriority,
  bookingComments,
  holdsTime,
  keyDigest,
  MAX_APPOINTMENT_COMMENTS,
  refTag,
  toAppointment,
  toAppointmentStatus,
} from './appointment-mapping.ts';
import { RawArraySchema, RestAppointmentSchema } from './openmrs-schemas.ts';

describe('appointment mapping', () => {
  it('tags are short, stable, and do not reveal the key', () => {
    expect(refTag('book-123')).toMatch(/^\[ref:[0-9a-f]{12}\]$/);
    expect(refTag('book-123')).toBe(refTag('book-123'));
    expect(refTag('book-123')).not.toBe(refTag('book-124'));
    expect(refTag('book-123')).not.toContain('123');
    expect(keyDigest('k')).toHaveLength(12);
  });

  it('comments keep the whole tag and fit the column', () => {
    const tag = refTag('k');
    expect(bookingComments('Fever 3 days', tag)).toBe(`Fever 3 days ${tag}`);
    expect(bookingComments('  ', tag)).toBe(tag);
    const long = bookingComments('x'.repeat(1000), tag);
    expect(long.length).toBeLessThanOrEqual(MAX_APPOINTMENT_COMMENTS);
    expect(long.endsWith(` ${tag}`)).toBe(true);
    expect(long).toContain('…');
  });

  it('maps urgency to the module priority and statuses to the port', () => {
    expect([1, 2, 3, 4, 5].map((u) => appointmentPriority(u as 1))).toEqual([
      'AsNeeded',
      'Routine',
      'Routine',
      'Routine',
      'Emergency',
    ]);
    expect(['Scheduled', 'Cancelled', 'CheckedIn', 'Missed'].map(toAppointmentStatus)).toEqual([
      'booked',
      'cancelled',
      'other',
      'other',
    ]);
  });

  it('reads the recorded module payloads (epoch ms dates)', () => {
    const a = RestAppointmentSchema.parse(created);
    expect(toAppointment(a, 15)).toEqual({
      id: '36fdc60e-7ae5-4708-9fcc-8c98daba0ca9',
      patientId: 'fda50921-d5d5-4493-8de8-6ef54c9d4481',
      serviceId: '2b87edcf-39ac-4dec-94c9-713b932e847c',
      serviceName: 'Physiotherapy OPD',
      start: '2019-10-11T04:30:00.000Z',
      end: '2019-10-11T05:00:00.000Z',
      status: 'booked',
    });
    const rows = RawArraySchema.parse(searched).map((r) => RestAppointmentSchema.parse(r));
    expect(rows.map(holdsTime)).toEqual([true]);
    expect(holdsTime({ ...a, status: 'Cancelled' })).toBe(false);
    expect(holdsTime({ ...a, voided: true })).toBe(false);
  });

  it('an appointment without an end holds the fallback length', () => {
    const a = RestAppointmentSchema.parse({ ...created, endDateTime: null });
    expect(toAppointment(a, 20).end).toBe('2019-10-11T04:50:00.000Z');
  });
});
