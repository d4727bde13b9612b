import type { ImageInput } from './triage-model.ts';

/** A message as our code builds it, before the Gemma rules are applied. */
export interface DraftMessage {
  role: 'system' | 'user' | 'assistant';
  text: string;
  images?: readonly ImageInput[];
}

/** A message fit for Gemma: only `user` / `assistant` (there is no system role, reference A4). */
export interface GemmaMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly images: readonly ImageInput[];
}

/** What a system text is joined to the first user turn with (the HF template uses `\n\n`, A4 [S10]). */
const SYSTEM_JOINER = '\n\n';

/**
 * Applies Gemma's chat-template rules to any message list, whatever the server (reference A4):
 * - no `system` role is ever sent: every system text is folded into the FIRST user turn, in order,
 *   ahead of the user's text (what the HF template and llama.cpp do themselves, done here so that the
 *   request is portable across vLLM, TGI, Ollama and Vertex);
 * - consecutive messages with the same role are merged (patients send bursts) with a blank line;
 * - the result starts with `user` and strictly alternates `user`/`assistant`: a leading assistant
 *   turn gets a user turn in front of it (the folded system text, or a neutral marker), since the
 *   template raises on a first `model` turn.
 *
 * Total: never throws. An empty input gives one empty user turn, so every call has a user turn.
 *
 * @param messages any roles in any order
 * @returns a non-empty, strictly alternating list starting with `user`
 */
export function normalizeGemmaMessages(messages: readonly DraftMessage[]): GemmaMessage[] {
  const systemTexts: string[] = [];
  const turns: Array<{ role: 'user' | 'assistant'; texts: string[]; images: ImageInput[] }> = [];
  for (const m of messages) {
    if (m.role === 'system') {
      if (m.text !== '') systemTexts.push(m.text);
      continue;
    }
    const last = turns[turns.length - 1];
    if (last !== undefined && last.role === m.role) {
      if (m.text !== '') last.texts.push(m.text);
      last.images.push(...(m.images ?? []));
    } else {
      turns.push({ role: m.role, texts: m.text === '' ? [] : [m.text], images: [...(m.images ?? [])] });
    }
  }
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', texts: [], images: [] });
  const first = turns[0]!;
  first.texts.unshift(...systemTexts);
  return turns.map((t) => ({ role: t.role, text: t.texts.join(SYSTEM_JOINER), images: t.images }));
}
