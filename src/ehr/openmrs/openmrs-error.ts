import { AppError } from '../../shared/app-error.ts';
import { OperationOutcomeSchema, RestErrorSchema } from './openmrs-schemas.ts';

/** Which OpenMRS API answered: they report the same problem with different statuses (openmrs.md §10.10). */
export type OpenmrsApi = 'rest' | 'appointments' | 'fhir';

/**
 * Messages of the appointments module's 500s that are the client's fault, not the server's
 * (openmrs.md §6.5, §6.7, §6.9): retrying them can never help. Anything else at 5xx is retryable.
 */
const CLIENT_500S: ReadonlyArray<{
  pattern: RegExp;
  code: 'EHR_REJECTED' | 'EHR_NOT_FOUND';
  reason: string;
}> = [
  { pattern: /can ?not be changed from/i, code: 'EHR_REJECTED', reason: 'status-transition' },
  {
    pattern: /cannot be created without (patient|service)/i,
    code: 'EHR_NOT_FOUND',
    reason: 'unknown-reference',
  },
  { pattern: /\bdoes not exist\b/i, code: 'EHR_NOT_FOUND', reason: 'unknown-reference' },
  {
    pattern: /is not provided|unparseable date|no enum constant|name is null/i,
    code: 'EHR_REJECTED',
    reason: 'bad-request',
  },
  {
    pattern: /required request parameter|is not the uuid of any/i,
    code: 'EHR_REJECTED',
    reason: 'bad-request',
  },
];

/** Codes that are message keys (`error.null`, `Person.gender.required`), not quoted submitted values. */
const MESSAGE_KEY = /^[A-Za-z][\w.-]{0,80}$/;

/**
 * Maps an OpenMRS HTTP error to the port's codes (openmrs.md §2.8, §4, §6.9):
 * 400/415/422 → `EHR_REJECTED`; 401/403 → `EHR_AUTH_FAILED` (the client handles the one re-login
 * before this); 404/410 → `EHR_NOT_FOUND`; the appointments module's known client-error 500s →
 * `EHR_REJECTED`/`EHR_NOT_FOUND`; other 5xx (incl. the gateway's HTML pages), 408, 409, 429 →
 * `EHR_UNAVAILABLE` (retryable).
 *
 * No PHI: OpenMRS messages quote submitted values ("Invalid check digit for identifier: 10000X",
 * "Identifier … already in use"), so only field names, message keys and the server's error class go
 * into `details`; the message names the operation and status only.
 */
export function openmrsHttpError(status: number, body: unknown, op: string, api: OpenmrsApi): AppError {
  const rest = RestErrorSchema.safeParse(body);
  const outcome = OperationOutcomeSchema.safeParse(body);
  const details: Record<string, unknown> = { status, operation: op, api };
  if (rest.success) {
    const e = rest.data.error;
    if (e.code && MESSAGE_KEY.test(e.code.replace(/:\d+$/, ''))) details.errorCode = e.code;
    const fields = Object.keys(e.fieldErrors ?? {});
    if (fields.length > 0) details.fields = fields.slice(0, 10);
    const globals = (e.globalErrors ?? []).flatMap((g) =>
      g.code && MESSAGE_KEY.test(g.code) ? [g.code] : [],
    );
    if (globals.length > 0) details.globalErrors = globals.slice(0, 10);
  } else if (outcome.success) {
    details.issues = (outcome.data.issue ?? []).slice(0, 5).map((i) => i.code);
  }

  if (status === 401 || status === 403) {
    return new AppError(
      'EHR_AUTH_FAILED',
      status === 401
        ? `OpenMRS refused the session (${op}, 401)`
        : `OpenMRS service account lacks a privilege (${op}, 403)`,
      { details },
    );
  }
  if (status === 404 || status === 410) {
    return new AppError('EHR_NOT_FOUND', `OpenMRS: not found (${op}, ${status})`, { details });
  }
  if (status === 408 || status === 409 || status === 429) {
    return new AppError('EHR_UNAVAILABLE', `OpenMRS busy (${op}, ${status})`, { retryable: true, details });
  }
  if (status >= 500) {
    const message = rest.success ? (rest.data.error.message ?? '') : '';
    const known = message === '' ? undefined : CLIENT_500S.find((c) => c.pattern.test(message));
    if (known) {
      return new AppError(known.code, `OpenMRS refused ${op} (${status}, ${known.reason})`, {
        details: { ...details, reason: known.reason },
      });
    }
    return new AppError('EHR_UNAVAILABLE', `OpenMRS server error (${op}, ${status})`, {
      retryable: true,
      details,
    });
  }
  return new AppError('EHR_REJECTED', `OpenMRS rejected ${op} (${status})`, { details });
}

/**
 * A request that got no HTTP answer: timeout, connection refused, reset, DNS. Retryable; for a write
 * the outcome is unknown (it may have been committed), which the idempotency checks cover.
 */
export function openmrsUnreachable(op: string, cause: unknown): AppError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new AppError('EHR_UNAVAILABLE', `OpenMRS ${timedOut ? 'timed out' : 'unreachable'} (${op})`, {
    retryable: true,
    cause,
    details: { operation: op, outcome: 'unknown', timedOut },
  });
}

/** A 2xx answer whose body is not what the API documents (proxy page, wrong base URL, version drift). */
export function openmrsUnexpected(op: string): AppError {
  return new AppError('EHR_UNAVAILABLE', `OpenMRS sent an unexpected response (${op})`, {
    retryable: true,
    details: { operation: op },
  });
}
