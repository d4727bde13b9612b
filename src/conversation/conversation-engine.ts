import type { Appointment, ClinicService, PatientSummary, Slot } from '../ehr/ehr-port.ts';
import { isLanguage, type Language } from '../shared/language.ts';
import { type Command, detectCommand } from './detect-command.ts';
import type { IdentityAppointments } from './effects.ts';
import type { ConversationEngine, StepContext, StepResult } from './engine.ts';
import type { ConversationEvent, EhrOutcome, PatientMessage } from './events.ts';
import {
  handleCancelReply,
  onAppointments,
  onCancelled,
  startCancelAppointment,
} from './flows/cancel-appointment.ts';
import { enterEmergency, handleEmergencyReply } from './flows/emergency.ts';
import {
  handleIdentify,
  type Input,
  misunderstood,
  onPatientsFound,
  onRegistered,
  startIdentify,
} from './flows/identify.ts';
import { onModelResult } from './flows/model-triage.ts';
import {
  handleReminderReply,
  isReminderPurpose,
  onReminderAppointments,
  reminderLanguage,
} from './flows/reminders.ts';
import {
  book,
  handleConfirm,
  handleSlotChoice,
  onBooked,
  onBookingDelayed,
  onServices,
  onSlots,
  startScheduling,
} from './flows/scheduling.ts';
import {
  finishTriage,
  handleSymptoms,
  handleTriageAnswer,
  looksLikeComplaint,
  startSymptoms,
} from './flows/triage-flow.ts';
import { formatDay, formatTime } from './format-when.ts';
import { guessLanguage } from './guess-language.ts';
import { matchChoice } from './match-choice.ts';
import { normalizeText } from './normalize-text.ts';
import { parseYesNo } from './parse-answer.ts';
import { ageInYears } from './parse-birth-date.ts';
import { CHOICE, choices, LANGUAGE_NAMES, languageChoice } from './prompts.ts';
import { newSession, readSession, type Session } from './session.ts';
import { type EngineOptions, Turn } from './turn.ts';

/** How long to wait before asking the EHR again after a failed read. */
const READ_RETRY_MS = 60_000;
/** After this many failed reads in a row, staff are asked to take over. */
const READ_FAILURES_BEFORE_HANDOVER = 3;

/**
 * The conversation: a pure state machine over sessions (session + event + context → session +
 * effects). It never performs I/O: reads, writes, model calls, sends and timers are effects the
 * runner executes. Safety rule: every patient message is screened for red flags first, in every
 * state; a red flag sends the fixed emergency advice before anything else and ends the episode's
 * booking flow.
 */
export function createConversationEngine(options: EngineOptions): ConversationEngine {
  return {
    step(raw, event, ctx) {
      return step(readSession(raw), event, ctx, options);
    },
  };
}

function step(
  loaded: Session | null,
  event: ConversationEvent,
  ctx: StepContext,
  options: EngineOptions,
): StepResult {
  if (event.type === 'patient_turn') return patientTurn(loaded, event, ctx, options);
  if (loaded === null) return { session: null, effects: [] };
  const t = new Turn(structuredClone(loaded), ctx, options);
  internalEvent(t, event);
  return finish(t);
}

function finish(t: Turn): StepResult {
  // A flow that decided to book moves to SCHEDULING/start; begin the slot search in the same step.
  if (t.s.state === 'SCHEDULING_APPOINTMENT' && t.s.step === 'start') startScheduling(t);
  return { session: t.forget ? null : t.s, effects: t.effects };
}

// ------------------------------------------------------------------------------------------------
// Patient messages

/** What the patient has told us about the problem in this episode (complaint and triage answers). */
function episodeTexts(s: Session): string[] {
  const protocol = s.protocol as { texts?: unknown } | null;
  const texts = Array.isArray(protocol?.texts)
    ? protocol.texts.filter((x): x is string => typeof x === 'string')
    : [];
  return s.complaint !== null && !texts.includes(s.complaint) ? [s.complaint, ...texts] : texts;
}

