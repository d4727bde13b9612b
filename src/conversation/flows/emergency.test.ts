import { describe, expect, it } from 'vitest';
import { demoEhr } from '../../../test/support/demo-ehr.ts';
import { EngineDriver } from '../../../test/support/engine-driver.ts';
import { embeddedProtocol } from '../../app/embedded-protocol.ts';
import { en } from '../../i18n/conversation/en.ts';
import { RED_FLAG_RULES } from '../../triage/rules.ts';
import { FIRST_AID_TIPS } from './emergency.ts';

describe('emergency first-aid tips', () => {
  it('are keyed by red-flag rule ids that exist, and every tip has catalogue text', () => {
    const ids = new Set(RED_FLAG_RULES.map((r) => r.id));
    for (const [id, tip] of Object.entries(FIRST_AID_TIPS)) {
      expect(ids.has(id), id).toBe(true);
      expect(Object.keys(en), tip).toContain(`emergency.tip.${tip}`);
    }
  });

  it('every tip in the catalogue is reachable from some red flag', () => {
    const tips = new Set(Object.values(FIRST_AID_TIPS));
    const inCatalogue = Object.keys(en)
      .filter((k) => k.startsWith('emergency.tip.'))
      .map((k) => k.slice('emergency.tip.'.length));
    expect(inCatalogue.filter((t) => !tips.has(t))).toEqual([]);
  });

  it.each([
    ['I took all my pills to end my life', 'suicide'],
    ['my son pulled a pot of boiling water over his face and chest', 'burns'],
    ['my father has crushing chest pain and is sweating', 'chest_pain'],
    ['a snake bit my son on the leg in the field an hour ago, it is swelling', 'snakebite'],
    ['my wife gave birth at home and the bleeding will not stop, she is dizzy', 'postpartum_bleeding'],
  ])('the real protocol and the engine send the matching tip after the advice: %s', async (text, tip) => {
    const d = new EngineDriver(demoEhr(), { triage: embeddedProtocol });
    const keys = d.keys(await d.patient(text));
    expect(keys[0]).toBe('emergency.advice');
    expect(keys).toContain(`emergency.tip.${tip}`);
  });
});
