import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoEhr } from '../../test/support/demo-ehr.ts';
import { EngineDriver } from '../../test/support/engine-driver.ts';
import { fakeProtocol } from '../../test/support/fake-protocol.ts';
import { AppError } from '../shared/app-error.ts';
import type { ConversationEvent } from './events.ts';
import { CONFIRM_CHOICES } from './flows/scheduling.ts';
import { matchChoice } from './match-choice.ts';
import { parseYesNo } from './parse-answer.ts';
import { CHOICE } from './prompts.ts';
import { readSession, type Session } from './session.ts';

const WORDS = [
  'hello',
  'yes',
  'no',
  'not sure',
  '1',
  '2',
  '3',
  '7',
  'the first one',
  'Amina Otieno',
  '14/03/1985',
  '35',
  '6 months',
  'female',
  'male',
  'F',
  'I have a cough and fever',
  'a mild runny nose',
  'chest pain',
  'no chest pain',
  'my baby had a seizure',
  'HELP',
  'restart',
  'cancel',
  'STOP',
  'agent',
  'delete my data',
  'language',
  'Kiswahili',
  'français',
  'habari',
  'hola',
  'ok',
  'thanks',
  '👍',
  '',
  '???',
  'book it',
  'another time',
  'I am safe now',
  'sí',
  'ndiyo',
  'hapana',
];

type Action =
  /** Answer the question on screen sensibly (drives runs deep into the flow). */
  | { kind: 'progress'; pick: number; typed: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; id: string }
  | { kind: 'offered'; index: number }
  | {
      kind: 'internal';
      event: 'timer_handover' | 'timer_read' | 'takeover' | 'handback' | 'staff_msg' | 'delivery_failed';
    }
  | { kind: 'stale'; text: string }
  | { kind: 'media' }
  | { kind: 'ehr_down'; times: number }
  | { kind: 'hold'; on: boolean }
  | { kind: 'release' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({ pick: fc.nat({ max: 11 }), typed: fc.boolean() })
      .map((p) => ({ kind: 'progress' as const, ...p })),
  },
  { weight: 8, arbitrary: fc.constantFrom(...WORDS).map((text) => ({ kind: 'text' as const, text })) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }).map((text) => ({ kind: 'text' as const, text })) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...Object.values(CHOICE)).map((id) => ({ kind: 'choice' as const, id })),
  },
  { weight: 6, arbitrary: fc.nat({ max: 11 }).map((index) => ({ kind: 'offered' as const, index })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('timer_handover', 'timer_read', 'takeover', 'handback', 'staff_msg', 'delivery_failed')
      .map((event) => ({ kind: 'internal' as const, event })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS).map((text) => ({ kind: 'stale' as const, text })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'media' as const }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 3 }).map((times) => ({ kind: 'ehr_down' as const, times })),
  },
  { weight: 1, arbitrary: fc.boolean().map((on) => ({ kind: 'hold' as const, on })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'release' as const }) },
);

async function play(actions: readonly Action[]): Promise<EngineDriver> {
  const d = new EngineDriver(demoEhr(), { triage: fakeProtocol });
  for (const a of actions) {
    d.now += 60_000;
    switch (a.kind) {
      case 'progress': {
        const { state, step } = d.state();
        if (state === 'IDENTIFYING' && step === 'name') await d.patient('Amina Otieno');
        else if (state === 'IDENTIFYING' && step === 'dob') await d.patient(a.typed ? '35' : '14/03/1985');
        else if (
          state === 'COLLECTING_SYMPTOMS' ||
          state === 'INITIAL' ||
          state === 'CANCELLED' ||
          state === 'NONE'
        )
          await d.patient(
            a.pick % 3 === 0 ? 'hello' : a.pick % 3 === 1 ? 'I have a cough and fever' : 'a mild runny nose',
          );
        else {
          const offered = d.lastChoices();
          const choice = offered[a.pick % Math.max(1, offered.length)];
          if (choice === undefined) await d.patient('yes');
          else if (a.typed) await d.patient(String((a.pick % Math.max(1, offered.length)) + 1));
          else await d.patient({ choice: choice.id });
        }
        break;
      }
      case 'text':
        await d.patient(a.text);
        break;
      case 'choice':
        await d.patient({ choice: a.id });
        break;
      case 'offered': {
        const offered = d.lastChoices();
        const choice = offered[a.index % Math.max(1, offered.length)];
        if (choice !== undefined) await d.patient({ choice: choice.id });
        break;
      }
      case 'stale':
        await d.patient(a.text, { stale: true });
        break;
      case 'media':
        await d.patient({ type: 'media', mediaKind: 'image', mediaId: 'm', mimeType: 'image/jpeg' });
        break;
      case 'ehr_down':
        d.ehr.failNext(
          'findFreeSlots',
          new AppError('EHR_UNAVAILABLE', 'down', { retryable: true }),
          a.times,
        );
        d.ehr.failNext(
          'findPatientsByWhatsApp',
          new AppError('EHR_UNAVAILABLE', 'down', { retryable: true }),
          a.times,
        );
        break;
      case 'hold':
        d.holdWrites = a.on;
        break;
      case 'release':
        await d.releaseWrites();
        break;
      case 'internal': {
        const events: Record<typeof a.event, ConversationEvent> = {
          timer_handover: { type: 'timer', timerId: 't', name: 'handover_timeout' },
          timer_read: { type: 'timer', timerId: 't', name: 'retry_read' },
          takeover: { type: 'staff_takeover', staffRef: 's' },
          handback: { type: 'staff_handback', staffRef: 's' },
          staff_msg: { type: 'staff_message', staffRef: 's', text: 'hello from staff' },
          delivery_failed: { type: 'delivery_failed', wamid: 'w', code: 131026 },
        };
        await d.event(events[a.event]);
        break;
      }
    }
  }
  await d.releaseWrites();
  return d;
}

