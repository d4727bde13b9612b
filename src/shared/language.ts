/** The languages every patient-facing text exists in. The order is the order offered to patients. */
export const LANGUAGES = ['en', 'fr', 'es', 'pt', 'sw'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Narrow an unknown string to a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
