import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../src/i18n/catalogues.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import {
  bsuidUser,
  phoneUser,
  userChangedNumber,
  type WhatsAppUser,
} from '../../src/sandbox/graph-api/webhook-builder.ts';
import { eventually } from '../support/eventually.ts';
import { type Harness, type Received, startHarness } from '../support/whatsapp-harness.ts';

/*
 * A patient changes phone number (whatsapp.md §2.9–§2.10): Meta sends a `user_changed_number` system
 * message from the OLD number (no contacts) with the new wa_id, and the patient's next messages come
 * from the new wa_id with a regenerated BSUID. The EHR is the system of record, so the new number is
 * linked there to the patients of the old one, and the returning patient is recognised, not registered
 * twice. Runs without Redis (in-memory sessions and queues) against the sandbox FHIR EHR.
 */

const t = createTranslator(loadCatalogues());
const label = (key: string, params?: Record<string, string>) => t.t('en', key, params);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

let counter = 0;
const number = (prefix: string) => {
  counter += 1;
  return `${prefix}${String(counter).padStart(6, '0')}${String(Date.now() % 1000).padStart(3, '0')}`;
};

async function turn(user: WhatsAppUser, act: () => Promise<void>): Promise<Received[]> {
  const before = h.received(user).length;
  await act();
  return h.settle(user, before);
}
const say = (user: WhatsAppUser, text: string) => turn(user, () => h.say(user, text));
const tap = (user: WhatsAppUser, title: string) => turn(user, () => h.tapTitle(user, title));

async function registerAmina(user: WhatsAppUser): Promise<void> {
  await say(user, 'Hello');
  await tap(user, label('consent.yes'));
  await say(user, 'Amina Otieno');
  await say(user, '14/03/1985');
  await tap(user, label('sex.female'));
  const confirmed = await tap(user, label('identify.confirm_yes'));
  expect(confirmed.at(-1)?.body).toBe(label('symptoms.ask'));
}

/** Meta's system message, signed like every webhook, from the old number. */
async function changeNumber(oldWaId: string, newWaId: string): Promise<void> {
  const status = await h.sendPayload(userChangedNumber({ oldWaId, newWaId, name: 'Amina' }));
  expect(status).toBe(200);
}

describe('a patient who changed WhatsApp number', () => {
  it('is found by the new number and new BSUID after booking from the old one, not asked their name', async () => {
    const a = number('25471');
    const b = number('25575');
    const before = bsuidUser({ userId: `KE.${a}`, waId: a, name: 'Amina' });
    await registerAmina(before);
    await say(before, 'I have had a cough and a fever for three days');
    for (let i = 0; i < 8 && h.received(before).at(-1)?.kind !== 'list'; i += 1) {
      const last = h.received(before).at(-1);
      if (last?.options.some((o) => o.id === 'selfcare.book'))
        await tap(before, label('result.self_care_book'));
      else await tap(before, label('answer.no'));
    }
    const list = h.received(before).at(-1);
    expect(list?.kind).toBe('list');
    await turn(before, () => h.tap(before, list?.options[0]?.id ?? ''));
    const booked = await tap(before, label('confirm.book'));
    expect(booked.map((r) => r.body).join('\n')).toMatch(/Your appointment is booked/);
    const [patient] = await h.ehr.findPatientsByWhatsApp({ key: a, waId: a });
    expect(patient?.givenName).toBe('Amina');

    const sentBefore = h.graph.messages.length;
    await changeNumber(a, b);
    // The durable relink runs in the EHR write queue; nothing is said to anyone.
    await eventually(
      async () => (await h.ehr.findPatientsByWhatsApp({ key: b, waId: b })).length === 1,
      15_000,
      'new number linked in the EHR',
    );
    expect(h.graph.messages.length).toBe(sentBefore);
    expect(await h.runtime.store.loadSession(a)).toBeNull();

    // The first message from the new number: a regenerated BSUID and the new wa_id (§2.10).
    const after = bsuidUser({ userId: `KE.${b}`, waId: b, name: 'Amina' });
    const hello = await say(after, 'hello');
    expect(hello[0]?.body).toBe(label('consent.ask', { clinic: 'Mji Mwema Health Centre', number: '112' }));
    const who = await tap(after, label('consent.yes'));
    const offer = who.at(-1);
    expect(offer?.body).toBe(label('identify.who'));
    expect(offer?.options.map((o) => o.title)).toEqual(['Amina', label('identify.someone_else')]);
    expect(who.map((r) => r.body)).not.toContain(label('identify.ask_name'));
    // The same patient, with her appointment: no second registration.
    const found = await h.ehr.findPatientsByWhatsApp({ key: `KE.${b}`, userId: `KE.${b}`, waId: b });
    expect(found.map((p) => p.id)).toEqual([patient?.id]);
    const upcoming = await h.ehr.listUpcomingAppointments(patient?.id ?? '', new Date().toISOString());
    expect(upcoming).toHaveLength(1);
  });

  it('without a BSUID, the live chat follows the new number and goes on where it was', async () => {
    const a = number('25472');
    const b = number('25576');
    const before = phoneUser(a, 'Amina');
    await registerAmina(before);
    expect(await h.runtime.store.loadSession(a)).not.toBeNull();

    await changeNumber(a, b);
    await eventually(
      async () => (await h.runtime.store.loadSession(b)) !== null,
      15_000,
      'session moved to the new number',
    );
    expect(await h.runtime.store.loadSession(a)).toBeNull();
    await eventually(
      async () => (await h.ehr.findPatientsByWhatsApp({ key: b, waId: b })).length === 1,
      15_000,
      'new number linked in the EHR',
    );

    // The symptoms question was pending: the answer from the new number is triaged, no new greeting.
    const after = phoneUser(b, 'Amina');
    const next = await say(after, 'I have had a cough and a fever for three days');
    expect(next.at(-1)?.options.map((o) => o.title)).toEqual(['Yes', 'No', 'Not sure']);
    expect(next.map((r) => r.body)).not.toContain(
      label('consent.ask', { clinic: 'Mji Mwema Health Centre', number: '112' }),
    );
    // The move was logged with pseudonyms: neither number appears in the logs.
    const logs = h.logLines().join('\n');
    expect(logs).toContain('session follows the new number');
    expect(logs).not.toContain(a);
    expect(logs).not.toContain(b);
  });
});
