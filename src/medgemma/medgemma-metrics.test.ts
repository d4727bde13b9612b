import { describe, expect, it } from 'vitest';
import { createMetrics } from '../observability/metrics.ts';
import { createMedgemmaMetrics } from './medgemma-metrics.ts';

describe('createMedgemmaMetrics', () => {
  it("registers on the service's registry next to its metrics, without name clashes", async () => {
    const service = createMetrics();
    const m = createMedgemmaMetrics(service.registry);
    m.failures.inc({ route: 'openai', cause: 'timeout' });
    service.modelAgreement.inc({ result: 'model_higher' });
    const text = await service.registry.metrics();
    expect(text).toContain('omw_model_failures_total{route="openai",cause="timeout"} 1');
    expect(text).toContain('omw_model_agreement_total{result="model_higher"} 1');
    expect(text).toContain('omw_webhook_requests_total');
  });
});
