import type { CompositeDef } from '../concept-matcher.ts';
import { alt, type ConceptDef, gap } from './concept.ts';

/**
 * Round 5, second part (holdout-4 review): families of wording the lexicon did not read, each
 * written as ideas rather than sentences, in en, fr, es, pt and sw. Same three kinds of entry as
 * round5.ts: new concepts, extra patterns appended to existing concepts (so every rule reading the
 * id sees them) and proximity composites. Rules that combine them are in rules.ts.
 */

/** Adult relatives whose medicines a child finds: "grandpa's BP tablets", "las pastillas del abuelo". */
const ADULT_EN = alt(
  'grandpa',
  'grandad',
  'granddad',
  'grandfather',
  'grandma',
  'granny',
  'grandmother',
  'gran',
  'nana',
  'uncle',
  'aunt',
  'auntie',
  'aunty',
  'mum',
  'mom',
  'mother',
  'dad',
  'father',
  'daddy',
  'mummy',
);

export const H4_EXTRA_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  // ── Hypoglycaemia: a meal missed after insulin, told in any order ────────────────────────
  'sugar.low': [
    `insulin\\w* ${gap(2)}${alt('skipped', 'missed', 'no', 'without')} ${gap(1)}${alt('lunch', 'supper', 'dinner', 'breakfast', 'meal', 'meals', 'food')}`,
    `insulin\\w* ${gap(2)}${alt('hakula', 'hajala', 'bila kula', 'sans manger', 'sin comer', 'sem comer', 'without eating', 'and didn t eat', 'but didn t eat', 'no comio', 'y no comio', 'e nao comeu', 'et n a pas mange')}`,
    `${alt('skipped', 'missed', 'didn t eat', 'did not eat', 'no', 'without')} ${gap(1)}${alt('supper', 'dinner', 'lunch', 'breakfast', 'meal', 'meals', 'food')} ${gap(2)}${alt('after', 'with', 'but took', 'and took')} ${gap(2)}insulin\\w*`,
  ],
  // ── Severe bleeding: arterial spurting, a stab to the trunk ──────────────────────────────
  'bleed.severe': [
    // Arterial bleeding as a bystander sees it: pumping, spurting, jets.
    `blood ${gap(2)}${alt('pumping', 'spurting', 'squirting', 'gushing out', 'shooting out', 'spraying')}`,
    `${alt('pumping', 'spurting', 'squirting', 'spraying')} (?:out )?blood`,
    `sang ${gap(2)}${alt('gicle', 'giclait', 'jaillit', 'jaillissait', 'pisse', 'sort par jets', 'sort a flots')}`,
    `${alt('gicle', 'jaillit')} ${gap(2)}sang`,
    `sangre ${gap(2)}${alt('a chorros', 'a borbotones', 'chorrea', 'chorreando', 'sale a chorros', 'brota', 'salta')}`,
    `${alt('chorros', 'borbotones')} de sangre`,
    `sangue ${gap(2)}${alt('jorra', 'jorrando', 'esguicha', 'esguichando', 'espirra', 'espirrando', 'aos jatos', 'em jato')}`,
    `${alt('jorra', 'jorrando', 'esguicha', 'esguichando')} ${gap(1)}sangue`,
    `damu ${gap(2)}${alt('inaruka', 'inarukaruka', 'inabubujika', 'inafoka', 'inatoka kwa nguvu', 'inamwagika')}`,
  ],
  'inj.major': [
    // Stabbing in lay words: "esfaquearam", "le metieron un cuchillo", "knifed".
    'esfaque\\w*',
    'knifed',
    `${alt('stabbed', 'stab')} ${gap(2)}${alt('him', 'her', 'me', 'them', 'my', 'his')}`,
    `${alt('le metieron', 'le clavaron', 'le enterraron')} ${gap(1)}${alt('cuchillo', 'navaja', 'punal', 'cuchillada')}`,
    'cuchillad\\w*',
    'navajazo',
    `${alt('enfiaram', 'meteram', 'cravaram')} ${gap(1)}${alt('faca', 'faca nele', 'peixeira')}`,
    `${alt('amedungwa', 'amechomwa', 'alichomwa', 'wamemchoma', 'walimchoma')} ${gap(1)}kisu`,
  ],
  // ── Anaphylaxis: plurals of the stinging insects, and "no traga" ─────────────────────────
  'allergy.trigger': [
    'bees',
    'wasps',
    'hornets?',
    'abeilles',
    'guepes',
    'frelons?',
    'abejas',
    'avispas',
    'abelhas',
    'vespas',
    'marimbondos',
    'nyigu',
    'manyigu',
  ],
  'throat.cant_swallow': [
    `no ${alt('traga', 'puede tragar', 'puedo tragar', 'podia tragar', 'logra tragar')}`,
    `(?:nao|n) ${alt('engole', 'consegue engolir', 'consigo engolir')}`,
    `n ${alt('avale', 'arrive pas a avaler', 'arrive plus a avaler')}`,
    `${alt('hawezi', 'siwezi', 'ameshindwa', 'anashindwa', 'hamezi')} ${alt('kumeza', 'kumeza chochote')}`,
    'hamezi',
  ],
  // ── Sick young infant: floppy "like a rag", weak cry ─────────────────────────────────────
  'child.floppy': [
    'como (?:un )?trapit\\w*',
    'como (?:un )?muneco de trapo',
    'como (?:um )?(?:pano|trapo|trapinho)',
    'molinh[oa]',
    'like a rag(?: doll)?',
    'comme (?:une )?(?:poupee de chiffon|chiffon|serpillere)',
    'kama (?:kitambaa|nguo)',
  ],
  'ctx.child': ['wawa', 'wawita', 'guaguita', 'pikin', 'pitit', 'nyonyo'],
  // ── Seizure as a bystander sees it: eyes going up ────────────────────────────────────────
  'atom.seizure_sign': [
    `eyes ${gap(1)}${alt('going up', 'go up', 'gone up', 'rolling up', 'rolled up', 'turning up', 'turning back', 'looking up', 'staring')}`,
    `yeux ${gap(1)}${alt('montent', 'partent en haut', 'vers le haut', 'fixes', 'tournent')}`,
    `ojos ${gap(2)}${alt('van para arriba', 'se le van', 'se le fueron', 'arriba', 'se le voltean', 'fijos')}`,
    `olhos ${gap(2)}${alt('indo pra cima', 'indo para cima', 'virando', 'foram pra cima', 'parados')}`,
    `macho ${gap(1)}${alt('yanapanda', 'yamepanda', 'yanageuka', 'juu juu', 'yamekodoa', 'yanakodoa')}`,
  ],
  // ── Stroke / TIA: a mouth pulled to one side, words that come out wrong ──────────────────
  'atom.droop': [
    `${alt('pulling', 'pulled', 'pulls', 'drawn', 'dragging')} ${gap(1)}${alt('to one side', 'to the side', 'to the left', 'to the right', 'sideways', 'down')}`,
    'tire\\w* (?:d un cote|sur le cote)',
    'jal(?:a|aba|o) (?:para|hacia) un lado',
    'se (?:le|me) jal(?:o|a|aba)',
    'pux\\w* (?:pra|para) (?:um|o) lado',
    '\\w*vutika upande',
  ],
  'neuro.speech': [
    `words ${gap(3)}${alt('funny', 'weird', 'strange', 'jumbled', 'mixed up', 'gibberish', 'wrong', 'slurred', 'all wrong')}`,
    `${alt('talking', 'speaking', 'talk', 'speak')} ${gap(1)}${alt('nonsense', 'gibberish')}`,
    `${alt('les mots', 'ses mots', 'sa parole')} ${gap(2)}${alt('bizarre\\w*', 'melange\\w*', 'de travers', 'mal')}`,
    `${alt('las palabras', 'sus palabras')} ${gap(2)}${alt('raras', 'mal', 'enredadas', 'trabadas', 'chuecas')}`,
    `${alt('as palavras', 'suas palavras')} ${gap(2)}${alt('estranhas', 'erradas', 'enroladas', 'trocadas', 'tortas')}`,
    `hablaba ${alt('enredado', 'enredada', 'raro', 'rara', 'mal', 'arrastrado', 'trabado', 'incoherente')}`,
    `(?:haongei|hazungumzi) ${alt('vizuri', 'sawasawa', 'sawa')}`,
    `maneno ${gap(1)}${alt('yanachanganyika', 'yamechanganyika', 'hayaeleweki', 'ya ajabu')}`,
  ],
  // ── Urgent families (round 5, holdout-4) ─────────────────────────────────────────────────
  // Something blown or fallen into the eye while working: "maize husk in my eye", "kitu
  // kimeingia kwa jicho", "se me metió una basurita al ojo".
  'eye.foreign_body': [
    `${alt('husk', 'chaff', 'grain', 'seed', 'piece', 'bit', 'speck', 'splinter', 'metal', 'wood', 'grass', 'something', 'dust', 'sand', 'insect', 'fly', 'grit', 'stick')} ${gap(3)}${alt('in', 'into')} ${alt('my', 'his', 'her', 'the', 'one')} eyes?`,
    `${alt('got', 'went', 'flew', 'blew', 'fell', 'stuck', 'poked')} ${gap(1)}${alt('in', 'into')} ${alt('my', 'his', 'her', 'the')} eyes?`,
    `${alt('entre\\w*', 'rentre\\w*', 'tombe\\w*', 'quelque chose', 'un grain', 'un bout', 'une paille', 'un eclat', 'une poussiere')} ${gap(2)}dans ${alt('l oeil', 'mon oeil', 'son oeil', 'les yeux', 'ses yeux', 'mes yeux')}`,
    `${alt('se me metio', 'se le metio', 'me entro', 'le entro', 'me cayo', 'le cayo', 'me salto', 'le salto')} ${gap(3)}${alt('en el ojo', 'al ojo', 'en los ojos', 'en mi ojo', 'en su ojo')}`,
    `${alt('entrou', 'caiu', 'pulou', 'voou')} ${gap(3)}${alt('no olho', 'nos olhos', 'no meu olho', 'no olho dele', 'no olho dela')}`,
    `\\w*(?:me|li)(?:ni|m)?ingia ${gap(1)}${alt('kwa jicho', 'kwenye jicho', 'jichoni', 'machoni', 'ndani ya jicho', 'kwa macho', 'kwenye macho')}`,
  ],
  // A boil said plainly ("big boil armpit").
  'skin.abscess': [
    `${alt('big', 'painful', 'huge', 'large', 'my', 'the', 'this')} boils?`,
    'boils?$',
    'furoncles?',
    'furunculos?',
    'forunculos?',
  ],
  // A throbbing pain is a pain ("throbbing", "latejando", "ça lance", "inapwita").
  'atom.pain': [
    'que late',
    'throbb\\w*',
    'latej\\w*',
    'lancinant\\w*',
    'palpitante',
    'punzante',
    '\\w*pwita',
  ],
  // Sickle cell in French SMS shorthand ("drépano").
  'ctx.sickle_cell': ['drepano\\w*', 'ss (?:patient|disease)'],
  // Vomiting that returns even water: "hata maji yanarudi", "même l'eau ressort".
  'gi.vomit_everything': [
    `${alt('natapika', 'anatapika', 'ninatapika', 'kutapika')} kila kitu`,
    `hata maji ${alt('yanarudi', 'yanatoka', 'nayatapika', 'anayatapika', 'hayakai')}`,
    `even ${alt('water', 'sips')} ${alt('comes? (?:back )?up', 'comes out', 'won t stay down', 'doesn t stay down')}`,
    `meme l eau ${alt('ressort', 'revient', 'ne passe pas')}`,
    `${alt('hasta el agua', 'ni el agua')} ${alt('la devuelvo', 'la devuelve', 'la vomito', 'la vomita', 'se queda')}`,
    `ate a agua ${alt('volta', 'ponho pra fora', 'vomito', 'vomita')}`,
  ],
  // Passive death wish said as thoughts of dying or wanting to disappear.
  'mh.passive': [
    `${alt('think', 'thinking', 'thought')} ${gap(2)}${alt('about dying', 'about death', 'of dying', 'about killing myself')}`,
    `${alt('want', 'wants', 'wanna', 'wish')} to disappear`,
    `${alt('pense', 'pensais', 'pensent', 'pense souvent')} ${gap(2)}${alt('a mourir', 'a la mort')}`,
    `${alt('veux', 'veut', 'voudrais', 'voudrait')} disparaitre`,
    `${alt('pienso', 'pensando', 'piensa')} ${gap(2)}${alt('en morir', 'en la muerte', 'en morirme', 'en matarme')}`,
    `${alt('quiere', 'quiero', 'queria', 'quisiera')} desaparecer`,
    `${alt('penso', 'pensando', 'pensa')} ${gap(2)}${alt('em morrer', 'na morte', 'em me matar')}`,
    `${alt('quero', 'quer', 'queria')} ${alt('sumir', 'desaparecer')}`,
    `${alt('nafikiria', 'anafikiria', 'nawaza', 'anawaza')} ${gap(1)}${alt('kufa', 'kifo', 'kujiua')}`,
    `${alt('nataka', 'anataka', 'natamani')} ${alt('kupotea', 'kutoweka')}`,
  ],
  // ── Cardiac chest pain: Swahili "squeezes him" ───────────────────────────────────────────
  'mod.pressure': ['\\w*nambana', '\\w*mebana', '\\w*mbana'],
  // ── Snakebite: more local names ──────────────────────────────────────────────────────────
  'atom.snake': [
    'jergon\\w*',
    'fer de lance',
    'bushmaster',
    'shushupe',
    'loro machaco',
    'mapanare',
    'cuaima',
    'urutu',
    'jararacucu',
    'bothrops',
    'kifutu',
    'bafe',
  ],
  // Gestation in months said as "I am eight months" (not "8 months old").
  'preg.pregnant': [
    `${alt('i m', 'im', 'i am', 'she s', 'she is')} ${alt('\\d', 'six', 'seven', 'eight', 'nine')} months(?! old| ago)`,
    `${alt('je suis', 'elle est')} (?:a |enceinte de )?${alt('\\d', 'six', 'sept', 'huit', 'neuf')} mois(?! de vie)`,
    `${alt('estoy', 'esta', 'estou', 'ela esta', 'to', 'tou')} ${alt('de', 'com')} ${alt('\\d', 'seis', 'siete', 'sete', 'ocho', 'oito', 'nueve', 'nove')} meses`,
    'mtoto (?:wa |aliye )?tumboni',
    `${alt('nina', 'ana')} ${alt('miezi', 'mimba ya miezi')} ${alt('\\d', 'sita', 'saba', 'nane', 'tisa')}(?! sasa tangu)`,
  ],
  // Swahili labour said with "yuko/niko na uchungu".
  'preg.labour': [
    `${alt('yuko', 'niko', 'tuko', 'alikuwa', 'nilikuwa', 'amekuwa')} na uchungu`,
    'uchungu (?:wa|za) (?:kujifungua|kuzaa)',
    `${alt('en', 'est en', 'elle est en')} travail depuis`,
  ],
};

