import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER_PATTERN = /^sha256=([0-9a-f]{64})$/i;

/**
 * Check Meta's `X-Hub-Signature-256` header against the HMAC-SHA256 of the exact bytes received,
 * keyed with the app secret. Hashing re-serialised JSON breaks on non-ASCII text, `/` and `@`
 * (whatsapp.md §1.2), so callers must pass the raw body. A missing or malformed header is a failure
 * (never "skip when absent"); the comparison is constant-time.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (header === undefined) return false;
  const match = HEADER_PATTERN.exec(header.trim());
  if (match?.[1] === undefined) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value Meta would send for `rawBody`; used by the sandbox simulator and tests. */
export function signatureHeader(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
