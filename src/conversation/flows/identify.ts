import type { PatientSummary } from '../../ehr/ehr-port.ts';
import { formatBirthDate } from '../format-when.ts';
import { matchChoice } from '../match-choice.ts';
import { parseName, parseSex, parseYesNo } from '../parse-answer.ts';
import { ageInYears, parseBirthDate } from '../parse-birth-date.ts';
import { CHOICE, choices, text } from '../prompts.ts';
import type { Turn } from '../turn.ts';
import { recordTriage } from './record-triage.ts';

export interface Input {
  readonly choiceId: string | null;
  readonly text: string;
}

/** Look up the patients already linked to this WhatsApp identity (a family may share one phone). */
export function startIdentify(t: Turn): void {
  t.go('IDENTIFYING', 'lookup');
  t.read('identify', { kind: 'find_patients' });
}

/** The linked patients arrived: offer them by first name only, or ask who the new patient is. */
export function onPatientsFound(t: Turn, patients: readonly PatientSummary[], next: () => void): void {
  const s = t.s;
  s.candidates = patients.map((p) => ({
    id: p.id,
    givenName: p.givenName,
    ...(p.familyName !== undefined ? { familyName: p.familyName } : {}),
    ...(p.birthDate !== undefined ? { birthDate: p.birthDate } : {}),
    ...(p.sex !== undefined ? { sex: p.sex } : {}),
  }));
  if (s.candidates.length === 0) {
    askName(t);
    return;
  }
  askWho(t);
  void next;
}

function askWho(t: Turn): void {
  // First names only: nothing else about a patient is shown before the person picks who they are.
  const list = t.s.candidates
    .slice(0, 9)
    .map((c) => ({ id: `${CHOICE.patientPrefix}${c.id}`, label: firstName(c.givenName) }));
  t.ask(
    choices('identify.who', [...list, { id: CHOICE.someoneElse, key: 'identify.someone_else' }]),
    'IDENTIFYING',
    'choose',
  );
}

function askName(t: Turn): void {
  t.s.draft = {};
  t.ask(text('identify.ask_name'), 'IDENTIFYING', 'name');
}

const firstName = (given: string) => given.split(' ')[0] ?? given;

/** A reply while identifying the patient. `next` continues to the symptoms once we know who it is. */
export function handleIdentify(t: Turn, input: Input, next: () => void): void {
  const s = t.s;
  switch (s.step) {
    case 'choose': {
      const options = [
        ...s.candidates.map((c) => ({
          id: `${CHOICE.patientPrefix}${c.id}`,
          labels: [firstName(c.givenName), c.givenName],
        })),
        {
          id: CHOICE.someoneElse,
          labels: [
            'someone else',
            'other',
            'new',
            'autre',
            'quelqu un d autre',
            'otra persona',
            'otro',
            'outra pessoa',
            'outro',
            'mtu mwingine',
            'mwingine',
          ],
        },
      ];
      const id = input.choiceId ?? matchChoice(input.text, options);
      if (id === CHOICE.someoneElse) return askName(t);
      const picked =
        id === null ? undefined : s.candidates.find((c) => `${CHOICE.patientPrefix}${c.id}` === id);
      if (picked === undefined) return misunderstood(t);
      s.patient = {
        id: picked.id,
        givenName: picked.givenName,
        ...(picked.familyName !== undefined ? { familyName: picked.familyName } : {}),
        ...(picked.birthDate !== undefined ? { birthDate: picked.birthDate } : {}),
        ...(picked.sex !== undefined ? { sex: picked.sex } : {}),
        registration: 'existing',
      };
      return next();
    }
    case 'name': {
      const name = parseName(input.text);
      if (name === null) return t.ask(text('identify.bad_name'));
      s.draft = {
        givenName: name.givenName,
        ...(name.familyName !== undefined ? { familyName: name.familyName } : {}),
      };
      return t.ask(text('identify.ask_dob', { name: name.givenName }), 'IDENTIFYING', 'dob');
    }
    case 'dob': {
      const parsed = parseBirthDate(input.text, t.now, t.ctx.clinic.timeZone);
      if (parsed === null) return t.ask(text('identify.bad_dob'));
      s.draft = { ...s.draft, birthDate: parsed.birthDate, estimated: parsed.estimated };
      return t.ask(
        choices(
          'identify.ask_sex',
          [
            { id: CHOICE.sexFemale, key: 'sex.female' },
            { id: CHOICE.sexMale, key: 'sex.male' },
            { id: CHOICE.sexOther, key: 'sex.other' },
          ],
          { name: s.draft.givenName ?? '' },
        ),
        'IDENTIFYING',
        'sex',
      );
    }
    case 'sex': {
      const sex =
        input.choiceId === CHOICE.sexFemale
          ? 'female'
          : input.choiceId === CHOICE.sexMale
            ? 'male'
            : input.choiceId === CHOICE.sexOther
              ? 'other'
              : (parseSex(input.text) ?? matchSexByNumber(input.text));
      if (sex === null) return misunderstood(t);
      s.draft = { ...s.draft, sex };
      const d = s.draft;
      return t.ask(
        choices(
          'identify.confirm',
          [
            { id: CHOICE.confirmYes, key: 'identify.confirm_yes' },
            { id: CHOICE.confirmNo, key: 'identify.confirm_no' },
          ],
          {
            name: [d.givenName, d.familyName].filter(Boolean).join(' '),
            dob:
              d.estimated === true
                ? `${formatBirthDate(d.birthDate ?? '', t.language)} (~${Math.floor(ageInYears(d.birthDate ?? '', t.now, t.ctx.clinic.timeZone))})`
                : formatBirthDate(d.birthDate ?? '', t.language),
            sex: `@t:sex.${sex}`,
          },
        ),
        'IDENTIFYING',
        'confirm',
      );
    }
    case 'confirm': {
      const yes =
        input.choiceId === CHOICE.confirmYes || (input.choiceId === null && parseYesNo(input.text) === 'yes');
      const no =
        input.choiceId === CHOICE.confirmNo || (input.choiceId === null && parseYesNo(input.text) === 'no');
      if (no) return askName(t);
      if (!yes) return misunderstood(t);
      register(t);
      return next();
    }
    default:
      // 'lookup': still waiting for the EHR; the patient wrote meanwhile. Keep what they said.
      if (input.text.trim() !== '')
        s.complaint = s.complaint === null ? input.text : `${s.complaint}\n${input.text}`;
  }
}

