/**
 * Graph API errors and what to do about them (reference/whatsapp.md §5.2). The client throws
 * {@link GraphApiError}; the durable outbound queue above it decides with {@link classifyGraphError}
 * and {@link retryDelayMs}. The client itself never retries.
 */
import { AppError } from '../shared/app-error.ts';

/**
 * What the caller should do with a failed request (§5.2 "Action" column):
 * - `retry`: transient (throughput, server trouble, network) — back off and try again, pace globally.
 * - `retry_recipient`: pair rate limit (131056) — back off for THIS recipient only (4^X s); others may
 *   still be sent to.
 * - `reengage`: outside the 24 h window (131047) — send an approved template instead, or wait.
 * - `fix_request`: our request is wrong (parameters, template, media, BSUID not allowed) — dead-letter
 *   and fix the code or data; retrying the same body cannot help.
 * - `permanent`: this recipient/message cannot be delivered (undeliverable, opted out, blocked) — mark
 *   it, maybe use another channel; never retry automatically.
 * - `ops_alert`: credentials, permissions, account restrictions or spam flags — stop and page someone.
 */
export type GraphErrorAction =
  | 'retry'
  | 'retry_recipient'
  | 'reengage'
  | 'fix_request'
  | 'permanent'
  | 'ops_alert';

/**
 * Whether Meta may have accepted the request (§5.2 "Idempotency caveat": there is no idempotency key):
 * - `not_sent`: the request never reached Meta (DNS, connection refused, TLS) — safe to resend.
 * - `unknown`: sent, but no usable answer (timeout, connection reset, gateway 5xx without a Graph
 *   error, unparseable 2xx) — Meta MAY have accepted it; resending may double-send.
 * - `rejected`: Meta answered with an error — not accepted.
 */
export type SendOutcome = 'not_sent' | 'unknown' | 'rejected';

/** Stable {@link AppError} codes used by {@link GraphApiError} (see docs/error-codes.md). */
export type GraphApiErrorCode =
  | 'WHATSAPP_SEND_FAILED'
  | 'WHATSAPP_MARK_READ_FAILED'
  | 'WHATSAPP_MEDIA_FAILED'
  | 'WHATSAPP_MEDIA_TOO_LARGE'
  | 'WHATSAPP_MEDIA_TYPE_REJECTED';

/** Constructor input for {@link GraphApiError}. */
export interface GraphApiErrorInit {
  readonly code: GraphApiErrorCode;
  readonly message: string;
  readonly graphCode?: number | undefined;
  readonly httpStatus?: number | undefined;
  /** Meta's `error_data.details`. */
  readonly graphDetails?: string | undefined;
  readonly graphType?: string | undefined;
  /** Meta's `error.message`. */
  readonly graphMessage?: string | undefined;
  readonly fbtraceId?: string | undefined;
  readonly sendOutcome: SendOutcome;
  /** Overrides {@link classifyGraphError} when the failure is not Meta's (size limit, bad MIME type…). */
  readonly action?: GraphErrorAction;
  /**
   * For multi-part sends: wamids of the earlier parts of the same message that Meta accepted before
   * this part failed (resume with `fromPart: acceptedWamids.length` to avoid sending them twice).
   */
  readonly acceptedWamids?: readonly string[];
  readonly cause?: unknown;
}

/**
 * A failed Graph API call. `message` is ours (never Meta's text, which could echo parameters) and
 * carries no PHI. Meta's own wording is kept in `graphMessage`/`graphDetails` for operators — log it
 * at debug level only. `AppError.details` holds only codes and ids, safe to log.
 *
 * Meta's `error_data.details` is exposed as `graphDetails` (not `details`): `details` is already
 * `AppError`'s structured, log-safe record.
 */
export class GraphApiError extends AppError {
  /** Meta's numeric `error.code`; undefined for network failures and code-less HTTP errors. */
  readonly graphCode: number | undefined;
  /** HTTP status of Meta's answer; undefined when no answer arrived. */
  readonly httpStatus: number | undefined;
  /** Meta's `error.error_data.details`. */
  readonly graphDetails: string | undefined;
  /** Meta's `error.type` (e.g. `OAuthException`). */
  readonly graphType: string | undefined;
  /** Meta's `fbtrace_id`, quote it to Meta support. */
  readonly fbtraceId: string | undefined;
  /** Whether Meta may have accepted the request; see {@link SendOutcome}. */
  readonly sendOutcome: SendOutcome;
  /** See {@link GraphApiErrorInit.acceptedWamids}; empty for single requests. */
  readonly acceptedWamids: readonly string[];
  readonly #init: GraphApiErrorInit;
  /** What to do; see {@link GraphErrorAction}. */
  readonly action: GraphErrorAction;
  /** Meta's `error.message`, if any (may echo request parameters: do not log at info level). */
  readonly graphMessage: string | undefined;

  constructor(init: GraphApiErrorInit) {
    const action = init.action ?? classifyGraphError(init.graphCode, init.httpStatus);
    super(init.code, init.message, {
      retryable: action === 'retry' || action === 'retry_recipient',
      cause: init.cause,
      details: {
        graphCode: init.graphCode,
        httpStatus: init.httpStatus,
        fbtraceId: init.fbtraceId,
        action,
        sendOutcome: init.sendOutcome,
      },
    });
    this.name = 'GraphApiError';
    this.graphCode = init.graphCode;
    this.httpStatus = init.httpStatus;
    this.graphDetails = init.graphDetails;
    this.graphType = init.graphType;
    this.fbtraceId = init.fbtraceId;
    this.sendOutcome = init.sendOutcome;
    this.action = action;
    this.graphMessage = init.graphMessage;
    this.acceptedWamids = init.acceptedWamids ?? [];
    this.#init = init;
  }