/** Sentences in which a concept's phrase means something else (appended to `unlessSentence`). */
export const H4_EXTRA_UNLESS: Readonly<Record<string, readonly string[]>> = {
  // Teething babies drool and chew everything: "babando e mordendo tudo, dentinho nascendo".
  'throat.airway': [
    'dentinh\\w*',
    'denticao',
    'chewing',
    'mordendo',
    'mordisque\\w*',
    'mordilla\\w*',
    'machonne\\w*',
  ],
  // "kichaa cha mbwa" is rabies, not madness: "sindano ya kichaa?" after a dog bite.
  'mh.psychosis': ['kichaa cha mbwa', 'sindano ya kichaa', 'mbwa'],
};

export const H4_CONCEPTS: readonly ConceptDef[] = [
  // ── Child swallowed an adult's medicine: whose it was, how many unknown ───────────────────
  {
    id: 'ctx.accidental_meds_h4',
    patterns: [
      `${ADULT_EN}(?: s)? ${gap(2)}${alt('pills', 'tablets', 'medicine', 'medicines', 'meds', 'drugs', 'bp tablets', 'sugar tablets')}`,
      `found ${gap(3)}with ${gap(3)}${alt('pills', 'tablets', 'medicine', 'meds', 'bottle', 'strip', 'packet')}`,
      `${alt('strip', 'packet', 'bottle', 'box', 'blister', 'tin')} ${gap(1)}${alt('is empty', 'was empty', 'empty', 'half empty')}`,
      `empty ${alt('strip', 'packet', 'bottle', 'box', 'blister')}`,
      `${alt('don t know', 'do not know', 'not sure')} how many`,
      `${alt('pastillas', 'medicinas', 'remedios', 'pildoras')} ${alt('del', 'de la', 'de mi', 'de su')} ${alt('abuel[oa]', 'tio', 'tia', 'mama', 'papa')}`,
      'no (?:se|sabemos) cuant[oa]s',
      `${alt('comprimidos', 'remedios', 'pilulas')} ${alt('do', 'da', 'de meu', 'de minha')} ${alt('avo', 'vovo', 'vo', 'tio', 'tia', 'mae', 'pai')}`,
      '(?:nao|n) (?:sei|sabemos) quant[oa]s',
      `${alt('comprimes', 'medicaments', 'cachets')} ${alt('de (?:son |sa |mon |ma )?(?:grand pere|papy|papi|tonton|tata|oncle|tante|maman|papa)')}`,
      'je ne sais pas combien',
      'on ne sait pas combien',
      `${alt('vidonge', 'dawa')} ${alt('vya', 'za')} ${alt('babu', 'bibi', 'shangazi', 'mjomba')}`,
      `${alt('sijui', 'hatujui')} ${gap(1)}${alt('ngapi', 'ngapi amemeza', 'amemeza ngapi', 'vingapi')}`,
    ],
  },
  // ── Self-cutting without suicidal intent (urgent mental-health contact) ─────────────────
  {
    id: 'mh.self_cut',
    patterns: [
      'self ?harm\\w*',
      `${alt('cuts', 'cut', 'cutting', 'scratches', 'scratching', 'burns', 'burning')} ${alt('herself', 'himself', 'myself', 'themselves')}`,
      `${alt('cuts', 'cut', 'cutting')} ${alt('her', 'his', 'my')} ${alt('arms', 'wrists', 'thighs', 'legs')}`,
      `${alt('s est coupe\\w*', 'se coupe', 'se scarifie', 'se mutile', 'se fait du mal')} ${gap(1)}${alt('les bras', 'les poignets', 'les cuisses', 'avec une lame', 'au cutter')}`,
      'scarification\\w*',
      'automutil\\w*',
      `${alt('se corta', 'se corto', 'se cortaba', 'se ha cortado', 'me corto', 'me corte')} ${gap(1)}${alt('los brazos', 'las munecas', 'los muslos', 'con una navaja', 'con gillette', 'con cuchilla')}`,
      'autolesion\\w*',
      `${alt('se corta', 'se cortou', 'se cortava', 'me corto', 'me cortei')} ${gap(1)}${alt('os bracos', 'os pulsos', 'as coxas', 'com gilete', 'com lamina')}`,
      'automutila\\w*',
      `${alt('anajikata', 'alijikata', 'amejikata', 'najikata', 'nilijikata')} ${gap(1)}${alt('mikono', 'mikononi', 'viganja', 'mapaja', 'kwa wembe', 'wembe')}`,
    ],
  },
  // ── Adult gastroenteritis with signs of dehydration ──────────────────────────────────────
  {
    id: 'sym.postural_dizzy',
    patterns: [
      `${alt('dizzy', 'lightheaded', 'light headed', 'faint', 'black out', 'see stars')} ${gap(1)}${alt('when i stand', 'when standing', 'on standing', 'when i get up', 'if i stand', 'when i stand up', 'when he stands', 'when she stands')}`,
      `${alt('etourdi\\w*', 'vertige\\w*', 'la tete (?:qui )?tourne', 'tete qui tourne')} ${gap(2)}${alt('quand je me leve', 'en me levant', 'debout', 'quand il se leve', 'quand elle se leve')}`,
      `${alt('mareo', 'mareado', 'mareada', 'me mareo', 'se marea')} ${gap(2)}${alt('al pararme', 'al levantarme', 'cuando me paro', 'cuando me levanto', 'al pararse', 'al levantarse', 'de pie')}`,
      `${alt('tonto', 'tonta', 'tontura', 'zonzo', 'zonza', 'zonzeira', 'vista escurece')} ${gap(2)}${alt('ao levantar', 'quando levanto', 'quando me levanto', 'em pe', 'ao ficar de pe')}`,
      `kizunguzungu ${gap(1)}${alt('nikisimama', 'akisimama', 'ninaposimama', 'anaposimama', 'nikiamka')}`,
    ],
  },
  {
    id: 'uri.less_urine',
    patterns: [
      `${alt('passing', 'peeing', 'urinating', 'pee', 'wee')} ${alt('little', 'less', 'very little', 'hardly')}`,
      `${alt('little', 'less', 'dark', 'no')} ${alt('urine', 'pee')}`,
      `${alt('fais', 'fait', 'urine')} ${alt('peu', 'tres peu', 'presque pas')} (?:pipi)?`,
      `${alt('orino', 'orina', 'hago pipi', 'hace pipi')} ${alt('poco', 'muy poco', 'poquito', 'casi nada')}`,
      `${alt('urino', 'urina', 'faco xixi', 'faz xixi', 'mijo', 'mija')} ${alt('pouco', 'muito pouco', 'quase nada', 'pouquinho')}`,
      `${alt('nakojoa', 'anakojoa')} ${alt('kidogo', 'kidogo sana', 'mara chache')}`,
    ],
  },
  // ── A limb out of shape after a fall (fracture) ──────────────────────────────────────────
  {
    id: 'atom.limb_part',
    patterns: [
      'wrists?',
      'ankles?',
      'arms?',
      'forearms?',
      'legs?',
      'elbows?',
      'fingers?',
      'collar ?bone',
      'poignets?',
      'chevilles?',
      'bras',
      'avant bras',
      'jambes?',
      'coudes?',
      'doigts?',
      'munecas?',
      'tobillos?',
      'brazos?',
      'antebrazos?',
      'piernas?',
      'codos?',
      'dedos?',
      'pulsos?',
      'tornozelos?',
      'bracos?',
      'antebracos?',
      'pernas?',
      'cotovelos?',
      'kifundo',
      'mkono',
      'mguu',
      'kidole',
    ],
  },
  {
    id: 'atom.deformed',
    patterns: [
      'deformed',
      'crooked',
      'bent (?:the wrong way|out of shape|funny|wrong)',
      'out of (?:place|shape)',
      'wrong angle',
      'looks wrong',
      'deform\\w*',
      'tordu\\w*',
      'de travers',
      'chuec[oa]',
      'torcid[oa]',
      'deformad[oa]',
      'tort[oa]',
      'entortad[oa]',
      'imepinda',
      'imepindika',
      'imegeuka',
      'imepotoka',
    ],
  },
  { id: 'atom.red', patterns: ['red', 'rouges?', 'roj[oa]s?', 'vermelh[oa]s?', '\\w*ekundu'] },
  // An emptied strip or packet found with a child: ingestion until proven otherwise.
  {
    id: 'poison.empty_pack',
    patterns: [
      `${alt('strip', 'packet', 'bottle', 'box', 'blister', 'tin')} ${gap(1)}${alt('is empty', 'was empty', 'empty', 'half empty')}`,
      `empty ${alt('strip', 'packet', 'bottle', 'box', 'blister')}`,
      `${alt('plaquette', 'boite', 'flacon')} ${gap(1)}vide`,
      `${alt('tira', 'caja', 'frasco', 'blister')} ${gap(1)}vaci[oa]`,
      `${alt('cartela', 'caixa', 'frasco', 'blister')} ${gap(1)}vazi[oa]`,
      `${alt('pakiti', 'kichupa', 'chupa')} ${gap(1)}${alt('tupu', 'iko tupu', 'imeisha')}`,
    ],
  },
  // ── Electrical injury: the contact or what the current did ────────────────────────────────
  {
    id: 'inj.electric',
    patterns: [
      'electric shock',
      `${alt('naked', 'bare', 'live', 'exposed', 'open', 'loose', 'uncovered')} ${alt('wire', 'wires', 'cable', 'cables')}`,
      `${alt('electric', 'power', 'mains', 'electricity')} ${alt('wire', 'wires', 'cable', 'cables', 'line', 'lines', 'pole')}`,
      `${alt('fil', 'fils', 'cable', 'cables')} ${alt('denude\\w*', 'electrique\\w*', 'nu', 'nus', 'a nu')}`,
      `${alt('cable', 'cables', 'alambre', 'alambres')} ${alt('pelado\\w*', 'electrico\\w*', 'de luz', 'de la luz', 'vivo', 'suelto', 'de alta')}`,
      `${alt('fio', 'fios', 'cabo', 'cabos')} ${alt('desencapado\\w*', 'eletrico\\w*', 'de luz', 'da luz', 'solto', 'de alta')}`,
      `${alt('waya', 'nyaya')} ${alt('wazi', 'ya umeme', 'za umeme', 'ya stima', 'za stima', 'iliyo wazi')}`,
      `${alt('waya', 'nyaya')} ${gap(1)}${alt('umeme', 'stima')}`,
      'transformer',
      'transformador',
    ],
  },
  {
    id: 'atom.electric_contact',
    patterns: [
      'touch\\w*',
      'held',
      'grabbed',
      'shock\\w*',
      'threw (?:him|her|me|them) (?:back|off|down|across)',
      'thrown (?:back|off|across)',
      'touche\\w*',
      'toucher',
      'projete\\w*',
      'decharge',
      'agarr\\w*',
      'lo (?:tiro|avento|lanzo)',
      'la (?:tiro|avento|lanzo)',
      'descarga',
      'toc\\w*',
      'pegou',
      'encost\\w*',
      'segurou',
      'jogou (?:ele|ela) longe',
      'choque',
      'aligusa',
      'amegusa',
      'aliishika',
      '\\w*rusha',
      'shoti',
      '\\w*shtuka',
    ],
  },
  // ── Heart symptoms after a shock: "heart beating funny", "le coeur bat bizarrement" ───────
  {
    id: 'sym.palpitations_odd',
    patterns: [
      `heart ${gap(2)}${alt('beating funny', 'beating fast', 'racing', 'pounding', 'skipping', 'beating strange\\w*', 'beating weird\\w*', 'irregular')}`,
      `coeur ${gap(2)}${alt('bat bizarre\\w*', 'bat vite', 'bat fort', 'bat mal', 's emballe')}`,
      `corazon ${gap(2)}${alt('late raro', 'late rapido', 'late muy rapido', 'acelerado', 'se acelera', 'brinca')}`,
      `coracao ${gap(2)}${alt('batendo estranho', 'batendo rapido', 'disparado', 'disparou', 'acelerado')}`,
      `moyo ${gap(2)}${alt('unadunda', 'unapiga haraka', 'unapiga vibaya', 'unaenda mbio')}`,
    ],
  },
  // ── Bleeding that soaks cloths after an injury ───────────────────────────────────────────
  {
    id: 'atom.cloth',
    patterns: [
      'cloths?',
      'towels?',
      'rags?',
      'shirts?',
      't shirts?',
      'bandages?',
      'linge',
      'serviettes?',
      'torchons?',
      'tissus?',
      'pagnes?',
      'trapos?',
      'toallas?',
      'panos?',
      'vendas?',
      'toalhas?',
      'panos',
      'capulanas?',
      'kitambaa',
      'vitambaa',
      'kanga',
      'khanga',
      'leso',
      'taulo',
    ],
  },
  {
    id: 'atom.soaked',
    patterns: [
      'soak\\w*',
      'drench\\w*',
      'tremp\\w*',
      'imbib\\w*',
      'empapad\\w*',
      'ensopad\\w*',
      'encharc\\w*',
      '\\w*meloa',
      '\\w*meloweka',
      '\\w*lowana',
    ],
  },
  // Going pale/white or cold after a wound: haemorrhagic shock.
  {
    id: 'sym.pale_shock',
    patterns: [
      `${alt('going', 'gone', 'turning', 'turned', 'getting')} ${alt('white', 'pale', 'grey', 'gray', 'cold')}`,
      `${alt('devient', 'est devenu', 'tout')} ${alt('blanc', 'pale', 'froid')}`,
      `${alt('se esta poniendo', 'se puso', 'esta')} ${alt('blanco', 'palido', 'frio', 'gris')}`,
      `${alt('ficando', 'ficou', 'esta', 'ta')} ${alt('branco', 'palido', 'frio', 'cinza', 'gelado')}`,
      `${alt('amekuwa', 'anakuwa', 'amegeuka')} ${alt('mweupe', 'baridi')}`,
    ],
  },
  // ── Suicide warning: belongings given away, a letter of forgiveness, a time set ──────────
  {
    id: 'mh.give_away',
    patterns: [
      `${alt('gave', 'given', 'giving')} away ${gap(2)}${alt('things', 'stuff', 'belongings', 'clothes', 'possessions', 'phone')}`,
      `${alt('regale', 'regalo', 'regalado', 'repart\\w*', 'di', 'dio')} ${gap(1)}${alt('mis', 'sus', 'todas mis', 'todas sus')} ${alt('cosas', 'pertenencias', 'ropa')}`,
      `${alt('donne', 'distribue', 'ai donne', 'a donne')} ${gap(1)}${alt('mes', 'ses', 'toutes mes', 'toutes ses')} ${alt('affaires', 'biens', 'vetements')}`,
      `${alt('dei', 'doei', 'distribui', 'deu', 'doou', 'distribuiu')} ${gap(2)}${alt('minhas', 'suas')} ${alt('coisas', 'roupas')}`,
      `\\w*gawa ${alt('vitu', 'mali', 'nguo')} ${alt('vyangu', 'vyake', 'yangu', 'yake', 'zangu', 'zake')}`,
    ],
  },
  {
    id: 'mh.farewell_letter',
    patterns: [
      `${alt('wrote', 'written', 'left')} ${gap(2)}${alt('letter', 'letters', 'note')} ${alt('to', 'for')} ${gap(2)}${alt('kids', 'children', 'family', 'wife', 'husband', 'mother', 'mum', 'mom', 'parents', 'son', 'daughter')}`,
      `${alt('asked', 'asking', 'begged')} ${gap(2)}${alt('forgiveness', 'to forgive me')}`,
      `${alt('ecrit', 'laisse')} ${gap(1)}${alt('une lettre', 'un mot')} ${alt('a', 'pour')} ${gap(2)}${alt('enfants', 'famille', 'femme', 'mari', 'mere', 'parents')}`,
      `${alt('demande', 'demander')} pardon`,
      `${alt('escribi', 'deje', 'escribio', 'dejo')} ${gap(1)}una carta ${alt('a', 'para')} ${gap(2)}${alt('hijos', 'hijas', 'familia', 'esposa', 'esposo', 'mama', 'padres')}`,
      `${alt('pedi', 'pidio', 'les pedi', 'le pedi')} ${alt('perdon', 'disculpas')}`,
      `${alt('escrevi', 'deixei', 'escreveu', 'deixou')} ${gap(1)}uma carta ${alt('pra', 'para', 'aos', 'as')} ${gap(2)}${alt('filhos', 'filhas', 'familia', 'esposa', 'marido', 'mae', 'pais')}`,
      `${alt('pedi', 'pediu')} ${alt('perdao', 'desculpas')}`,
      `${alt('nimeandika', 'ameandika', 'nimeacha', 'ameacha')} barua ${gap(2)}${alt('watoto', 'familia', 'mke', 'mume', 'mama')}`,
      `${alt('nimeomba', 'ameomba', 'nimewaomba', 'amewaomba')} msamaha`,
    ],
  },
  {
    id: 'mh.final_time',
    patterns: [
      `${alt('tonight', 'today')} ${gap(1)}${alt('i m going', 'i go', 'i leave', 'i will go', 'i ll go', 'it ends', 'it will end', 'it all ends', 'i end it', 'i will end it')}`,
      `${alt('ce soir', 'aujourd hui')} ${gap(1)}${alt('je pars', 'je m en vais', 'tout finit', 'tout sera fini', 'c est fini', 'j en finis')}`,
      `${alt('esta noche', 'hoy')} ${gap(1)}${alt('me voy', 'me ire', 'se acaba todo', 'todo termina', 'acabo con todo', 'termino con todo')}`,
      `${alt('hoje a noite', 'esta noite', 'essa noite', 'hoje')} ${gap(1)}${alt('eu vou embora', 'vou embora', 'eu parto', 'tudo acaba', 'acabo com tudo')}`,
      `${alt('leo usiku', 'usiku wa leo', 'leo')} ${gap(1)}${alt('naondoka', 'nitaondoka', 'itaisha', 'yote yataisha', 'nitamaliza')}`,
    ],
  },
  // ── Absent fetal movements said with the baby as subject ─────────────────────────────────
  // "The baby hasn't moved since last night" is also said of a born baby after a fall, so these
  // count only with a pregnancy in the message (rules.ts).
  {
    id: 'preg.no_movement_loose',
    patterns: [
      `${alt('baby', 'bebe', 'nenem')} ${gap(3)}${alt('has not moved', 'hasn t moved', 'has not kicked', 'hasn t kicked', 'not moved at all', 'did not move', 'didn t move', 'has stopped moving', 'stopped kicking')}`,
      `(?:le )?bebe ${gap(2)}${alt('n a (?:pas|plus) bouge', 'ne bouge (?:plus|pas) du tout')}`,
      `(?:el )?bebe ${gap(2)}${alt('no se ha movido', 'no se movio', 'no se mueve nada', 'no ha pateado', 'no se ha mexido')}`,
      `(?:o )?(?:bebe|nenem) ${gap(2)}${alt('(?:nao|n) (?:se )?mexeu', '(?:nao|n) mexe nada', '(?:nao|n) chutou')}`,
      `mtoto ${gap(1)}(?:wa )?tumboni ${gap(1)}${alt('hachezi', 'hajacheza', 'hasogei', 'hajasogea', 'hatikisiki')}`,
    ],
  },
  // ── Obstructed labour / malpresentation ───────────────────────────────────────────────────
  {
    id: 'preg.baby_not_coming',
    patterns: [
      `baby ${gap(2)}${alt('not coming out', 'won t come out', 'not coming', 'is stuck', 'stuck', 'not come out')}`,
      `(?:le )?bebe ${gap(2)}${alt('ne sort pas', 'ne sort toujours pas', 'ne descend pas', 'est coince', 'bloque')}`,
      `(?:el )?bebe ${gap(2)}${alt('no sale', 'no ha salido', 'no baja', 'esta atorado', 'atorado', 'no nace')}`,
      `(?:o )?(?:bebe|nenem) ${gap(2)}${alt('(?:nao|n) sai', '(?:nao|n) saiu', '(?:nao|n) desce', 'esta preso', 'entalado', 'preso')}`,
      `mtoto ${gap(1)}${alt('hatoki', 'hajatoka', 'amekwama', 'amekataa kutoka', 'hashuki')}`,
    ],
  },
  {
    id: 'preg.baby_part_out',
    patterns: [
      `${alt('baby s', 'the baby s', 'babys')} ${alt('arm', 'hand', 'foot', 'feet', 'leg', 'legs', 'bottom', 'bum', 'buttocks')} ${gap(2)}${alt('out', 'came out', 'come out', 'coming out', 'showing', 'appeared', 'first', 'sticking out')}`,
      `${alt('arm', 'hand', 'foot', 'feet', 'leg', 'legs', 'bottom', 'bum')} ${gap(1)}(?:of the )?baby ${gap(2)}${alt('out', 'came out', 'coming out', 'showing', 'appeared', 'first')}`,
      `${alt('le bras', 'la main', 'le pied', 'les pieds', 'les fesses', 'la jambe')} du bebe ${gap(2)}${alt('sort\\w*', 'est sorti\\w*', 'apparai\\w*', 'en premier', 'dehors')}`,
      `${alt('la mano', 'el brazo', 'el pie', 'los pies', 'las nalgas', 'la pierna', 'la manito', 'el piecito')} ${alt('del bebe', 'de la wawa', 'del nino')} ${gap(2)}${alt('sal\\w*', 'asom\\w*', 'primero', 'afuera')}`,
      `${alt('sal\\w*', 'asom\\w*')} ${gap(1)}${alt('la mano', 'el brazo', 'el pie', 'los pies', 'las nalgas', 'la pierna', 'la manito', 'el piecito')} ${alt('del bebe', 'primero')}`,
      `${alt('o braco', 'a mao', 'o pe', 'os pes', 'a bunda', 'o bumbum', 'a perna', 'a maozinha', 'o pezinho')} ${alt('do bebe', 'do nenem', 'da crianca')} ${gap(2)}${alt('sai\\w*', 'apareceu', 'primeiro', 'pra fora', 'para fora')}`,
      `${alt('saiu', 'apareceu')} ${gap(1)}${alt('o braco', 'a mao', 'o pe', 'os pes', 'a perna', 'a maozinha', 'o pezinho')} ${alt('do bebe', 'do nenem', 'primeiro')}`,
      `${alt('mkono', 'mguu', 'miguu', 'makalio', 'matako')} wa mtoto ${gap(2)}${alt('\\w*metokea', '\\w*metoka', 'umetokea', 'imetokea', 'inatoka', 'unatoka', 'kwanza', 'nje')}`,
    ],
  },
];

export const H4_COMPOSITES: readonly CompositeDef[] = [
  // A bare wire or the current, and a contact or a throw: "touched the naked wire … threw him back".
  { id: 'inj.electric_injury', parts: [['inj.electric'], ['atom.electric_contact']], within: 6 },
  // "3 cloths soaked", "kanga tatu zimeloa", "trempé deux serviettes".
  // A wrist or arm out of shape: "muñeca hinchada y chueca", "poignet tordu", "mkono umepinda".
  { id: 'inj.deformity', parts: [['atom.limb_part'], ['atom.deformed']], within: 4 },
  // Red, hot and swollen together: "pierna roja caliente e hinchada", "mguu mwekundu wa moto umevimba".
  { id: 'skin.red_hot_swollen', parts: [['atom.red'], ['atom.hot'], ['atom.swelling']], within: 5 },
  // Bleeding gums after a bite: venom that stops blood clotting.
  { id: 'sym.bleeding_gums', parts: [['atom.gum'], ['atom.bleeding']], within: 4 },
  { id: 'bleed.soaked_cloths', parts: [['atom.soaked'], ['atom.cloth']], within: 3 },
];