/** Age and sex of the patient being triaged, when known, for the red-flag screen. */
function patientFacts(
  s: Session,
  ctx: StepContext,
): { ageYears?: number; sex?: 'male' | 'female' | 'other' | 'unknown' } {
  const p = s.patient;
  const birthDate = p?.birthDate ?? s.draft.birthDate;
  const sex = p?.sex ?? s.draft.sex;
  return {
    ...(birthDate !== undefined ? { ageYears: ageInYears(birthDate, ctx.now, ctx.clinic.timeZone) } : {}),
    ...(sex !== undefined ? { sex } : {}),
  };
}

interface TurnInput extends Input {
  /** Every text of the burst, in order (text bodies and media captions). */
  readonly texts: readonly string[];
  readonly kinds: ReadonlySet<string>;
  readonly templatePayload: string | null;
}

function readInput(messages: readonly PatientMessage[]): TurnInput {
  const texts: string[] = [];
  let choiceId: string | null = null;
  let templatePayload: string | null = null;
  const kinds = new Set<string>();
  for (const m of messages) {
    const c = m.content;
    kinds.add(c.type === 'media' ? c.mediaKind : c.type);
    if (c.type === 'text') texts.push(c.text);
    else if (c.type === 'button_reply' || c.type === 'list_reply') choiceId = c.id;
    else if (c.type === 'template_button') templatePayload = c.payload;
    else if (c.type === 'media' && c.caption !== undefined) texts.push(c.caption);
  }
  return { texts, text: texts.join('\n'), choiceId, kinds, templatePayload };
}

/**
 * A `user_changed_number` system message: Meta sends it from the OLD number, without contacts, and
 * the user's next messages come from a new wa_id and a regenerated BSUID (whatsapp.md §2.9, §2.10),
 * usually long after any live conversation expired. The EHR outlives the session (DESIGN.md), so
 * the new number is linked there, to every patient of the old identity, by a durable write; then the
 * returning patient is found by the new number instead of being registered twice. Scheduled reminders
 * outlive it too: they are readdressed to the new number.
 */
function relinkChangedNumber(t: Turn, event: Extract<ConversationEvent, { type: 'patient_turn' }>): void {
  const { key, waId, userId } = event.identity;
  event.messages.forEach((m, i) => {
    if (m.content.type !== 'changed_number' || m.content.newWaId === waId) return;
    // Ids from the notice's time, not its wamid: wamids encode the phone number (no PHI in job ids).
    const id = `relink-${m.sentAt}-${i}`;
    t.write(
      {
        kind: 'relink_whatsapp',
        idempotencyKey: `${id}-${t.ctx.conversationRef}`,
        from: { key, ...(waId !== undefined ? { waId } : {}), ...(userId !== undefined ? { userId } : {}) },
        toWaId: m.content.newWaId,
      },
      id,
    );
    t.effects.push({ type: 'readdress_reminders', newWaId: m.content.newWaId });
  });
}

