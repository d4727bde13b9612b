import { DateTime } from 'luxon';
import type { Language } from '../shared/language.ts';

/** BCP-47 locales for date formatting, chosen for the regions the service is for. */
const LOCALES: Readonly<Record<Language, string>> = {
  en: 'en-GB',
  fr: 'fr-FR',
  es: 'es-ES',
  pt: 'pt-BR',
  sw: 'sw-KE',
};

/** "Tue 25 Nov" style day label in the patient's language and the clinic's time zone. */
export function formatDay(instant: string, language: Language, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: timeZone }).setLocale(LOCALES[language]).toFormat('ccc d LLL');
}

/** "09:30" in the clinic's time zone (24-hour clock: unambiguous in every language). */
export function formatTime(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: timeZone }).toFormat('HH:mm');
}

/** "Tuesday 25 November 2026" in the patient's language and the clinic's time zone. */
export function formatLongDate(instant: string, language: Language, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: timeZone })
    .setLocale(LOCALES[language])
    .toFormat('cccc d LLLL yyyy');
}

/** A birth date ("1985-03-14") for reading back to the patient, e.g. "14 March 1985". */
export function formatBirthDate(date: string, language: Language): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(LOCALES[language]).toFormat('d LLLL yyyy');
}
