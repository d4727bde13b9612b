import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appointmentRoutes } from './appointment-routes.ts';
import { fhirRoutes } from './fhir-routes.ts';
import { luhnMod30CheckChar } from './luhn-mod30.ts';
import { O3 } from './o3-metadata.ts';
import { parseJacksonDate } from './openmrs-dates.ts';
import {
  HttpError,
  operationOutcome,
  restErrorBody,
  type StandinReply,
  servletErrorPage,
} from './openmrs-errors.ts';
import { registerPatient } from './patient-registry.ts';
import { restCoreRoutes } from './rest-core-routes.ts';
import { restEncounterRoutes } from './rest-encounter-routes.ts';
import type { NodeContext } from './rest-nodes.ts';
import { AuthService } from './session-auth.ts';
import { sessionRoutes } from './session-routes.ts';
import { type RouteDef, Router, routeKey, type StandinRequest } from './standin-router.ts';
import {
  type AppointmentRecord,
  type AppointmentServiceRecord,
  type AppointmentStatus,
  type EncounterRecord,
  type EncounterTypeRecord,
  type IdentifierTypeRecord,
  type LocationRecord,
  newUuid,
  type ObsRecord,
  type PatientRecord,
  StandinState,
  type WeeklyAvailabilityRecord,
} from './standin-state.ts';

export { O3 } from './o3-metadata.ts';
export type {
  AppointmentRecord,
  AppointmentServiceRecord,
  EncounterRecord,
  ObsRecord,
  PatientRecord,
} from './standin-state.ts';

/** An appointment service to add besides the three O3 demo services (openmrs.md §6.6). */
export interface ServiceSeed {
  readonly uuid?: string;
  readonly name: string;
  readonly description?: string;
  readonly durationMins?: number;
  readonly maxAppointmentsLimit?: number;
  /** Service-level hours `HH:mm:ss` in the server zone; used only when there is no weekly availability. */
  readonly startTime?: string;
  readonly endTime?: string;
  readonly locationUuid?: string;
  readonly color?: string;
  readonly weeklyAvailability?: ReadonlyArray<{
    readonly dayOfWeek: WeeklyAvailabilityRecord['dayOfWeek'];
    readonly startTime: string;
    readonly endTime: string;
    readonly maxAppointmentsLimit?: number;
  }>;
  readonly serviceTypes?: ReadonlyArray<{
    readonly name: string;
    readonly duration?: number;
    readonly uuid?: string;
  }>;
}

/** Options of {@link startOpenmrsStandin}; every one has an O3 default. */
export interface OpenmrsStandinOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Service-account username, default `admin` (openmrs.md §3.1). */
  readonly username?: string;
  /** Service-account password, default `Admin123` (openmrs.md §3.1). */
  readonly password?: string;
  /** GP `security.allowedFailedLoginsBeforeLockout`, default 7: the failure after the 7th locks (openmrs.md §3.2). */
  readonly lockoutAfter?: number;
  /** Lockout duration in ms, default 300 000 (5 minutes, openmrs.md §3.2). */
  readonly lockoutMs?: number;
  /** Idle session timeout in ms, default 1 800 000 (Tomcat's 30 minutes). */
  readonly sessionTimeoutMs?: number;
  /** Server JVM time zone (IANA), default `UTC`: REST dates, conflict checks, "today" (openmrs.md §6.8). */
  readonly timeZone?: string;
  /** First idgen sequence value, default 100000 (openmrs.md §7). */
  readonly idgenStart?: number;
  /** Extra appointment services with hours, duration, limits (the O3 demo ones have none). */
  readonly services?: readonly ServiceSeed[];
  /** GP `appointments.customPersonAttributeTypes`: attribute type names echoed in appointment `patient.customAttributes`. */
  readonly customPersonAttributeTypes?: readonly string[];
  /** Clock in epoch ms, default `Date.now`; `advanceTime` adds to it. */
  readonly now?: () => number;
}

/** Requests received, by route key (`METHOD /pattern`, see {@link OpenmrsStandin.routeKeys}) and in total. */
export type RequestCounts = { readonly total: number } & Readonly<Record<string, number>>;

/** Which requests a fault applies to: a route key, or `*` / absent for every request. */
export interface FaultTarget {
  readonly route?: string;
  /** How many matching requests the fault affects, default 1. */
  readonly times?: number;
}