function patientTurn(
  loaded: Session | null,
  event: Extract<ConversationEvent, { type: 'patient_turn' }>,
  ctx: StepContext,
  options: EngineOptions,
): StepResult {
  const input = readInput(event.messages);
  const identity = event.identity;
  const s =
    loaded === null
      ? newSession({
          language:
            reminderLanguage(input.templatePayload) ??
            guessLanguage({
              text: input.text,
              ...(identity.waId !== undefined ? { waId: identity.waId } : {}),
              ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
              fallback: ctx.clinic.defaultLanguage,
            }),
          now: ctx.now,
        })
      : structuredClone(loaded);
  const t = new Turn(s, ctx, options);

  relinkChangedNumber(t, event);

  // Reactions and number-change notices are not turns of the conversation (whatsapp.md §2.8, §2.9):
  // nothing is said, and no session is started for them.
  const meaningful = [...input.kinds].some((k) => k !== 'reaction' && k !== 'changed_number');
  if (!meaningful) return { session: loaded === null ? null : t.s, effects: t.effects };

  // Blue ticks at once; "typing…" only when the bot is going to answer (not while staff hold the chat).
  const latest = event.messages.reduce((a, b) => (b.sentAt >= a.sentAt ? b : a));
  const staffHold = s.state === 'HANDOVER' && s.handover !== null && t.now < s.handover.until;
  t.effects.push({ type: 'mark_read', wamid: latest.wamid, typing: !staffHold });

  if (s.optedOut) {
    // The patient wrote again after STOP: they want to talk; start a fresh episode.
    s.optedOut = false;
    restartEpisode(t, false);
    t.preference(false);
  } else if (loaded === null) {
    // A new session: a STOP from an expired one is only on record in the durable preferences, and
    // writing to us again means they want to hear from us (a STOP in this very message follows).
    t.preference(false);
  }

  // SAFETY FIRST: red flags in any message, in any state, before commands, consent or handover.
  // A red flag in this message always counts, even one seen before ("I am safe" … "chest pain again").
  // The episode's earlier texts are screened too, because a sign can be split across messages ("chest
  // pain" … "and sweating"); from those, only flags not already acted on count.
  const facts = patientFacts(s, ctx);
  const now = options.triage.screen(input.text, facts);
  const split = options.triage
    .screen([...episodeTexts(s), input.text].join('\n'), facts)
    .filter((h) => !s.redFlags.includes(h.id) && !now.some((n) => n.id === h.id));
  const hits = [...now, ...split];
  if (hits.length > 0) {
    if (s.state === 'INITIAL' && !s.languageChosen)
      s.language = guessLanguage({ text: input.text, fallback: s.language });
    enterEmergency(t, hits, input.text);
    return finish(t);
  }

  if (s.state === 'HANDOVER' && s.handover !== null && t.now < s.handover.until) {
    // Staff have the chat: the bot stays silent, except for the patient's rights to stop and erase.
    const command = input.texts.length === 1 ? detectCommand(input.texts[0] ?? '') : null;
    if (command === 'stop' || command === 'delete') runCommand(t, command);
    return finish(t);
  }

  if (event.stale && s.state !== 'STALE_CHECK' && input.text.trim() !== '') {
    const sentAt = Math.max(...event.messages.map((m) => m.sentAt));
    s.held = [...input.texts];
    s.returnTo = { state: s.state, step: s.step, prompt: s.lastPrompt };
    t.ask(
      choices(
        'stale.ask',
        [
          { id: CHOICE.staleYes, key: 'stale.yes' },
          { id: CHOICE.staleNo, key: 'stale.no' },
        ],
        {
          when: `${formatDay(new Date(sentAt).toISOString(), s.language, ctx.clinic.timeZone)} ${formatTime(new Date(sentAt).toISOString(), ctx.clinic.timeZone)}`,
        },
      ),
      'STALE_CHECK',
    );
    return finish(t);
  }

  const command =
    input.texts.length === 1 && input.choiceId === null ? detectCommand(input.texts[0] ?? '') : null;
  if (command !== null) {
    runCommand(t, command);
    return finish(t);
  }

  if (input.templatePayload?.startsWith('reminder:') === true) {
    handleReminderReply(t, input.templatePayload);
    return finish(t);
  }

  if (input.templatePayload !== null) {
    // The patient answered our re-engagement template: pick up where we were.
    if (s.lastPrompt === null) startOver(t);
    else t.reask();
    return finish(t);
  }

  if (input.text.trim() === '' && input.choiceId === null) {
    // Only media, a location, a contact card…: we read text. Say so, then ask the question again.
    const image = event.messages.find((m) => m.content.type === 'media' && m.content.mediaKind === 'image');
    if (
      image?.content.type === 'media' &&
      options.model?.supportsImages === true &&
      (s.state === 'COLLECTING_SYMPTOMS' || s.state === 'TRIAGE_ASSESSMENT')
    ) {
      // A multimodal model will look at the photo with the patient's next answer.
      s.pendingImage = image.content.mediaId;
      t.sayKey('media.image_received');
      t.reask();
      return finish(t);
    }
    const key = input.kinds.has('audio')
      ? 'media.voice'
      : input.kinds.has('image')
        ? 'media.image'
        : 'media.unsupported';
    if (s.state === 'INITIAL') {
      t.sayKey(key);
      greet(t);
    } else {
      t.sayKey(key);
      t.reask();
    }
    return finish(t);
  }

  dispatch(t, input);
  return finish(t);
}

