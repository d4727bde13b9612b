import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenRedFlags } from './red-flags.ts';

const ids = (text: string, age?: number) =>
  screenRedFlags(text, age === undefined ? {} : { ageYears: age }).map((h) => h.id);
const fires = (text: string, age?: number) => ids(text, age).length > 0;

describe('screenRedFlags: fires on lay emergencies in every language', () => {
  it.each([
    // en, incl. SMS spellings and misspellings
    ['en', 'cant breathe', 'breathing.severe'],
    ['en', 'my chest hurts so bad', 'chest.cardiac'],
    ['en', 'chess pain and short of breth', 'chest.cardiac'],
    ['en', "I can't breathe", 'breathing.severe'],
    ['en', 'his face is drooping and he cannot speak', 'stroke.fast'],
    ['en', 'she is unconscious', 'consciousness.unresponsive'],
    ['en', 'my son is having a seizure right now', 'seizure.ongoing'],
    ['en', 'bleeding that wont stop', 'bleeding.severe'],
    ['en', 'my tongue is swelling after a bee sting', 'anaphylaxis.airway'],
    ['en', 'hit by a car', 'trauma.major'],
    ['en', "I'm pregnant and bleeding", 'pregnancy.bleeding'],
    ['en', 'I want to kill myself', 'self_harm.suicidal'],
    ['en', 'severe stomach pain', 'abdominal.severe'],
    ['en', 'my daughter drank bleach', 'poisoning.ingestion'],
    ['en', 'baby is floppy and not feeding', 'child.floppy'],
    ['en', 'rash that does not fade under a glass', 'sepsis.non_blanching_rash'],
    // fr
    ['fr', "j'ai mal à la poitrine et je transpire", 'chest.cardiac'],
    ['fr', 'je n arrive pas a respirer', 'breathing.severe'],
    ['fr', 'j arrive pas a respirer', 'breathing.severe'],
    ['fr', 'il ne respire plus', 'breathing.arrest'],
    ['fr', 'sa bouche est de travers', 'stroke.fast'],
    ['fr', 'elle ne se reveille pas', 'consciousness.unresponsive'],
    ['fr', 'je vomis du sang', 'bleeding.vomiting_blood'],
    ['fr', 'je veux me suicider', 'self_harm.suicidal'],
    // es
    ['es', 'no puedo respirar', 'breathing.severe'],
    ['es', 'me duele mucho el pecho', 'chest.cardiac'],
    ['es', 'se le torció la boca', 'stroke.fast'],
    ['es', 'mi hijo está convulsionando', 'seizure.child'],
    ['es', 'estoy embarazada y sangrando', 'pregnancy.bleeding'],
    ['es', 'lo mordió una serpiente', 'poisoning.ingestion'],
    // pt
    ['pt', 'não consigo respirar', 'breathing.severe'],
    ['pt', 'dificuldade pra respirar', 'breathing.severe'],
    ['pt', 'nao consegue falar e a boca ta torta', 'stroke.fast'],
    ['pt', 'dor no peito com suor frio', 'chest.cardiac'],
    ['pt', 'meu bebê está molinho', 'child.floppy'],
    ['pt', 'quero morrer', 'self_harm.suicidal'],
    // sw
    ['sw', 'siwezi kupumua', 'breathing.severe'],
    ['sw', 'hawezi kupumua', 'breathing.severe'],
    ['sw', 'kifua kinauma sana', 'chest.cardiac'],
    ['sw', 'mdomo umepinda', 'stroke.fast'],
    ['sw', 'amepoteza fahamu', 'consciousness.unresponsive'],
    ['sw', 'mtoto ana degedege', 'seizure.child'],
    ['sw', 'nina mimba na natokwa na damu', 'pregnancy.bleeding'],
    ['sw', 'ameumwa na nyoka', 'poisoning.ingestion'],
    ['sw', 'nataka kujiua', 'self_harm.suicidal'],
    ['sw', 'anatapika damu', 'bleeding.vomiting_blood'],
  ])('%s: %s', (_lang, text, id) => {
    expect(ids(text)).toContain(id);
  });

  it('is accent-, case- and punctuation-insensitive', () => {
    expect(ids("J'AI MAL À LA POITRINE ET JE TRANSPIRE!!!")).toContain('chest.cardiac');
    expect(ids('jai mal a la poitrine et je transpire')).toContain('chest.cardiac');
    expect(ids('NÃO CONSIGO RESPIRAR')).toContain('breathing.severe');
    expect(ids('Cant   breathe...')).toContain('breathing.severe');
    expect(ids('cant breatheee')).toContain('breathing.severe');
  });

  it('flags infant fever from age in text or from the patient record', () => {
    expect(ids('my 6 week old baby has a fever')).toContain('infant.fever');
    expect(ids('mon bébé de 2 mois a de la fièvre')).toContain('infant.fever');
    expect(ids('mi bebé de 1 mes tiene fiebre')).toContain('infant.fever');
    expect(ids('meu bebê de 2 meses está com febre')).toContain('infant.fever');
    expect(ids('mtoto wa wiki tatu ana homa')).toContain('infant.fever');
    expect(ids('baby has a temperature of 38.2', 0.1)).toContain('infant.fever');
    expect(ids('baby has a temperature of 38.2', 1)).not.toContain('infant.fever');
  });

  it('reads emergencies from reported measurements', () => {
    expect(ids('sugar is 2.1')).toContain('vitals.hypoglycaemia');
    expect(ids('my oxygen is 85%')).toContain('vitals.low_oxygen');
  });

  it('joins signs split across messages when given the joined text', () => {
    expect(ids("I'm 20 weeks pregnant")).toEqual([]);
    expect(ids("I'm 20 weeks pregnant\nthere is blood")).toContain('pregnancy.bleeding');
  });
});

