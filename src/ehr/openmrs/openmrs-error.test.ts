import { describe, expect, it } from 'vitest';
import { openmrsHttpError, openmrsUnreachable } from './openmrs-error.ts';

const restError = (message: string, code = 'org.openmrs.api.APIException:0') => ({
  error: { message, code, detail: '', rawMessage: message, translatedMessage: message },
});

describe('openmrsHttpError', () => {
  it('REST validation 400 is EHR_REJECTED with field names and message keys, never submitted values', () => {
    const body = {
      error: {
        message: 'Invalid Submission',
        code: 'webservices.rest.error.invalid.submission',
        globalErrors: [
          {
            code: 'Invalid check digit for identifier: 10000X',
            message: 'Invalid check digit for identifier: 10000X',
          },
          { code: 'error.preferredIdentifier', message: 'Preferred identifier is required' },
        ],
        fieldErrors: { 'names[0].givenName': [{ code: 'x', message: 'You must define the Given Name' }] },
      },
    };
    const err = openmrsHttpError(400, body, 'POST patient', 'rest');
    expect(err.code).toBe('EHR_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({
      fields: ['names[0].givenName'],
      globalErrors: ['error.preferredIdentifier'],
    });
    expect(JSON.stringify(err.details)).not.toContain('10000X');
    expect(err.message).not.toContain('10000X');
  });

  it('appointments 500s that are client errors are not retryable', () => {
    const transition = openmrsHttpError(
      500,
      restError('[Appointment status can not be changed from Completed to Cancelled]'),
      'POST status-change',
      'appointments',
    );
    expect([transition.code, transition.retryable, transition.details?.reason]).toEqual([
      'EHR_REJECTED',
      false,
      'status-transition',
    ]);
    expect(openmrsHttpError(500, restError('[Appointment does not exist]'), 'x', 'appointments').code).toBe(
      'EHR_NOT_FOUND',
    );
    expect(
      openmrsHttpError(500, restError('Appointment cannot be created without Patient'), 'x', 'appointments')
        .code,
    ).toBe('EHR_NOT_FOUND');
    expect(openmrsHttpError(500, restError('[StartDate is not provided]'), 'x', 'appointments').code).toBe(
      'EHR_REJECTED',
    );
    expect(
      openmrsHttpError(500, restError('[Unparseable date: "2024-05-01"]'), 'x', 'appointments').code,
    ).toBe('EHR_REJECTED');
  });

  it('other 5xx, including the gateway HTML page, are EHR_UNAVAILABLE and retryable', () => {
    const jdbc = openmrsHttpError(500, restError('[could not open JDBC Connection]'), 'x', 'rest');
    expect([jdbc.code, jdbc.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
    for (const status of [502, 503, 504]) {
      const html = openmrsHttpError(status, undefined, 'x', 'rest');
      expect([html.code, html.retryable]).toEqual(['EHR_UNAVAILABLE', true]);
    }
    expect(openmrsHttpError(429, undefined, 'x', 'rest').retryable).toBe(true);
  });

  it('401 and 403 are EHR_AUTH_FAILED; 404 and 410 EHR_NOT_FOUND; FHIR 422 EHR_REJECTED', () => {
    expect(openmrsHttpError(401, undefined, 'x', 'rest').code).toBe('EHR_AUTH_FAILED');
    expect(openmrsHttpError(403, restError('Privileges required: Add Patients'), 'x', 'rest').code).toBe(
      'EHR_AUTH_FAILED',
    );
    expect(openmrsHttpError(404, undefined, 'x', 'appointments').code).toBe('EHR_NOT_FOUND');
    expect(openmrsHttpError(410, undefined, 'x', 'fhir').code).toBe('EHR_NOT_FOUND');
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'processing', diagnostics: "'Amina' failed to validate" }],
    };
    const fhir = openmrsHttpError(422, outcome, 'POST Patient', 'fhir');
    expect([fhir.code, fhir.retryable]).toEqual(['EHR_REJECTED', false]);
    expect(fhir.details).toMatchObject({ issues: ['processing'] });
    expect(JSON.stringify(fhir.details)).not.toContain('Amina');
  });

  it('no answer at all is EHR_UNAVAILABLE with an unknown outcome', () => {
    const timeout = openmrsUnreachable('POST appointment', new DOMException('timed out', 'TimeoutError'));
    expect(timeout).toMatchObject({ code: 'EHR_UNAVAILABLE', retryable: true });
    expect(timeout.details).toMatchObject({ outcome: 'unknown', timedOut: true });
    expect(openmrsUnreachable('x', new TypeError('fetch failed')).message).toContain('unreachable');
  });
});
