import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The model's Prometheus metrics, on the caller's registry (`createMetrics().registry`). Labels carry
 * provider routes, outcomes and causes only — never prompt or output text.
 *
 * @param registry where to register
 */
export function createMedgemmaMetrics(registry: Registry) {
  const turnSeconds = new Histogram({
    name: 'omw_model_turn_seconds',
    help: 'Time of one model turn (queue, retries, repair included) by route and outcome (ok or error code)',
    labelNames: ['route', 'outcome'] as const,
    buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
    registers: [registry],
  });
  const callSeconds = new Histogram({
    name: 'omw_model_call_seconds',
    help: 'Time of one HTTP call to the model server by route and result (ok, or the failure cause)',
    labelNames: ['route', 'result'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'omw_model_tokens_total',
    help: 'Tokens reported by the model server, by route and kind (prompt, completion)',
    labelNames: ['route', 'kind'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'omw_model_failures_total',
    help: 'Model failures by route and cause (timeout, http, network, auth, bad_response, garbage, schema, truncated, circuit_open); counted per occurrence, retried or not',
    labelNames: ['route', 'cause'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'omw_model_retries_total',
    help: 'Extra model calls by reason (transient, repair, thinking_off)',
    labelNames: ['route', 'reason'] as const,
    registers: [registry],
  });
  const circuitState = new Gauge({
    name: 'omw_model_circuit_state',
    help: 'Model circuit breaker: 0 closed, 1 half-open, 2 open',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'omw_model_in_flight',
    help: 'Model turns holding a concurrency slot',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  return {
    turnSeconds,
    callSeconds,
    tokens,
    failures,
    retries,
    circuitState,
    inFlight,
  };
}

export type MedgemmaMetrics = ReturnType<typeof createMedgemmaMetrics>;
