/**
 * Error bodies in the exact shapes OpenMRS produces (openmrs.md §4, §2.8, §6.9), plus the `HttpError`
 * the route handlers throw to produce them.
 */

/** One entry of a REST validation error (`{code, message}`), as `RestUtil.wrapValidationErrorResponse`. */
export interface ValidationEntry {
  readonly code: string;
  readonly message: string;
}

/** Collected `Errors` of a core validator run: global errors and field errors keyed by property path. */
export class ValidationErrors {
  readonly global: ValidationEntry[] = [];
  readonly fields = new Map<string, ValidationEntry[]>();

  /** `errors.reject(code)`; core often uses the exception message itself as the code. */
  reject(code: string, message: string = code): void {
    this.global.push({ code, message });
  }

  /** `errors.rejectValue(field, code)`. */
  rejectValue(field: string, code: string, message: string): void {
    const list = this.fields.get(field) ?? [];
    list.push({ code, message });
    this.fields.set(field, list);
  }

  get hasErrors(): boolean {
    return this.global.length > 0 || this.fields.size > 0;
  }

  /** `ValidateUtil` message for FHIR 422s: `'<obj>' failed to validate with reason: field: message, …`. */
  summary(objectLabel: string): string {
    const reasons = [
      ...this.global.map((g) => g.message),
      ...[...this.fields.entries()].flatMap(([field, list]) => list.map((e) => `${field}: ${e.message}`)),
    ];
    return `'${objectLabel}' failed to validate with reason: ${reasons.join(', ')}`;
  }
}

/** What a handler answers with; the server writes it verbatim. */
export interface StandinReply {
  readonly status: number;
  readonly body?: unknown;
  /** `json` (default), `fhir` (application/fhir+json), `html` (servlet error page), `text`, or `empty`. */
  readonly kind?: 'json' | 'fhir' | 'html' | 'text' | 'empty';
  readonly headers?: Readonly<Record<string, string>>;
}

/** Thrown by handlers; carries the complete reply. */
export class HttpError extends Error {
  constructor(readonly reply: StandinReply) {
    super(`HTTP ${reply.status}`);
  }
}

/**
 * Generic REST error (`RestUtil.wrapErrorResponse`, openmrs.md §4): message is `reason [cause chain]`, or
 * `[cause chain]` without a reason; `code` is the throwing class and line; `detail` empty (stack traces off);
 * `rawMessage`/`translatedMessage` exist since webservices.rest 3.4.1.
 */
export function restErrorBody(rawMessage: string | null, reason: string | null, codeClass: string): unknown {
  const raw = rawMessage ?? 'null';
  const message = reason ? `${reason} [${raw}]` : `[${raw}]`;
  return {
    error: {
      message,
      code: codeClass,
      detail: '',
      rawMessage: rawMessage ?? reason ?? null,
      translatedMessage: rawMessage ?? reason ?? null,
    },
  };
}

/** Generic REST error reply. */
export function restError(
  status: number,
  rawMessage: string | null,
  options: { reason?: string; codeClass?: string } = {},
): HttpError {
  const codeClass =
    options.codeClass ?? 'org.openmrs.module.webservices.rest.web.v1_0.controller.BaseRestController:0';
  return new HttpError({ status, body: restErrorBody(rawMessage, options.reason ?? null, codeClass) });
}

/** 404 for an unknown uuid: `ObjectNotFoundException` with reason and a null message (openmrs.md §4). */
export function restNotFound(): HttpError {
  return restError(404, null, {
    reason: "Object with given uuid doesn't exist",
    codeClass: 'org.openmrs.module.webservices.rest.web.resource.impl.DelegatingCrudResource:0',
  });
}

/** 400 `webservices.rest.error.invalid.submission` validation body (openmrs.md §4). */
export function restValidationError(errors: ValidationErrors): HttpError {
  return new HttpError({
    status: 400,
    body: {
      error: {
        message: 'Invalid Submission',
        code: 'webservices.rest.error.invalid.submission',
        globalErrors: errors.global,
        fieldErrors: Object.fromEntries(errors.fields),
      },
    },
  });
}

/** 400 for missing required creatable properties, as observed on real servers (openmrs.md §4). */
export function restMissingProperties(names: readonly string[]): HttpError {
  return restError(400, `Some required properties are missing: ${names.join(', ')}`, {
    codeClass: 'org.openmrs.module.webservices.rest.web.resource.impl.BaseDelegatingResource:0',
  });
}

/**
 * The Tomcat error page `HttpServletResponse.sendError` produces: used for the REST filter's
 * "Session timed out" and FHIR2's "Not authenticated" (openmrs.md §2.2, §2.8, §3.2).
 */
export function servletErrorPage(status: number, message: string): HttpError {
  const title = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Error';
  const html =
    `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${title}</title></head>` +
    `<body><h1>HTTP Status ${status} – ${title}</h1><hr class="line" /><p><b>Type</b> Status Report</p>` +
    `<p><b>Message</b> ${message}</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>`;
  return new HttpError({ status, body: html, kind: 'html' });
}

/** HAPI OperationOutcome (fixture fhir_operation_outcome_hapi.json; openmrs.md §2.8). */
export function operationOutcome(diagnostics: string, code = 'processing'): unknown {
  const escaped = diagnostics.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return {
    resourceType: 'OperationOutcome',
    text: {
      status: 'generated',
      div:
        '<div xmlns="http://www.w3.org/1999/xhtml"><h1>Operation Outcome</h1><table border="0"><tr>' +
        `<td style="font-weight: bold;">ERROR</td><td>[]</td><td><pre>${escaped}</pre></td></tr></table></div>`,
    },
    issue: [{ severity: 'error', code, diagnostics }],
  };
}

/** FHIR error reply with an OperationOutcome body. */
export function fhirError(status: number, diagnostics: string, code = 'processing'): HttpError {
  return new HttpError({ status, body: operationOutcome(diagnostics, code), kind: 'fhir' });
}
