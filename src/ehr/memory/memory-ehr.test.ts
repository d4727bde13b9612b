import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../shared/app-error.ts';
import { describeEhrContract } from '../ehr-contract.ts';
import type { Slot } from '../ehr-port.ts';
import type { SlotGenerator } from './memory-ehr.ts';
import { createMemoryEhr } from './memory-ehr.ts';

const ZONE = 'Africa/Nairobi';
/** Monday 2 March 2026, 08:00 in Nairobi. */
const WEEK_START = DateTime.fromISO('2026-03-02T08:00', { zone: ZONE });
const SERVICES = [
  { id: 'general', name: 'General consultation', durationMins: 20 },
  { id: 'mch', name: 'Maternal & child health', durationMins: 20 },
];

/** 20-minute slots, Monday to Friday 08:00–16:00 clinic time, like the demo clinic. */
const workingHours: SlotGenerator = ({ serviceId, from, to }) => {
  const out: Slot[] = [];
  const end = DateTime.fromISO(to);
  for (
    let day = DateTime.fromISO(from, { zone: ZONE }).startOf('day');
    day < end;
    day = day.plus({ days: 1 })
  ) {
    if (day.weekday > 5) continue;
    for (
      let t = day.set({ hour: 8 });
      t.plus({ minutes: 20 }) <= day.set({ hour: 16 });
      t = t.plus({ minutes: 20 })
    ) {
      out.push({
        serviceId,
        start: t.toUTC().toISO() ?? '',
        end: t.plus({ minutes: 20 }).toUTC().toISO() ?? '',
      });
    }
  }
  return out;
};

describeEhrContract('memory', async () => {
  const ehr = createMemoryEhr({ services: SERVICES, slotGenerator: workingHours });
  return {
    ehr,
    seed: {
      serviceId: 'general',
      window: {
        from: WEEK_START.toUTC().toISO() ?? '',
        to: WEEK_START.plus({ days: 5 }).toUTC().toISO() ?? '',
      },
      unknownPatientId: 'patient-does-not-exist',
      unknownAppointmentId: 'appointment-does-not-exist',
    },
    probe: {
      countPatients: async (key) => ehr.patients().filter((p) => p.idempotencyKey === key).length,
      countAppointments: async (key) =>
        ehr.appointments().filter((a) => a.request.idempotencyKey === key).length,
      countTriageEncounters: async (key) =>
        ehr.triageRecords().filter((t) => t.record.idempotencyKey === key).length,
      countWhatsAppIdentifiers: async (patientId, value) => {
        const p = ehr.patients().find((s) => s.summary.id === patientId);
        const { key, userId, waId } = p?.patient.whatsapp ?? { key: undefined };
        const registered = new Set([key, userId, waId]);
        return (registered.has(value) ? 1 : 0) + (p?.linkedWhatsApp.filter((v) => v === value).length ?? 0);
      },
    },
    teardown: async () => undefined,
  };
});

