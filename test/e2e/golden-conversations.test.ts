import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../src/i18n/catalogues.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import {
  phoneUser,
  textMessage,
  usernameUser,
  type WhatsAppUser,
} from '../../src/sandbox/graph-api/webhook-builder.ts';
import type { Language } from '../../src/shared/language.ts';
import { eventually } from '../support/eventually.ts';
import { type Harness, type Received, startHarness } from '../support/whatsapp-harness.ts';

const t = createTranslator(loadCatalogues());
const EMERGENCY = '112';
const CLINIC = 'Mji Mwema Health Centre';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

let counter = 0;
const newPhoneUser = (prefix: string) => {
  counter += 1;
  return phoneUser(`${prefix}${String(counter).padStart(6, '0')}`, 'Test Patient');
};

/** Send and wait until the bot is quiet again; return what it said. */
async function turn(user: WhatsAppUser, act: () => Promise<void>): Promise<Received[]> {
  const before = h.received(user).length;
  await act();
  return h.settle(user, before);
}
const say = (user: WhatsAppUser, text: string) => turn(user, () => h.say(user, text));
const tap = (user: WhatsAppUser, title: string | RegExp) => turn(user, () => h.tapTitle(user, title));
const label = (language: Language, key: string, params?: Record<string, string>) =>
  t.t(language, key, params);

/**
 * Answer the protocol's yes/no questions with `answer` until the slot list arrives (taking the
 * booking when the result is self-care advice with a booking offer).
 */
async function answerTriage(
  user: WhatsAppUser,
  language: Language,
  answer: 'answer.no' | 'answer.yes' = 'answer.no',
) {
  for (let i = 0; i < 8; i += 1) {
    const last = h.received(user).at(-1);
    if (last === undefined || last.kind === 'list') return;
    if (last.options.some((o) => o.id === 'selfcare.book')) {
      await tap(user, label(language, 'result.self_care_book'));
      continue;
    }
    if (last.options.every((o) => o.id !== answer)) return;
    await tap(user, label(language, answer));
  }
}

/** New patient registration: consent, name, birth date, sex, confirmation. */
async function register(user: WhatsAppUser, language: Language, name: string, dob: string, sexKey: string) {
  await tap(user, label(language, 'consent.yes'));
  await say(user, name);
  await say(user, dob);
  await tap(user, label(language, sexKey));
  return tap(user, label(language, 'identify.confirm_yes'));
}

