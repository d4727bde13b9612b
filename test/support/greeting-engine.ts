import type { ConversationEngine } from '../../src/conversation/engine.ts';

/**
 * A minimal engine for pipeline tests and the ingest bench, whose subject is the pipeline (ordering,
 * bursts, duplicates, delivery bookkeeping), not the conversation: like the real engine it marks the
 * latest message read, then it answers every patient turn with one greeting and counts turns.
 */
export const greetingEngine: ConversationEngine = {
  step(session, event, ctx) {
    const turns =
      typeof session === 'object' && session !== null && 'turns' in session ? Number(session.turns) : 0;
    if (event.type !== 'patient_turn') return { session: session ?? { turns }, effects: [] };
    const latest = event.messages.reduce((a, b) => (b.sentAt >= a.sentAt ? b : a));
    return {
      session: { turns: turns + 1 },
      effects: [
        { type: 'mark_read', wamid: latest.wamid, typing: true },
        {
          type: 'send',
          language: ctx.clinic.defaultLanguage,
          text: { kind: 'verbatim', text: `Hello! This is ${ctx.clinic.name}. We received your message.` },
        },
      ],
    };
  },
};