/** Answer matching requests with an error instead of handling them. */
export interface FailFault extends FaultTarget {
  /** 500: OpenMRS error JSON (OperationOutcome on FHIR); 503: the gateway's HTML page. Default 503. */
  readonly status?: 500 | 503;
}

/** Hold matching requests for `ms` milliseconds. */
export interface HangFault extends FaultTarget {
  readonly ms: number;
  /**
   * `false` (default): hold before handling; if the client gives up meanwhile nothing is stored.
   * `true`: handle (commit) first, then hold the response, so a client timeout hides a stored write.
   */
  readonly commitFirst?: boolean;
}

/** A patient to seed through the real validation path (an OpenMRS ID is generated when absent). */
export interface SeedPatientInput {
  readonly givenName: string;
  readonly middleName?: string;
  readonly familyName?: string;
  readonly gender?: 'M' | 'F' | 'O' | 'U';
  /** `YYYY-MM-DD`. */
  readonly birthdate?: string;
  readonly openmrsId?: string;
  /** Extra identifiers, e.g. of a WhatsApp identifier type created by the test. */
  readonly identifiers?: ReadonlyArray<{ readonly identifierTypeUuid: string; readonly identifier: string }>;
  /** Stored as the "Telephone Number" person attribute. */
  readonly phone?: string;
}

/** An appointment to seed directly (no API validation, like data already in the database). */
export interface SeedAppointmentInput {
  readonly patientUuid: string;
  readonly serviceUuid: string;
  /** ISO-8601 with offset, or epoch ms. */
  readonly start: string | number;
  readonly end: string | number;
  readonly status?: AppointmentStatus;
  readonly appointmentKind?: 'Scheduled' | 'WalkIn' | 'Virtual';
  readonly comments?: string;
  readonly locationUuid?: string;
}

/** A patient identifier type to seed (e.g. the non-unique WhatsApp type the setup command would create). */
export interface SeedIdentifierTypeInput {
  readonly uuid?: string;
  readonly name: string;
  readonly uniquenessBehavior?: 'UNIQUE' | 'NON_UNIQUE' | 'LOCATION';
  readonly required?: boolean;
  readonly format?: string;
}

/** The running stand-in. Accessors return copies; mutate state only through HTTP or the seed helpers. */
export interface OpenmrsStandin {
  /** `http://127.0.0.1:<port>/openmrs`. */
  readonly baseUrl: string;
  readonly port: number;
  /** Shuts the server down for good (drops hanging requests). */
  close(): Promise<void>;
  /** Stops listening and drops open connections: clients get connection refused until {@link restart}. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same state. */
  restart(): Promise<void>;

  /** Requests received per route key, plus `total`. Unmatched paths count as `METHOD (unmatched)`. */
  counts(): RequestCounts;
  resetCounts(): void;
  /** All route keys the stand-in serves. */
  routeKeys(): string[];
  /** Successful credential checks (each cookie-less Basic request that authenticated is one). */
  logins(): number;
  /** Failed credential checks, including those refused during a lockout. */
  failedLogins(): number;
  /** Whether the service account is locked out right now. */
  isLocked(): boolean;
  /** Live HTTP sessions. */
  activeSessions(): number;
  /** Invalidates every session: the next request with an old cookie gets 401 "Session timed out". */
  expireSessions(): void;
  /** Moves the server clock forward (lockout expiry, session timeout, "future" checks). */
  advanceTime(ms: number): void;
  /** The server clock in epoch ms. */
  now(): number;

  /** Makes matching requests fail; faults are consumed in the order they were added. */
  failNext(fault?: FailFault): void;
  /** Makes matching requests hang, optionally after committing (see {@link HangFault.commitFirst}). */
  hangNext(fault: HangFault): void;
  clearFaults(): void;

  patients(): PatientRecord[];
  patient(uuid: string): PatientRecord | undefined;
  appointments(): AppointmentRecord[];
  encounters(): EncounterRecord[];
  /** Every observation, inside encounters and standalone (FHIR). */
  observations(): ObsRecord[];
  identifierTypes(): IdentifierTypeRecord[];
  encounterTypes(): EncounterTypeRecord[];
  locations(): LocationRecord[];
  services(): AppointmentServiceRecord[];

  seedPatient(input: SeedPatientInput): PatientRecord;
  seedService(input: ServiceSeed): AppointmentServiceRecord;
  seedAppointment(input: SeedAppointmentInput): AppointmentRecord;
  seedIdentifierType(input: SeedIdentifierTypeInput): IdentifierTypeRecord;
}

