import { describe, expect, it } from 'vitest';
import { demoEhr } from '../../test/support/demo-ehr.ts';
import { EngineDriver } from '../../test/support/engine-driver.ts';
import { fakeProtocol } from '../../test/support/fake-protocol.ts';
import { AppError } from '../shared/app-error.ts';
import { CHOICE } from './prompts.ts';
import { readSession } from './session.ts';

const newDriver = (
  identity?: ConstructorParameters<typeof EngineDriver>[2],
  clinic?: ConstructorParameters<typeof EngineDriver>[3],
) => new EngineDriver(demoEhr(), { triage: fakeProtocol }, identity, clinic);

/** Consent, register Amina, describe a problem: up to the triage question. */
async function toTriageQuestion(d: EngineDriver, complaint = 'I have a cough and fever'): Promise<void> {
  await d.patient('Hello');
  await d.patient({ choice: CHOICE.consentYes });
  await d.patient('Amina Otieno');
  await d.patient('14/03/1985');
  await d.patient({ choice: CHOICE.sexFemale });
  await d.patient({ choice: CHOICE.confirmYes });
  await d.patient(complaint);
  expect(d.state()).toEqual({ state: 'TRIAGE_ASSESSMENT', step: 'question' });
}

describe('conversation engine', () => {
  it('walks a new patient from hello to a confirmed booking, with a triage record', async () => {
    const d = newDriver();
    expect(d.keys(await d.patient('Hello'))).toEqual(['consent.ask']);
    expect(d.state().state).toBe('AWAITING_CONSENT');
    expect(d.keys(await d.patient({ choice: CHOICE.consentYes }))).toEqual(['identify.ask_name']);
    expect(d.keys(await d.patient('amina otieno'))).toEqual(['identify.ask_dob']);
    expect(d.keys(await d.patient('14/03/1985'))).toEqual(['identify.ask_sex']);
    expect(d.keys(await d.patient('F'))).toEqual(['identify.confirm']);
    const confirm = d.sent.at(-1)?.text;
    expect(confirm?.kind === 'choices' && confirm.params).toMatchObject({
      name: 'Amina Otieno',
      sex: '@t:sex.female',
    });
    expect(d.keys(await d.patient('yes'))).toEqual(['symptoms.ask']);
    expect(d.ehr.patients()).toHaveLength(1);
    expect(d.keys(await d.patient('I have had a cough for a week'))).toEqual(['triage:q.fake.one']);
    expect(d.keys(await d.patient({ choice: CHOICE.answerNo }))).toEqual(['result.routine', 'slots.choose']);
    const slots = d.lastChoices();
    expect(slots.length).toBeGreaterThan(3);
    expect(slots.length).toBeLessThanOrEqual(10);
    expect(slots.every((s) => (s.label ?? '').length <= 24)).toBe(true);
    expect(d.keys(await d.patient('2'))).toEqual(['confirm.ask']);
    expect(d.keys(await d.patient({ choice: CHOICE.book }))).toEqual([
      'booking.in_progress',
      'booking.confirmed',
    ]);
    expect(d.state()).toEqual({ state: 'COMPLETED', step: 'booked' });
    const [appointment] = d.ehr.appointments();
    expect(appointment?.appointment.status).toBe('booked');
    expect(appointment?.request.comments).toMatch(/WhatsApp triage: routine/);
    expect(d.ehr.triageRecords()).toHaveLength(1);
    expect(d.ehr.triageRecords()[0]?.record.appointmentId).toBe(appointment?.appointment.id);
  });

  it('on a shared phone offers linked patients by first name only, then books for the one picked', async () => {
    const d = newDriver();
    const identity = { key: '254712345678', waId: '254712345678' };
    await d.ehr.registerPatient(
      {
        givenName: 'Grace Wanjiku',
        familyName: 'Kamau',
        birthDate: '1980-01-01',
        birthDateEstimated: false,
        sex: 'female',
        whatsapp: identity,
      },
      'k1',
    );
    await d.ehr.registerPatient(
      {
        givenName: 'Brian',
        familyName: 'Kamau',
        birthDate: '2015-06-01',
        birthDateEstimated: false,
        sex: 'male',
        whatsapp: identity,
      },
      'k2',
    );
    await d.patient('hi');
    await d.patient({ choice: CHOICE.consentYes });
    const who = d.sent.at(-1)?.text;
    expect(who?.kind === 'choices' && who.key).toBe('identify.who');
    const labels = d.lastChoices().map((c) => c.label ?? c.key);
    expect(labels).toEqual(['Grace', 'Brian', 'identify.someone_else']);
    // Nothing else about the patients (family name, birth date) has been shown.
    expect(JSON.stringify(d.sent)).not.toMatch(/Kamau|1980|2015|Wanjiku/);
    await d.patient('the second one');
    expect(d.state().state).toBe('COLLECTING_SYMPTOMS');
    await d.patient('tummy ache and diarrhoea');
    await d.patient('no');
    await d.patient('1');
    await d.patient('yes');
    const booked = d.ehr.appointments()[0];
    const brian = d.ehr.patients().find((p) => p.summary.givenName === 'Brian');
    expect(booked?.appointment.patientId).toBe(brian?.summary.id);
  });

  it('forgets everything when consent is declined, with one polite message', async () => {
    const d = newDriver();
    await d.patient('Hello');
    expect(d.keys(await d.patient({ choice: CHOICE.consentNo }))).toEqual(['consent.declined']);
    expect(d.session).toBeNull();
    expect(d.ehr.patients()).toHaveLength(0);
  });

  it('sends the emergency advice first, with the local number, and never books', async () => {
    const d = newDriver();
    const sent = await d.patient('my father has chest pain and is sweating');
    expect(d.keys(sent)[0]).toBe('emergency.advice');
    const advice = sent[0]?.text;
    expect(advice?.kind === 'choices' && advice.params).toEqual({ number: '999' });
    expect(d.alerts).toContain('EMERGENCY_ADVISED');
    expect(d.state().state).toBe('EMERGENCY');
    await d.patient('yes');
    expect(d.ehr.appointments()).toHaveLength(0);
    expect(d.keys(await d.patient({ choice: CHOICE.emergencySafe }))).toEqual(['emergency.safe_ack']);
    expect(d.ehr.appointments()).toHaveLength(0);
  });

  it('handles an emergency in the middle of a booking: advice first, the booking abandoned', async () => {
    const d = newDriver();
    await toTriageQuestion(d);
    await d.patient('no');
    await d.patient('1');
    expect(d.state().state).toBe('CONFIRMING_DETAILS');
    const sent = await d.patient('wait, my son is having a seizure');
    expect(d.keys(sent)[0]).toBe('emergency.advice');
    await d.patient({ choice: CHOICE.book });
    await d.patient('yes');
    expect(d.ehr.appointments()).toHaveLength(0);
    // The emergency is recorded for the clinician (the patient is known).
    expect(d.ehr.triageRecords().at(-1)?.record.disposition).toBe('emergency');
  });

  it('understands free text where a choice is offered: numbers, ordinals, typos, yes/no words', async () => {
    const d = newDriver();
    await d.patient('hola');
    expect(d.session && readSession(d.session)?.language).toBe('es');
    await d.patient('sí');
    expect(d.state()).toEqual({ state: 'IDENTIFYING', step: 'name' });
    await d.patient('Lucía Fernández');
    await d.patient('35');
    await d.patient('mujer');
    await d.patient('correcto');
    expect(d.state().state).toBe('COLLECTING_SYMPTOMS');
    await d.patient('tengo dolor de cabeza');
    await d.patient('no sé');
    const choices = d.lastChoices();
    const label = choices[0]?.label ?? '';
    // A typo'd copy of the first time's label picks it.
    await d.patient(label.replace(/(\d\d):/, '$1 :').slice(0, -1));
    expect(d.state().state).toBe('CONFIRMING_DETAILS');
  });

  it('offers the slots again, keeping the answers, when the chosen slot is taken meanwhile', async () => {
    const d = newDriver();
    await toTriageQuestion(d);
    await d.patient('no');
    await d.patient('1');
    const chosen = (readSession(d.session)?.chosen ?? null) as {
      serviceId: string;
      start: string;
      end: string;
    } | null;
    expect(chosen).not.toBeNull();
    if (chosen) d.ehr.takeSlot(chosen);
    const sent = await d.patient({ choice: CHOICE.book });
    expect(d.keys(sent)).toEqual(['booking.in_progress', 'booking.slot_taken', 'slots.taken_choose']);
    expect(d.lastChoices().some((c) => c.id.includes(chosen?.start ?? '@'))).toBe(false);
    expect(readSession(d.session)?.triage?.disposition).toBe('routine');
    await d.patient('1');
    await d.patient('yes');
    const ours = d.ehr.appointments().filter((a) => a.appointment.status === 'booked');
    expect(ours).toHaveLength(1);
    expect(ours[0]?.appointment.start).not.toBe(chosen?.start);
    expect(d.state()).toEqual({ state: 'COMPLETED', step: 'booked' });
  });

  it('tells the patient once when the booking is slow, then confirms when it lands', async () => {
    const d = newDriver();
    await toTriageQuestion(d);
    await d.patient('yes');
    await d.patient('1');
    d.holdWrites = true;
    await d.patient('yes');
    const booking = readSession(d.session)?.booking;
    expect(booking?.status).toBe('pending');
    const delayed = await d.event({ type: 'ehr_write_delayed', requestId: booking?.requestId ?? '' });
    expect(d.keys(delayed)).toEqual(['booking.delayed']);
    expect(d.keys(await d.event({ type: 'ehr_write_delayed', requestId: booking?.requestId ?? '' }))).toEqual(
      [],
    );
    d.holdWrites = false;
    expect(d.keys(await d.releaseWrites())).toContain('booking.confirmed');
  });

  it('tells the patient how to reach the clinic when the booking fails for good', async () => {
    const d = newDriver(undefined, { phone: '+254 20 123 4567' });
    await toTriageQuestion(d);
    await d.patient('yes');
    await d.patient('1');
    d.ehr.failNext('book', new AppError('EHR_REJECTED', 'refused'));
    const sent = await d.patient('yes');
    expect(d.keys(sent)).toEqual(['booking.in_progress', 'booking.failed_phone']);
    expect(d.alerts).toContain('BOOKING_FAILED');
  });

  it('gives self-care advice and still offers a booking', async () => {
    const d = newDriver();
    await d.patient('Hello');
    await d.patient({ choice: CHOICE.consentYes });
    await d.patient('Amina Otieno');
    await d.patient('30');
    await d.patient('female');
    await d.patient('yes');
    const sent = await d.patient('a mild runny nose');
    expect(d.keys(sent)).toEqual(['triage:advice.selfcare.general', 'result.self_care']);
    expect(d.keys(await d.patient('no'))).toEqual(['result.self_care_no']);
    expect(d.ehr.triageRecords()[0]?.record.disposition).toBe('self_care');
  });

  it('keeps a complaint given in the first message and does not ask for it again', async () => {
    const d = newDriver();
    await d.patient('I have a bad cough since Monday');
    await d.patient('yes');
    await d.patient('Juma Hassan');
    await d.patient('1990-02-02');
    await d.patient('male');
    expect(d.keys(await d.patient('yes'))).toEqual(['triage:q.fake.one']);
  });

  describe('commands, in any state and language', () => {
    it('help repeats the question after the help text', async () => {
      const d = newDriver();
      await d.patient('Hello');
      expect(d.keys(await d.patient('HELP'))).toEqual(['help.text', 'consent.ask']);
      expect(d.keys(await d.patient('aide'))).toEqual(['help.text', 'consent.ask']);
    });

    it('restart begins a new episode and asks who needs care again', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      expect(d.keys(await d.patient('anza upya'))).toEqual(['identify.who']);
    });

    it('cancel stops the flow before a booking, and cancels the appointment after one', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      expect(d.keys(await d.patient('cancelar'))).toEqual(['cancel.flow']);
      expect(d.state().state).toBe('CANCELLED');
      const e = newDriver();
      await toTriageQuestion(e);
      await e.patient('no');
      await e.patient('1');
      await e.patient('yes');
      expect(e.keys(await e.patient('CANCEL'))).toEqual(['cancel.confirm']);
      expect(e.keys(await e.patient({ choice: CHOICE.cancelYes }))).toEqual(['cancel.done']);
      expect(e.ehr.appointments()[0]?.appointment.status).toBe('cancelled');
    });

    it('stop sends one confirmation, then nothing until the patient writes again', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      expect(d.keys(await d.patient('STOP'))).toEqual(['stop.ack']);
      expect(d.keys(await d.event({ type: 'timer', timerId: 'x', name: 'handover_timeout' }))).toEqual([]);
      expect(d.keys(await d.patient('hello again'))).toEqual(['identify.who']);
    });

    it('agent hands the chat to staff: the bot is silent until staff hand back', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      expect(d.keys(await d.patient('talk to a human'))).toEqual(['handover.ack']);
      expect(d.alerts).toContain('HANDOVER_REQUESTED');
      expect(d.timers.at(-1)?.name).toBe('handover_timeout');
      expect(d.keys(await d.patient('hello?'))).toEqual([]);
      expect(
        d.keys(await d.event({ type: 'staff_message', staffRef: 's1', text: 'Hello, this is nurse Jane.' })),
      ).toEqual(['verbatim:Hello, this is nurse Jane.']);
      expect(d.keys(await d.event({ type: 'staff_handback', staffRef: 's1' }))).toEqual([
        'handover.back',
        'triage:q.fake.one',
      ]);
      expect(d.state()).toEqual({ state: 'TRIAGE_ASSESSMENT', step: 'question' });
    });

    it('red flags still get the emergency advice during a handover', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      await d.patient('agent');
      expect(d.keys(await d.patient('now I have chest pain'))[0]).toBe('emergency.advice');
    });

    it('delete my data wipes the session after a confirmation', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      expect(d.keys(await d.patient('delete my data'))).toEqual(['delete.ack']);
      expect(d.session).toBeNull();
      // Scheduled reminders outlive the session: they are withdrawn too.
      expect(d.history.at(-1)?.effects.map((e) => e.type)).toContain('withdraw_reminders');
    });

    it('language can be changed at any time; the question is asked again in the new language', async () => {
      const d = newDriver();
      await toTriageQuestion(d);
      expect(d.keys(await d.patient('lugha'))).toEqual(['lang.ask']);
      const sent = await d.patient({ choice: 'lang:sw' });
      expect(d.keys(sent)).toEqual(['triage:q.fake.one']);
      expect(sent[0]?.language).toBe('sw');
      expect(d.state()).toEqual({ state: 'TRIAGE_ASSESSMENT', step: 'question' });
    });
  });

  it('guesses the language from the phone country, and from the words', async () => {
    const fr = new EngineDriver(
      demoEhr(),
      { triage: fakeProtocol },
      { key: '33612345678', waId: '33612345678' },
    );
    expect((await fr.patient('👋'))[0]?.language).toBe('fr');
    const sw = newDriver({ key: 'US.1', userId: 'US.1' });
    expect((await sw.patient('Habari, nina homa'))[0]?.language).toBe('sw');
    const pt = newDriver({ key: 'BR.77', userId: 'BR.77' });
    expect((await pt.patient('👋'))[0]?.language).toBe('pt');
  });

  it('asks whether a late-delivered message is still current before acting on it', async () => {
    const d = newDriver();
    expect(d.keys(await d.patient('I need an appointment for my cough', { stale: true }))).toEqual([
      'stale.ask',
    ]);
    expect(d.keys(await d.patient({ choice: CHOICE.staleYes }))).toEqual(['consent.ask']);
    const e = newDriver();
    await e.patient('cough', { stale: true });
    expect(e.keys(await e.patient({ choice: CHOICE.staleNo }))).toEqual(['stale.dismissed']);
  });

  it('answers media it cannot read and repeats the question; ignores reactions', async () => {
    const d = newDriver();
    await d.patient('Hello');
    const voice = await d.patient({
      type: 'media',
      mediaKind: 'audio',
      mediaId: 'm1',
      mimeType: 'audio/ogg',
      voice: true,
    });
    expect(d.keys(voice)).toEqual(['media.voice', 'consent.ask']);
    expect(d.keys(await d.patient({ type: 'reaction', reactedTo: 'wamid.x', emoji: '👍' }))).toEqual([]);
  });

  it('on a number change, queues one durable relink from the old identity, readdresses reminders and says nothing', () => {
    const d = newDriver();
    // Meta sends `user_changed_number` from the OLD number, without contacts (whatsapp.md §2.9).
    const old = { key: '254712345678', waId: '254712345678' };
    const notice = (wamid: string, sentAt: number) => ({
      type: 'patient_turn' as const,
      identity: old,
      messages: [{ wamid, sentAt, content: { type: 'changed_number' as const, newWaId: '255765432100' } }],
      stale: false,
    });
    const result = d.engine.step(null, notice('wamid.sys1', d.now), d.ctx);
    // No conversation is started for it: usually none is live under the old number.
    expect(result.session).toBeNull();
    expect(result.effects).toEqual([
      {
        type: 'ehr_write',
        requestId: `relink-${d.now}-0`,
        op: {
          kind: 'relink_whatsapp',
          idempotencyKey: `relink-${d.now}-0-conv-test`,
          from: old,
          toWaId: '255765432100',
        },
      },
      // Reminders already scheduled follow the patient to the new number.
      { type: 'readdress_reminders', newWaId: '255765432100' },
    ]);
    expect(JSON.stringify(result.effects)).not.toContain('wamid.sys1');
  });

  it('on a number change during a live conversation, keeps the session as it was and only relinks and readdresses', async () => {
    const d = newDriver();
    await d.patient('Hello');
    const before = d.session;
    const result = d.engine.step(
      before,
      {
        type: 'patient_turn',
        identity: d.identity,
        messages: [
          {
            wamid: 'wamid.sys2',
            sentAt: d.now,
            content: { type: 'changed_number', newWaId: '255765432100' },
          },
        ],
        stale: false,
      },
      d.ctx,
    );
    expect(result.session).toEqual(before);
    expect(result.effects.map((e) => e.type)).toEqual(['ehr_write', 'readdress_reminders']);
    // The write's result comes back later and changes nothing either.
    const after = d.engine.step(
      result.session,
      {
        type: 'ehr_write_result',
        requestId: `relink-${d.now}-0`,
        outcome: { ok: true, value: { linked: 1 } },
      },
      d.ctx,
    );
    expect(after).toEqual({ session: before, effects: [] });
  });

  it('backs off and hands over when the EHR keeps failing on a read', async () => {
    const d = newDriver();
    await d.patient('Hello');
    const boom = new AppError('EHR_UNAVAILABLE', 'down', { retryable: true });
    d.ehr.failNext('findPatientsByWhatsApp', boom, 5);
    expect(d.keys(await d.patient({ choice: CHOICE.consentYes }))).toEqual(['ehr.retrying']);
    expect(d.timers.at(-1)?.name).toBe('retry_read');
    await d.event({ type: 'timer', timerId: 't', name: 'retry_read' });
    const third = await d.event({ type: 'timer', timerId: 't', name: 'retry_read' });
    expect(d.keys(third)).toEqual(['ehr.down']);
    expect(d.state().state).toBe('HANDOVER');
  });
});
