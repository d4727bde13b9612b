/** Gemma's thinking delimiters as MedGemma emits them (reference A4). */
const THINK_OPEN = '<unused94>';
const THINK_CLOSE = '<unused95>';

/** The visible answer, or the sign that the answer was lost in a cut-off thought. */
export type StrippedOutput = { truncated: false; text: string } | { truncated: true };

/**
 * Removes every `<unused94>…<unused95>` thinking block (reference A4: the Model Garden notebook splits
 * on `<unused95>`, AppointReady strips the span with a regex; MedGemma 1.5 4B on Ollama emits thoughts
 * even unasked, [S16]). A `<unused94>` with no `<unused95>` after it means generation stopped inside
 * the thought (max tokens): there is no answer, whatever text precedes it — the caller retries once
 * with thinking off. A stray `<unused95>` without an opener (the server dropped the opening special
 * token) ends a thought too: everything before it is discarded.
 *
 * @param raw the model's content as the server returned it
 */
export function stripThinking(raw: string): StrippedOutput {
  let text = raw;
  const firstClose = text.indexOf(THINK_CLOSE);
  const firstOpen = text.indexOf(THINK_OPEN);
  if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) {
    text = text.slice(firstClose + THINK_CLOSE.length);
  }
  for (;;) {
    const open = text.indexOf(THINK_OPEN);
    if (open === -1) break;
    const close = text.indexOf(THINK_CLOSE, open + THINK_OPEN.length);
    if (close === -1) return { truncated: true };
    text = text.slice(0, open) + text.slice(close + THINK_CLOSE.length);
  }
  return { truncated: false, text: text.replaceAll(THINK_CLOSE, '').trim() };
}
