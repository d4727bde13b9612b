import { describe, expect, it } from 'vitest';
import { parseTriageLine, toTriageLine } from './triage-line.ts';
import { triageOne } from './triage-one.ts';

describe('triageOne', () => {
  it('is the protocol alone without an advisor', async () => {
    const r = await triageOne('cant breathe');
    expect(r.disposition).toBe('emergency');
  });
  it('an advisor can raise but never lower, and a failing advisor is ignored', async () => {
    const up = await triageOne('runny nose', {
      advisor: async () => ({ urgency: 3, reasons: ['model concern'] }),
    });
    expect(up.disposition).toBe('urgent');
    expect(up.reasons[0]).toMatch(/advisor/);
    const down = await triageOne('cant breathe', { advisor: async () => ({ urgency: 1 }) });
    expect(down.disposition).toBe('emergency');
    const broken = await triageOne('cant breathe', {
      advisor: async () => {
        throw new Error('timeout');
      },
    });
    expect(broken.disposition).toBe('emergency');
  });
});

describe('CLI line handling', () => {
  it('parses cases, skips blanks, reports bad lines', () => {
    expect(parseTriageLine('', 1)).toEqual({ kind: 'skip' });
    expect(parseTriageLine('{"id":"a","text":"hi","lang":"en"}', 2)).toEqual({
      kind: 'case',
      id: 'a',
      text: 'hi',
    });
    expect(parseTriageLine('nope', 3)).toEqual({ kind: 'error', id: 'line-3', error: 'invalid JSON' });
    expect(parseTriageLine('{"id":"b"}', 4)).toMatchObject({ kind: 'error', id: 'b' });
    expect(parseTriageLine('[1]', 5)).toMatchObject({ kind: 'error', id: 'line-5' });
  });
  it('shapes output lines', async () => {
    const line = toTriageLine('x', await triageOne('mild headache'));
    expect(Object.keys(line)).toEqual(['id', 'urgency', 'disposition', 'red_flags', 'reasons']);
  });
});
