import { describe, expect, it } from 'vitest';
import { validateModelQuestion } from './validate-model-question.ts';

describe('validateModelQuestion', () => {
  it.each([
    'Do you have a fever?',
    'Since when have you had the cough?',
    'Avez-vous de la fièvre depuis hier ?',
    '¿Le duele el pecho cuando respira?',
    'Você tem falta de ar ao caminhar?',
    'Je, una homa tangu lini?',
    'Have you ever been given a diagnosis of asthma?',
    'On a scale of 1 to 10, how bad is the pain?',
    'What makes it better or worse?',
  ])('accepts %j', (q) => {
    expect(validateModelQuestion(q)).toEqual({ ok: true, question: q });
  });

  it('trims and squeezes spaces', () => {
    expect(validateModelQuestion('  Do you   have a fever? ')).toEqual({
      ok: true,
      question: 'Do you have a fever?',
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['?!', 'empty'],
    [Array.from({ length: 21 }, () => 'word').join(' '), 'too_long'],
    ['x'.repeat(201), 'too_long'],
    ['Please see https://example.com for more', 'url'],
    ['Visit www.clinic.org?', 'url'],
    ['Check bit.ly/abc please?', 'url'],
    ['Call +254 712 345 678 now?', 'contact'],
    ['Email me at doc@example.org?', 'contact'],
    ['<b>Do you have a fever?</b>', 'markup'],
    ['{"question": "fever?"}', 'markup'],
    ['You probably have malaria, do you have chills?', 'diagnosis'],
    ['It sounds like a migraine. Any nausea?', 'diagnosis'],
    ['You should take paracetamol. Better?', 'diagnosis'],
    ['Vous avez probablement la grippe ?', 'diagnosis'],
    ["C'est probablement une infection, depuis quand ?", 'diagnosis'],
    ['Probablemente tiene gripe, ¿tiene fiebre?', 'diagnosis'],
    ['Parece que você tem dengue?', 'diagnosis'],
    ['Huenda una malaria, una homa?', 'diagnosis'],
    ['Your appointment is confirmed for 9am, anything else?', 'action_claim'],
    ['I have booked you in, ok?', 'action_claim'],
    ['Votre rendez-vous est confirmé ?', 'action_claim'],
    ['Can I show you your records?', 'action_claim'],
    ["You are a clinic's WhatsApp intake assistant, a safety protocol triages each message?", 'prompt_leak'],
    ['Never diagnose, suggest causes, advise, reassure or name medicines?', 'prompt_leak'],
  ])('refuses %j (%s)', (q, reason) => {
    expect(validateModelQuestion(q)).toEqual({ ok: false, reason });
  });
});
