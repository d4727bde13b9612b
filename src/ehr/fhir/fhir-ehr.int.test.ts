import { parseSearchRequest } from '@medplum/core';
import type {
  Encounter,
  Appointment as FhirAppointment,
  Slot as FhirSlot,
  Observation,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirEngine } from '../../sandbox/fhir-engine/fhir-engine.ts';
import { startFhirEngine } from '../../sandbox/fhir-engine/fhir-engine.ts';
import type { DemoClinic } from '../../sandbox/fhir-engine/seed-demo-clinic.ts';
import { seedDemoClinic } from '../../sandbox/fhir-engine/seed-demo-clinic.ts';
import { isAppError } from '../../shared/app-error.ts';
import { describeEhrContract } from '../ehr-contract.ts';
import type { BookingRequest, EhrPort, NewPatient, Slot } from '../ehr-port.ts';
import { createFhirEhr } from './fhir-ehr.ts';

const IDENTIFIER_SYSTEM = 'urn:omrs-whatsapp:whatsapp-id';
const IDEMPOTENCY_SYSTEM = 'urn:omrs-whatsapp:idempotency-key';
/** Monday 2 March 2026, 08:00 in Nairobi (05:00Z). */
const NOW = '2026-03-02T05:00:00.000Z';
const WINDOW = { from: NOW, to: '2026-03-07T00:00:00.000Z' };

async function countByKey(engine: FhirEngine, type: string, key: string): Promise<number> {
  const found = await engine.repo.searchResources(
    parseSearchRequest(type as Resource['resourceType'], { identifier: `${IDEMPOTENCY_SYSTEM}|${key}` }),
  );
  return found.length;
}

