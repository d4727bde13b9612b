import type { Language } from '../shared/language.ts';
import type { Effect } from './effects.ts';
import type { ConversationEvent } from './events.ts';

/** What the pure core knows of the world besides the session and the event. */
export interface StepContext {
  /** Unix ms. */
  readonly now: number;
  /** An opaque, stable, PHI-free reference to this conversation (for idempotency keys). */
  readonly conversationRef: string;
  readonly clinic: {
    readonly name: string;
    readonly timeZone: string;
    readonly emergencyNumber: string;
    readonly phone: string | undefined;
    readonly defaultLanguage: Language;
    readonly handoverTimeoutMs: number;
  };
}

export interface StepResult {
  /** The next session, or null to forget the conversation (declined consent, "delete my data"). */
  readonly session: unknown;
  readonly effects: readonly Effect[];
}

/**
 * The conversation engine: a pure function of (session, event, context). `session` is whatever the
 * engine saved last time (JSON, validated and migrated by the engine itself), or null for a new one.
 */
export interface ConversationEngine {
  step(session: unknown, event: ConversationEvent, ctx: StepContext): StepResult;
}
