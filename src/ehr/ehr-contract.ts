import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import type {
  BookingRequest,
  EhrPort,
  NewPatient,
  Slot,
  TriageRecord,
  WhatsAppIdentityRef,
} from './ehr-port.ts';

/** Free slots (distinct start times) the seed's service must have in its window for the whole suite. */
export const CONTRACT_MIN_FREE_SLOTS = 24;

/**
 * What a backend provides so the contract can run against it. Nothing here assumes FHIR Slot
 * resources: a backend that computes availability (OpenMRS) only has to name a service and a window.
 */
export interface EhrContractSeed {
  /** A bookable service with at least CONTRACT_MIN_FREE_SLOTS free slots, distinct start times, in `window`. */
  readonly serviceId: string;
  /** `[from, to)`, ISO instants. Nothing else books in this window while the suite runs. */
  readonly window: { readonly from: string; readonly to: string };
  /** A patient id, in the backend's id format, that does not exist. */
  readonly unknownPatientId: string;
  /** An appointment id, in the backend's id format, that does not exist. */
  readonly unknownAppointmentId: string;
}

/**
 * Optional back-door counts, so the suite can check "exactly one record" and not only "same id
 * returned". Each counts records carrying the idempotency key.
 */
export interface EhrContractProbe {
  countPatients?(idempotencyKey: string): Promise<number>;
  countAppointments?(idempotencyKey: string): Promise<number>;
  countTriageEncounters?(idempotencyKey: string): Promise<number>;
  /** Live WhatsApp identifiers of the patient equal to `value` (to check that linking twice adds nothing). */
  countWhatsAppIdentifiers?(patientId: string, value: string): Promise<number>;
}