type Fault =
  | { kind: 'fail'; route: string; remaining: number; status: 500 | 503 }
  | { kind: 'hang'; route: string; remaining: number; ms: number; commitFirst: boolean };

const MAX_BODY = 1024 * 1024;

/** Privilege core would report for an anonymous call (the message only; the status is what matters). */
function privilegeFor(method: string, path: string): string {
  const verb = method === 'GET' ? 'Get' : 'Add';
  if (path.includes('/appointment')) return method === 'GET' ? 'View Appointments' : 'Manage Appointments';
  if (path.includes('/encounter')) return `${verb} Encounters`;
  // PatientService.savePatientIdentifier is @Authorized(Add Patient Identifiers, Edit Patient Identifiers).
  if (/\/patient\/[^/]+\/identifier/.test(path)) return `${verb} Patient Identifiers`;
  if (path.includes('/patient')) return `${verb} Patients`;
  if (path.includes('/idgen')) return 'Generate Batch of Identifiers';
  return `${verb} Metadata`;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serviceRecord(state: StandinState, seed: ServiceSeed): AppointmentServiceRecord {
  return {
    appointmentServiceId: state.nextServiceId(),
    uuid: seed.uuid ?? newUuid(),
    name: seed.name,
    description: seed.description ?? null,
    speciality: null,
    startTime: seed.startTime ?? null,
    endTime: seed.endTime ?? null,
    maxAppointmentsLimit: seed.maxAppointmentsLimit ?? null,
    durationMins: seed.durationMins ?? null,
    locationUuid: seed.locationUuid ?? null,
    color: seed.color ?? null,
    initialAppointmentStatus: null,
    weeklyAvailability: (seed.weeklyAvailability ?? []).map((w) => ({
      dayOfWeek: w.dayOfWeek,
      startTime: w.startTime,
      endTime: w.endTime,
      maxAppointmentsLimit: w.maxAppointmentsLimit ?? null,
      uuid: newUuid(),
    })),
    serviceTypes: (seed.serviceTypes ?? []).map((t) => ({
      name: t.name,
      duration: t.duration ?? null,
      uuid: t.uuid ?? newUuid(),
    })),
    voided: false,
  };
}

/**
 * Starts a strict, stateful stand-in of OpenMRS Platform 2.8 + webservices.rest 3.5 + FHIR2 4.1 + idgen +
 * Bahmni appointments 2.1.0 on 127.0.0.1 (behaviour from shared/reference/openmrs.md and the recorded
 * fixtures). Seeded with the O3 reference-application metadata (see {@link O3}).
 */
export async function startOpenmrsStandin(options: OpenmrsStandinOptions = {}): Promise<OpenmrsStandin> {
  let offset = 0;
  const baseClock = options.now ?? Date.now;
  const clock = () => baseClock() + offset;
  const state = new StandinState(clock, options.timeZone ?? 'UTC', options.idgenStart ?? 100000);
  for (const seed of options.services ?? []) {
    const record = serviceRecord(state, seed);
    state.services.set(record.uuid, record);
  }
  const auth = new AuthService(state, {
    username: options.username ?? 'admin',
    password: options.password ?? 'Admin123',
    lockoutAfter: options.lockoutAfter ?? 7,
    lockoutMs: options.lockoutMs ?? 5 * 60 * 1000,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30 * 60 * 1000,
  });

  let port = options.port ?? 0;
  const ctx: NodeContext = {
    state,
    get baseUrl() {
      return `http://127.0.0.1:${port}/openmrs`;
    },
  };
  const router = new Router();
  router.add(sessionRoutes(ctx, auth));
  router.add(restCoreRoutes(ctx));
  router.add(restEncounterRoutes(ctx));
  router.add(
    appointmentRoutes(ctx, { customPersonAttributeTypes: options.customPersonAttributeTypes ?? [] }),
  );
  router.add(fhirRoutes(ctx));

  const counts = new Map<string, number>();
  let total = 0;
  const faults: Fault[] = [];

  const takeFault = (key: string): Fault | undefined => {
    const index = faults.findIndex((f) => f.route === '*' || f.route === key);
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.remaining--;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  };

  /** Resolves true after `ms`, or false as soon as the client connection closes. */
  const hold = (ms: number, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      if (res.socket === null || res.socket.destroyed) {
        resolve(false);
        return;
      }
      const timer = setTimeout(
        () => {
          res.off('close', onClose);
          resolve(!res.destroyed && res.socket !== null && !res.socket.destroyed);
        },
        Math.min(ms, 2 ** 31 - 1),
      );
      const onClose = () => {
        clearTimeout(timer);
        resolve(false);
      };
      res.once('close', onClose);
    });

  const write = (res: ServerResponse, reply: StandinReply, extra: Record<string, string>): void => {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { ...extra, ...(reply.headers ?? {}) };
    const kind = reply.kind ?? 'json';
    let payload: string | undefined;
    if (kind === 'json' || kind === 'fhir') {
      headers['Content-Type'] =
        kind === 'json' ? 'application/json;charset=UTF-8' : 'application/fhir+json;charset=utf-8';
      payload = JSON.stringify(reply.body ?? null);
    } else if (kind === 'html' || kind === 'text') {
      headers['Content-Type'] = kind === 'html' ? 'text/html;charset=utf-8' : 'text/plain;charset=utf-8';
      payload = String(reply.body ?? '');
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  };

  const faultReply = (status: 500 | 503, path: string): StandinReply => {
    if (status === 503) {
      // What the O3 nginx gateway answers while the backend is down (openmrs.md §3.1 gateway).
      return {
        status: 503,
        kind: 'html',
        body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>',
      };
    }
    if (path.startsWith('/ws/fhir2/')) {
      return {
        status: 500,
        kind: 'fhir',
        body: operationOutcome('Injected fault: internal error', 'exception'),
      };
    }
    return {
      status: 500,
      body: restErrorBody(
        'Injected fault: could not open JDBC Connection',
        null,
        'org.hibernate.exception.JDBCConnectionException:0',
      ),
    };
  };

  /** Runs the filters and the handler; returns the reply and any cookie to set. */
  const process = (
    route: RouteDef,
    params: Record<string, string>,
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    raw: string,
  ): { reply: StandinReply; headers: Record<string, string> } => {
    const headers: Record<string, string> = {};
    const isFhir = route.auth === 'fhir' || route.auth === 'open';
    const cookieId = parseCookies(req.headers.cookie).get('JSESSIONID');
    let session = cookieId === undefined ? undefined : auth.lookup(cookieId);
    const authorization = req.headers.authorization;

    const login = (): boolean => {
      const creds = auth.parseBasic(authorization);
      if (!creds || !auth.authenticate(creds.username, creds.password)) return false;
      session = auth.createSession();
      headers['Set-Cookie'] = `JSESSIONID=${session.id}; Path=/openmrs; HttpOnly`;
      return true;
    };

    try {
      if (route.auth === 'rest' || route.auth === 'rest-open') {
        // webservices.rest AuthorizationFilter: a JSESSIONID that is no longer valid → 401 "Session timed
        // out" even with Basic present (openmrs.md §3.2). It never rejects bad Basic itself.
        if (cookieId !== undefined && !session) throw servletErrorPage(401, 'Session timed out');
        if (!session) login();
      } else if (route.auth === 'fhir') {
        // FHIR2 AuthenticationFilter: a stale cookie is logged out and Basic retried; no or bad
        // credentials → sendError(401, "Not authenticated"), an HTML page (openmrs.md §2.2, §2.8).
        if (!session && !login()) throw servletErrorPage(401, 'Not authenticated');
      }

      let body: unknown;
      if (route.method === 'POST') {
        const contentType = String(req.headers['content-type'] ?? '');
        if (!/json/i.test(contentType)) {
          const message = `Content type '${contentType || 'application/octet-stream'}' not supported`;
          throw new HttpError(
            isFhir
              ? { status: 415, kind: 'fhir', body: operationOutcome(message) }
              : {
                  status: 415,
                  body: restErrorBody(
                    message,
                    null,
                    'org.springframework.web.HttpMediaTypeNotSupportedException:0',
                  ),
                },
          );
        }
        if (raw.trim() !== '') {
          try {
            body = JSON.parse(raw);
          } catch (err) {
            const message = `Could not read JSON: ${(err as Error).message}`;
            throw new HttpError(
              isFhir
                ? {
                    status: 400,
                    kind: 'fhir',
                    body: operationOutcome(
                      `Failed to parse request body as JSON resource. Error was: ${message}`,
                    ),
                  }
                : {
                    status: 400,
                    body: restErrorBody(
                      message,
                      null,
                      'org.springframework.http.converter.HttpMessageNotReadableException:0',
                    ),
                  },
            );
          }
        }
      }

      if (route.auth === 'rest' && !session) {
        // BaseRestController.apiAuthenticationExceptionHandler → 401 JSON (+ WWW-Authenticate unless
        // the client sends Disable-WWW-Authenticate: true, as O3 does) (openmrs.md §3.2).
        if (String(req.headers['disable-www-authenticate'] ?? '').toLowerCase() !== 'true') {
          headers['WWW-Authenticate'] = `Basic realm="OpenMRS at ${ctx.baseUrl}/ws/rest"`;
        }
        throw new HttpError({
          status: 401,
          body: restErrorBody(
            `Privileges required: ${privilegeFor(route.method, path)}`,
            'User is not logged in',
            'org.openmrs.api.context.Context:0',
          ),
        });
      }

      const request: StandinRequest = {
        method: route.method,
        path,
        params,
        query,
        headers: req.headers,
        body,
        session,
      };
      return { reply: route.handle(request), headers };
    } catch (err) {
      if (err instanceof HttpError) return { reply: err.reply, headers };
      const message = `OpenMRS stand-in internal error: ${(err as Error).stack ?? String(err)}`;
      console.error(message);
      return {
        reply: isFhir
          ? { status: 500, kind: 'fhir', body: operationOutcome(message, 'exception') }
          : { status: 500, body: restErrorBody(message, null, 'standin:0') },
        headers,
      };
    }
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const inContext = url.pathname === '/openmrs' || url.pathname.startsWith('/openmrs/');
    const path = inContext ? url.pathname.slice('/openmrs'.length) || '/' : url.pathname;
    const match = inContext ? router.match(method, path) : ({ kind: 'none' } as const);
    const key = match.kind === 'route' ? routeKey(match.route) : `${method} (unmatched)`;
    total++;
    counts.set(key, (counts.get(key) ?? 0) + 1);

    let raw = '';
    try {
      raw = await readBody(req);
    } catch {
      write(res, { status: 413, kind: 'text', body: 'Request body too large' }, {});
      return;
    }

    const fault = takeFault(key);
    if (fault?.kind === 'fail') {
      write(res, faultReply(fault.status, path), {});
      return;
    }
    if (fault?.kind === 'hang' && !fault.commitFirst && !(await hold(fault.ms, res))) return;

    let result: { reply: StandinReply; headers: Record<string, string> };
    if (match.kind === 'route') {
      result = process(match.route, match.params, req, path, url.searchParams, raw);
    } else if (match.kind === 'method-not-allowed') {
      result = {
        reply: {
          status: 405,
          body: restErrorBody(
            `Request method '${method}' not supported`,
            null,
            'org.springframework.web.HttpRequestMethodNotSupportedException:0',
          ),
        },
        headers: {},
      };
    } else if (inContext && path.startsWith('/ws/rest/')) {
      result = {
        reply: {
          status: 404,
          body: restErrorBody(
            `Unknown resource: ${path}`,
            null,
            'org.openmrs.module.webservices.rest.web.api.impl.RestServiceImpl:0',
          ),
        },
        headers: {},
      };
    } else {
      result = { reply: { status: 404, kind: 'text', body: 'Not Found' }, headers: {} };
    }

    if (fault?.kind === 'hang' && fault.commitFirst && !(await hold(fault.ms, res))) return;
    write(res, result.reply, result.headers);
  };

  let server: Server | undefined;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        onRequest(req, res).catch((err: unknown) => {
          console.error('OpenMRS stand-in request failed', err);
          if (!res.headersSent) res.writeHead(500).end();
        });
      });
      s.keepAliveTimeout = 5_000;
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const shutdown = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server;
      server = undefined;
      if (!s) {
        resolve();
        return;
      }
      s.close(() => resolve());
      s.closeAllConnections();
    });

  await listen();

  const copy = <T>(value: T): T => structuredClone(value);

  return {
    get baseUrl() {
      return ctx.baseUrl;
    },
    get port() {
      return port;
    },
    close: async () => {
      faults.length = 0;
      await shutdown();
    },
    stop: shutdown,
    restart: async () => {
      if (!server) await listen();
    },
    counts: () => ({ ...Object.fromEntries(counts), total }) as RequestCounts,
    resetCounts: () => {
      counts.clear();
      total = 0;
    },
    routeKeys: () => router.keys(),
    logins: () => auth.logins(),
    failedLogins: () => auth.failedLogins(),
    isLocked: () => auth.isLocked(),
    activeSessions: () => auth.activeSessions(),
    expireSessions: () => auth.expireAll(),
    advanceTime: (ms) => {
      offset += ms;
    },
    now: clock,
    failNext: (fault = {}) => {
      faults.push({
        kind: 'fail',
        route: fault.route ?? '*',
        remaining: fault.times ?? 1,
        status: fault.status ?? 503,
      });
    },
    hangNext: (fault) => {
      faults.push({
        kind: 'hang',
        route: fault.route ?? '*',
        remaining: fault.times ?? 1,
        ms: fault.ms,
        commitFirst: fault.commitFirst ?? false,
      });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    patients: () => copy([...state.patients.values()]),
    patient: (uuid) => {
      const p = state.patients.get(uuid);
      return p ? copy(p) : undefined;
    },
    appointments: () => copy([...state.appointments.values()]),
    encounters: () => copy([...state.encounters.values()]),
    observations: () => copy([...[...state.encounters.values()].flatMap((e) => e.obs), ...state.looseObs]),
    identifierTypes: () => copy([...state.identifierTypes.values()]),
    encounterTypes: () => copy([...state.encounterTypes.values()]),
    locations: () => copy([...state.locations.values()]),
    services: () => copy([...state.services.values()]),

    seedPatient: (input) => {
      const source = state.identifierSources.get(O3.openmrsIdSource)!;
      let openmrsId = input.openmrsId;
      if (openmrsId === undefined) {
        const baseValue = String(source.nextSequence++);
        openmrsId = `${baseValue}${luhnMod30CheckChar(baseValue)}`;
      }
      const body = {
        identifiers: [
          { identifier: openmrsId, identifierType: O3.openmrsIdType, preferred: true },
          ...(input.identifiers ?? []).map((i) => ({
            identifier: i.identifier,
            identifierType: i.identifierTypeUuid,
            preferred: false,
          })),
        ],
        person: {
          gender: input.gender ?? 'U',
          birthdate: input.birthdate ?? null,
          names: [
            {
              givenName: input.givenName,
              middleName: input.middleName ?? null,
              familyName: input.familyName ?? null,
              preferred: true,
            },
          ],
          attributes:
            input.phone === undefined ? [] : [{ attributeType: O3.telephoneAttrType, value: input.phone }],
        },
      };
      try {
        return copy(registerPatient(state, body));
      } catch (err) {
        if (err instanceof HttpError)
          throw new Error(`seedPatient rejected: ${JSON.stringify(err.reply.body)}`);
        throw err;
      }
    },
    seedService: (input) => {
      const record = serviceRecord(state, input);
      state.services.set(record.uuid, record);
      return copy(record);
    },
    seedAppointment: (input) => {
      if (!state.patients.has(input.patientUuid))
        throw new Error(`seedAppointment: unknown patient ${input.patientUuid}`);
      if (!state.services.has(input.serviceUuid))
        throw new Error(`seedAppointment: unknown service ${input.serviceUuid}`);
      const now = clock();
      const record: AppointmentRecord = {
        uuid: newUuid(),
        appointmentNumber: '0000',
        patientUuid: input.patientUuid,
        serviceUuid: input.serviceUuid,
        serviceTypeUuid: null,
        locationUuid: input.locationUuid ?? null,
        providers: [],
        startDateTime: parseJacksonDate(input.start),
        endDateTime: parseJacksonDate(input.end),
        appointmentKind: input.appointmentKind ?? 'Scheduled',
        status: input.status ?? 'Scheduled',
        comments: input.comments ?? null,
        priority: null,
        reasonConceptUuids: [],
        teleconsultationLink: null,
        dateCreated: now,
        dateAppointmentScheduled: now,
        voided: false,
        statusChanges: [],
      };
      state.appointments.set(record.uuid, record);
      return copy(record);
    },
    seedIdentifierType: (input) => {
      const record: IdentifierTypeRecord = {
        uuid: input.uuid ?? newUuid(),
        name: input.name,
        description: null,
        format: input.format ?? null,
        formatDescription: null,
        required: input.required ?? false,
        validator: null,
        locationBehavior: null,
        uniquenessBehavior: input.uniquenessBehavior ?? null,
        retired: false,
      };
      state.identifierTypes.set(record.uuid, record);
      return copy(record);
    },
  };
}
