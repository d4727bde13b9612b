import type { TriageProtocol } from '../../src/conversation/turn.ts';
import type { ProtocolState, RedFlagHit, TriageResult } from '../../src/triage/types.ts';

/**
 * A tiny stand-in protocol for engine tests (the real one has its own tests): "chest pain" and
 * "seizure" are red flags unless preceded by "no"; one question; "yes" → urgent, "no" → routine,
 * a complaint containing "mild" → self-care.
 */
export const fakeProtocol: TriageProtocol = {
  screen(text) {
    const t = text.toLowerCase();
    const hits: RedFlagHit[] = [];
    if (/(?<!no )chest pain/.test(t))
      hits.push({ id: 'chest.cardiac', group: 'chest_pain', level: 'emergency', evidence: 'chest pain' });
    if (/(?<!no )seizure/.test(t))
      hits.push({ id: 'neuro.seizure', group: 'seizure', level: 'emergency', evidence: 'seizure' });
    return hits;
  },
  start({ text, patient }) {
    const state: ProtocolState = {
      version: 1,
      texts: [text],
      patient: patient ?? {},
      group: 'general',
      asked: ['q1'],
      answers: {},
      pending: 'q1',
    };
    if (text.includes('mild')) return { state, next: { kind: 'done', result: result('self_care', text) } };
    return { state, next: { kind: 'question', question: { id: 'q1', key: 'q.fake.one' } } };
  },
  answer(state, answer) {
    const next = {
      ...state,
      answers: { ...state.answers, q1: answer.kind === 'text' ? 'unsure' : answer.kind },
    };
    if (answer.kind === 'text')
      return {
        state: { ...next, texts: [...state.texts, answer.text] },
        next: { kind: 'question', question: { id: 'q1', key: 'q.fake.one' } },
      };
    return {
      state: next,
      next: {
        kind: 'done',
        result: result(answer.kind === 'no' ? 'routine' : 'urgent', state.texts[0] ?? ''),
      },
    };
  },
  addText(state, text) {
    return { ...state, texts: [...state.texts, text] };
  },
};

function result(disposition: 'urgent' | 'routine' | 'self_care', text: string): TriageResult {
  const urgency = disposition === 'urgent' ? 3 : disposition === 'routine' ? 2 : 1;
  return {
    urgency,
    disposition,
    redFlags: [],
    reasons: [`fake ${disposition}`],
    pertinentPositives: [],
    pertinentNegatives: [],
    complaintGroup: 'general',
    summary: `Fake summary: ${text}`,
    ...(disposition === 'self_care' ? { selfCareAdviceKey: 'advice.selfcare.general' } : {}),
  };
}
