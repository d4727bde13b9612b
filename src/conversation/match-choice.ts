import { editDistance, normalizeText } from './normalize-text.ts';

export interface ChoiceOption {
  readonly id: string;
  /** Every label the patient may type for this option, in any language (title, synonyms). */
  readonly labels: readonly string[];
}

const ORDINALS: ReadonlyArray<readonly string[]> = [
  [
    'first',
    '1st',
    'premier',
    'premiere',
    'primero',
    'primera',
    'primer',
    'primeiro',
    'primeira',
    'kwanza',
    'one',
    'un',
    'une',
    'uno',
    'una',
    'um',
    'uma',
    'moja',
  ],
  [
    'second',
    '2nd',
    'deuxieme',
    'seconde',
    'segundo',
    'segunda',
    'pili',
    'two',
    'deux',
    'dos',
    'dois',
    'duas',
    'mbili',
  ],
  [
    'third',
    '3rd',
    'troisieme',
    'tercero',
    'tercera',
    'terceiro',
    'terceira',
    'tatu',
    'three',
    'trois',
    'tres',
    'tres',
  ],
  [
    'fourth',
    '4th',
    'quatrieme',
    'cuarto',
    'cuarta',
    'quarto',
    'quarta',
    'nne',
    'four',
    'quatre',
    'cuatro',
    'quatro',
  ],
  ['fifth', '5th', 'cinquieme', 'quinto', 'quinta', 'tano', 'five', 'cinq', 'cinco'],
];
const LAST = ['last', 'dernier', 'derniere', 'ultimo', 'ultima', 'mwisho'];
const FILLER = new Set([
  'the',
  'one',
  'le',
  'la',
  'el',
  'o',
  'a',
  'ya',
  'wa',
  'option',
  'choice',
  'number',
  'numero',
  'nambari',
  'please',
  'svp',
  'por',
  'favor',
  'tafadhali',
]);

/**
 * Which option a free-text answer picks, or null when it picks none or is ambiguous. Accepts the
 * option number ("2", "2."), an ordinal ("the first one", "le deuxième", "ya kwanza", "last"), or a
 * label typed with small typos ("Tomorow 9:00" for "Tomorrow 9:00"), or a clear prefix of one.
 */
export function matchChoice(text: string, options: readonly ChoiceOption[]): string | null {
  const normal = normalizeText(text);
  if (normal === '' || options.length === 0) return null;

  const number = /^(?:no |n |#)?(\d{1,2})(?: .*)?$/.exec(normal);
  if (number && /^\D*\d{1,2}\D*$/.test(normal) && normal.length <= 12) {
    const index = Number(number[1]) - 1;
    return options[index]?.id ?? null;
  }

  const exact = options.filter((o) => o.labels.some((l) => normalizeText(l) === normal));
  if (exact.length === 1) return exact[0]?.id ?? null;

  const words = normal.split(' ').filter((w) => !FILLER.has(w) || ORDINALS.some((o) => o.includes(w)));
  if (words.length > 0 && words.length <= 2) {
    if (words.some((w) => LAST.includes(w))) return options.at(-1)?.id ?? null;
    const ordinal = ORDINALS.findIndex((names) => words.every((w) => names.includes(w) || FILLER.has(w)));
    if (ordinal >= 0 && options[ordinal] !== undefined) return options[ordinal].id;
  }

  const scored = options
    .map((o) => ({
      id: o.id,
      score: Math.min(
        ...o.labels.map((l) => {
          const label = normalizeText(l);
          if (label === '') return Number.POSITIVE_INFINITY;
          if (normal.length >= 3 && label.startsWith(normal)) return 0.5;
          const max = Math.max(1, Math.floor(label.length / 5));
          const d = editDistance(normal, label, max);
          return d <= max ? d : Number.POSITIVE_INFINITY;
        }),
      ),
    }))
    .filter((s) => Number.isFinite(s.score))
    .sort((a, b) => a.score - b.score);
  if (scored.length === 0) return null;
  if (scored.length > 1 && scored[1]?.score === scored[0]?.score) return null;
  return scored[0]?.id ?? null;
}