function adapter(engine: FhirEngine, fetchImpl?: typeof fetch): EhrPort {
  return createFhirEhr({
    baseUrl: engine.baseUrl,
    timeoutMs: 5000,
    identifierSystem: IDENTIFIER_SYSTEM,
    idempotencySystem: IDEMPOTENCY_SYSTEM,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

describeEhrContract('FHIR adapter on the embedded engine', async () => {
  const engine = await startFhirEngine({ port: 0 });
  const clinic = await seedDemoClinic(engine.repo, { now: NOW, weeks: 1 });
  return {
    ehr: adapter(engine),
    seed: {
      serviceId: clinic.services[0]?.id ?? '',
      window: WINDOW,
      unknownPatientId: 'no-such-patient',
      unknownAppointmentId: 'no-such-appointment',
    },
    probe: {
      countPatients: (key) => countByKey(engine, 'Patient', key),
      countAppointments: (key) => countByKey(engine, 'Appointment', key),
      countTriageEncounters: (key) => countByKey(engine, 'Encounter', key),
      countWhatsAppIdentifiers: async (patientId, value) =>
        ((await engine.repo.readResource<Patient>('Patient', patientId)).identifier ?? []).filter(
          (i) => i.system === IDENTIFIER_SYSTEM && i.value === value,
        ).length,
    },
    teardown: () => engine.close(),
  };
});

describe('FHIR adapter: resources, retries and errors', () => {
  let engine: FhirEngine;
  let clinic: DemoClinic;
  let ehr: EhrPort;
  let n = 0;
  const key = (prefix: string) => `${prefix}-${++n}-${Date.now()}`;
  const newPatient = (id: string): NewPatient => ({
    givenName: 'Amina',
    familyName: 'Otieno',
    birthDate: '1990-04-02',
    birthDateEstimated: false,
    sex: 'female',
    phone: '+254712345678',
    whatsapp: { key: `bsuid.${id}`, userId: `bsuid.${id}`, waId: '254712345678' },
  });
  const serviceId = () => clinic.services[0]?.id ?? '';
  const nextFree = async (): Promise<Slot> => {
    const [slot] = await ehr.findFreeSlots({ serviceId: serviceId(), ...WINDOW, limit: 1 });
    if (!slot) throw new Error('no free slot');
    return slot;
  };
  const booking = (patientId: string, slot: Slot, idempotencyKey = key('book')): BookingRequest => ({
    idempotencyKey,
    patientId,
    slot,
    comments: 'Cough 2 weeks',
    urgency: 4,
  });
  const readSlot = (id: string) => engine.repo.readResource<FhirSlot>('Slot', id);

  /** A fetch that passes requests through, but fails as told for the first request matching `when`. */
  function flakyFetch(
    when: (method: string, url: string) => boolean,
    mode: 'before' | 'after',
  ): typeof fetch {
    let armed = true;
    return async (input, init) => {
      const url = String(input);
      const method = init?.method ?? 'GET';
      if (armed && when(method, url)) {
        armed = false;
        if (mode === 'before') throw new TypeError('fetch failed');
        await fetch(input, init);
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      }
      return fetch(input, init);
    };
  }

  beforeAll(async () => {
    engine = await startFhirEngine({ port: 0 });
    clinic = await seedDemoClinic(engine.repo, { now: NOW, weeks: 1 });
    ehr = adapter(engine);
  });
  afterAll(() => engine.close());

  it('stores the patient with WhatsApp identifiers, the key, name, gender, birth date and phone', async () => {
    const summary = await ehr.registerPatient(newPatient('p1'), 'reg-p1');
    const stored = await engine.repo.readResource<Patient>('Patient', summary.id);
    expect(stored.identifier).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ system: IDENTIFIER_SYSTEM, value: 'bsuid.p1' }),
        expect.objectContaining({ system: IDENTIFIER_SYSTEM, value: '254712345678' }),
        { system: IDEMPOTENCY_SYSTEM, value: 'reg-p1' },
      ]),
    );
    expect(stored).toMatchObject({
      name: [{ given: ['Amina'], family: 'Otieno' }],
      gender: 'female',
      birthDate: '1990-04-02',
      telecom: [{ system: 'phone', value: '+254712345678' }],
    });
  });

  it('links a new number with If-Match, keeping the rest of the Patient, and retries once after a 412', async () => {
    const summary = await ehr.registerPatient(newPatient('link1'), key('reg'));
    let puts = 0;
    const ifMatch: string[] = [];
    // Someone edits the Patient between our read and our write (the first PUT then gets 412).
    const racing = adapter(engine, async (input, init) => {
      if ((init?.method ?? 'GET') === 'PUT' && String(input).includes('/Patient/')) {
        puts += 1;
        ifMatch.push(new Headers(init?.headers).get('if-match') ?? '');
        if (puts === 1) {
          const current = await engine.repo.readResource<Patient>('Patient', summary.id);
          await engine.repo.updateResource<Patient>({ ...current, maritalStatus: { text: 'Married' } });
        }
      }
      return fetch(input, init);
    });
    await racing.linkWhatsApp(summary.id, { key: '255700000111', waId: '255700000111' });
    expect(puts).toBe(2);
    expect(ifMatch.every((v) => /^W\/"[^"]+"$/.test(v))).toBe(true);
    const stored = await engine.repo.readResource<Patient>('Patient', summary.id);
    expect(stored.maritalStatus?.text).toBe('Married');
    expect(stored.telecom).toEqual([expect.objectContaining({ value: '+254712345678' })]);
    expect(stored.identifier?.filter((i) => i.system === IDENTIFIER_SYSTEM).map((i) => i.value)).toEqual([
      'bsuid.link1',
      '254712345678',
      '255700000111',
    ]);
    // Nothing to add: no write at all.
    await racing.linkWhatsApp(summary.id, { key: '255700000111', waId: '255700000111' });
    expect(puts).toBe(2);
  });

  it('gives up linking with a retryable EHR_UNAVAILABLE when the Patient keeps changing', async () => {
    const summary = await ehr.registerPatient(newPatient('link2'), key('reg'));
    const busy = adapter(engine, async (input, init) => {
      if ((init?.method ?? 'GET') === 'PUT' && String(input).includes('/Patient/')) {
        const current = await engine.repo.readResource<Patient>('Patient', summary.id);
        await engine.repo.updateResource<Patient>({
          ...current,
          maritalStatus: { text: String(Date.now()) },
        });
      }
      return fetch(input, init);
    });
    const err = await busy
      .linkWhatsApp(summary.id, { key: '255700000222', waId: '255700000222' })
      .catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_UNAVAILABLE') && err.retryable).toBe(true);
  });

  it('reads the clinic MRN and skips inactive patients', async () => {
    const whatsapp = { system: IDENTIFIER_SYSTEM, value: 'bsuid.mrn' };
    await engine.repo.createResource<Patient>({
      resourceType: 'Patient',
      identifier: [
        whatsapp,
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
          value: '100008E',
        },
      ],
      name: [{ given: ['Baraka'], family: 'Mwangi' }],
      gender: 'male',
    });
    await engine.repo.createResource<Patient>({
      resourceType: 'Patient',
      active: false,
      identifier: [whatsapp],
    });
    const found = await ehr.findPatientsByWhatsApp({ key: 'bsuid.mrn', userId: 'bsuid.mrn' });
    expect(found).toEqual([
      expect.objectContaining({ givenName: 'Baraka', familyName: 'Mwangi', mrn: '100008E', sex: 'male' }),
    ]);
  });

  it('lists the demo clinic services', async () => {
    const names = (await ehr.listServices()).map((s) => s.name).sort();
    expect(names).toEqual(['Follow-up visit', 'General consultation', 'Maternal & child health']);
  });

  it('books an Appointment with the slot, participants, priority and key, and marks the Slot busy', async () => {
    const patient = await ehr.registerPatient(newPatient('p2'), key('reg'));
    const slot = await nextFree();
    const request = booking(patient.id, slot);
    const appointment = await ehr.book(request);
    expect(appointment.serviceName).toBe('General consultation');
    const stored = await engine.repo.readResource<FhirAppointment>('Appointment', appointment.id);
    expect(stored).toMatchObject({
      status: 'booked',
      slot: [{ reference: `Slot/${slot.ref}` }],
      priority: 2,
      comment: 'Cough 2 weeks',
      identifier: [{ system: IDEMPOTENCY_SYSTEM, value: request.idempotencyKey }],
    });
    const actors = stored.participant.map((p) => p.actor?.reference?.split('/')[0]).sort();
    expect(actors).toEqual(['HealthcareService', 'Location', 'Patient', 'Practitioner']);
    expect((await readSlot(slot.ref ?? '')).status).toBe('busy');
  });

  it('books a slot given without its FHIR id (found by service and start)', async () => {
    const patient = await ehr.registerPatient(newPatient('p2b'), key('reg'));
    const { ref: _ref, ...slot } = await nextFree();
    const appointment = await ehr.book(booking(patient.id, slot));
    expect(appointment.start).toBe(slot.start);
  });

  it('gives one appointment to two concurrent calls with the same key', async () => {
    const patient = await ehr.registerPatient(newPatient('p3'), key('reg'));
    const request = booking(patient.id, await nextFree());
    const [a, b] = await Promise.all([ehr.book(request), ehr.book(request)]);
    expect(a.id).toBe(b.id);
    expect(await countByKey(engine, 'Appointment', request.idempotencyKey)).toBe(1);
  });

  it('returns the existing appointment when the retry follows a timeout after the server committed', async () => {
    const patient = await ehr.registerPatient(newPatient('p4'), key('reg'));
    const request = booking(patient.id, await nextFree());
    const flaky = adapter(
      engine,
      flakyFetch((m, u) => m === 'POST' && u.endsWith('/Appointment'), 'after'),
    );
    const err = await flaky.book(request).catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_UNAVAILABLE') && err.retryable).toBe(true);
    const retried = await flaky.book(request);
    expect(await countByKey(engine, 'Appointment', request.idempotencyKey)).toBe(1);
    expect(retried.patientId).toBe(patient.id);
  });

  it('completes a booking whose appointment was never sent (the slot stays held for the retry)', async () => {
    const patient = await ehr.registerPatient(newPatient('p5'), key('reg'));
    const slot = await nextFree();
    const request = booking(patient.id, slot);
    const flaky = adapter(
      engine,
      flakyFetch((m, u) => m === 'POST' && u.endsWith('/Appointment'), 'before'),
    );
    await expect(flaky.book(request)).rejects.toSatisfy((e: unknown) => isAppError(e, 'EHR_UNAVAILABLE'));
    const held = await readSlot(slot.ref ?? '');
    expect(held.status).toBe('busy');
    // Another patient cannot have it meanwhile…
    const other = await ehr.registerPatient(newPatient('p5b'), key('reg'));
    await expect(ehr.book(booking(other.id, slot))).rejects.toSatisfy((e: unknown) =>
      isAppError(e, 'EHR_SLOT_TAKEN'),
    );
    // …and the retry with the same key completes.
    const appointment = await flaky.book(request);
    expect(appointment.start).toBe(slot.start);
    expect(await countByKey(engine, 'Appointment', request.idempotencyKey)).toBe(1);
  });

  it('frees the slot when the server refuses the appointment for good', async () => {
    const patient = await ehr.registerPatient(newPatient('p6'), key('reg'));
    const slot = await nextFree();
    const refusing: typeof fetch = async (input, init) => {
      if ((init?.method ?? 'GET') === 'POST' && String(input).endsWith('/Appointment')) {
        return new Response(
          JSON.stringify({
            resourceType: 'OperationOutcome',
            issue: [
              { severity: 'error', code: 'business-rule', diagnostics: "Patient 'Amina Otieno' is blocked" },
            ],
          }),
          { status: 422, headers: { 'content-type': 'application/fhir+json' } },
        );
      }
      return fetch(input, init);
    };
    const err = await adapter(engine, refusing)
      .book(booking(patient.id, slot))
      .catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_REJECTED')).toBe(true);
    expect(String((err as Error).message)).not.toContain('Amina');
    expect(String((err as Error).message)).toContain('business-rule');
    expect((await readSlot(slot.ref ?? '')).status).toBe('free');
  });

  it('lets one of six concurrent bookers win a slot', async () => {
    const patients = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ehr.registerPatient(newPatient(`race-${i}`), key('reg'))),
    );
    const slot = await nextFree();
    const results = await Promise.allSettled(patients.map((p) => ehr.book(booking(p.id, slot))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(isAppError(r.reason, 'EHR_SLOT_TAKEN')).toBe(true);
    }
  });

  it('treats a deleted slot as taken and refuses a slot of another service', async () => {
    const patient = await ehr.registerPatient(newPatient('p9'), key('reg'));
    const slot = await nextFree();
    await engine.repo.deleteResource('Slot', slot.ref ?? '');
    await expect(ehr.book(booking(patient.id, slot))).rejects.toSatisfy((e: unknown) =>
      isAppError(e, 'EHR_SLOT_TAKEN'),
    );
    const other = await nextFree();
    const wrongService = { ...other, serviceId: clinic.services[1]?.id ?? '' };
    await expect(ehr.book(booking(patient.id, wrongService))).rejects.toSatisfy((e: unknown) =>
      isAppError(e, 'EHR_REJECTED'),
    );
  });

  it('cancelling an appointment made by another system frees its slot', async () => {
    const patient = await ehr.registerPatient(newPatient('p10'), key('reg'));
    const slot = await nextFree();
    const stored = await engine.repo.readResource<FhirSlot>('Slot', slot.ref ?? '');
    await engine.repo.updateResource({ ...stored, status: 'busy' });
    const appointment = await engine.repo.createResource<FhirAppointment>({
      resourceType: 'Appointment',
      status: 'booked',
      start: slot.start,
      end: slot.end,
      slot: [{ reference: `Slot/${slot.ref}` }],
      participant: [{ actor: { reference: `Patient/${patient.id}` }, status: 'accepted' }],
    });
    const listed = await ehr.listUpcomingAppointments(patient.id, WINDOW.from);
    expect(listed.map((a) => a.id)).toEqual([appointment.id]);
    expect(listed[0]?.serviceId).toBe('');
    await ehr.cancelAppointment(appointment.id ?? '');
    expect((await readSlot(slot.ref ?? '')).status).toBe('free');
  });

  it('follows next links, also when the server advertises another origin (a proxy)', async () => {
    const behindProxy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = await res.text();
      const origin = new URL(engine.baseUrl).origin;
      return new Response(text.replaceAll(origin, 'http://hapi.internal:8080'), {
        status: res.status,
        headers: res.headers,
      });
    };
    const serviceId2 = clinic.services[2]?.id ?? '';
    const slots = await adapter(engine, behindProxy).findFreeSlots({
      serviceId: serviceId2,
      ...WINDOW,
      limit: 110,
    });
    expect(slots).toHaveLength(110);
    expect(new Set(slots.map((s) => s.start)).size).toBe(110);
  });

  it('writes the triage Encounter and Observations once, even when the first attempt broke halfway', async () => {
    const patient = await ehr.registerPatient(newPatient('p7'), key('reg'));
    const record = {
      idempotencyKey: key('triage'),
      patientId: patient.id,
      chiefComplaint: 'Fever and cough for three days',
      temperatureC: 38.6,
      urgency: 4 as const,
      disposition: 'urgent' as const,
      redFlags: ['breathing difficulty'],
      reasons: ['fever > 38 °C'],
      summary: 'Adult with fever and cough; see today.',
      recordedAt: '2026-03-02T06:00:00.000Z',
    };
    let observationPosts = 0;
    const breakThird: typeof fetch = async (input, init) => {
      if (
        (init?.method ?? 'GET') === 'POST' &&
        String(input).endsWith('/Observation') &&
        ++observationPosts === 3
      ) {
        throw new TypeError('fetch failed');
      }
      return fetch(input, init);
    };
    await expect(adapter(engine, breakThird).recordTriage(record)).rejects.toSatisfy((e: unknown) =>
      isAppError(e, 'EHR_UNAVAILABLE'),
    );
    const { encounterId } = await ehr.recordTriage(record);
    expect((await ehr.recordTriage(record)).encounterId).toBe(encounterId);

    const encounter = await engine.repo.readResource<Encounter>('Encounter', encounterId);
    expect(encounter).toMatchObject({
      status: 'finished',
      class: { code: 'VR' },
      type: [{ text: 'WhatsApp triage' }],
      subject: { reference: `Patient/${patient.id}` },
      reasonCode: [{ text: 'Fever and cough for three days' }],
      priority: { coding: [{ code: 'UR' }] },
    });
    const observations = await engine.repo.searchResources<Observation>(
      parseSearchRequest<Observation>('Observation', { encounter: `Encounter/${encounterId}` }),
    );
    const codes = observations.map((o) => o.code.coding?.[0]?.code).sort();
    expect(codes).toEqual(
      ['10154-3', '8310-5', 'disposition', 'pre-visit-summary', 'reasons', 'red-flags', 'urgency'].sort(),
    );
    const temperature = observations.find((o) => o.code.coding?.[0]?.code === '8310-5');
    expect(temperature?.valueQuantity).toEqual({
      value: 38.6,
      unit: 'Cel',
      system: 'http://unitsofmeasure.org',
      code: 'Cel',
    });
    expect(observations.find((o) => o.code.coding?.[0]?.code === 'pre-visit-summary')?.valueString).toBe(
      'Adult with fever and cough; see today.',
    );
  });

  it('never returns patients the server should not have matched (a server ignoring `identifier`)', async () => {
    await ehr.registerPatient(newPatient('p8'), key('reg'));
    const ignoring: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.endsWith('/Patient')) url.searchParams.delete('identifier');
      return fetch(url, init);
    };
    const found = await adapter(engine, ignoring).findPatientsByWhatsApp({
      key: 'bsuid.p8',
      userId: 'bsuid.p8',
    });
    expect(found).toHaveLength(1);
  });

  it('sends bearer and basic credentials', async () => {
    const seen: (string | null)[] = [];
    const capture: typeof fetch = async (input, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return fetch(input, init);
    };
    const common = {
      baseUrl: engine.baseUrl,
      timeoutMs: 5000,
      identifierSystem: IDENTIFIER_SYSTEM,
      idempotencySystem: IDEMPOTENCY_SYSTEM,
      fetch: capture,
    };
    await createFhirEhr({ ...common, auth: { kind: 'bearer', token: 't0k3n' } }).listServices();
    await createFhirEhr({
      ...common,
      auth: { kind: 'basic', username: 'admin', password: 'Admin123' },
    }).listServices();
    expect(seen).toEqual(['Bearer t0k3n', `Basic ${Buffer.from('admin:Admin123').toString('base64')}`]);
  });

  it.each([
    [401, 'EHR_AUTH_FAILED', false],
    [403, 'EHR_AUTH_FAILED', false],
    [404, 'EHR_NOT_FOUND', false],
    [410, 'EHR_NOT_FOUND', false],
    [400, 'EHR_REJECTED', false],
    [422, 'EHR_REJECTED', false],
    [429, 'EHR_UNAVAILABLE', true],
    [500, 'EHR_UNAVAILABLE', true],
    [503, 'EHR_UNAVAILABLE', true],
  ])('maps HTTP %i to %s (retryable %s)', async (status, code, retryable) => {
    const stub: typeof fetch = async () => new Response('<html>error</html>', { status });
    const err = await adapter(engine, stub)
      .listServices()
      .catch((e: unknown) => e);
    expect(isAppError(err, code)).toBe(true);
    expect(isAppError(err) && err.retryable).toBe(retryable);
  });

  it('maps an unreachable server and a timeout to retryable EHR_UNAVAILABLE', async () => {
    const unreachable = createFhirEhr({
      baseUrl: 'http://127.0.0.1:9/fhir',
      timeoutMs: 2000,
      identifierSystem: IDENTIFIER_SYSTEM,
      idempotencySystem: IDEMPOTENCY_SYSTEM,
    });
    const err = await unreachable.listServices().catch((e: unknown) => e);
    expect(isAppError(err, 'EHR_UNAVAILABLE') && err.retryable).toBe(true);
    const slow: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const timedOut = await createFhirEhr({
      baseUrl: engine.baseUrl,
      timeoutMs: 50,
      identifierSystem: IDENTIFIER_SYSTEM,
      idempotencySystem: IDEMPOTENCY_SYSTEM,
      fetch: slow,
    })
      .listServices()
      .catch((e: unknown) => e);
    expect(isAppError(timedOut, 'EHR_UNAVAILABLE') && timedOut.message).toContain('timed out');
  });

  it('treats a 2xx body that is not FHIR as EHR_UNAVAILABLE', async () => {
    const stub: typeof fetch = async () => new Response('{"hello":"world"}', { status: 200 });
    await expect(adapter(engine, stub).listServices()).rejects.toSatisfy((e: unknown) =>
      isAppError(e, 'EHR_UNAVAILABLE'),
    );
  });
});
