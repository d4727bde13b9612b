import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, ELLIPSIS, splitText, truncateText } from './truncate-text.ts';

const graphemes = (s: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('truncateText', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateText('Confirm', 20)).toEqual({ text: 'Confirm', truncated: false });
  });

  it('cuts with an ellipsis within the limit', () => {
    const r = truncateText('Take paracetamol every six hours', 20);
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(20);
    expect(r.text.endsWith(ELLIPSIS)).toBe(true);
    expect(r.text).toBe('Take paracetamol ev…');
  });

  it('never splits an emoji ZWJ sequence, a flag or a skin tone', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 code units, one grapheme
    const text = `ab${family}${family}`;
    for (let max = 1; max <= text.length; max++) {
      const r = truncateText(text, max);
      expect(r.text.length).toBeLessThanOrEqual(max);
      expect(LONE_SURROGATE.test(r.text)).toBe(false);
      const body = r.text.replace(ELLIPSIS, '');
      expect(text.startsWith(body)).toBe(true);
      // The kept part ends on a grapheme boundary of the original.
      expect(graphemes(text).join('').startsWith(graphemes(body).join(''))).toBe(true);
      expect(graphemes(body).every((g) => graphemes(text).includes(g))).toBe(true);
    }
    expect(truncateText('🇧🇷🇧🇷🇧🇷', 5).text).toBe('🇧🇷…');
    expect(truncateText('👍🏽👍🏽', 4).text).toBe('…');
  });

  it('keeps a decomposed accent with its letter', () => {
    const decomposed = 'cafe\u0301 cafe\u0301';
    const r = truncateText(decomposed, 6);
    expect(r.text).toBe('cafe\u0301…');
  });
});

describe('cleanText / cleanLine', () => {
  it('normalizes to NFC, drops control characters and lone surrogates', () => {
    expect(cleanText('  cafe\u0301\u0007\r\nok\uD800 ')).toBe('café\nok\uFFFD');
  });
  it('collapses a label to one line', () => {
    expect(cleanLine(' Yes,\n\tI  am\u2028sure ')).toBe('Yes, I am sure');
  });
});

describe('splitText', () => {
  it('returns one chunk for short text and none for blank text', () => {
    expect(splitText('hello')).toEqual(['hello']);
    expect(splitText('  \n ')).toEqual([]);
  });

  it('prefers paragraph breaks', () => {
    const p1 = 'a'.repeat(3000);
    const p2 = 'b'.repeat(3000);
    expect(splitText(`${p1}\n\n${p2}`)).toEqual([p1, p2]);
  });

  it('falls back to sentence ends, then spaces', () => {
    const sentence = 'This is a sentence about your symptoms. ';
    const text = sentence.repeat(200).trim(); // ~8000 chars, no newlines
    const chunks = splitText(text);
    expect(chunks.length).toBe(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(4096);
      expect(c.endsWith('symptoms.')).toBe(true);
    }
    const words = 'word '.repeat(2000).trim();
    for (const c of splitText(words, 100)) expect(c).toMatch(/^word( word)*$/);
  });

  it('splits text without any break at grapheme boundaries', () => {
    const emoji = '😀'.repeat(3000); // 6000 units
    const chunks = splitText(emoji);
    expect(chunks.join('')).toBe(emoji);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(4096);
      expect(LONE_SURROGATE.test(c)).toBe(false);
    }
  });

  it('property: chunks fit, are never blank, keep every non-space character in order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 80 }),
            fc.constantFrom('\n\n', '\n', '. ', ' ', '👨‍👩‍👧‍👦', 'é', 'e\u0301', '🇧🇷'),
          ),
          { maxLength: 120 },
        ),
        fc.integer({ min: 12, max: 300 }),
        (parts, max) => {
          const text = parts.join('');
          const chunks = splitText(text, max);
          for (const c of chunks) {
            expect(c.length).toBeLessThanOrEqual(max);
            expect(c.trim().length).toBeGreaterThan(0);
            expect(LONE_SURROGATE.test(c)).toBe(false);
          }
          const squash = (s: string) => s.replace(/\s+/gu, '');
          expect(squash(chunks.join(''))).toBe(squash(cleanText(text)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
