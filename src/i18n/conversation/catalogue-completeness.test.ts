import { describe, expect, it } from 'vitest';
import { type Command, detectCommand } from '../../conversation/detect-command.ts';
import { normalizeText } from '../../conversation/normalize-text.ts';
import { parseSex, parseYesNo } from '../../conversation/parse-answer.ts';
import type { Language } from '../../shared/language.ts';
import { type CatalogueKey, en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { pt } from './pt.ts';
import { sw } from './sw.ts';

const catalogues: Readonly<Record<Language, Readonly<Record<string, string>>>> = { en, fr, es, pt, sw };
const languages = Object.keys(catalogues) as Language[];
const englishKeys = Object.keys(en) as CatalogueKey[];

/** Reply-button and list-button labels: WhatsApp cuts them at 20 characters (UTF-16 code units). */
const isButtonLabel = (key: string): boolean =>
  /^(btn|answer|sex)\./.test(key) ||
  [
    'consent.yes',
    'consent.no',
    'consent.language',
    'identify.someone_else',
    'identify.confirm_yes',
    'identify.confirm_no',
    'emergency.choice_safe',
    'emergency.choice_restart',
    'result.self_care_book',
    'result.self_care_no_thanks',
    'confirm.book',
    'confirm.other_time',
    'confirm.cancel',
    'cancel.yes',
    'cancel.no',
    'stale.yes',
    'stale.no',
  ].includes(key);
const buttonKeys = englishKeys.filter(isButtonLabel);

/** Labels offered together in one question: the patient must be able to tell them apart. */
const groups: ReadonlyArray<readonly CatalogueKey[]> = [
  ['consent.yes', 'consent.no', 'consent.language'],
  ['answer.yes', 'answer.no', 'answer.unsure'],
  ['confirm.book', 'confirm.other_time', 'confirm.cancel'],
  ['cancel.yes', 'cancel.no'],
  ['stale.yes', 'stale.no'],
  ['result.self_care_book', 'result.self_care_no_thanks'],
  ['emergency.choice_safe', 'emergency.choice_restart'],
  ['identify.confirm_yes', 'identify.confirm_no'],
  ['sex.female', 'sex.male', 'sex.other'],
];

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
const emoji = (text: string): string[] =>
  [...text.matchAll(/\p{Extended_Pictographic}/gu)].map((m) => m[0]).sort();
const count = (text: string, s: string): number => text.split(s).length - 1;

/** The command word(s) of each "• WORD – what it does" line of a help text. */
const helpCommandWords = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('•'))
    .map((line) => (line.slice(1).split(/\s[–-]\s/)[0] ?? '').trim());

/**
 * Commands a text tells the patient to write: words in capitals ("write CANCEL") and quoted words
 * ("write “start again”"), in order. Quoted examples that are not commands are skipped.
 */
const commandsNamed = (text: string): Command[] => {
  const capitals = [...text.matchAll(/(?<!\p{L})\p{Lu}{2,}(?: \p{Lu}{2,})*(?!\p{L})/gu)].map((m) => [
    m.index,
    m[0],
  ]);
  const quoted = [...text.matchAll(/[“«"]\s*([^”»"]+?)\s*[”»"]/g)].map((m) => [m.index, m[1] ?? '']);
  return [...capitals, ...quoted]
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, words]) => detectCommand(String(words)))
    .filter((c): c is Command => c !== null);
};

describe('conversation catalogues', () => {
  it('has the five languages', () => {
    expect(languages).toEqual(['en', 'fr', 'es', 'pt', 'sw']);
  });

  describe.each(languages)('%s', (language) => {
    const catalogue = catalogues[language];

    it('has exactly the English keys', () => {
      expect(Object.keys(catalogue).sort()).toEqual([...englishKeys].sort());
    });

    it('has no empty text', () => {
      for (const key of englishKeys) expect(catalogue[key]?.trim(), key).not.toBe('');
    });

    it('keeps the English {{placeholders}}, and no broken ones', () => {
      for (const key of englishKeys) {
        const text = catalogue[key] ?? '';
        expect(placeholders(text), key).toEqual(placeholders(en[key]));
        expect(count(text, '{'), key).toBe(count(en[key], '{'));
        expect(count(text, '}'), key).toBe(count(en[key], '}'));
      }
    });

    it('keeps the English line breaks, bullets and emoji', () => {
      for (const key of englishKeys) {
        const text = catalogue[key] ?? '';
        expect(count(text, '\n'), key).toBe(count(en[key], '\n'));
        expect(count(text, '•'), key).toBe(count(en[key], '•'));
        expect(emoji(text), key).toEqual(emoji(en[key]));
      }
    });

    it('keeps every button label within 20 UTF-16 code units', () => {
      expect(buttonKeys.length).toBeGreaterThan(20);
      for (const key of buttonKeys) {
        const label = catalogue[key] ?? '';
        expect(label.length, `${key}: "${label}"`).toBeLessThanOrEqual(20);
      }
    });

    it('keeps the labels offered together distinct', () => {
      for (const group of groups) {
        const labels = group.map((key) => normalizeText(catalogue[key] ?? ''));
        expect(new Set(labels).size, group.join(', ')).toBe(group.length);
      }
    });

    it('names in the help text only commands the service understands, all seven of them', () => {
      const words = helpCommandWords(catalogue['help.text'] ?? '');
      expect(words).toHaveLength(7);
      for (const word of words) expect(detectCommand(word), word).not.toBeNull();
      expect(new Set(words.map(detectCommand))).toEqual(
        new Set(['help', 'restart', 'cancel', 'agent', 'language', 'stop', 'delete']),
      );
    });

    it('tells the patient to write the same commands as English does, in words the service understands', () => {
      for (const key of englishKeys) {
        if (key === 'help.text') continue;
        expect(commandsNamed(catalogue[key] ?? ''), key).toEqual(commandsNamed(en[key]));
      }
    });

    it('has no reply-button label that, typed, would run a different command than the English one', () => {
      // List-button labels (btn.*) are not answers: "Lugha" (Languages) may well be a command word.
      for (const key of buttonKeys.filter((k) => !k.startsWith('btn.'))) {
        const command = detectCommand(catalogue[key] ?? '');
        if (command !== null) expect(command, key).toBe(detectCommand(en[key]));
      }
    });

    it('has yes / no / not sure and sex labels that are understood when typed', () => {
      expect(parseYesNo(catalogue['answer.yes'] ?? '')).toBe('yes');
      expect(parseYesNo(catalogue['answer.no'] ?? '')).toBe('no');
      expect(parseYesNo(catalogue['answer.unsure'] ?? '')).toBe('unsure');
      expect(parseSex(catalogue['sex.female'] ?? '')).toBe('female');
      expect(parseSex(catalogue['sex.male'] ?? '')).toBe('male');
      expect(parseSex(catalogue['sex.other'] ?? '')).toBe('other');
    });
  });

  it('finds commands in the English texts (the command checks above are not vacuous)', () => {
    expect(commandsNamed(en['booking.confirmed'])).toEqual(['cancel']);
    expect(commandsNamed(en['common.stuck'])).toEqual(['agent']);
    expect(commandsNamed(en['emergency.safe_ack'])).toEqual(['restart']);
  });
});
