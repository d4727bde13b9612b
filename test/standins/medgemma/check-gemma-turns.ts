/**
 * Gemma 3 chat-template role rules (reference A4), as vLLM enforces them when it renders the HF
 * template: an optional leading `system`, then strictly `user`, `assistant`, `user`, …
 */

/** vLLM's text when the Gemma 3 template raises (A4, source S12). */
export const ALTERNATION_MESSAGE = 'Conversation roles must alternate user/assistant/user/assistant/...';

/**
 * What the template does with an empty list: `messages[0]` is undefined and Jinja raises; vLLM turns
 * template errors into 400 with the exception text. The exact text is inferred, not captured.
 */
export const EMPTY_MESSAGES_MESSAGE = 'list object has no element 0';

/** Which rule a conversation breaks. */
export interface GemmaTurnViolation {
  kind: 'empty' | 'system-not-first' | 'first-not-user' | 'not-alternating' | 'no-user-turn';
  /** The message vLLM would answer with. */
  message: string;
}

/**
 * Checks a conversation's roles against the Gemma 3 template.
 *
 * Stricter than the real template in two documented spots, both of which are client bugs for us:
 * a `system` message at an odd position (the template would render a `system` turn there instead of
 * raising) and a conversation of only a system message (the template renders no turn at all).
 *
 * @param roles the `role` of each message, in order
 * @returns the first violation, or undefined when the template would accept the roles
 */
export function checkGemmaTurns(roles: readonly string[]): GemmaTurnViolation | undefined {
  if (roles.length === 0) return { kind: 'empty', message: EMPTY_MESSAGES_MESSAGE };
  const start = roles[0] === 'system' ? 1 : 0;
  if (start === roles.length) return { kind: 'no-user-turn', message: ALTERNATION_MESSAGE };
  for (let i = start; i < roles.length; i++) {
    const role = roles[i];
    const expected = (i - start) % 2 === 0 ? 'user' : 'assistant';
    if (role === expected) continue;
    if (role === 'system') return { kind: 'system-not-first', message: ALTERNATION_MESSAGE };
    if (i === start) return { kind: 'first-not-user', message: ALTERNATION_MESSAGE };
    return { kind: 'not-alternating', message: ALTERNATION_MESSAGE };
  }
  return undefined;
}
