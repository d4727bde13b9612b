import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.ts';

function breaker(threshold = 3, coolDownMs = 1_000) {
  let clock = 0;
  const states: string[] = [];
  const b = createCircuitBreaker({
    failureThreshold: threshold,
    coolDownMs,
    now: () => clock,
    onStateChange: (s) => states.push(s),
  });
  return { b, states, advance: (ms: number) => (clock += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between resets the count', () => {
    const { b } = breaker(3);
    b.tryAcquire()!.failure();
    b.tryAcquire()!.failure();
    b.tryAcquire()!.success();
    b.tryAcquire()!.failure();
    b.tryAcquire()!.failure();
    expect(b.state()).toBe('closed');
    b.tryAcquire()!.failure();
    expect(b.state()).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('half-opens after the cool-down with one probe; success closes, failure re-opens', () => {
    const { b, states, advance } = breaker(1, 1_000);
    b.tryAcquire()!.failure();
    advance(999);
    expect(b.tryAcquire()).toBeUndefined();
    advance(1);
    const probe = b.tryAcquire()!;
    expect(probe.probe).toBe(true);
    expect(b.tryAcquire()).toBeUndefined();
    probe.failure();
    expect(b.state()).toBe('open');
    advance(1_000);
    b.tryAcquire()!.success();
    expect(b.state()).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('a cancelled probe frees the slot without a verdict', () => {
    const { b, advance } = breaker(1, 10);
    b.tryAcquire()!.failure();
    advance(10);
    b.tryAcquire()!.cancel();
    expect(b.state()).toBe('half_open');
    expect(b.tryAcquire()?.probe).toBe(true);
  });

  it('a permit counts once, whatever the caller does', () => {
    const { b } = breaker(2);
    const p = b.tryAcquire()!;
    p.failure();
    p.failure();
    p.success();
    expect(b.state()).toBe('closed');
    b.tryAcquire()!.failure();
    expect(b.state()).toBe('open');
  });

  it('late failures of calls started before the circuit opened do not extend it', () => {
    const { b, advance } = breaker(1, 100);
    const a = b.tryAcquire()!;
    const c = b.tryAcquire()!;
    a.failure();
    advance(100);
    c.failure();
    expect(b.state()).toBe('half_open');
  });
});
