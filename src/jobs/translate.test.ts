import { describe, expect, it } from 'vitest';
import { loadCatalogues } from '../i18n/catalogues.ts';
import { createTranslator } from '../i18n/translator.ts';
import { translate } from './conversation-runner.ts';

describe('translate', () => {
  const t = createTranslator(loadCatalogues());

  it('fills parameters, translating @t: parameters in the patient language', () => {
    const out = translate(t, 'fr', {
      kind: 'choices',
      key: 'identify.confirm',
      params: { name: 'Awa Diop', dob: '1 mars 1990', sex: '@t:sex.female' },
      choices: [{ id: 'a', key: 'identify.confirm_yes' }],
      buttonKey: 'btn.options',
    });
    expect(out.kind === 'choices' && out.body).toContain('Awa Diop');
    expect(out.kind === 'choices' && out.body).not.toContain('@t:');
    expect(out.kind === 'choices' && out.body).toContain(t.t('fr', 'sex.female'));
  });

  it('reads triage questions from the triage namespace in every language', () => {
    for (const language of ['en', 'fr', 'es', 'pt', 'sw'] as const) {
      const out = translate(t, language, { kind: 'text', key: 'triage:q.abdo.blood' });
      expect(out.kind === 'text' && out.body).not.toBe('q.abdo.blood');
    }
  });
});
