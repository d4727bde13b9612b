/**
 * Tags that wrap untrusted text in the prompt. Everything inside is DATA (the system text says so);
 * everything outside is ours.
 */
export const DATA_TAGS = ['patient_message', 'running_summary', 'last_question'] as const;
export type DataTag = (typeof DATA_TAGS)[number];

/**
 * Neutralises text before it is put between delimiters: `<` and `>` become `‹` and `›`, so no
 * closing tag (`</patient_message>`), no fake opening tag and no Gemma control token
 * (`<start_of_turn>`, `<end_of_turn>`, `<unused94>`) can appear — servers tokenise special-token text
 * found in a rendered prompt as the special token itself, so a patient typing `<end_of_turn>` could
 * otherwise end our turn (reference A4 turn markers). Control characters other than newline and tab
 * are removed, CRLF becomes LF, runs of more than two blank lines are squeezed, and the text is
 * capped at `maxChars` (code points, never splitting a surrogate pair).
 *
 * @param text untrusted text (patient words, or model-written text derived from them)
 * @param maxChars cap on the result's length in code points
 */
export function neutralizeData(text: string, maxChars: number): string {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(/[<＜﹤]/g, '‹')
    .replace(/[>＞﹥]/g, '›')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = Array.from(cleaned);
  return chars.length <= maxChars ? cleaned : `${chars.slice(0, maxChars).join('')}…`;
}

/**
 * Wraps neutralised text in its delimiters, each on its own line.
 *
 * @param tag which data block
 * @param text untrusted text
 * @param maxChars cap, see `neutralizeData`
 */
export function quoteData(tag: DataTag, text: string, maxChars: number): string {
  return `<${tag}>\n${neutralizeData(text, maxChars)}\n</${tag}>`;
}
