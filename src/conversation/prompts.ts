import type { ChoiceSpec, PatientText, TextParams } from './effects.ts';

/** Choice ids the conversation understands in button and list replies. Stable: they are routing data. */
export const CHOICE = {
  consentYes: 'consent.yes',
  consentNo: 'consent.no',
  consentLanguage: 'consent.language',
  someoneElse: 'patient.new',
  patientPrefix: 'patient:',
  sexFemale: 'sex.female',
  sexMale: 'sex.male',
  sexOther: 'sex.other',
  confirmYes: 'confirm.yes',
  confirmNo: 'confirm.no',
  answerYes: 'answer.yes',
  answerNo: 'answer.no',
  answerUnsure: 'answer.unsure',
  slotPrefix: 'slot:',
  book: 'book.yes',
  otherTime: 'book.other',
  bookCancel: 'book.cancel',
  emergencySafe: 'emergency.safe',
  restart: 'flow.restart',
  selfCareBook: 'selfcare.book',
  selfCareNo: 'selfcare.no',
  cancelYes: 'cancel.yes',
  cancelNo: 'cancel.no',
  apptPrefix: 'appt:',
  staleYes: 'stale.yes',
  staleNo: 'stale.no',
  languagePrefix: 'lang:',
} as const;

/** Native names: a patient who cannot read the current language still recognises their own. */
export const LANGUAGE_NAMES = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  pt: 'Português',
  sw: 'Kiswahili',
} as const;

export const text = (key: string, params?: TextParams): PatientText =>
  params === undefined ? { kind: 'text', key } : { kind: 'text', key, params };

export const choices = (
  key: string,
  list: readonly ChoiceSpec[],
  params?: TextParams,
  buttonKey = 'btn.options',
): PatientText => ({
  kind: 'choices',
  key,
  choices: list,
  buttonKey,
  ...(params === undefined ? {} : { params }),
});

export const yesNoUnsure = (key: string, params?: TextParams): PatientText =>
  choices(
    key,
    [
      { id: CHOICE.answerYes, key: 'answer.yes' },
      { id: CHOICE.answerNo, key: 'answer.no' },
      { id: CHOICE.answerUnsure, key: 'answer.unsure' },
    ],
    params,
  );

export const languageChoice = (): PatientText =>
  choices(
    'lang.ask',
    (Object.entries(LANGUAGE_NAMES) as Array<[string, string]>).map(([code, name]) => ({
      id: `${CHOICE.languagePrefix}${code}`,
      label: name,
    })),
    undefined,
    'btn.languages',
  );
