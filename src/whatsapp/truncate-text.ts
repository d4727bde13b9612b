/**
 * Text measuring, cleaning, truncating and splitting for WhatsApp limits (reference/whatsapp.md §4.1–4.4).
 *
 * Meta states its limits in "characters" without saying which unit. We measure in UTF-16 code units
 * (`String.prototype.length`), the largest of the plausible units (code units ≥ code points ≥
 * graphemes), so a string we accept fits whatever Meta counts. We always cut at grapheme-cluster
 * boundaries (`Intl.Segmenter`) so an emoji, a flag or an accented letter is never split in half.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** The ellipsis appended to truncated text: one UTF-16 code unit. */
export const ELLIPSIS = '…';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0/C1 controls except \n and \t, plus the Unicode line/paragraph separators; zero-width joiners are kept
// (they are part of emoji sequences).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Length as we count it against Meta's limits: UTF-16 code units (see module comment). */
export function textLength(text: string): number {
  return text.length;
}

/**
 * Normalizes free text (a body): NFC (a decomposed "é" costs two units, composed one), lone
 * surrogates replaced by U+FFFD (they cannot be encoded as UTF-8), CRLF → LF, other control
 * characters removed, surrounding whitespace trimmed. Newlines inside the text are kept.
 */
export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(CONTROL, '')
    .trim();
}

/**
 * Normalizes a one-line label (button or row title, header, footer, list button): like
 * {@link cleanText} but every run of whitespace, newlines included, becomes one space — Meta renders
 * these on one line and markdown/newlines are not supported in titles (§4.2).
 */
export function cleanLine(text: string): string {
  return cleanText(text.replace(/[\n\r\t\u2028\u2029]/g, ' '))
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The result of {@link truncateText}: the text and whether anything was cut. */
export interface Truncated {
  readonly text: string;
  readonly truncated: boolean;
}

/**
 * Shortens `text` to at most `max` UTF-16 code units, cutting at a grapheme boundary and ending with
 * {@link ELLIPSIS} when anything was removed (trailing whitespace before the ellipsis is dropped).
 * A text that already fits is returned unchanged. With `max` < 1 the result is empty.
 */
export function truncateText(text: string, max: number): Truncated {
  if (text.length <= max) return { text, truncated: false };
  if (max < ELLIPSIS.length) return { text: '', truncated: true };
  const budget = max - ELLIPSIS.length;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  return { text: text.slice(0, end).trimEnd() + ELLIPSIS, truncated: true };
}

/** Below this fraction of the limit, a paragraph or line break is too early to be a good cut. */
const MIN_CHUNK_FRACTION = 1 / 3;

/**
 * Splits `text` into chunks of at most `max` UTF-16 code units (default 4096, the text-message limit,
 * §4.1). Cuts prefer, in order: a paragraph break, a line break, a sentence end (`Intl.Segmenter`), a
 * space, and only then any grapheme boundary — but a break earlier than a third of the limit is
 * skipped for a finer one, so chunks are not needlessly tiny. Chunks are trimmed and never empty; a
 * text that is empty after {@link cleanText} gives `[]`. The text is cleaned first.
 */
export function splitText(text: string, max = 4096): string[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  let rest = cleanText(text);
  const chunks: string[] = [];
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const head = rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).trimStart();
    if (head.length > 0) chunks.push(head);
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

/** Index (0 < cut ≤ max) at which to end the next chunk of `text` (which is longer than `max`). */
function findCut(text: string, max: number): number {
  const window = text.slice(0, max);
  const min = Math.max(1, Math.floor(max * MIN_CHUNK_FRACTION));

  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph >= min) return paragraph;
  const line = window.lastIndexOf('\n');
  if (line >= min) return line;

  let sentenceEnd = 0;
  for (const { segment, index } of sentences.segment(text)) {
    const end = index + segment.length;
    if (end > max) break;
    sentenceEnd = end;
  }
  if (sentenceEnd >= min) return sentenceEnd;

  const space = lastWhitespace(window);
  if (space >= min) return space;

  // Any break at all beats cutting a word.
  const coarse = Math.max(paragraph, line, sentenceEnd, space);
  if (coarse > 0) return coarse;

  let graphemeEnd = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const end = index + segment.length;
    if (end > max) break;
    graphemeEnd = end;
  }
  if (graphemeEnd > 0) return graphemeEnd;
  // A single grapheme longer than the limit (pathological combining sequences): cut at a code point
  // boundary so at least no surrogate pair is split.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff && max > 1 ? max - 1 : max;
}

function lastWhitespace(window: string): number {
  for (let i = window.length - 1; i > 0; i--) {
    if (/\s/u.test(window[i] ?? '')) return i;
  }
  return -1;
}
