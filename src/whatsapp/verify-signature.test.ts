import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './verify-signature.ts';

const secret = 'app-secret';
const hmac = (body: string | Buffer, key = secret) => createHmac('sha256', key).update(body).digest('hex');

describe('verifySignature', () => {
  it('accepts the GitHub/Meta-style documented vector', () => {
    // "It's a Secret to Everybody" / "Hello, World!" is the widely published X-Hub-Signature-256 vector.
    const body = Buffer.from('Hello, World!');
    const header = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(verifySignature(body, header, "It's a Secret to Everybody")).toBe(true);
  });

  it('accepts Meta-escaped non-ASCII bodies hashed as received (accents, emoji, slash, at sign)', () => {
    // Meta sends non-ASCII as \u00e9-style escapes and escapes "/" as "\/": the bytes on the wire are what count.
    const wire = '{"text":{"body":"J\'ai mang\\u00e9 des p\\u00e2tes \\ud83d\\ude00 a\\/b x@y.org"}}';
    const raw = Buffer.from(wire, 'utf8');
    expect(verifySignature(raw, `sha256=${hmac(raw)}`, secret)).toBe(true);
    // Re-serialising the parsed JSON (the classic bug) yields other bytes and must not verify.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(wire)), 'utf8');
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifySignature(reserialised, `sha256=${hmac(raw)}`, secret)).toBe(false);
  });

  it('accepts raw UTF-8 non-ASCII bodies too', () => {
    const raw = Buffer.from('{"body":"Ninaumwa na kichwa, ça fait mal, dói 😷"}', 'utf8');
    expect(verifySignature(raw, signatureHeader(raw, secret), secret)).toBe(true);
    expect(
      verifySignature(raw, signatureHeader(raw, secret).toUpperCase().replace('SHA256=', 'sha256='), secret),
    ).toBe(true);
  });

  it('rejects tampered bodies, wrong secrets, missing and malformed headers', () => {
    const raw = Buffer.from('{"a":1}');
    const good = `sha256=${hmac(raw)}`;
    expect(verifySignature(Buffer.from('{"a":2}'), good, secret)).toBe(false);
    expect(verifySignature(raw, `sha256=${hmac(raw, 'other')}`, secret)).toBe(false);
    expect(verifySignature(raw, undefined, secret)).toBe(false);
    expect(verifySignature(raw, '', secret)).toBe(false);
    expect(verifySignature(raw, hmac(raw), secret)).toBe(false);
    expect(verifySignature(raw, 'sha1=' + hmac(raw), secret)).toBe(false);
    expect(verifySignature(raw, `sha256=${hmac(raw).slice(0, 63)}`, secret)).toBe(false);
    expect(verifySignature(raw, `sha256=${hmac(raw).slice(0, 63)}g`, secret)).toBe(false);
  });

  it('verifies any body signed with its own bytes and rejects any single-byte change', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), (text, pos) => {
        const raw = Buffer.from(text, 'utf8');
        const header = signatureHeader(raw, secret);
        if (!verifySignature(raw, header, secret)) return false;
        if (raw.length === 0) return true;
        const changed = Buffer.from(raw);
        const i = pos % changed.length;
        changed[i] = (changed[i]! + 1) % 256;
        return !verifySignature(changed, header, secret);
      }),
    );
  });
});
