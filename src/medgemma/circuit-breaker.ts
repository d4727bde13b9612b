import type { CircuitState } from './triage-model.ts';

/** Options of `createCircuitBreaker`. */
export interface CircuitBreakerOptions {
  /** Consecutive failed turns that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit skips the model before letting one probe through, ms. */
  coolDownMs: number;
  now?: () => number;
  /** Called on every state change (metrics). */
  onStateChange?: (state: CircuitState) => void;
}

/** A permit to call the model; report how it went exactly once. */
export interface CircuitPermit {
  /** Whether this call is the half-open probe. */
  readonly probe: boolean;
  success(): void;
  failure(): void;
  /** No verdict (the call never reached the server); a probe slot is freed for the next caller. */
  cancel(): void;
}

/** Skips the model while it is failing, so patients are not kept waiting for a dead server. */
export interface CircuitBreaker {
  /** A permit, or undefined when the circuit is open (or half-open with its probe in flight). */
  tryAcquire(): CircuitPermit | undefined;
  state(): CircuitState;
}

/**
 * A consecutive-failure circuit breaker. Closed: calls pass; `failureThreshold` consecutive failures
 * open it. Open: calls are refused until `coolDownMs` has passed, then it is half-open. Half-open:
 * exactly one probe passes (others are refused); its success closes the circuit, its failure opens
 * it for another cool-down.
 *
 * @param options threshold, cool-down, clock
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probeInFlight = false;

  const set = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  };
  const current = (): CircuitState => {
    if (state === 'open' && now() - openedAt >= options.coolDownMs) set('half_open');
    return state;
  };
  const open = () => {
    openedAt = now();
    failures = 0;
    set('open');
  };

  return {
    state: current,
    tryAcquire() {
      const s = current();
      if (s === 'open') return undefined;
      const probe = s === 'half_open';
      if (probe) {
        if (probeInFlight) return undefined;
        probeInFlight = true;
      }
      let settled = false;
      return {
        probe,
        success() {
          if (settled) return;
          settled = true;
          if (probe) probeInFlight = false;
          failures = 0;
          if (probe || state === 'half_open') set('closed');
        },
        failure() {
          if (settled) return;
          settled = true;
          if (probe) {
            probeInFlight = false;
            open();
            return;
          }
          if (state !== 'closed') return;
          failures++;
          if (failures >= options.failureThreshold) open();
        },
        cancel() {
          if (settled) return;
          settled = true;
          if (probe) probeInFlight = false;
        },
      };
    },
  };
}