function dispatch(t: Turn, input: TurnInput): void {
  const s = t.s;
  switch (s.state) {
    case 'INITIAL':
      if (looksLikeComplaint(input.text)) s.complaint = input.text;
      if (!s.languageChosen) s.language = guessLanguage({ text: input.text, fallback: s.language });
      if (s.consent) startIdentify(t);
      else greet(t);
      return;
    case 'CHOOSING_LANGUAGE':
      return handleLanguage(t, input);
    case 'AWAITING_CONSENT':
      return handleConsent(t, input);
    case 'IDENTIFYING':
      return handleIdentify(t, input, () => startSymptoms(t));
    case 'COLLECTING_SYMPTOMS':
      return handleSymptoms(t, input);
    case 'TRIAGE_ASSESSMENT':
      return handleTriageAnswer(t, input, () => t.go('SCHEDULING_APPOINTMENT', 'start'));
    case 'SCHEDULING_APPOINTMENT':
      if (s.step === 'choose') return handleSlotChoice(t, input);
      t.sayKey('common.one_moment');
      return;
    case 'CONFIRMING_DETAILS':
      return handleConfirm(t, input, () => cancelFlow(t));
    case 'COMPLETED':
      if (handleCancelReply(t, input)) return;
      return afterCompletion(t, input);
    case 'CANCELLED':
      return startOver(t, input.text);
    case 'EMERGENCY':
      return handleEmergencyReply(t, input, () => startOver(t));
    case 'HANDOVER':
      // The handover timed out (checked before dispatch): the bot is back.
      return resumeAfterHandover(t, 'handover.timeout');
    case 'STALE_CHECK':
      return handleStale(t, input);
    default: {
      const unknown: never = s.state;
      throw new Error(`unknown state ${String(unknown)}`);
    }
  }
}

/** First contact: greet, say what we do with their answers, and ask for consent. */
function greet(t: Turn): void {
  t.ask(
    choices(
      'consent.ask',
      [
        { id: CHOICE.consentYes, key: 'consent.yes' },
        { id: CHOICE.consentNo, key: 'consent.no' },
        { id: CHOICE.consentLanguage, key: 'consent.language' },
      ],
      { clinic: t.ctx.clinic.name, number: t.ctx.clinic.emergencyNumber },
    ),
    'AWAITING_CONSENT',
  );
}

function handleConsent(t: Turn, input: TurnInput): void {
  const typedLanguage = languageFromName(input.text);
  if (typedLanguage !== null) {
    setLanguage(t, typedLanguage);
    return greet(t);
  }
  const yn = input.choiceId === null ? parseYesNo(input.text) : null;
  const id = input.choiceId ?? (yn === 'yes' ? CHOICE.consentYes : yn === 'no' ? CHOICE.consentNo : null);
  if (id === CHOICE.consentYes) {
    t.s.consent = true;
    return startIdentify(t);
  }
  if (id === CHOICE.consentNo) {
    // Declined: nothing is kept. The goodbye is the only message, and the session is forgotten.
    t.sayKey(t.ctx.clinic.phone === undefined ? 'consent.declined' : 'consent.declined_phone', {
      phone: t.ctx.clinic.phone ?? '',
      number: t.ctx.clinic.emergencyNumber,
    });
    t.forget = true;
    return;
  }
  if (id === CHOICE.consentLanguage) return askLanguage(t);
  // Someone describing their problem instead of answering: keep it for after consent.
  if (looksLikeComplaint(input.text) && t.s.complaint === null) t.s.complaint = input.text;
  misunderstood(t);
}

function askLanguage(t: Turn): void {
  const s = t.s;
  if (s.state !== 'CHOOSING_LANGUAGE') s.returnTo = { state: s.state, step: s.step, prompt: s.lastPrompt };
  t.ask(languageChoice(), 'CHOOSING_LANGUAGE');
}

const LANGUAGE_WORDS: ReadonlyArray<readonly [Language, readonly string[]]> = [
  ['en', ['english', 'anglais', 'ingles', 'kiingereza', 'ingles']],
  ['fr', ['francais', 'french', 'frances', 'kifaransa', 'franca']],
  ['es', ['espanol', 'spanish', 'espagnol', 'castellano', 'kihispania', 'espanhol']],
  ['pt', ['portugues', 'portuguese', 'portugais', 'kireno']],
  ['sw', ['kiswahili', 'swahili']],
];