describe('golden conversations through the webhook and the Graph API stand-in', () => {
  it('en: hello → consent → new patient → symptoms → triage → slots → booking → cancel, all in the EHR', async () => {
    const u = newPhoneUser('25471');
    const greeting = await say(u, 'Hello');
    expect(greeting[0]?.body).toBe(label('en', 'consent.ask', { clinic: CLINIC, number: EMERGENCY }));
    expect(greeting[0]?.kind).toBe('buttons');
    const afterConfirm = await register(u, 'en', 'Amina Otieno', '14/03/1985', 'sex.female');
    expect(afterConfirm.at(-1)?.body).toBe(label('en', 'symptoms.ask'));
    const firstQuestion = await say(u, 'I have had a cough and a fever for three days');
    expect(firstQuestion.at(-1)?.options.map((o) => o.title)).toEqual(['Yes', 'No', 'Not sure']);
    await answerTriage(u, 'en');
    const list = h.received(u).at(-1);
    expect(list?.kind).toBe('list');
    expect(list?.options.length).toBeGreaterThan(0);
    expect(list?.options.length).toBeLessThanOrEqual(10);
    const confirm = await turn(u, () => h.tap(u, list?.options[1]?.id ?? ''));
    expect(confirm.at(-1)?.body).toMatch(/Amina Otieno/);
    const booked = await tap(u, label('en', 'confirm.book'));
    expect(booked.map((r) => r.body).join('\n')).toMatch(/Your appointment is booked/);
    const patients = await h.ehr.findPatientsByWhatsApp({ key: u.waId ?? '', waId: u.waId ?? '' });
    expect(patients.map((p) => p.givenName)).toEqual(['Amina']);
    const upcoming = await h.ehr.listUpcomingAppointments(patients[0]?.id ?? '', new Date().toISOString());
    expect(upcoming).toHaveLength(1);
    // Cancel it again with the command.
    const ask = await say(u, 'CANCEL');
    expect(ask.at(-1)?.body).toMatch(/Cancel the appointment on/);
    const done = await tap(u, label('en', 'cancel.yes'));
    expect(done.at(-1)?.body).toBe(label('en', 'cancel.done'));
    expect(
      await h.ehr.listUpcomingAppointments(patients[0]?.id ?? '', new Date().toISOString()),
    ).toHaveLength(0);
  });

  it('fr: the whole booking typed as free text, no button pressed', async () => {
    const u = newPhoneUser('33612');
    const hello = await say(u, 'Bonjour, mon enfant a de la diarrhée depuis hier');
    expect(hello[0]?.body).toBe(label('fr', 'consent.ask', { clinic: CLINIC, number: EMERGENCY }));
    await say(u, 'oui');
    await say(u, 'Moussa Diallo');
    await say(u, '4 ans');
    await say(u, 'garçon');
    const confirmed = await say(u, "d'accord");
    // The complaint from the first message is triaged without being asked again.
    expect(confirmed.at(-1)?.options.length).toBe(3);
    for (let i = 0; i < 8 && h.received(u).at(-1)?.kind !== 'list'; i += 1) await say(u, 'non');
    expect(h.received(u).at(-1)?.kind).toBe('list');
    const confirm = await say(u, '1');
    expect(confirm.at(-1)?.body).toMatch(/Moussa Diallo/);
    const booked = await say(u, 'oui');
    expect(booked.map((r) => r.body).join('\n')).toContain('Moussa Diallo');
    expect(booked.at(-1)?.body.startsWith('✅')).toBe(true);
  });

  it('es: declining consent keeps nothing and says so', async () => {
    const u = newPhoneUser('52155');
    await say(u, 'Hola');
    const bye = await tap(u, label('es', 'consent.no'));
    expect(bye.at(-1)?.body).toBe(label('es', 'consent.declined', { number: EMERGENCY }));
    expect(await h.runtime.store.loadSession(u.waId ?? '')).toBeNull();
  });

  it('pt: help, then a language change in the middle of the flow, the question asked again', async () => {
    const u = newPhoneUser('55119');
    await say(u, 'Olá, tenho dor nas costas');
    const help = await say(u, 'ajuda');
    expect(help[0]?.body).toBe(label('pt', 'help.text', { clinic: CLINIC, number: EMERGENCY }));
    await tap(u, label('pt', 'consent.yes'));
    await say(u, 'João Silva');
    const langs = await say(u, 'idioma');
    expect(langs.at(-1)?.options.map((o) => o.title)).toEqual([
      'English',
      'Français',
      'Español',
      'Português',
      'Kiswahili',
    ]);
    const again = await tap(u, 'English');
    expect(again.at(-1)?.body).toBe(label('en', 'identify.ask_dob', { name: 'João' }));
  });

  it('sw: an emergency gets the fixed advice with the local number first, and "I am safe" closes it', async () => {
    const u = newPhoneUser('25578');
    const advice = await say(u, 'Mtoto wangu ana degedege na hapumui vizuri');
    expect(advice[0]?.body).toBe(label('sw', 'emergency.advice', { number: EMERGENCY }));
    expect(advice[0]?.options.map((o) => o.title)).toEqual([
      label('sw', 'emergency.choice_safe'),
      label('sw', 'emergency.choice_restart'),
    ]);
    const safe = await tap(u, label('sw', 'emergency.choice_safe'));
    expect(safe.at(-1)?.body).toBe(label('sw', 'emergency.safe_ack', { number: EMERGENCY }));
  });

  it('a shared family phone: linked patients offered by first name only, booking for the one picked', async () => {
    const u = newPhoneUser('25472');
    const identity = { key: u.waId ?? '', waId: u.waId ?? '' };
    await h.ehr.registerPatient(
      {
        givenName: 'Wanjiru',
        familyName: 'Kamau',
        birthDate: '1979-05-05',
        birthDateEstimated: false,
        sex: 'female',
        whatsapp: identity,
      },
      `fam-1-${u.waId}`,
    );
    await h.ehr.registerPatient(
      {
        givenName: 'Otieno',
        familyName: 'Kamau',
        birthDate: '2016-02-10',
        birthDateEstimated: false,
        sex: 'male',
        whatsapp: identity,
      },
      `fam-2-${u.waId}`,
    );
    await say(u, 'hi');
    const who = await tap(u, label('en', 'consent.yes'));
    expect(who.at(-1)?.options.map((o) => o.title)).toEqual([
      'Wanjiru',
      'Otieno',
      label('en', 'identify.someone_else'),
    ]);
    expect(
      h
        .received(u)
        .map((r) => r.body)
        .join('\n'),
    ).not.toMatch(/Kamau|1979|2016/);
    await tap(u, 'Otieno');
    await say(u, 'He has a sore throat and a mild fever');
    await answerTriage(u, 'en');
    await turn(u, () => h.tap(u, h.received(u).at(-1)?.options[0]?.id ?? ''));
    await tap(u, label('en', 'confirm.book'));
    const patients = await h.ehr.findPatientsByWhatsApp(identity);
    const child = patients.find((p) => p.givenName === 'Otieno');
    const mother = patients.find((p) => p.givenName === 'Wanjiru');
    expect(await h.ehr.listUpcomingAppointments(child?.id ?? '', new Date().toISOString())).toHaveLength(1);
    expect(await h.ehr.listUpcomingAppointments(mother?.id ?? '', new Date().toISOString())).toHaveLength(0);
  });

  it('a username user without a phone number is served through the BSUID', async () => {
    const u = usernameUser({ userId: 'KE.88121234567', username: 'wanjiku.k', name: 'Wanjiku' });
    const hello = await say(u, 'Habari');
    expect(hello[0]?.body).toBe(label('sw', 'consent.ask', { clinic: CLINIC, number: EMERGENCY }));
    const sent = h.graph.messages.filter((m) => m.recipient === 'KE.88121234567');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((m) => m.to === undefined)).toBe(true);
    await register(u, 'sw', 'Wanjiku Kariuki', '2/2/1992', 'sex.female');
    const patients = await h.ehr.findPatientsByWhatsApp({ key: 'KE.88121234567', userId: 'KE.88121234567' });
    expect(patients.map((p) => p.givenName)).toEqual(['Wanjiku']);
  });

  it('an emergency in the middle of a booking: the advice first, and no appointment is made', async () => {
    const u = newPhoneUser('25473');
    await say(u, 'Hello');
    await register(u, 'en', 'Peter Mwangi', '1970-01-01', 'sex.male');
    await say(u, 'I have back pain since last week');
    await answerTriage(u, 'en');
    await turn(u, () => h.tap(u, h.received(u).at(-1)?.options[0]?.id ?? ''));
    expect(h.received(u).at(-1)?.body).toMatch(/Book this appointment/);
    const advice = await say(u, 'Now I have crushing chest pain and I am sweating');
    expect(advice[0]?.body).toBe(label('en', 'emergency.advice', { number: EMERGENCY }));
    await say(u, 'yes');
    const patients = await h.ehr.findPatientsByWhatsApp({ key: u.waId ?? '', waId: u.waId ?? '' });
    expect(
      await h.ehr.listUpcomingAppointments(patients[0]?.id ?? '', new Date().toISOString()),
    ).toHaveLength(0);
  });

  it('agent: the bot goes silent, staff write through the same sender, and hand back', async () => {
    const u = newPhoneUser('25474');
    await say(u, 'Hello');
    await tap(u, label('en', 'consent.yes'));
    const ack = await say(u, 'agent');
    expect(ack.at(-1)?.body).toBe(label('en', 'handover.ack', { number: EMERGENCY }));
    const before = h.received(u).length;
    await h.say(u, 'hello? anyone?');
    await new Promise((r) => setTimeout(r, 800));
    expect(h.received(u).length).toBe(before);
    await h.runtime.appendInternal(u.waId ?? '', {
      type: 'staff_message',
      staffRef: 'nurse-1',
      text: 'Hello, this is Nurse Achieng.',
    });
    await h.waitFor(u, (r) => r.body === 'Hello, this is Nurse Achieng.', before);
    await h.runtime.appendInternal(u.waId ?? '', { type: 'staff_handback', staffRef: 'nurse-1' });
    await h.waitFor(u, (r) => r.body === label('en', 'handover.back'), before);
    await h.waitFor(u, (r) => r.body === label('en', 'identify.ask_name'), before);
  });

  it('stop: one confirmation, then silence until the patient writes again; restart; delete my data', async () => {
    const u = newPhoneUser('25475');
    await say(u, 'Hello');
    const stop = await say(u, 'STOP');
    expect(stop.at(-1)?.body).toBe(label('en', 'stop.ack'));
    const back = await say(u, 'hello again');
    expect(back.at(-1)?.body).toBe(label('en', 'consent.ask', { clinic: CLINIC, number: EMERGENCY }));
    await tap(u, label('en', 'consent.yes'));
    const restart = await say(u, 'restart');
    expect(restart.at(-1)?.body).toBe(label('en', 'identify.ask_name'));
    const deleted = await say(u, 'delete my data');
    expect(deleted.at(-1)?.body).toBe(label('en', 'delete.ack'));
    expect(await h.runtime.store.loadSession(u.waId ?? '')).toBeNull();
  });

  it('a message redelivered long after it was sent asks whether it is still current', async () => {
    const u = newPhoneUser('25476');
    const before = h.received(u).length;
    h.graph.recordInbound(u);
    await h.sendPayload(
      textMessage({
        user: u,
        body: 'I need to see a doctor',
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      }),
    );
    const asked = await h.settle(u, before);
    expect(asked.at(-1)?.body).toMatch(/only just reached us/);
    const still = await tap(u, label('en', 'stale.yes'));
    expect(still.at(-1)?.body).toBe(label('en', 'consent.ask', { clinic: CLINIC, number: EMERGENCY }));
  });

  it('a voice note is answered in words and the question is asked again', async () => {
    const u = newPhoneUser('25477');
    await say(u, 'Hello');
    const reply = await turn(u, () => h.voice(u));
    expect(reply.map((r) => r.body)).toEqual([
      label('en', 'media.voice'),
      label('en', 'consent.ask', { clinic: CLINIC, number: EMERGENCY }),
    ]);
  });

  it('statuses from the stand-in reach our webhook and are applied', async () => {
    const u = newPhoneUser('25478');
    await say(u, 'Hello');
    const wamid = h.received(u)[0]?.wamid ?? '';
    await eventually(
      async () => (await h.runtime.deliveries.get(wamid))?.status === 'delivered',
      10_000,
      'delivered status',
    );
    h.graph.markRead(wamid);
    await eventually(
      async () => (await h.runtime.deliveries.get(wamid))?.status === 'read',
      10_000,
      'read status',
    );
  });
});
