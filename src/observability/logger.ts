import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys that can carry PHI or secrets anywhere in a log object. The code logs ids and pseudonyms only;
 * this list is the second line of defence for a field that slips through.
 */
const REDACT_KEYS = [
  'text',
  'body',
  'caption',
  'phone',
  'name',
  'givenName',
  'familyName',
  'profileName',
  'username',
  'waId',
  'wa_id',
  'from',
  'to',
  'recipient',
  'userId',
  'user_id',
  'birthDate',
  'summary',
  'comments',
  'complaint',
  'password',
  'token',
  'accessToken',
  'authorization',
  'cookie',
];

const REDACT_PATHS = [
  ...REDACT_KEYS,
  ...REDACT_KEYS.map((k) => `*.${k}`),
  ...REDACT_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.query',
  'req.url',
];

/**
 * The service's root logger: pino JSON, PHI keys redacted. Request URLs are redacted too because a
 * webhook handshake carries the verify token in its query string.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'omrs-whatsapp' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