function matchSexByNumber(raw: string): 'female' | 'male' | 'other' | null {
  const id = matchChoice(raw, [
    { id: 'female', labels: [] },
    { id: 'male', labels: [] },
    { id: 'other', labels: [] },
  ]);
  return id === 'female' || id === 'male' || id === 'other' ? id : null;
}

/** Register the confirmed new patient (a durable write); the conversation goes on meanwhile. */
function register(t: Turn): void {
  const s = t.s;
  const d = s.draft;
  if (d.givenName === undefined || d.birthDate === undefined || d.sex === undefined) return;
  const key = `reg-${t.ctx.conversationRef}-${s.createdAt}-${s.episode}-${s.seq}`;
  t.write(
    {
      kind: 'register_patient',
      idempotencyKey: key,
      patient: {
        givenName: d.givenName,
        ...(d.familyName !== undefined ? { familyName: d.familyName } : {}),
        birthDate: d.birthDate,
        birthDateEstimated: d.estimated ?? false,
        sex: d.sex,
      },
    },
    `register-${s.episode}-${s.seq}`,
  );
  s.patient = {
    givenName: d.givenName,
    ...(d.familyName !== undefined ? { familyName: d.familyName } : {}),
    birthDate: d.birthDate,
    sex: d.sex,
    registration: 'pending',
  };
}

/** The registration write finished: remember the record id, then do what was waiting for it. */
export function onRegistered(t: Turn, patientId: string | null, book: () => void): void {
  const s = t.s;
  if (s.patient === null) return;
  if (patientId === null) {
    s.patient = { ...s.patient, registration: 'failed' };
    t.sayKey(t.ctx.clinic.phone === undefined ? 'registration.failed' : 'registration.failed_phone', {
      phone: t.ctx.clinic.phone ?? '',
    });
    t.alert('REGISTRATION_FAILED');
    return;
  }
  s.patient = { ...s.patient, id: patientId, registration: 'done' };
  recordTriage(t, s.booking?.appointment?.id);
  if (s.bookWhenRegistered) {
    s.bookWhenRegistered = false;
    book();
  }
}

/** The answer did not fit the question: say so and ask again; after three tries, offer a person. */
export function misunderstood(t: Turn): void {
  t.s.misunderstood += 1;
  const count = t.s.misunderstood;
  t.sayKey(count >= 3 ? 'common.stuck' : 'common.pick_one');
  t.reask();
  t.s.misunderstood = count;
}
