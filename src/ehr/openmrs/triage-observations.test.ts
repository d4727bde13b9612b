import { describe, expect, it } from 'vitest';
import type { TriageRecord } from '../ehr-port.ts';
import { refTag } from './appointment-mapping.ts';
import { cielUuid } from './openmrs-defaults.ts';
import { DEFAULT_TRIAGE_CONCEPTS, encounterHasTag, triageObservations } from './triage-observations.ts';

const record: TriageRecord = {
  idempotencyKey: 'triage-1',
  patientId: 'p-1',
  chiefComplaint: ' Fever and headache ',
  temperatureC: 38.46,
  urgency: 4,
  disposition: 'self_care',
  redFlags: [],
  reasons: ['fever', 'headache'],
  summary: 'Adult, fever 2 days.',
  recordedAt: '2026-03-02T05:00:00.000Z',
};
const tag = refTag('triage-1');

describe('triage observations', () => {
  it('maps every field to a text obs of its concept, temperature as a number', () => {
    expect(triageObservations(record, DEFAULT_TRIAGE_CONCEPTS, tag)).toEqual([
      { concept: cielUuid(160531), value: 'Fever and headache' },
      { concept: cielUuid(5088), value: 38.5 },
      { concept: cielUuid(161011), value: 'Triage urgency: 4 of 5 (5 = immediate)' },
      { concept: cielUuid(161011), value: 'Triage disposition: self care' },
      { concept: cielUuid(161011), value: 'Triage reasons: fever; headache' },
      { concept: cielUuid(161011), value: 'Red flags: none' },
      { concept: cielUuid(162169), value: `Adult, fever 2 days.\n${tag}` },
    ]);
  });

  it('leaves out temperatures outside 25–43 °C, empty complaints and empty reasons', () => {
    for (const temperatureC of [24.9, 43.1, Number.NaN]) {
      const obs = triageObservations(
        { ...record, temperatureC, chiefComplaint: ' ', reasons: [] },
        DEFAULT_TRIAGE_CONCEPTS,
        tag,
      );
      expect(obs.map((o) => o.concept)).toEqual([
        cielUuid(161011),
        cielUuid(161011),
        cielUuid(161011),
        cielUuid(162169),
      ]);
    }
    const edges = [25, 43].map(
      (t) => triageObservations({ ...record, temperatureC: t }, DEFAULT_TRIAGE_CONCEPTS, tag)[1]?.value,
    );
    expect(edges).toEqual([25, 43]);
  });

  it('uses the configured concepts and keeps the tag whole in a long summary', () => {
    const concepts = { ...DEFAULT_TRIAGE_CONCEPTS, summary: 'my-note', redFlags: 'my-flags' };
    const obs = triageObservations(
      { ...record, summary: 'y'.repeat(10_000), redFlags: ['stiff neck'] },
      concepts,
      tag,
    );
    const summary = obs.find((o) => o.concept === 'my-note');
    expect(String(summary?.value).endsWith(`\n${tag}`)).toBe(true);
    expect(String(summary?.value).length).toBeLessThanOrEqual(4000);
    expect(obs.find((o) => o.concept === 'my-flags')?.value).toBe('Red flags: stiff neck');
  });

  it('finds the tag only in the live summary obs', () => {
    const summary = cielUuid(162169);
    const encounter = (value: unknown, voided = false, concept = summary) => ({
      uuid: 'e-1',
      obs: [{ concept: { uuid: concept }, value, voided }],
    });
    expect(encounterHasTag(encounter(`note\n${tag}`), summary, tag)).toBe(true);
    expect(encounterHasTag(encounter(`note\n${tag}`, true), summary, tag)).toBe(false);
    expect(encounterHasTag(encounter(`note\n${tag}`, false, cielUuid(161011)), summary, tag)).toBe(false);
    expect(encounterHasTag(encounter(38.5), summary, tag)).toBe(false);
    expect(encounterHasTag({ ...encounter(`x ${tag}`), voided: true }, summary, tag)).toBe(false);
  });
});
