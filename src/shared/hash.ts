import { createHash } from 'node:crypto';

/**
 * A short, stable, non-reversible reference for an identifier (a WhatsApp id, a phone number) so logs
 * and metrics can correlate events without carrying PHI. 16 hex characters of SHA-256 with a fixed
 * domain prefix.
 */
export function pseudonym(value: string): string {
  return createHash('sha256').update(`omrs-whatsapp:${value}`).digest('hex').slice(0, 16);
}
