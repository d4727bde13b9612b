import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Language } from '../shared/language.ts';

/** Catalogues: language → namespace → flat key → text with `{{param}}` placeholders. */
export type Catalogues = Readonly<
  Record<Language, Readonly<Record<string, Readonly<Record<string, string>>>>>
>;

export interface Translator {
  /** The text for `key` (`ns:key`, default namespace `conversation`) in `language`. */
  t(language: Language, key: string, params?: Readonly<Record<string, string | number>>): string;
  /** Whether the key exists in that language (no fallback). */
  has(language: Language, key: string): boolean;
}

/**
 * An i18next instance over in-memory catalogues. Keys are flat (`consent.ask`, not nested objects),
 * values are plain text (WhatsApp is not HTML: no escaping). A missing key falls back to English,
 * then to the key itself, so a patient never gets an empty message.
 */
export function createTranslator(catalogues: Catalogues): Translator {
  const resources: Record<string, Record<string, Record<string, string>>> = {};
  for (const language of LANGUAGES) {
    resources[language] = { ...catalogues[language] };
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(catalogues.en),
    defaultNS: 'conversation',
    keySeparator: false,
    nsSeparator: ':',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return {
    t(language, key, params) {
      return instance.t(key, { lng: language, ...(params ?? {}) });
    },
    has(language, key) {
      return instance.exists(key, { lng: language, fallbackLng: false });
    },
  };
}