describe('screenRedFlags: negation', () => {
  it.each([
    'no chest pain',
    'no chest pain, just a cough',
    'I do not have any chest pain',
    'not bleeding',
    'no difficulty breathing',
    "I don't have trouble breathing",
    'no fever or chest pain',
    'pas de douleur à la poitrine',
    "je n'ai pas de douleur thoracique",
    'pas de fièvre',
    'sin dolor de pecho',
    'no me duele el pecho',
    'no tengo dificultad para respirar',
    'sem falta de ar',
    'não tenho dor no peito',
    'sina homa',
    'hakuna damu',
    'sina maumivu ya kifua',
    'sina shida ya kupumua',
    "I'm not suicidal",
    "I don't want to die, I just feel tired",
    'no vomiting blood',
  ])('does not fire: %s', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it.each([
    ['no, I have chest pain and sweating', 'chest.cardiac'],
    ['No fever but chest pain and sweating', 'chest.cardiac'],
    ["I can't breathe", 'breathing.severe'],
    ['he cannot speak since this morning', 'stroke.fast'],
    ['ela não consegue falar', 'stroke.fast'],
    ['hawezi kupumua', 'breathing.severe'],
    ['not sure if it is chest pain but I am sweating', 'chest.cardiac'],
    ['je ne sais pas si c est grave mais il ne respire plus', 'breathing.arrest'],
    ['the baby is not breathing', 'breathing.arrest'],
    ["he won't wake up", 'consciousness.unresponsive'],
  ])('still fires: %s', (text, id) => {
    expect(ids(text)).toContain(id);
  });
});

describe('screenRedFlags: benign text does not fire', () => {
  it.each([
    'mild headache since yesterday',
    'I have a runny nose and a sore throat',
    'I need to book an appointment for my blood pressure pills',
    'je me suis coupé le doigt en cuisinant',
    'tengo gripa',
    'estou com coriza',
    'nina mafua',
    'I cut my finger, it stopped bleeding',
    'I am confused about my appointment time',
    'my phone is broken',
    'I ate cassava yesterday',
  ])('%s', (text) => {
    expect(fires(text)).toBe(false);
  });
});

describe('screenRedFlags: robustness', () => {
  it('never throws on any string and returns well-formed hits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const hits = screenRedFlags(s);
        for (const h of hits) {
          expect(['emergency', 'very_urgent']).toContain(h.level);
          expect(h.evidence.length).toBeLessThanOrEqual(80);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on unicode-heavy and adversarial input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme' }),
            fc.constantFrom('...', '’', 'ñ', 'œ', '°', '\n', '38,5', '/'),
          ),
          { maxLength: 60 },
        ),
        (parts) => {
          screenRedFlags(parts.join(' '));
        },
      ),
      { numRuns: 200 },
    );
    expect(() => screenRedFlags('a'.repeat(100_000))).not.toThrow();
    expect(() => screenRedFlags(`${'no '.repeat(5000)}chest pain`)).not.toThrow();
  });

  it('adding text never removes a red flag', () => {
    const phrases = [
      'no chest pain',
      'chest pain and sweating',
      'cant breathe',
      'mild headache',
      'sina homa',
      'I am fine',
      'but',
      'no',
      'pas de',
      'siwezi kupumua',
      'estou grávida',
      'sangrando',
      'not',
      ',',
      'and',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...phrases), { maxLength: 6 }),
        fc.array(fc.constantFrom(...phrases), { maxLength: 6 }),
        (a, b) => {
          const first = a.join(' ');
          const before = new Set(ids(first));
          const after = new Set(ids(`${first}\n${b.join(' ')}`));
          for (const id of before) expect(after.has(id)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is fast enough to run on every message', () => {
    const text =
      'my son has had a fever and a cough for three days, no vomiting, he is drinking well and playing. '.repeat(
        4,
      );
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) screenRedFlags(text);
    expect((performance.now() - t0) / 50).toBeLessThan(50);
  });
});
