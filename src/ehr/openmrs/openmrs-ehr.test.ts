import { describe, expect, it } from 'vitest';
import { parseWeeklyHours } from '../../scheduling/clinic-hours.ts';
import { isAppError } from '../../shared/app-error.ts';
import { createOpenmrsEhr, type OpenmrsEhrOptions, openmrsOptionProblems } from './openmrs-ehr.ts';

const weekly = parseWeeklyHours('mon-fri 08:00-17:00');
if (!weekly.ok) throw new Error('bad hours');
const valid: OpenmrsEhrOptions = {
  baseUrl: 'http://localhost/openmrs',
  username: 'admin',
  password: 'Admin123',
  whatsappIdentifierTypeUuid: 'a1b2c3d4-0000-4000-8000-000000000001',
  hours: { weekly: weekly.value, closedDates: [] },
  timeZone: 'Africa/Nairobi',
  slotMinutes: 15,
  capacityPerSlot: 1,
  minLeadMinutes: 60,
};

describe('createOpenmrsEhr options', () => {
  it('accepts valid options without touching the network', () => {
    expect(openmrsOptionProblems(valid)).toEqual([]);
    expect(() =>
      createOpenmrsEhr({ ...valid, fetch: () => Promise.reject(new Error('no network')) }),
    ).not.toThrow();
  });

  it('lists every problem at once as CONFIG_INVALID', () => {
    const bad = {
      ...valid,
      baseUrl: 'localhost/openmrs',
      whatsappIdentifierTypeUuid: ' ',
      timeZone: 'Mars/Olympus',
      slotMinutes: 7.5,
      capacityPerSlot: 0,
      minLeadMinutes: -1,
      timeoutMs: 0,
    };
    expect(openmrsOptionProblems(bad)).toEqual([
      'baseUrl must be an http(s) URL',
      'whatsappIdentifierTypeUuid is required (run npm run openmrs:setup)',
      'timeZone "Mars/Olympus" is not an IANA zone',
      'slotMinutes must be a whole number of minutes in 1..1440',
      'capacityPerSlot must be a whole number ≥ 1',
      'minLeadMinutes must be ≥ 0',
      'timeoutMs must be > 0',
    ]);
    let thrown: unknown;
    try {
      createOpenmrsEhr(bad);
    } catch (err) {
      thrown = err;
    }
    expect(isAppError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect(String((thrown as Error).message)).not.toContain('Admin123');
  });
});