const settings = { numRuns: 300 } as const;

// 300 random sequences take a few seconds alone and several times that when the whole suite shares
// two cores: the limit is about a loaded machine, not about speed (tests never assert timing).
describe('conversation engine properties (random event sequences)', { timeout: 90_000 }, () => {
  it('never throws; the session always validates and survives a JSON round trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 60, size: 'max' }), async (actions) => {
        const d = await play(actions);
        for (const step of d.history) {
          if (step.after === null) continue;
          const parsed = readSession(step.after);
          expect(parsed).not.toBeNull();
          expect(JSON.parse(JSON.stringify(parsed))).toEqual(step.after);
        }
      }),
      settings,
    );
  }, 120_000);

  it('never books without consent and an explicit confirmation, nor in an episode with a red flag', async () => {
    let bookings = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 60, size: 'max' }), async (actions) => {
        const d = await play(actions);
        for (const step of d.history) {
          const books = step.effects.filter((e) => e.type === 'ehr_write' && e.op.kind === 'book');
          if (books.length === 0) continue;
          const before = readSession(step.before) as Session;
          expect(before.consent).toBe(true);
          expect(before.redFlags).toEqual([]);
          expect(before.triage?.disposition).not.toBe('emergency');
          const confirmedNow =
            step.event.type === 'patient_turn' &&
            before.state === 'CONFIRMING_DETAILS' &&
            before.step === 'confirm';
          const confirmedEarlier = step.event.type === 'ehr_write_result' && before.bookWhenRegistered;
          expect(confirmedNow || confirmedEarlier).toBe(true);
          if (confirmedNow && step.event.type === 'patient_turn') {
            const m = step.event.messages[0]?.content;
            // An affirmative answer to "Book this appointment?": its button, its number or ordinal
            // (it is the first option), a yes word, or the book option's label with a small typo
            // ("ook" for "book": the issue asks for typo'd button titles to be understood).
            const explicit =
              (m?.type === 'button_reply' && m.id === CHOICE.book) ||
              (m?.type === 'text' &&
                (parseYesNo(m.text) === 'yes' ||
                  /^(1|book it|the first one|first)$/i.test(m.text.trim()) ||
                  matchChoice(m.text, CONFIRM_CHOICES) === CHOICE.book));
            bookings += 1;
            expect(explicit, `booked on ${JSON.stringify(m)}`).toBe(true);
          }
        }
      }),
      settings,
    );
    // The generator must reach real bookings, or this property proves nothing.
    expect(bookings).toBeGreaterThan(10);
  }, 120_000);

  it('a red flag always gets the emergency advice as the first thing sent, and that episode never books', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 60, size: 'max' }), async (actions) => {
        const d = await play(actions);
        const emergencyEpisodes = new Set<number>();
        for (const step of d.history) {
          if (step.event.type === 'patient_turn') {
            const text = step.event.messages
              .map((m) => (m.content.type === 'text' ? m.content.text : ''))
              .join('\n');
            if (fakeProtocol.screen(text).length > 0) {
              const firstSend = step.effects.find((e) => e.type === 'send');
              expect(
                firstSend?.type === 'send' && firstSend.text.kind === 'choices' && firstSend.text.key,
              ).toBe('emergency.advice');
            }
          }
          const after = step.after === null ? null : readSession(step.after);
          // A forgotten conversation (declined consent, deleted data) starts again at episode 1.
          if (after === null) emergencyEpisodes.clear();
          if (after !== null && (after.redFlags.length > 0 || after.state === 'EMERGENCY'))
            emergencyEpisodes.add(after.episode);
          const before = step.before === null ? null : readSession(step.before);
          const booked = step.effects.some((e) => e.type === 'ehr_write' && e.op.kind === 'book');
          if (booked && before !== null) expect(emergencyEpisodes.has(before.episode)).toBe(false);
        }
      }),
      settings,
    );
  }, 120_000);
});
