import type { Reply, StandinFinishReason } from './standin-types.ts';

/** Replies that become model output (the rest control transport). */
export type ContentReply = Extract<
  Reply,
  { text: string } | { json: unknown } | { truncatedThinking: string } | { garbage: string }
>;

/** The generated text and why generation stopped. */
export interface RenderedContent {
  content: string;
  finishReason: StandinFinishReason;
}

/** Gemma's thinking markers as MedGemma 27B emits them (reference A4, S5/S15/S16). */
const THOUGHT_OPEN = '<unused94>thought\n';
const THOUGHT_CLOSE = '<unused95>';

/** Rough token count used for every `usage` field: one token per four characters, at least one. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Turns a content reply into the model's raw output. When the request set a token limit and
 * `enforceMaxTokens` is on, output longer than `maxTokens * 4` characters is cut there with finish
 * reason `length` — what a real server does, and how a thinking block ends up without `<unused95>`.
 *
 * @param reply a content-producing reply
 * @param maxTokens the request's token limit, if any
 * @param enforceMaxTokens whether to apply the limit
 */
export function renderReplyContent(
  reply: ContentReply,
  maxTokens: number | undefined,
  enforceMaxTokens: boolean,
): RenderedContent {
  let content: string;
  let finishReason: StandinFinishReason = 'stop';
  if ('truncatedThinking' in reply) {
    content = THOUGHT_OPEN + reply.truncatedThinking;
    finishReason = 'length';
  } else if ('thinking' in reply) {
    content = THOUGHT_OPEN + reply.thinking + THOUGHT_CLOSE + reply.text;
  } else if ('garbage' in reply) {
    content = reply.garbage;
  } else if ('json' in reply) {
    content = JSON.stringify(reply.json);
    finishReason = reply.finishReason ?? 'stop';
  } else {
    content = reply.text;
    finishReason = reply.finishReason ?? 'stop';
  }
  if (enforceMaxTokens && maxTokens !== undefined && content.length > maxTokens * 4) {
    return { content: content.slice(0, maxTokens * 4), finishReason: 'length' };
  }
  return { content, finishReason };
}
