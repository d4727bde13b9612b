import { describe, expect, it } from 'vitest';
import { compileConcepts, matchConcepts } from './concept-matcher.ts';
import { canonicalSentence, foldDiminutive, sentenceVariants, swahiliVerbForm } from './morphology.ts';

describe('foldDiminutive', () => {
  it.each([
    ['roxinhos', 'roxos'],
    ['magrinha', 'magra'],
    ['bebezinho', 'bebe'],
    ['barriguinha', 'barriga'],
    ['mollerita', 'mollera'],
    ['hundidita', 'hundida'],
    ['boquinha', 'boca'],
  ])('%s → %s', (w, base) => {
    expect(foldDiminutive(w)).toBe(base);
  });

  it('leaves look-alikes and lexicalised diminutives alone', () => {
    for (const w of ['vizinho', 'cozinha', 'vomito', 'bonito', 'bajito', 'poquito', 'minha', 'frito', 'dor'])
      expect(foldDiminutive(w), w).toBeUndefined();
  });
});

describe('swahiliVerbForm', () => {
  it.each([
    ['wamekwama', 'amekwama'],
    ['nimekwama', 'amekwama'],
    ['ninapumua', 'anapumua'],
    ['tulikuwa', 'alikuwa'],
    ['hatusikii', 'hasikii'],
    ['sisikii', 'hasikii'],
    ['sijala', 'hajala'],
    ['huwezi', 'hawezi'],
  ])('%s → %s', (w, form) => {
    expect(swahiliVerbForm(w)).toBe(form);
  });

  it('keeps the tense and leaves nouns alone', () => {
    expect(swahiliVerbForm('nilijifungua')).toBe('alijifungua');
    for (const w of ['wakati', 'akili', 'umeme', 'sindano', 'sikio', 'huduma', 'mtoto', 'kichaa'])
      expect(swahiliVerbForm(w), w).toBeUndefined();
  });
});

describe('canonicalSentence', () => {
  it('expands SMS spellings one token for one token', () => {
    expect(canonicalSentence('o homem n se mexe')).toBe('o homem nao se mexe');
    expect(canonicalSentence('ta mto ruim q nao passa')).toBe('esta muito ruim que nao passa');
    expect(canonicalSentence('il a mal bcp tjrs')).toBe('il a mal beaucoup toujours');
  });

  it('leaves French "n" alone ("n a pas", "n … pas")', () => {
    expect(canonicalSentence('il n a pas de fievre')).toBeUndefined();
    expect(canonicalSentence('je n arrive pas a respirer')).toBeUndefined();
  });

  it('keeps the token count and returns undefined when nothing folds', () => {
    const s = 'watoto wamekwama na mfupa kooni';
    expect(canonicalSentence(s)?.split(' ').length).toBe(s.split(' ').length);
    expect(sentenceVariants('chest pain and sweating')).toEqual([]);
  });
});

describe('matcher reads the folded variant as well as the sentence', () => {
  const compiled = compileConcepts([
    { id: 'x.lips_blue', patterns: ['labios (?:tao )?roxos'] },
    { id: 'x.stuck', patterns: ['amekwama'] },
    { id: 'x.confused', patterns: ['nao fala coisa com coisa'] },
    { id: 'x.bombinha', patterns: ['bombinha'] },
  ]);
  it('adds hits found only in the folded form', () => {
    const m = matchConcepts(
      ['os labios tao roxinhos', 'wamekwama kooni', 'ele n fala coisa com coisa'],
      compiled,
    );
    expect(m.get('x.lips_blue')?.[0]?.negated).toBe(false);
    expect(m.get('x.stuck')).toHaveLength(1);
    expect(m.get('x.confused')?.some((h) => !h.negated)).toBe(true);
  });
  it('keeps a lexicon entry written as a diminutive', () => {
    expect(matchConcepts(['a bombinha nao faz efeito'], compiled).get('x.bombinha')).toHaveLength(1);
  });
});

describe('round 7: English SMS "n"', () => {
  it('"n the", "n got" read as "and"', () => {
    expect(canonicalSentence('delivered this morning n the blood is still coming')).toBe(
      'delivered this morning and the blood is still coming',
    );
    expect(canonicalSentence('fell n got a bump')).toBe('fell and got a bump');
  });
  it('Portuguese "n" before a verb is still "nao"', () => {
    expect(canonicalSentence('ele n respira direito')).toBe('ele nao respira direito');
    expect(canonicalSentence('n the')).toBe('and the');
  });
});