export interface EhrContractSubject {
  readonly ehr: EhrPort;
  readonly seed: EhrContractSeed;
  readonly probe?: EhrContractProbe;
  teardown(): Promise<void>;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The behaviour every EhrPort implementation shares, as one vitest `describe` block. `setup` runs once
 * (beforeAll); tests use fresh identities and keys, and each books its own slots, so they do not
 * depend on each other's order.
 *
 * Unknown patient: `book` and `recordTriage` must fail with `EHR_NOT_FOUND` or `EHR_REJECTED`
 * (a backend that cannot tell "no such patient" from "invalid request" — OpenMRS appointments answer
 * 400 — may use `EHR_REJECTED`; the memory and FHIR adapters give `EHR_NOT_FOUND`), and must not
 * consume the slot. Cancelling an unknown appointment is `EHR_NOT_FOUND`.
 */
export function describeEhrContract(name: string, setup: () => Promise<EhrContractSubject>): void {
  describe(`EhrPort contract: ${name}`, () => {
    let subject: EhrContractSubject;
    let ehr: EhrPort;

    beforeAll(async () => {
      subject = await setup();
      ehr = subject.ehr;
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    const uid = () => randomUUID().slice(0, 12);
    const identity = (): WhatsAppIdentityRef => {
      const id = uid();
      return {
        key: `bsuid.${id}`,
        userId: `bsuid.${id}`,
        waId: `2547${String(randomInt(1e8)).padStart(8, '0')}`,
      };
    };
    const newPatient = (whatsapp: WhatsAppIdentityRef, givenName = 'Amina'): NewPatient => ({
      givenName,
      familyName: 'Otieno',
      birthDate: '1990-04-02',
      birthDateEstimated: false,
      sex: 'female',
      phone: '+254712345678',
      whatsapp,
    });
    const register = async (givenName = 'Amina', whatsapp = identity()) =>
      ehr.registerPatient(newPatient(whatsapp, givenName), `reg-${uid()}`);
    const freeSlots = (limit = 50, from = subject.seed.window.from, to = subject.seed.window.to) =>
      ehr.findFreeSlots({ serviceId: subject.seed.serviceId, from, to, limit });
    const sameSlot = (a: Slot, b: Slot) => (a.ref && b.ref ? a.ref === b.ref : a.start === b.start);
    /** A free slot no other test is using: tests pick from different ends and positions. */
    const takeFree = async (index: number): Promise<Slot> => {
      const slots = await freeSlots(CONTRACT_MIN_FREE_SLOTS);
      const slot = slots[index % slots.length];
      if (!slot) throw new Error('contract seed has no free slots left');
      return slot;
    };
    const booking = (patientId: string, slot: Slot, key = `book-${uid()}`): BookingRequest => ({
      idempotencyKey: key,
      patientId,
      slot,
      comments: 'Fever for 3 days; urgency 3 (contract test)',
      urgency: 3,
    });
    const triage = (patientId: string, key = `triage-${uid()}`): TriageRecord => ({
      idempotencyKey: key,
      patientId,
      chiefComplaint: 'Homa na kikohozi kwa siku tatu',
      temperatureC: 38.6,
      urgency: 3,
      disposition: 'routine',
      redFlags: [],
      reasons: ['fever > 38 °C', 'cough'],
      summary: 'Adult, fever 3 days, cough, no danger signs.',
      // A minute ago: OpenMRS refuses encounters dated in the future.
      recordedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const expectCode = async (promise: Promise<unknown>, codes: readonly string[]) => {
      const err = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, 'expected the call to fail').toBeDefined();
      expect(isAppError(err) ? err.code : err).toSatisfy((code: unknown) => codes.includes(String(code)));
    };

    describe('patients', () => {
      it('finds every patient sharing one WhatsApp identity', async () => {
        const shared = identity();
        const mother = await register('Amina', shared);
        const child = await register('Baraka', shared);
        expect(mother.id).not.toBe(child.id);
        const found = await ehr.findPatientsByWhatsApp(shared);
        expect(found.map((p) => p.id).sort()).toEqual([mother.id, child.id].sort());
        expect(found.map((p) => p.givenName).sort()).toEqual(['Amina', 'Baraka']);
      });

      it('finds a patient by wa_id alone and by user id alone', async () => {
        const who = identity();
        const patient = await register('Zawadi', who);
        const waId = who.waId ?? '';
        const userId = who.userId ?? '';
        expect((await ehr.findPatientsByWhatsApp({ key: waId, waId })).map((p) => p.id)).toContain(
          patient.id,
        );
        expect((await ehr.findPatientsByWhatsApp({ key: userId, userId })).map((p) => p.id)).toContain(
          patient.id,
        );
      });

      it('finds nobody for an unknown identity', async () => {
        const id = `bsuid.unknown-${uid()}`;
        expect(await ehr.findPatientsByWhatsApp({ key: id, userId: id })).toEqual([]);
      });

      it('registers once per idempotency key and returns what it stored', async () => {
        const who = identity();
        const key = `reg-${uid()}`;
        const first = await ehr.registerPatient(newPatient(who, 'Neema'), key);
        const again = await ehr.registerPatient(newPatient(who, 'Neema'), key);
        expect(again.id).toBe(first.id);
        expect(first).toMatchObject({
          givenName: 'Neema',
          familyName: 'Otieno',
          birthDate: '1990-04-02',
          sex: 'female',
        });
        expect(await ehr.findPatientsByWhatsApp(who)).toHaveLength(1);
        if (subject.probe?.countPatients) expect(await subject.probe.countPatients(key)).toBe(1);
      });
    });

    describe('linking a new WhatsApp identity (the user changed number)', () => {
      /** What a `user_changed_number` system message gives us: the new wa_id only (whatsapp.md §2.9). */
      const newNumber = (): WhatsAppIdentityRef => {
        const waId = `2557${String(randomInt(1e8)).padStart(8, '0')}`;
        return { key: waId, waId };
      };
      const ids = (found: readonly { id: string }[]) => found.map((p) => p.id);

      it('finds the patient under the new identity, and still under the old one', async () => {
        const old = identity();
        const patient = await register('Imani', old);
        const next = newNumber();
        expect(await ehr.findPatientsByWhatsApp(next)).toEqual([]);
        await ehr.linkWhatsApp(patient.id, next);
        const found = await ehr.findPatientsByWhatsApp(next);
        expect(ids(found)).toEqual([patient.id]);
        expect(found[0]).toMatchObject({ givenName: 'Imani', familyName: 'Otieno', birthDate: '1990-04-02' });
        expect(ids(await ehr.findPatientsByWhatsApp(old))).toEqual([patient.id]);
        // The 2026 BSUID is regenerated with the number (whatsapp.md §2.10): a full identity links too.
        const bsuid = identity();
        await ehr.linkWhatsApp(patient.id, bsuid);
        const userId = bsuid.userId ?? '';
        expect(ids(await ehr.findPatientsByWhatsApp({ key: userId, userId }))).toEqual([patient.id]);
      });

      it('links idempotently: linking twice adds nothing', async () => {
        const patient = await register('Pendo');
        const next = newNumber();
        await ehr.linkWhatsApp(patient.id, next);
        await ehr.linkWhatsApp(patient.id, next);
        expect(ids(await ehr.findPatientsByWhatsApp(next))).toEqual([patient.id]);
        if (subject.probe?.countWhatsAppIdentifiers) {
          expect(await subject.probe.countWhatsAppIdentifiers(patient.id, next.waId ?? '')).toBe(1);
        }
        // Re-linking an identity the patient was registered with adds nothing either.
        const own = identity();
        const other = await register('Tumaini', own);
        await ehr.linkWhatsApp(other.id, own);
        expect(ids(await ehr.findPatientsByWhatsApp(own))).toEqual([other.id]);
        if (subject.probe?.countWhatsAppIdentifiers) {
          expect(await subject.probe.countWhatsAppIdentifiers(other.id, own.waId ?? '')).toBe(1);
        }
      });

      it('keeps family phones non-unique: the new number links to every patient of the old one', async () => {
        const shared = identity();
        const mother = await register('Amina', shared);
        const child = await register('Baraka', shared);
        const next = newNumber();
        for (const p of await ehr.findPatientsByWhatsApp(shared)) await ehr.linkWhatsApp(p.id, next);
        expect(ids(await ehr.findPatientsByWhatsApp(next)).sort()).toEqual([mother.id, child.id].sort());
        // A value another patient already carries may be linked to one more.
        const aunt = await register('Zuhura');
        await ehr.linkWhatsApp(aunt.id, next);
        expect(ids(await ehr.findPatientsByWhatsApp(next)).sort()).toEqual(
          [mother.id, child.id, aunt.id].sort(),
        );
      });

      it('gives EHR_NOT_FOUND for an unknown patient', async () => {
        await expectCode(ehr.linkWhatsApp(subject.seed.unknownPatientId, newNumber()), ['EHR_NOT_FOUND']);
      });
    });

    describe('services and slots', () => {
      it('lists the seeded service with a name', async () => {
        const services = await ehr.listServices();
        const service = services.find((s) => s.id === subject.seed.serviceId);
        expect(service?.name).toBeTruthy();
      });

      it('returns free slots of the service, soonest first, inside [from, to), at most limit', async () => {
        const slots = await freeSlots(10);
        expect(slots.length).toBe(10);
        const { from, to } = subject.seed.window;
        for (const slot of slots) {
          expect(slot.serviceId).toBe(subject.seed.serviceId);
          expect(slot.start).toMatch(ISO_INSTANT);
          expect(slot.end).toMatch(ISO_INSTANT);
          expect(Date.parse(slot.end)).toBeGreaterThan(Date.parse(slot.start));
          expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(Date.parse(from));
          expect(Date.parse(slot.start)).toBeLessThan(Date.parse(to));
        }
        const starts = slots.map((s) => Date.parse(s.start));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        expect(new Set(starts).size).toBe(starts.length);
      });

      it('includes a slot starting at `from` and excludes one starting at `to`', async () => {
        const slots = await freeSlots(6);
        const [, s1, s2, s3] = slots;
        if (!s1 || !s2 || !s3) throw new Error('contract seed needs more free slots');
        const inner = await freeSlots(10, s1.start, s3.start);
        expect(inner.map((s) => s.start)).toEqual([s1.start, s2.start]);
      });

      it('returns no slots for an empty window', async () => {
        const { from } = subject.seed.window;
        expect(await freeSlots(10, from, from)).toEqual([]);
      });
    });

    describe('booking', () => {
      it('books a slot, which is then no longer free', async () => {
        const patient = await register();
        const slot = await takeFree(0);
        const appointment = await ehr.book(booking(patient.id, slot));
        expect(appointment).toMatchObject({
          patientId: patient.id,
          serviceId: subject.seed.serviceId,
          start: slot.start,
          end: slot.end,
          status: 'booked',
        });
        expect(appointment.id).toBeTruthy();
        const after = await freeSlots(200);
        expect(after.some((s) => sameSlot(s, slot))).toBe(false);
      });

      it('books once per idempotency key', async () => {
        const patient = await register();
        const slot = await takeFree(1);
        const request = booking(patient.id, slot);
        const first = await ehr.book(request);
        const again = await ehr.book(request);
        expect(again.id).toBe(first.id);
        expect(await ehr.listUpcomingAppointments(patient.id, subject.seed.window.from)).toHaveLength(1);
        if (subject.probe?.countAppointments) {
          expect(await subject.probe.countAppointments(request.idempotencyKey)).toBe(1);
        }
      });

      it('lets exactly one of two concurrent bookers have a slot; the other gets EHR_SLOT_TAKEN', async () => {
        const [a, b] = await Promise.all([register('Juma'), register('Halima')]);
        const slot = await takeFree(2);
        const results = await Promise.allSettled([
          ehr.book(booking(a.id, slot)),
          ehr.book(booking(b.id, slot)),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(isAppError(lost[0]?.reason, 'EHR_SLOT_TAKEN')).toBe(true);
        // And a late third booker is refused too.
        const c = await register('Khamis');
        await expectCode(ehr.book(booking(c.id, slot)), ['EHR_SLOT_TAKEN']);
      });

      it('refuses an unknown patient without consuming the slot', async () => {
        const slot = await takeFree(3);
        await expectCode(ehr.book(booking(subject.seed.unknownPatientId, slot)), [
          'EHR_NOT_FOUND',
          'EHR_REJECTED',
        ]);
        expect((await freeSlots(200)).some((s) => sameSlot(s, slot))).toBe(true);
      });
    });

    describe('upcoming appointments and cancelling', () => {
      it('lists upcoming appointments soonest first, from `from` on, without cancelled ones', async () => {
        const patient = await register();
        const slots = await freeSlots(CONTRACT_MIN_FREE_SLOTS);
        const [early, middle, late] = [slots[5], slots[7], slots[9]];
        if (!early || !middle || !late) throw new Error('contract seed needs more free slots');
        const bookedLate = await ehr.book(booking(patient.id, late));
        const bookedEarly = await ehr.book(booking(patient.id, early));
        const bookedMiddle = await ehr.book(booking(patient.id, middle));
        const { from } = subject.seed.window;
        expect((await ehr.listUpcomingAppointments(patient.id, from)).map((a) => a.id)).toEqual([
          bookedEarly.id,
          bookedMiddle.id,
          bookedLate.id,
        ]);
        expect((await ehr.listUpcomingAppointments(patient.id, middle.start)).map((a) => a.id)).toEqual([
          bookedMiddle.id,
          bookedLate.id,
        ]);
        await ehr.cancelAppointment(bookedMiddle.id);
        const after = await ehr.listUpcomingAppointments(patient.id, from);
        expect(after.map((a) => a.id)).toEqual([bookedEarly.id, bookedLate.id]);
        expect(after.every((a) => a.status === 'booked' && a.patientId === patient.id)).toBe(true);
      });

      it('does not list other patients’ appointments', async () => {
        const [a, b] = await Promise.all([register('Rehema'), register('Said')]);
        await ehr.book(booking(a.id, await takeFree(11)));
        expect(await ehr.listUpcomingAppointments(b.id, subject.seed.window.from)).toEqual([]);
      });

      it('cancels idempotently and frees the slot for someone else', async () => {
        const patient = await register();
        const slot = await takeFree(13);
        const appointment = await ehr.book(booking(patient.id, slot));
        await ehr.cancelAppointment(appointment.id);
        await ehr.cancelAppointment(appointment.id);
        expect(await ehr.listUpcomingAppointments(patient.id, subject.seed.window.from)).toEqual([]);
        const freed = (await freeSlots(200)).find((s) => s.start === slot.start);
        expect(freed).toBeDefined();
        const other = await register('Wanjiku');
        const rebooked = await ehr.book(booking(other.id, freed ?? slot));
        expect(rebooked.start).toBe(slot.start);
        // Cancelling the old appointment again must not free the new booking's slot.
        await ehr.cancelAppointment(appointment.id);
        expect((await freeSlots(200)).some((s) => s.start === slot.start)).toBe(false);
      });

      it('gives EHR_NOT_FOUND for an unknown appointment', async () => {
        await expectCode(ehr.cancelAppointment(subject.seed.unknownAppointmentId), ['EHR_NOT_FOUND']);
      });
    });

    describe('triage', () => {
      it('records triage once per idempotency key', async () => {
        const patient = await register();
        const record = triage(patient.id);
        const first = await ehr.recordTriage(record);
        const again = await ehr.recordTriage(record);
        expect(first.encounterId).toBeTruthy();
        expect(again.encounterId).toBe(first.encounterId);
        const other = await ehr.recordTriage(triage(patient.id));
        expect(other.encounterId).not.toBe(first.encounterId);
        if (subject.probe?.countTriageEncounters) {
          expect(await subject.probe.countTriageEncounters(record.idempotencyKey)).toBe(1);
        }
      });

      it('records triage linked to an appointment', async () => {
        const patient = await register();
        const appointment = await ehr.book(booking(patient.id, await takeFree(15)));
        const { encounterId } = await ehr.recordTriage({
          ...triage(patient.id),
          appointmentId: appointment.id,
        });
        expect(encounterId).toBeTruthy();
      });

      it('refuses triage for an unknown patient', async () => {
        await expectCode(ehr.recordTriage(triage(subject.seed.unknownPatientId)), [
          'EHR_NOT_FOUND',
          'EHR_REJECTED',
        ]);
      });
    });
  });
}
