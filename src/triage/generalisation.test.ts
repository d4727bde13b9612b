import { describe, expect, it } from 'vitest';
import { assessText } from './assess-text.ts';
import { screenRedFlags } from './red-flags.ts';
import { boundedEditDistance, correctSpelling, nearestKeyword } from './spelling.ts';

/**
 * Regression tests for the red-flag families generalised after the first blind set: each wording
 * here differs from the vignettes, so a fix that learnt a phrase instead of the family fails here.
 */
const ids = (text: string, age?: number) =>
  screenRedFlags(text, age === undefined ? {} : { ageYears: age }).map((h) => h.id);
const disp = (text: string, age?: number) =>
  assessText(text, age === undefined ? {} : { ageYears: age }).disposition;

describe('chest pain described by pressure, in any word order', () => {
  it.each([
    ['en', 'pressure like a vice across my chest and i feel sick'],
    ['en', 'something heavy pressing on my chest for half an hour, sweaty'],
    ['fr', 'ça me serre fort dans la poitrine et ça part dans la mâchoire'],
    ['fr', 'douleur qui écrase la poitrine, je transpire'],
    ['es', 'siento el pecho apretado como si me estrujaran y tengo náuseas'],
    ['es', 'dolor d pecho q me aplasta y sudo frío'],
    ['pt', 'um aperto no peito que não passa, suando frio'],
    ['pt', 'peito pesado igual uma pedra e falta de ar'],
    ['sw', 'kifua kinanibana sana na jasho linanitoka'],
    ['sw', 'chest inauma kama imebanwa, natoka jasho'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('chest.cardiac');
  });
});

describe('FAST: one-sided deficit, face, speech, vision', () => {
  it.each([
    ['en', 'the left side of his face has gone numb and his arm feels dead'],
    ['en', 'she keeps dropping things from her right hand since lunch'],
    ['fr', 'il a la moitié du visage qui ne bouge plus'],
    ['fr', 'mon côté gauche est tout engourdi depuis une heure'],
    ['es', 'se le durmió el lado derecho del cuerpo de repente'],
    ['es', 'se me traba la lengua y no me salen las palabras'],
    ['pt', 'a metade do rosto dele ficou dormente e a fala enrolada'],
    ['pt', 'de repente o braço esquerdo dela ficou sem força'],
    ['sw', 'ganzi upande wa kulia wa mwili tangu asubuhi'],
    ['sw', 'mama anaongea kama amelewa na mdomo umepinda'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('stroke.fast');
  });

  it('does not call long-standing or injury-related weakness a stroke', () => {
    expect(ids('numbness in my right hand for months when i type')).not.toContain('stroke.fast');
    expect(ids('my left wrist is weak since the fracture')).not.toContain('stroke.fast');
  });
});

describe('anaphylaxis: trigger with throat, tongue, lips or breathing', () => {
  it.each([
    ['en', 'ate cashews and my tongue feels thick'],
    ['fr', 'piqué par une abeille, la gorge se ferme'],
    ['es', 'después de la inyección se le está cerrando la garganta'],
    ['pt', 'comi amendoim e a língua tá inchando'],
    ['sw', 'nimeumwa na nyuki, ulimi umevimba'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('anaphylaxis.airway');
  });

  it('does not call a swollen throat from tonsillitis anaphylaxis', () => {
    expect(ids('sore throat and my throat is swollen, no fever')).not.toContain('anaphylaxis.airway');
    expect(disp('garganta inflamada y me duele al tragar, sin fiebre')).not.toBe('emergency');
  });
});

describe('severe asthma: cannot talk, reliever not working', () => {
  it.each([
    ['en', 'my puffer is not helping at all'],
    ['fr', 'je parle et je suis essoufflé tout de suite'],
    ['es', 'la bombita no le sirve, hablo y me ahogo'],
    ['pt', 'a bombinha não tá fazendo efeito'],
    ['sw', 'pampu haifanyi kazi, pumzi inanikata'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text).some((id) => id.startsWith('breathing.'))).toBe(true);
  });
});

describe('GI bleeding: blood in vomit or black stools', () => {
  it.each([
    ['en', 'threw up a lot of bright red blood'],
    ['fr', 'il vomit avec beaucoup de sang'],
    ['es', 'vomité con sangre dos veces'],
    ['pt', 'vomitei muito sangue escuro'],
    ['sw', 'anatapika na damu nyingi'],
    ['en', 'my poo has been jet black for two days'],
    ['es', 'las heces me salen negras'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text).some((id) => id === 'bleeding.vomiting_blood' || id === 'bleeding.melena')).toBe(true);
  });
});

describe('seizures: 5 minutes or more, repeated, first, or a child', () => {
  it.each([
    ['en', 'he has been fitting for 8 minutes'],
    ['fr', 'elle fait des crises, c est la deuxième crise ce matin'],
    ['es', 'está convulsionando desde hace 7 minutos'],
    ['pt', 'teve uma convulsão que durou uns 6 minutos'],
    ['sw', 'ana kifafa dakika saba sasa'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('seizure.ongoing');
  });

  it('a known epileptic’s usual short seizure with recovery is urgent, not emergency', () => {
    expect(
      disp('im epileptic, had my usual seizure this morning, 1 minute, fine now, ran out of tablets'),
    ).toBe('urgent');
  });
});

describe('overdose and poisoning, whatever the patient says now', () => {
  it.each([
    ['en', 'she took a whole bottle of paracetamol, says she is fine'],
    ['fr', 'il a pris toute la plaquette de ses médicaments'],
    ['es', 'se tomó toda la caja de pastillas de su mamá'],
    ['pt', 'tomou a caixa inteira de comprimidos'],
    ['sw', 'amekunywa vidonge vyote vya mama yake'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('self_harm.act');
  });

  it('a normal dose or a finished course is not an overdose', () => {
    expect(ids('i took 2 paracetamol and the headache is better')).not.toContain('self_harm.act');
    expect(ids('took all my antibiotics as prescribed but still coughing')).not.toContain('self_harm.act');
  });
});

describe('suicidal intent with plan or means, incl. Sheng', () => {
  it.each([
    ['en', 'i have the pills ready for tonight'],
    ['fr', 'je vais tout avaler ce soir, j ai gardé les comprimés pour ça'],
    ['es', 'voy a tomarme todas las pastillas hoy'],
    ['pt', 'juntei os comprimidos e vou tomar todos'],
    ['sw', 'nimechoka, nataka kujinyonga'],
    ['sw', 'sioni sababu ya kuishi, nitakunywa sumu usiku'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text).some((id) => id.startsWith('self_harm.'))).toBe(true);
  });

  it('passive thoughts without a plan are urgent (same-day), not an emergency', () => {
    expect(disp('sometimes i think life is not worth it, no plan, i need to talk')).toBe('urgent');
    expect(disp('a veces pienso que no vale la pena vivir, no tengo ningún plan')).toBe('urgent');
  });
});

describe('infant fever from the registered age', () => {
  it.each([
    ['en', 'she feels hot, 38.3'],
    ['fr', 'il a le corps chaud, 38,4'],
    ['es', 'tiene calentura, 38.2'],
    ['pt', 'ta quentinho, deu 38,1'],
    ['sw', 'ana homa, 38.5'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text, 0.1)).toContain('infant.fever');
    expect(ids(text, 2)).not.toContain('infant.fever');
  });
});

describe('soft openers never lower urgency', () => {
  it.each([
    ['en', 'probably nothing but ', 'my chest feels tight and i am sweating'],
    ['fr', "c'est sûrement rien ", "j'ai mal à la poitrine et je transpire"],
    ['es', 'seguro no es nada ', 'tengo dolor de pecho y sudo frío'],
    ['pt', 'acho que não é nada ', 'tô com dor no peito e suando frio'],
    ['sw', 'pole kwa kusumbua, pengine si kitu, ', 'kifua kinauma sana na natoka jasho'],
  ])('%s: %s…', (_l, opener, text) => {
    expect(disp(`${opener}${text}`)).toBe(disp(text));
    expect(disp(`${opener}${text}`)).toBe('emergency');
  });
});

describe('negation traps and past episodes', () => {
  it.each([
    ['en', 'no chest pain, just a cough for 3 days'],
    ['en', 'my chest doesnt hurt, just a runny nose'],
    ['en', 'no breathing problem, only a blocked nose'],
    ['fr', 'pas de douleur à la poitrine, juste le nez qui coule'],
    ['es', 'sin dolor de pecho, solo mocos'],
    ['pt', 'sem falta de ar, só coriza'],
    ['sw', 'sina maumivu ya kifua, nina mafua tu'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toEqual([]);
  });

  it('denied fever in an infant is not infant fever', () => {
    expect(ids('pas de fièvre, il tète bien', 0.1)).not.toContain('infant.fever');
    expect(ids('sina homa, ananyonya vizuri', 0.1)).not.toContain('infant.fever');
  });

  it('a resolved past episode is not a red flag; a returning one is', () => {
    expect(ids('I had chest pain last year, now I need a refill')).toEqual([]);
    expect(ids('I had chest pain last year, tests were fine, now I need a refill')).toEqual([]);
    expect(disp('l année dernière j ai vomi du sang, soigné, ça va bien maintenant, rdv de suivi')).toBe(
      'routine',
    );
    expect(
      ids('had chest pain last year, tests were fine, but it is back again and i am sweating'),
    ).toContain('chest.cardiac');
    // "since last month" is still going: the adult chest-pain default (very urgent) stands.
    expect(disp('chest pain since last month, tests were fine')).toBe('emergency');
  });
});

describe('tolerant spelling', () => {
  it.each([
    ['pt', 'não consigo respira direito'],
    ['es', 'no puedo respira bien'],
    ['en', 'i cant breth properly'],
    ['fr', 'jarrive pas a respirer'],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('breathing.severe');
  });
});

describe('bounded edit-distance correction of key words', () => {
  it.each([
    ['my son is convlsing', 'seizure.child'],
    ['im pregnent and bleeding', 'pregnancy.bleeding'],
    ['il est inconsient', 'consciousness.unresponsive'],
    ['no puedo respiar', 'breathing.severe'],
    ['je suis enceite et je saigne', 'pregnancy.bleeding'],
    ['mtoto ana degedge', 'seizure.child'],
    ['anatapka damu', 'bleeding.vomiting_blood'],
  ])('%s', (text, id) => {
    expect(ids(text)).toContain(id);
  });

  it('never turns a real word into a key word', () => {
    for (const w of ['cooking', 'breeding', 'couleur', 'concussion', 'poisson', 'painted', 'depression'])
      expect(nearestKeyword(w), w).toBeUndefined();
    expect(ids('i had a cooking class and my finger hurts')).toEqual([]);
    expect(ids('la couleur de mes urines a change')).toEqual([]);
  });

  it('leaves short words, known words and ties alone; distance is bounded', () => {
    expect(correctSpelling('i cant breth')).toBe('i cant breth');
    expect(correctSpelling('seizur', new Set(['seizur']))).toBe('seizur');
    expect(boundedEditDistance('seizure', 'siezure', 1)).toBe(1);
    expect(boundedEditDistance('respirar', 'respiar', 1)).toBe(1);
    expect(boundedEditDistance('convulsion', 'conclusion', 1)).toBe(2);
  });
});

/**
 * Round 6 (holdout-5 review): mechanisms, not sentences. Each wording below passes only because of a
 * mechanism (folding in morphology.ts, order-free atoms in lexicon/round6-atoms.ts, the hedge scope
 * in concept-matcher.ts); the near-misses must not fire. Written for this test, not taken from a set.
 */
describe('round 6: word forms folded (person, diminutive, SMS)', () => {
  it.each([
    ['sw', 'watoto wangu wawili wamekwama na mfupa kooni, hawawezi kukohoa'],
    ['pt', 'o bebezinho ta com a boquinha roxinha e respira com dificuldade'],
    ['es', 'mi bebito tiene la mollerita hundidita, no hace pipi desde ayer y no tiene lagrimas'],
    ['pt', 'meu pai bateu a cabeca e agora n fala coisa com coisa'],
  ])('%s: %s', (_l, text) => {
    expect(disp(text)).toBe('emergency');
  });
});

describe('round 6: order-free atoms', () => {
  it.each([
    [
      'en',
      'my son has type 1 diabetes, he keeps vomiting and his breathing is deep and fast',
      'diabetic.crisis',
    ],
    [
      'fr',
      'ma fille diabetique vomit depuis ce matin et sa respiration est rapide et profonde',
      'diabetic.crisis',
    ],
    ['sw', 'mwanangu ana kisukari, anatapika na pumzi ni haraka haraka', 'diabetic.crisis'],
    ['fr', 'mon bebe de 4 mois, sa poitrine se creuse quand il respire', 'breathing.child_distress'],
    ['sw', 'mtoto kifua kinaingia ndani akipumua', 'breathing.child_distress'],
    ['es', 'el nene tiene los labios azulados y respira mal', 'breathing.arrest'],
    ['en', 'i have the rope ready and tonight i ll do it', 'self_harm.plan'],
    ['fr', 'j ai achete une corde. je n en peux plus', 'self_harm.plan'],
    ['es', 'ya compre veneno para ratas, manana lo hago', 'self_harm.plan'],
    ['en', 'car crash on the highway, the driver is not moving', 'trauma.major'],
    ['sw', 'ajali ya boda boda, kijana hawezi kuhisi miguu', 'trauma.spinal'],
    ['es', 'accidente de moto, mi hermano no siente las piernas', 'trauma.spinal'],
    ['en', 'my wife is 34 weeks pregnant and she started shaking and went stiff', 'seizure.any'],
    ['en', 'my dad is not responding to us, just staring at the ceiling', 'consciousness.unresponsive'],
  ])('%s: %s', (_l, text, id) => {
    expect(ids(text)).toContain(id);
  });
});

describe('round 6: a hedged denial describes the symptom', () => {
  it('"not chest pain exactly" with sweating is cardiac', () => {
    expect(ids('not chest pain exactly, more a tightness, and i am sweating a lot', 58)).toContain(
      'chest.cardiac',
    );
  });
  it('a plain denial still denies', () => {
    expect(ids('no chest pain, just a cough and sweating at night')).not.toContain('chest.cardiac');
  });
});

describe('round 6: near-misses that must not fire', () => {
  it.each([
    'had a fish bone stuck in my throat yesterday, i can talk and breathe fine, it scratches',
    'se me quedo una espina atorada en la garganta, respiro y hablo bien',
    'i do breathing exercises, deep and slow, for my anxiety',
    'minor car accident last month, all fine now, need a letter for insurance',
    'tenho os comprimidos para a pressao, preciso de receita',
    'no aguanto mas este dolor de muela, tengo las pastillas pero no hacen nada',
    'alijifungua miezi mitatu iliyopita, tunataka chanjo',
    'sindano ya kichaa baada ya mbwa kuniuma jana, kidonda kidogo',
    'el bebe tiene un dolor bajito de barriga, come bien',
    'wanakohoa kidogo, wanacheza na kula vizuri',
  ])('%s', (text) => {
    expect(disp(text)).not.toBe('emergency');
  });
});

describe('round 7: English SMS "n" is "and", not a denial', () => {
  it.each([
    ['gave birth 2 hours ago n the bleeding is very heavy, soaked 3 pads'],
    ['he fell off the roof n his leg is bent n he is not moving'],
  ])('%s', (text) => {
    expect(disp(text)).toBe('emergency');
  });
  it('French "n" still denies', () => {
    expect(ids('il n a pas de sang dans les selles, juste mal au ventre')).not.toContain('bleeding.melena');
  });
});

describe('round 7: gestational weeks give the pregnancy context, not an age', () => {
  it.each([
    ['en', "i'm 34 weeks, bad headache and i see flashing lights, my hands are swollen"],
    ['pt', 'estou com 35 semanas, dor de cabeça forte e vista embaçada'],
    ['fr', "j'en suis à 33 semaines, j'ai très mal à la tête et je vois des points lumineux"],
  ])('%s: %s', (_l, text) => {
    expect(ids(text)).toContain('pregnancy.pre_eclampsia');
  });
  it('a singular "1 mes" is an infant age (infant fever)', () => {
    expect(disp('mi hija tiene 1 mes, tiene 38.2 de temperatura')).toBe('emergency');
  });
});

describe('round 7: order-free atoms', () => {
  it.each([
    ['en', 'my husband vomited stuff that looked like coffee grounds and feels weak'],
    ['fr', 'ma mère a vomi quelque chose comme du marc de café'],
    ['pt', 'vomitou uma coisa escura parecida a borra de café'],
    ['sw', 'baba anatapika vitu kama kahawa'],
  ])('coffee-ground vomit %s: %s', (_l, text) => {
    expect(ids(text)).toContain('bleeding.vomiting_blood');
  });
  it.each([
    ['pt', 'febre alta e não consigo mexer o pescoço, dor de cabeça'],
    ['fr', 'forte fièvre, il ne peut pas plier le cou'],
    ['es', 'mi hijo tiene fiebre y no puede mover el cuello'],
  ])('cannot bend the neck with fever %s: %s', (_l, text) => {
    expect(ids(text)).toContain('sepsis.stiff_neck');
  });
  it('pills counted out with farewell letters is a plan', () => {
    expect(ids('wrote a letter to my children and collected all the tablets in the house')).toContain(
      'self_harm.plan',
    );
  });
  it('French singular "une bourse" is the scrotum', () => {
    expect(ids('douleur brutale dans la bourse droite depuis ce matin, il a 13 ans')).toContain(
      'abdominal.testicular',
    );
  });
});

describe('round 7: a foreign body in the eye is urgent unless the eye bleeds or sight is lost', () => {
  it.each([
    'a chip of metal went into my eye at work, it waters and stings',
    'un éclat de verre dans l’oeil, il pleure beaucoup',
  ])('urgent: %s', (text) => {
    expect(disp(text)).toBe('urgent');
  });
  it('with blood or lost sight it is an eye injury', () => {
    expect(ids('a piece of metal flew into his eye, now it is bleeding and he can not see')).toContain(
      'trauma.eye',
    );
  });
  it('a chemical stays an emergency', () => {
    expect(ids('bleach splashed into my eye')).toContain('trauma.eye');
  });
});

describe('round 7: benign evidence lowers, never a weakened danger rule', () => {
  it.each([
    ['en', 'had a stroke three years back, my right leg drags like before, just need my tablets'],
    ['pt', 'tive um avc há 4 anos, a perna continua fraca como antes, só preciso da receita'],
    ['es', 'tuve convulsiones de niño, nada desde hace 10 años, necesito un certificado medico'],
    ['en', 'my heart is broken, my girlfriend left me last month, no thoughts of self harm'],
    ['pt', 'meu coração tá partido desde que terminou comigo'],
    ['en', 'bp 182/112 this morning, a slight headache only, nothing else'],
  ])('not an emergency %s: %s', (_l, text) => {
    expect(disp(text)).not.toBe('emergency');
  });
  it('a mildly symptomatic very high reading is still same-day', () => {
    expect(disp('bp 182/112 this morning, a slight headache only, nothing else')).toBe('urgent');
  });
  it('suicidal thoughts with no plan and nothing done are same-day, not emergency', () => {
    expect(
      disp("i keep thinking of killing myself but i haven't done anything and i don't have a plan"),
    ).toBe('urgent');
  });
  it('heavy bleeding that has stopped is not uncontrolled', () => {
    expect(ids('cut my finger on a knife, it bled a lot but it has stopped now')).not.toContain(
      'bleeding.severe',
    );
  });
});

describe('round 7: near-misses that must still fire', () => {
  it.each([
    'had a stroke 2 years ago, since this morning my arm is weak again and my speech is slurred',
    'he had seizures before, nothing for 3 years, but today he had one lasting 10 minutes',
    'bled a lot, it stopped, but now she is pale and fainting',
    'my heart hurts, pain goes to my left arm and i am sweating',
    'bp 190/120 with a severe headache and blurred vision',
    'bleeding a lot and it has not stopped',
    'thinking of killing myself, i have a plan for tonight',
  ])('%s', (text) => {
    expect(disp(text, 40)).toBe('emergency');
  });
  it('a child going blue is not a bruise', () => {
    expect(disp('o bebe ta roxinho e nao respira direito')).toBe('emergency');
  });
});
