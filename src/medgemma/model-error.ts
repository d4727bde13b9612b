import { AppError } from '../shared/app-error.ts';

/**
 * Stable error codes of the model port. The caller's rule is the same for all of them: carry on
 * with the protocol alone. `retryable` only says whether the same call could succeed later.
 *
 * | code                      | when                                                              | retryable |
 * | ------------------------- | ----------------------------------------------------------------- | --------- |
 * | `MODEL_TIMEOUT`           | deadline (caller's signal or MEDGEMMA_TIMEOUT_MS) passed          | yes       |
 * | `MODEL_UNAVAILABLE`       | 429 / 5xx / network after the retries that fit the deadline       | yes       |
 * | `MODEL_AUTH`              | 401 / 403, or no Vertex access token could be obtained            | no        |
 * | `MODEL_REJECTED`          | any other 4xx (bad request, unknown model or endpoint)            | no        |
 * | `MODEL_BAD_OUTPUT`        | not JSON / schema violation after one repair, or thinking cut off twice | no  |
 * | `MODEL_CIRCUIT_OPEN`      | too many consecutive failures; the model is skipped for a cool-down | yes     |
 * | `MODEL_BAD_INPUT`         | the caller passed an invalid `TurnInput` (a bug)                  | no        |
 * | `MODEL_IMAGE_UNSUPPORTED` | an image was passed to a provider without `supportsImages`        | no        |
 * | `MODEL_UNKNOWN_OP`        | the runner adapter got a `ModelOp` kind it does not know          | no        |
 */
export const MODEL_ERROR_CODES = [
  'MODEL_TIMEOUT',
  'MODEL_UNAVAILABLE',
  'MODEL_AUTH',
  'MODEL_REJECTED',
  'MODEL_BAD_OUTPUT',
  'MODEL_CIRCUIT_OPEN',
  'MODEL_BAD_INPUT',
  'MODEL_IMAGE_UNSUPPORTED',
  'MODEL_UNKNOWN_OP',
] as const;

export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

/**
 * What went wrong at the lowest level; also the `cause` label of the failures metric.
 * `http` covers every HTTP error status including Vertex's HTTP-200 error object (A5.1b).
 */
export type FailureCause =
  | 'timeout'
  | 'http'
  | 'network'
  | 'auth'
  | 'bad_response'
  | 'garbage'
  | 'schema'
  | 'truncated'
  | 'circuit_open';

const RETRYABLE: Readonly<Record<ModelErrorCode, boolean>> = {
  MODEL_TIMEOUT: true,
  MODEL_UNAVAILABLE: true,
  MODEL_AUTH: false,
  MODEL_REJECTED: false,
  MODEL_BAD_OUTPUT: false,
  MODEL_CIRCUIT_OPEN: true,
  MODEL_BAD_INPUT: false,
  MODEL_IMAGE_UNSUPPORTED: false,
  MODEL_UNKNOWN_OP: false,
};

/** Details every model AppError carries (ids, statuses and causes only: never prompt or output text). */
export interface ModelErrorDetails {
  cause: FailureCause | 'input';
  /** HTTP status (or Vertex `predictions.code`) when there was one. */
  status?: number;
  /** Server-suggested wait before retrying (Retry-After), ms. */
  retryAfterMs?: number;
  /** Whether a retry of the same HTTP call may help (429, 5xx, network). */
  transient?: boolean;
  provider?: string;
}

/**
 * Builds a model AppError. Messages are fixed texts; nothing from the prompt or the model's output
 * goes into an error (PHI, DESIGN.md "Logs").
 */
export function modelError(
  code: ModelErrorCode,
  message: string,
  details: ModelErrorDetails,
  cause?: unknown,
): AppError {
  return new AppError(code, message, {
    retryable: RETRYABLE[code],
    details: { ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The details of a model AppError (undefined fields when it is some other error). */
export function modelErrorDetails(err: AppError): Partial<ModelErrorDetails> {
  return (err.details ?? {}) as Partial<ModelErrorDetails>;
}
