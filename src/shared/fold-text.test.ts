import { describe, expect, it } from 'vitest';
import { foldText } from './fold-text.ts';

describe('foldText', () => {
  it('lower-cases and removes accents and ligatures in the five languages', () => {
    expect(foldText('Œdème TRÈS grave, ÇA brûle')).toBe('oedeme tres grave, ca brule');
    expect(foldText('Niño con DOLOR de cabeça, não')).toBe('nino con dolor de cabeca, nao');
    expect(foldText('Straße Ærø łódź')).toBe('strasse aero lodz');
    expect(foldText('Kichwa KINAUMA')).toBe('kichwa kinauma');
  });
});