  /** A copy recording the wamids of parts accepted before this failure (multi-part sends). */
  withAcceptedWamids(acceptedWamids: readonly string[]): GraphApiError {
    const copy = new GraphApiError({ ...this.#init, acceptedWamids });
    if (this.stack !== undefined) copy.stack = this.stack;
    return copy;
  }

  /** True when a resend could double-deliver (the request may have been accepted). */
  get mayHaveBeenAccepted(): boolean {
    return this.sendOutcome === 'unknown';
  }
}

/** True when `err` is a {@link GraphApiError}. */
export function isGraphApiError(err: unknown): err is GraphApiError {
  return err instanceof GraphApiError;
}

// §5.2 table, row by row.
const RETRY = new Set([130429, 4, 80007, 1, 2, 131000, 131016, 133004, 131057]);
const OPS_ALERT = new Set([190, 0, 3, 10, 131005, 368, 131031, 130497, 131048, 131030]);
const PERMANENT = new Set([131026, 131050, 130403, 131049, 131052, 131021]);
const FIX_REQUEST = new Set([100, 131008, 131009, 131051, 131053, 131062]);

/**
 * Maps a Graph error to an action, exactly per reference/whatsapp.md §5.2:
 * - retry: 130429 (throughput), 4 (app rate), 80007 (WABA rate), 1, 2, 131000, 131016, 133004 (server),
 *   131057 (maintenance); and, without a code, network errors/timeouts (`httpStatus` undefined), 429 and 5xx.
 * - retry_recipient: 131056 (pair rate limit).
 * - reengage: 131047 (24 h window closed → template).
 * - ops_alert: 190 (token), 0, 3, 10, 200–299 (auth/permissions), 131005, 368, 131031, 130497
 *   (account restricted/locked), 131048 (spam limit: no blind retry), 131030 (test-number allow list),
 *   and code-less 401/403.
 * - permanent: 131026 (undeliverable), 131050 (stopped marketing), 130403 (blocked), 131049 (marketing
 *   limit: wait ≥ 24 h), 131052 (media download), 131021 (recipient is the sender).
 * - fix_request: 100, 131008, 131009 (parameters), 131051 (type), 131053 (media upload), 132000–132099
 *   (template family: 132000/132001/132012/132015/132016/132018…), 131062 (BSUID not allowed → resend with
 *   the phone number).
 * - Any other code: retry on 5xx/429, else permanent (never loop on an unknown rejection).
 */
export function classifyGraphError(graphCode: number | undefined, httpStatus?: number): GraphErrorAction {
  if (graphCode === undefined) {
    if (httpStatus === undefined || httpStatus === 429 || httpStatus >= 500) return 'retry';
    if (httpStatus === 401 || httpStatus === 403) return 'ops_alert';
    return 'permanent';
  }
  if (graphCode === 131056) return 'retry_recipient';
  if (graphCode === 131047) return 'reengage';
  if (RETRY.has(graphCode)) return 'retry';
  if (OPS_ALERT.has(graphCode) || (graphCode >= 200 && graphCode <= 299)) return 'ops_alert';
  if (PERMANENT.has(graphCode)) return 'permanent';
  if (FIX_REQUEST.has(graphCode) || (graphCode >= 132000 && graphCode <= 132099)) return 'fix_request';
  if (httpStatus !== undefined && (httpStatus === 429 || httpStatus >= 500)) return 'retry';
  return 'permanent';
}

/** Options for {@link retryDelayMs}. */
export interface RetryDelayOptions {
  /** Upper bound for any delay, ms. Default 15 minutes. */
  readonly capMs?: number;
}

const DEFAULT_CAP_MS = 15 * 60_000;

/**
 * Delay before retry number `attempt + 1` (`attempt` is 0 for the first retry), in ms, or `null` when
 * `kind` must not be retried automatically.
 * - `retry`: exponential ×4 from 1 s (1, 4, 16, 64 s… — the pattern production senders use for 130429,
 *   §7.1) with FULL jitter: uniform in [0, min(cap, 4^attempt s)] so many queued sends do not retry in
 *   lockstep against the per-number throughput limit.
 * - `retry_recipient`: Meta's own rule for 131056, "retry after 4^X seconds" (§5.1), is a floor, so the
 *   delay is 4^attempt s plus up to 50 % jitter, capped.
 * @param rand a uniform random number in [0, 1) (inject for tests); defaults to `Math.random()`.
 */
export function retryDelayMs(
  kind: GraphErrorAction,
  attempt: number,
  rand: number = Math.random(),
  opts: RetryDelayOptions = {},
): number | null {
  const cap = opts.capMs ?? DEFAULT_CAP_MS;
  const n = Math.max(0, Math.floor(attempt));
  const r = Math.min(Math.max(rand, 0), 1);
  // 4^n overflows to Infinity long after the cap; Math.min keeps it finite.
  const exp = Math.min(cap, 1000 * 4 ** n);
  switch (kind) {
    case 'retry':
      return Math.round(r * exp);
    case 'retry_recipient':
      return Math.min(cap, Math.round(exp + r * exp * 0.5));
    default:
      return null;
  }
}
