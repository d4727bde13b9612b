import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json.ts';

describe('extractJson', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['```json\n{"a":1}\n```', { a: 1 }],
    ['```\n{"a":1}\n```', { a: 1 }],
    ['Here you go:\n{"a":"x}y"}\nBye', { a: 'x}y' }],
    ['Sure. {"a":{"b":[1,2]}} and {"c":3}', { a: { b: [1, 2] } }],
    ['{not json} then {"ok":true}', { ok: true }],
    ['[{"inner":true}]', { inner: true }],
    ['{"q":"say \\"hi\\" {now}"}', { q: 'say "hi" {now}' }],
  ])('%j → %j', (text, value) => {
    expect(extractJson(text)).toEqual({ ok: true, value });
  });

  it.each(['', '   ', 'no json here', '"a string"', '[1,2]', '{"a":', '{"a":1'])('%j → not found', (text) => {
    expect(extractJson(text).ok).toBe(false);
  });

  it('property: any object survives prose and fences around it', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        fc.constantFrom('', 'Answer:\n', 'ok ```json\n'),
        fc.constantFrom('', '\n```', ' Thanks!'),
        (obj, before, after) => {
          const r = extractJson(`${before}${JSON.stringify(obj)}${after}`);
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.value).toEqual(JSON.parse(JSON.stringify(obj)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays fast on hostile input (many unmatched braces)', () => {
    const started = Date.now();
    expect(extractJson('{'.repeat(30_000)).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