describe('memory EHR: helpers for higher layers', () => {
  const window = {
    from: WEEK_START.toUTC().toISO() ?? '',
    to: WEEK_START.plus({ days: 1 }).toUTC().toISO() ?? '',
  };
  const patient = {
    givenName: 'Amina',
    birthDate: '1990-04-02',
    birthDateEstimated: false,
    sex: 'female' as const,
    whatsapp: { key: 'u1', userId: 'u1' },
  };

  it('serves a fixed slot list and hides booked and taken slots', async () => {
    const slots: Slot[] = [
      { serviceId: 'general', start: '2026-03-02T06:00:00Z', end: '2026-03-02T06:20:00Z' },
      { serviceId: 'general', start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T05:20:00.000Z' },
      { serviceId: 'general', start: '2026-03-02T05:20:00.000Z', end: '2026-03-02T05:40:00.000Z' },
      { serviceId: 'mch', start: '2026-03-02T05:00:00.000Z', end: '2026-03-02T05:20:00.000Z' },
    ];
    const ehr = createMemoryEhr({ services: SERVICES, slots });
    const free = await ehr.findFreeSlots({ serviceId: 'general', ...window, limit: 10 });
    expect(free.map((s) => s.start)).toEqual([
      '2026-03-02T05:00:00.000Z',
      '2026-03-02T05:20:00.000Z',
      '2026-03-02T06:00:00.000Z',
    ]);
    ehr.takeSlot(free[0] as Slot);
    const p = await ehr.registerPatient(patient, 'k1');
    await ehr.book({
      idempotencyKey: 'b1',
      patientId: p.id,
      slot: free[1] as Slot,
      comments: '',
      urgency: 2,
    });
    expect(
      (await ehr.findFreeSlots({ serviceId: 'general', ...window, limit: 10 })).map((s) => s.start),
    ).toEqual(['2026-03-02T06:00:00.000Z']);
    await expect(
      ehr.book({ idempotencyKey: 'b2', patientId: p.id, slot: free[0] as Slot, comments: '', urgency: 2 }),
    ).rejects.toSatisfy((e: unknown) => isAppError(e, 'EHR_SLOT_TAKEN'));
    expect(ehr.appointments()).toHaveLength(1);
    expect(ehr.appointments()[0]?.request.urgency).toBe(2);
  });

  it('refuses a slot that was never offered', async () => {
    const ehr = createMemoryEhr({ services: SERVICES, slotGenerator: workingHours });
    const p = await ehr.registerPatient(patient, 'k1');
    const slot = { serviceId: 'general', start: '2026-03-01T05:00:00.000Z', end: '2026-03-01T05:20:00.000Z' }; // Sunday
    await expect(
      ehr.book({ idempotencyKey: 'b', patientId: p.id, slot, comments: '', urgency: 1 }),
    ).rejects.toSatisfy((e: unknown) => isAppError(e, 'EHR_SLOT_TAKEN'));
  });

  it('failNext fails before the work, the given number of times', async () => {
    const ehr = createMemoryEhr({ services: SERVICES, slotGenerator: workingHours });
    const down = new AppError('EHR_UNAVAILABLE', 'down', { retryable: true });
    ehr.failNext('listServices', down, 2);
    await expect(ehr.listServices()).rejects.toBe(down);
    await expect(ehr.listServices()).rejects.toBe(down);
    expect(await ehr.listServices()).toHaveLength(2);
    expect(ehr.callCount('listServices')).toBe(3);
  });

  it("failNext(…, 'after') commits and then fails, like a timeout after the EHR saved", async () => {
    const ehr = createMemoryEhr({ services: SERVICES, slotGenerator: workingHours });
    const timeout = new AppError('EHR_UNAVAILABLE', 'timed out', { retryable: true });
    ehr.failNext('registerPatient', timeout, 1, 'after');
    await expect(ehr.registerPatient(patient, 'k1')).rejects.toBe(timeout);
    expect(ehr.patients()).toHaveLength(1);
    const retried = await ehr.registerPatient(patient, 'k1');
    expect(retried.id).toBe(ehr.patients()[0]?.summary.id);
    expect(ehr.patients()).toHaveLength(1);
  });

  it('records triage with what was sent, and rejects an unknown appointment', async () => {
    const ehr = createMemoryEhr({ services: SERVICES, slotGenerator: workingHours });
    const p = await ehr.registerPatient(patient, 'k1');
    const record = {
      idempotencyKey: 't1',
      patientId: p.id,
      chiefComplaint: 'Headache',
      urgency: 2 as const,
      disposition: 'routine' as const,
      redFlags: [],
      reasons: [],
      summary: 'Headache 1 day.',
      recordedAt: '2026-03-02T06:00:00.000Z',
    };
    await ehr.recordTriage(record);
    expect(ehr.triageRecords()[0]?.record).toEqual(record);
    await expect(
      ehr.recordTriage({ ...record, idempotencyKey: 't2', appointmentId: 'nope' }),
    ).rejects.toSatisfy((e: unknown) => isAppError(e, 'EHR_NOT_FOUND'));
  });
});
