import type { ConversationEngine } from '../../src/conversation/engine.ts';

/**
 * Test engine: answers each patient turn with the turn's texts joined by "|", so a test can see which
 * messages became one turn and in which order. Optionally hangs on a text (to kill a worker mid-turn).
 */
export function echoEngine(options: { hangOn?: string; hangMs?: number } = {}): ConversationEngine {
  return {
    step(session, event, ctx) {
      if (event.type !== 'patient_turn') return { session: session ?? {}, effects: [] };
      const texts = event.messages.map((m) =>
        m.content.type === 'text' ? m.content.text : `[${m.content.type}]`,
      );
      if (options.hangOn !== undefined && texts.includes(options.hangOn)) {
        // A pure engine never blocks; this one does on purpose, to freeze a worker mid-turn.
        const until = Date.now() + (options.hangMs ?? 60_000);
        while (Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
      return {
        session: {
          turns:
            (typeof session === 'object' && session !== null && 'turns' in session
              ? Number(session.turns)
              : 0) + 1,
        },
        effects: [
          {
            type: 'send',
            language: ctx.clinic.defaultLanguage,
            text: { kind: 'verbatim', text: `${event.stale ? 'STALE:' : ''}${texts.join('|')}` },
          },
        ],
      };
    },
  };
}