/**
 * A language named on its own ("Kiswahili", "français", "English"). Exact names only: short words
 * like "yes" or "si" must never be read as a language.
 */
function languageFromName(raw: string): Language | null {
  const normal = normalizeText(raw);
  for (const [language, words] of LANGUAGE_WORDS) if (words.includes(normal)) return language;
  return null;
}

function setLanguage(t: Turn, language: Language): void {
  t.s.language = language;
  t.s.languageChosen = true;
}

function handleLanguage(t: Turn, input: TurnInput): void {
  const fromChoice = input.choiceId?.startsWith(CHOICE.languagePrefix)
    ? input.choiceId.slice(CHOICE.languagePrefix.length)
    : null;
  const byNumber = matchChoice(
    input.text,
    (Object.entries(LANGUAGE_NAMES) as Array<[string, string]>).map(([code, name]) => ({
      id: code,
      labels: [name],
    })),
  );
  const language = fromChoice ?? languageFromName(input.text) ?? byNumber;
  if (language === null || !isLanguage(language)) return misunderstood(t);
  setLanguage(t, language);
  const back = t.s.returnTo;
  t.s.returnTo = null;
  if (back === null || back.state === 'CHOOSING_LANGUAGE') return greet(t);
  t.go(back.state, back.step);
  if (back.state === 'AWAITING_CONSENT' || back.prompt === null) {
    if (back.state === 'AWAITING_CONSENT' || back.state === 'INITIAL') return greet(t);
    return;
  }
  t.ask(back.prompt);
}

/** States where a late message is a description of the problem, safe to process once confirmed current. */
const REPLAYABLE: ReadonlySet<string> = new Set(['INITIAL', 'COLLECTING_SYMPTOMS', 'COMPLETED', 'CANCELLED']);

function handleStale(t: Turn, input: TurnInput): void {
  const s = t.s;
  const yn =
    input.choiceId === CHOICE.staleYes
      ? 'yes'
      : input.choiceId === CHOICE.staleNo
        ? 'no'
        : parseYesNo(input.text);
  const back = s.returnTo ?? { state: 'INITIAL' as const, step: '', prompt: null };
  if (yn === 'yes') {
    const held = s.held;
    s.held = [];
    s.returnTo = null;
    t.go(back.state, back.step);
    s.lastPrompt = back.prompt;
    if (!REPLAYABLE.has(back.state) || back.prompt?.kind === 'choices') {
      // An old answer to a question (a time, "yes, book it") must not act on its own: ask again.
      if (back.prompt === null) greet(t);
      else t.ask(back.prompt);
      return;
    }
    const replay: TurnInput = {
      texts: held,
      text: held.join('\n'),
      choiceId: null,
      kinds: new Set(['text']),
      templatePayload: null,
    };
    dispatch(t, replay);
    return;
  }
  if (yn === 'no') {
    s.held = [];
    s.returnTo = null;
    t.go(back.state === 'INITIAL' ? 'CANCELLED' : back.state, back.step);
    s.lastPrompt = back.state === 'INITIAL' ? null : back.prompt;
    t.sayKey('stale.dismissed');
    if (back.state !== 'INITIAL') t.reask();
    return;
  }
  misunderstood(t);
}

function afterCompletion(t: Turn, input: TurnInput): void {
  const s = t.s;
  if (s.step === 'cancel_lookup' || s.step === 'cancelling') {
    t.sayKey('common.one_moment');
    return;
  }
  if (looksLikeComplaint(input.text) && parseYesNo(input.text) === null) {
    // A new problem after the last one was handled: a new episode, same patient.
    startOver(t, input.text);
    return;
  }
  t.sayKey('completed.next');
}

/** Begin a new episode (after "restart", a cancelled flow, a new problem…), keeping consent and language. */
function startOver(t: Turn, complaint?: string): void {
  restartEpisode(t, true);
  if (complaint !== undefined && looksLikeComplaint(complaint)) t.s.complaint = complaint;
  if (!t.s.consent) greet(t);
  else startIdentify(t);
}

