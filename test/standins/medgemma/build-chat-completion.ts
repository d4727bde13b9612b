import { randomUUID } from 'node:crypto';
import type { CompletionOutput } from './standin-internals.ts';

/**
 * vLLM's non-streaming `chat.completion` object, field for field as in reference A5.1b (the same
 * object vLLM returns on `/v1/chat/completions`, A5.2): vLLM adds `reasoning_content`, `stop_reason`
 * and `prompt_logprobs` to the OpenAI shape. Gemma has no vLLM reasoning parser, so any thinking
 * stays inside `content` and `reasoning_content` is null.
 *
 * @param c the rendered completion
 * @param id the completion id (the streaming path shares it across chunks)
 */
export function buildChatCompletion(c: CompletionOutput, id = newCompletionId()): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: c.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: c.content, reasoning_content: null, tool_calls: [] },
        logprobs: null,
        finish_reason: c.finishReason,
        stop_reason: null,
      },
    ],
    usage: {
      prompt_tokens: c.promptTokens,
      total_tokens: c.promptTokens + c.completionTokens,
      completion_tokens: c.completionTokens,
      prompt_tokens_details: null,
    },
    prompt_logprobs: null,
  };
}

/** `chatcmpl-` plus 32 hex digits, like vLLM's ids. */
export function newCompletionId(): string {
  return `chatcmpl-${randomUUID().replaceAll('-', '')}`;
}

/**
 * Server-sent events for `stream: true` (OpenAI/vLLM `chat.completion.chunk`): a role chunk, content
 * chunks, a finish chunk, an optional usage chunk (`stream_options.include_usage`), then `[DONE]`.
 * Not in the reference; the chunk shape is the standard OpenAI one vLLM implements.
 *
 * @param c the rendered completion
 * @param includeUsage whether the client asked for a final usage chunk
 */
export function buildChatCompletionStream(c: CompletionOutput, includeUsage: boolean): string[] {
  const id = newCompletionId();
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: c.model, choices, ...extra })}\n\n`;
  const choice = (delta: Record<string, unknown>, finish: string | null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
    ...(finish === null ? {} : { stop_reason: null }),
  });
  const events = [chunk([choice({ role: 'assistant', content: '' }, null)])];
  for (const piece of splitText(c.content, 16)) events.push(chunk([choice({ content: piece }, null)]));
  events.push(chunk([choice({ content: '' }, c.finishReason)]));
  if (includeUsage) {
    events.push(
      chunk([], {
        usage: {
          prompt_tokens: c.promptTokens,
          total_tokens: c.promptTokens + c.completionTokens,
          completion_tokens: c.completionTokens,
        },
      }),
    );
  }
  events.push('data: [DONE]\n\n');
  return events;
}

/** Splits text into pieces of at most `size` code points (never splitting a surrogate pair). */
export function splitText(text: string, size: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}
