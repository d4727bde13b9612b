import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../src/i18n/catalogues.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { phoneUser, type WhatsAppUser } from '../../src/sandbox/graph-api/webhook-builder.ts';
import { type OpenmrsStandin, startOpenmrsStandin } from '../standins/openmrs/openmrs-standin.ts';
import { eventually } from '../support/eventually.ts';
import { type Harness, startHarness } from '../support/whatsapp-harness.ts';

const t = createTranslator(loadCatalogues());
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

let openmrs: OpenmrsStandin;
let h: Harness;
let n = 0;

beforeAll(async () => {
  openmrs = await startOpenmrsStandin({
    timeZone: 'Africa/Nairobi',
    services: [
      {
        uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
        name: 'General Medicine',
        durationMins: 20,
        weeklyAvailability: DAYS.map((dayOfWeek) => ({
          dayOfWeek,
          startTime: '08:00:00',
          endTime: '17:00:00',
        })),
      },
    ],
  });
  const whatsappType = openmrs.seedIdentifierType({ name: 'WhatsApp ID', uniquenessBehavior: 'NON_UNIQUE' });
  h = await startHarness({
    EHR_BACKEND: 'openmrs',
    OPENMRS_BASE_URL: openmrs.baseUrl,
    OPENMRS_USERNAME: 'admin',
    OPENMRS_PASSWORD: 'Admin123',
    OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID: whatsappType.uuid,
    OPENMRS_SERVICE_UUIDS: 'a1b2c3d4-0000-4000-8000-000000000001',
    EHR_TIMEOUT_MS: '1500',
    CLINIC_HOURS: 'mon-sat 08:00-17:00',
  });
});
afterAll(async () => {
  await h?.close();
  await openmrs?.close();
});

async function turn(user: WhatsAppUser, act: () => Promise<void>) {
  const before = h.received(user).length;
  await act();
  return h.settle(user, before);
}

/** From hello to the confirmation question, as a new patient with a cough. */
async function toConfirmation(user: WhatsAppUser, name: string): Promise<void> {
  await turn(user, () => h.say(user, 'Hello'));
  await turn(user, () => h.tapTitle(user, t.t('en', 'consent.yes')));
  await turn(user, () => h.say(user, name));
  await turn(user, () => h.say(user, '12/12/1988'));
  await turn(user, () => h.tapTitle(user, t.t('en', 'sex.male')));
  await turn(user, () => h.tapTitle(user, t.t('en', 'identify.confirm_yes')));
  await turn(user, () => h.say(user, 'I have had a dry cough for two weeks'));
  for (let i = 0; i < 8 && h.received(user).at(-1)?.kind !== 'list'; i += 1) {
    const last = h.received(user).at(-1);
    if (last?.options.some((o) => o.id === 'selfcare.book'))
      await turn(user, () => h.tapTitle(user, t.t('en', 'result.self_care_book')));
    else await turn(user, () => h.tapTitle(user, /^No$/));
  }
  const list = h.received(user).at(-1);
  expect(list?.kind).toBe('list');
  await turn(user, () => h.tap(user, list?.options[0]?.id ?? ''));
  expect(h.received(user).at(-1)?.body).toMatch(/Book this appointment/);
}

const bookedMessages = (user: WhatsAppUser) => h.received(user).filter((r) => r.body.startsWith('✅'));

describe('WhatsApp to OpenMRS (REST appointments module), through the real adapter', () => {
  it('books a real appointment with a triage encounter and observations', async () => {
    n += 1;
    const u = phoneUser(`2547990000${n}`, 'Kamau');
    await toConfirmation(u, 'Daniel Kamau');
    await turn(u, () => h.tapTitle(u, t.t('en', 'confirm.book')));
    expect(bookedMessages(u)).toHaveLength(1);
    const patient = openmrs.patients().find((p) => p.names[0]?.givenName === 'Daniel');
    expect(patient).toBeDefined();
    const appointments = openmrs.appointments().filter((a) => a.patientUuid === patient?.uuid);
    expect(appointments).toHaveLength(1);
    expect(appointments[0]?.appointmentKind).toBe('Scheduled');
    expect(appointments[0]?.comments).toMatch(/WhatsApp triage/);
    await eventually(
      () => openmrs.encounters().some((e) => e.patientUuid === patient?.uuid),
      10_000,
      'triage encounter',
    );
    const encounter = openmrs.encounters().find((e) => e.patientUuid === patient?.uuid);
    const concepts = (encounter?.obs ?? []).map((o) => o.conceptUuid);
    expect(concepts).toContain('160531AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(JSON.stringify(encounter?.obs)).toMatch(/cough/);
  });

  it('OpenMRS down during the booking, then back: the patient is told, then gets one confirmation; one appointment', async () => {
    n += 1;
    const u = phoneUser(`2547990000${n}`, 'Njeri');
    await toConfirmation(u, 'Njeri Mwangi');
    await openmrs.stop();
    await turn(u, () => h.tapTitle(u, t.t('en', 'confirm.book')));
    await h.waitFor(u, (r) => r.body === t.t('en', 'booking.delayed'));
    expect(bookedMessages(u)).toHaveLength(0);
    await openmrs.restart();
    await h.waitFor(u, (r) => r.body.startsWith('✅'), 0, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(bookedMessages(u)).toHaveLength(1);
    const patient = openmrs.patients().find((p) => p.names[0]?.givenName === 'Njeri');
    expect(openmrs.appointments().filter((a) => a.patientUuid === patient?.uuid)).toHaveLength(1);
  }, 90_000);

  it('a timeout after OpenMRS stored the appointment: the retry finds it, so one appointment and one confirmation', async () => {
    n += 1;
    const u = phoneUser(`2547990000${n}`, 'Otieno');
    await toConfirmation(u, 'Brian Otieno');
    openmrs.hangNext({ route: 'POST /ws/rest/v1/appointment', ms: 4000, commitFirst: true });
    await turn(u, () => h.tapTitle(u, t.t('en', 'confirm.book')));
    await h.waitFor(u, (r) => r.body.startsWith('✅'), 0, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(bookedMessages(u)).toHaveLength(1);
    const patient = openmrs.patients().find((p) => p.names[0]?.givenName === 'Brian');
    expect(openmrs.appointments().filter((a) => a.patientUuid === patient?.uuid)).toHaveLength(1);
  }, 90_000);
});
