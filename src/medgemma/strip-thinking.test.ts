import { describe, expect, it } from 'vitest';
import { stripThinking } from './strip-thinking.ts';

describe('stripThinking (reference A4)', () => {
  it.each([
    ['{"a":1}', '{"a":1}'],
    ['<unused94>thought\nlet me see<unused95>{"a":1}', '{"a":1}'],
    ['  <unused94>thought\nx<unused95>\n\n{"a":1}  ', '{"a":1}'],
    ['<unused94>one<unused95>mid<unused94>two<unused95>end', 'midend'],
    // The opening token dropped by the server: everything before the closer is the thought.
    ['thought\nreasoning here<unused95>{"a":1}', '{"a":1}'],
  ])('%j → %j', (raw, text) => {
    expect(stripThinking(raw)).toEqual({ truncated: false, text });
  });

  it.each([
    '<unused94>thought\nI was thinking and then',
    '{"a":1}<unused94>thought\nmore',
    '<unused94>a<unused95>ok<unused94>cut',
  ])('%j is truncated: no answer', (raw) => {
    expect(stripThinking(raw)).toEqual({ truncated: true });
  });
});
