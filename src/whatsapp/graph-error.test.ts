import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { classifyGraphError, GraphApiError, type GraphErrorAction, retryDelayMs } from './graph-error.ts';

describe('classifyGraphError (reference/whatsapp.md §5.2)', () => {
  const table: [number, GraphErrorAction][] = [
    [130429, 'retry'],
    [4, 'retry'],
    [80007, 'retry'],
    [1, 'retry'],
    [2, 'retry'],
    [131000, 'retry'],
    [131016, 'retry'],
    [133004, 'retry'],
    [131057, 'retry'],
    [131056, 'retry_recipient'],
    [131047, 'reengage'],
    [190, 'ops_alert'],
    [0, 'ops_alert'],
    [3, 'ops_alert'],
    [10, 'ops_alert'],
    [200, 'ops_alert'],
    [250, 'ops_alert'],
    [299, 'ops_alert'],
    [131005, 'ops_alert'],
    [368, 'ops_alert'],
    [131031, 'ops_alert'],
    [130497, 'ops_alert'],
    [131048, 'ops_alert'],
    [131030, 'ops_alert'],
    [131026, 'permanent'],
    [131050, 'permanent'],
    [130403, 'permanent'],
    [131049, 'permanent'],
    [131052, 'permanent'],
    [100, 'fix_request'],
    [131008, 'fix_request'],
    [131009, 'fix_request'],
    [131051, 'fix_request'],
    [131053, 'fix_request'],
    [132000, 'fix_request'],
    [132001, 'fix_request'],
    [132012, 'fix_request'],
    [132015, 'fix_request'],
    [132016, 'fix_request'],
    [132018, 'fix_request'],
    [131062, 'fix_request'],
  ];
  it.each(table)('code %i → %s', (code, action) => {
    expect(classifyGraphError(code, 400)).toBe(action);
  });

  it('without a code: network/timeouts, 429 and 5xx retry; 401/403 page ops; other 4xx are permanent', () => {
    expect(classifyGraphError(undefined)).toBe('retry');
    expect(classifyGraphError(undefined, 500)).toBe('retry');
    expect(classifyGraphError(undefined, 502)).toBe('retry');
    expect(classifyGraphError(undefined, 503)).toBe('retry');
    expect(classifyGraphError(undefined, 429)).toBe('retry');
    expect(classifyGraphError(undefined, 401)).toBe('ops_alert');
    expect(classifyGraphError(undefined, 403)).toBe('ops_alert');
    expect(classifyGraphError(undefined, 404)).toBe('permanent');
    expect(classifyGraphError(undefined, 413)).toBe('permanent');
  });

  it('unknown codes retry only on 5xx/429, else never loop', () => {
    expect(classifyGraphError(999999, 500)).toBe('retry');
    expect(classifyGraphError(999999, 400)).toBe('permanent');
    expect(classifyGraphError(999999)).toBe('permanent');
  });
});

describe('retryDelayMs', () => {
  it('throughput retries: full jitter up to 1, 4, 16, 64 s', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs('retry', a, 0.999_999))).toEqual([1000, 4000, 16000, 64000]);
    expect([0, 1, 2, 3].map((a) => retryDelayMs('retry', a, 0))).toEqual([0, 0, 0, 0]);
    expect(retryDelayMs('retry', 2, 0.5)).toBe(8000);
  });

  it('pair-rate retries wait at least 4^X s (Meta), plus up to 50 % jitter', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs('retry_recipient', a, 0))).toEqual([
      1000, 4000, 16000, 64000,
    ]);
    expect(retryDelayMs('retry_recipient', 1, 1)).toBe(6000);
  });

  it('is capped and handles huge attempts', () => {
    expect(retryDelayMs('retry', 50, 1)).toBe(15 * 60_000);
    expect(retryDelayMs('retry_recipient', 10_000, 1)).toBe(15 * 60_000);
    expect(retryDelayMs('retry', 3, 1, { capMs: 30_000 })).toBe(30_000);
  });

  it('returns null for kinds that must not be retried', () => {
    for (const kind of ['reengage', 'fix_request', 'permanent', 'ops_alert'] as const) {
      expect(retryDelayMs(kind, 0, 0.5)).toBeNull();
    }
  });
});

describe('GraphApiError', () => {
  it('is an AppError with log-safe details and derived action/retryable', () => {
    const err = new GraphApiError({
      code: 'WHATSAPP_SEND_FAILED',
      message: 'Graph API send rejected: code 130429, HTTP 429',
      graphCode: 130429,
      httpStatus: 429,
      graphDetails: 'too many messages',
      graphMessage: '(#130429) Rate limit hit',
      fbtraceId: 'trace',
      sendOutcome: 'rejected',
    });
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('WHATSAPP_SEND_FAILED');
    expect(err.action).toBe('retry');
    expect(err.retryable).toBe(true);
    expect(err.mayHaveBeenAccepted).toBe(false);
    expect(err.details).toEqual({
      graphCode: 130429,
      httpStatus: 429,
      fbtraceId: 'trace',
      action: 'retry',
      sendOutcome: 'rejected',
    });
    const copy = err.withAcceptedWamids(['wamid.A']);
    expect(copy.acceptedWamids).toEqual(['wamid.A']);
    expect(copy.graphCode).toBe(130429);
    expect(copy.graphDetails).toBe('too many messages');
  });

  it('an explicit action wins over the classification', () => {
    const err = new GraphApiError({
      code: 'WHATSAPP_MEDIA_TOO_LARGE',
      message: 'x',
      sendOutcome: 'rejected',
      action: 'permanent',
    });
    expect(err.action).toBe('permanent');
    expect(err.retryable).toBe(false);
  });
});