function restartEpisode(t: Turn, keepPatientChoiceOpen: boolean): void {
  const s = t.s;
  s.episode += 1;
  s.complaint = null;
  s.protocol = null;
  s.triage = null;
  s.triageRecorded = false;
  s.redFlags = [];
  s.offer = null;
  s.slotRefs = {};
  s.chosen = null;
  s.booking = null;
  s.bookWhenRegistered = false;
  s.cancelTarget = null;
  s.appointments = [];
  s.returnTo = null;
  s.handover = null;
  s.held = [];
  s.awaiting = null;
  s.lastPrompt = null;
  s.misunderstood = 0;
  s.readFailures = 0;
  // A shared phone: after a restart the next person may be someone else, so ask again who it is.
  if (keepPatientChoiceOpen) s.patient = null;
  t.go('INITIAL');
}

function cancelFlow(t: Turn): void {
  t.s.offer = null;
  t.s.chosen = null;
  t.go('CANCELLED');
  t.s.lastPrompt = null;
  t.sayKey('cancel.flow');
}

// ------------------------------------------------------------------------------------------------
// Commands (any state, any language)

function runCommand(t: Turn, command: Command): void {
  const s = t.s;
  switch (command) {
    case 'help':
      t.sayKey('help.text', { clinic: t.ctx.clinic.name, number: t.ctx.clinic.emergencyNumber });
      if (s.state === 'INITIAL') greet(t);
      else t.reask();
      return;
    case 'restart':
      startOver(t);
      return;
    case 'cancel':
      if (s.booking?.status === 'done' || s.state === 'COMPLETED' || s.state === 'CANCELLED')
        startCancelAppointment(t);
      else cancelFlow(t);
      return;
    case 'stop':
      t.sayKey('stop.ack');
      s.optedOut = true;
      t.preference(true);
      s.handover = null;
      t.go(s.state === 'HANDOVER' ? 'CANCELLED' : s.state, s.step);
      return;
    case 'agent': {
      s.returnTo = {
        state: s.state === 'HANDOVER' ? 'INITIAL' : s.state,
        step: s.step,
        prompt: s.lastPrompt,
      };
      s.handover = { since: t.now, until: t.now + t.ctx.clinic.handoverTimeoutMs };
      t.go('HANDOVER');
      t.sayKey('handover.ack', { number: t.ctx.clinic.emergencyNumber });
      t.alert('HANDOVER_REQUESTED');
      t.timer('handover_timeout', t.ctx.clinic.handoverTimeoutMs);
      return;
    }
    case 'delete':
      t.sayKey('delete.ack');
      t.effects.push({ type: 'withdraw_reminders' });
      t.forget = true;
      return;
    case 'language':
      askLanguage(t);
      return;
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

function resumeAfterHandover(t: Turn, key: string): void {
  const s = t.s;
  const back = s.returnTo;
  s.handover = null;
  s.returnTo = null;
  if (key === 'handover.timeout') {
    t.sayKey(t.ctx.clinic.phone === undefined ? 'handover.timeout' : 'handover.timeout_phone', {
      phone: t.ctx.clinic.phone ?? '',
    });
  } else {
    t.sayKey(key);
  }
  if (back === null || back.state === 'INITIAL' || back.state === 'HANDOVER') {
    if (s.consent) {
      t.go('COMPLETED', 'idle');
      t.s.lastPrompt = null;
      t.sayKey('completed.next');
    } else greet(t);
    return;
  }
  t.go(back.state, back.step);
  if (back.prompt !== null) t.ask(back.prompt);
}

// ------------------------------------------------------------------------------------------------
// Internal events: EHR results, timers, staff actions, delivery failures

function internalEvent(t: Turn, event: Exclude<ConversationEvent, { type: 'patient_turn' }>): void {
  const s = t.s;
  switch (event.type) {
    case 'ehr_read_result':
      return readResult(t, event.requestId, event.outcome);
    case 'ehr_write_result':
      return writeResult(t, event.requestId, event.outcome);
    case 'ehr_write_delayed':
      if (s.booking?.requestId === event.requestId) onBookingDelayed(t);
      return;
    case 'model_result':
      return onModelResult(t, event.requestId, event.outcome, (result) => finishTriage(t, result));
    case 'timer':
      if (event.name === 'handover_timeout') {
        if (s.state === 'HANDOVER' && s.handover !== null && t.now >= s.handover.until - 1000)
          resumeAfterHandover(t, 'handover.timeout');
        return;
      }
      if (event.name === 'retry_read' && s.awaiting !== null) {
        const { purpose, op } = s.awaiting;
        t.read(purpose, op as Parameters<Turn['read']>[1]);
      }
      return;
    case 'delivery_failed':
      if (event.code === 131047) return; // the runner sends the re-engagement template
      if (s.state === 'EMERGENCY') t.alert('EMERGENCY_ADVICE_UNDELIVERED');
      else if (s.booking?.status === 'done') t.alert('CONFIRMATION_UNDELIVERED');
      else t.alert('MESSAGE_UNDELIVERED');
      return;
    case 'staff_takeover':
      if (s.state !== 'HANDOVER') {
        s.returnTo = { state: s.state, step: s.step, prompt: s.lastPrompt };
        t.go('HANDOVER');
      }
      // Staff hold the chat until they hand it back (or the handover timeout passes).
      s.handover = { since: t.now, until: t.now + t.ctx.clinic.handoverTimeoutMs };
      t.timer('handover_timeout', t.ctx.clinic.handoverTimeoutMs);
      return;
    case 'staff_handback':
      if (s.state === 'HANDOVER') resumeAfterHandover(t, 'handover.back');
      return;
    case 'staff_message':
      t.say({ kind: 'verbatim', text: event.text });
      return;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

function readResult(t: Turn, requestId: string, outcome: EhrOutcome): void {
  const s = t.s;
  if (s.awaiting?.requestId !== requestId) return; // a late answer to a question no longer asked
  const { purpose } = s.awaiting;
  if (!outcome.ok) {
    s.readFailures += 1;
    if (s.readFailures >= READ_FAILURES_BEFORE_HANDOVER) {
      s.awaiting = null;
      t.alert('EHR_UNREACHABLE');
      t.sayKey(t.ctx.clinic.phone === undefined ? 'ehr.down' : 'ehr.down_phone', {
        phone: t.ctx.clinic.phone ?? '',
      });
      s.returnTo = { state: s.state, step: s.step, prompt: s.lastPrompt };
      s.handover = { since: t.now, until: t.now + t.ctx.clinic.handoverTimeoutMs };
      t.go('HANDOVER');
      t.timer('handover_timeout', t.ctx.clinic.handoverTimeoutMs);
      return;
    }
    if (s.readFailures === 1) t.sayKey('ehr.retrying');
    t.timer('retry_read', READ_RETRY_MS);
    return;
  }
  s.awaiting = null;
  s.readFailures = 0;
  if (isReminderPurpose(purpose))
    return onReminderAppointments(t, purpose, outcome.value as IdentityAppointments);
  switch (purpose) {
    case 'identify':
      return onPatientsFound(t, outcome.value as PatientSummary[], () => startSymptoms(t));
    case 'services':
      return onServices(t, outcome.value as ClinicService[]);
    case 'slots':
    case 'slots_after_taken':
      return onSlots(t, outcome.value as Slot[], purpose);
    case 'cancel_list':
      return onAppointments(t, outcome.value as Appointment[]);
    default:
      return;
  }
}

function writeResult(t: Turn, requestId: string, outcome: EhrOutcome): void {
  const s = t.s;
  if (s.booking?.requestId === requestId) {
    onBooked(
      t,
      outcome.ok
        ? { ok: true, appointment: outcome.value as Appointment }
        : { ok: false, code: outcome.code },
    );
    return;
  }
  if (requestId.startsWith('register-')) {
    onRegistered(t, outcome.ok ? (outcome.value as PatientSummary).id : null, () => book(t));
    return;
  }
  if (requestId.startsWith('cancel-')) {
    onCancelled(t, outcome.ok);
    return;
  }
  if (requestId.startsWith('relink-')) {
    // Nothing to tell the patient; a failure was already alerted by the write worker's dead letter.
    return;
  }
  if (!outcome.ok) t.alert('TRIAGE_RECORD_FAILED');
}
