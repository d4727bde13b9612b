import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidLuhnMod30, luhnMod30CheckChar } from './luhn-mod30.ts';
import { parseAppointmentQueryDate, parseJacksonDate, parseRestDate } from './openmrs-dates.ts';
import {
  O3,
  type OpenmrsStandin,
  type OpenmrsStandinOptions,
  startOpenmrsStandin,
} from './openmrs-standin.ts';

const FIXTURES = new URL('../../fixtures/openmrs/', import.meta.url);
const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

const BASIC = `Basic ${Buffer.from('admin:Admin123').toString('base64')}`;
const basicFor = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const TEMP = '5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const PULSE = '5087AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const COMPLAINT = '160531AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const REST = '/ws/rest/v1';
const FHIR = '/ws/fhir2/R4';
const HOUR = 3600_000;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON
  json: any;
}

let s: OpenmrsStandin;
let cookie: string;

async function call(
  method: string,
  path: string,
  opts: {
    body?: unknown;
    cookie?: string | null;
    auth?: string;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const useCookie = opts.cookie === undefined ? cookie : opts.cookie;
  if (useCookie) headers.cookie = useCookie;
  if (opts.auth) headers.authorization = opts.auth;
  if (opts.body !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  const res = await fetch(`${s.baseUrl}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function login(): Promise<string> {
  const r = await call('GET', `${REST}/session`, { cookie: null, auth: BASIC });
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

async function start(options: OpenmrsStandinOptions = {}): Promise<void> {
  s = await startOpenmrsStandin(options);
  cookie = await login();
}

async function newOpenmrsId(): Promise<string> {
  const r = await call('POST', `${REST}/idgen/identifiersource/${O3.openmrsIdSource}/identifier`, {
    body: {},
  });
  return r.json.identifier as string;
}

function patientBody(identifier: string, overrides: Record<string, unknown> = {}, extraIds: unknown[] = []) {
  return {
    identifiers: [
      { identifier, identifierType: O3.openmrsIdType, location: O3.outpatientClinic, preferred: true },
      ...extraIds,
    ],
    person: {
      gender: 'F',
      birthdate: '1990-04-02',
      birthdateEstimated: false,
      dead: false,
      names: [{ givenName: 'Amina', middleName: '', familyName: 'Otieno', preferred: true }],
      addresses: [{ address1: 'Plot 4', cityVillage: 'Kisumu', country: 'Kenya' }],
      attributes: [{ attributeType: O3.telephoneAttrType, value: '+254712345678' }],
      ...overrides,
    },
  };
}

async function createPatient(overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await call('POST', `${REST}/patient`, { body: patientBody(await newOpenmrsId(), overrides) });
  expect(r.status).toBe(201);
  return r.json.uuid as string;
}

function appointmentBody(
  patientUuid: string,
  start: string,
  end: string,
  extra: Record<string, unknown> = {},
) {
  return {
    patientUuid,
    serviceUuid: O3.generalMedicineService,
    startDateTime: start,
    endDateTime: end,
    appointmentKind: 'Scheduled',
    locationUuid: O3.outpatientClinic,
    comments: 'Triage: fever 3 days',
    ...extra,
  };
}

afterEach(async () => {
  await s?.close();
});

describe('Luhn mod-30 (openmrs.md §7)', () => {
  it('computes the verified check characters', () => {
    const known: Record<string, string> = {
      '100008': 'E',
      '100016': 'H',
      '10000': 'X',
      '10001': 'V',
      '100000': 'Y',
      '100001': 'W',
    };
    for (const [base, check] of Object.entries(known)) expect(luhnMod30CheckChar(base)).toBe(check);
    expect(isValidLuhnMod30('100004N')).toBe(true); // fhir_patient_read_o3.json
    expect(isValidLuhnMod30('100004M')).toBe(false);
    expect(() => isValidLuhnMod30('10000B')).toThrow();
  });
});

describe('date parsing rules', () => {
  it('REST bodies: RFC-822 offsets honoured, ISO offsets after millis fall back to server-local (openmrs.md §4)', () => {
    expect(parseRestDate('2024-05-01T10:30:00.000+0300', 'UTC')).toBe(Date.parse('2024-05-01T07:30:00Z'));
    expect(parseRestDate('2024-05-01T10:30:00+03:00', 'UTC')).toBe(Date.parse('2024-05-01T07:30:00Z'));
    expect(parseRestDate('2024-05-01T10:30:00.000Z', 'Africa/Nairobi')).toBe(
      Date.parse('2024-05-01T07:30:00Z'),
    );
    expect(parseRestDate('2024-05-01', 'Africa/Nairobi')).toBe(Date.parse('2024-04-30T21:00:00Z'));
    expect(() => parseRestDate('15-08-1990', 'UTC')).toThrow();
  });

  it('appointments JSON: ISO with offset or Z, epoch ms; query dates need millis, offset ignored (§6.8)', () => {
    expect(parseJacksonDate('2019-10-11T04:30:00.000Z')).toBe(1570768200000);
    expect(parseJacksonDate('2024-05-01T10:30:00+03:00')).toBe(Date.parse('2024-05-01T07:30:00Z'));
    expect(parseJacksonDate(1570768200000)).toBe(1570768200000);
    expect(parseAppointmentQueryDate('2024-05-01T00:00:00.000+0300')).toBe(
      Date.parse('2024-05-01T00:00:00Z'),
    );
    expect(() => parseAppointmentQueryDate('2024-05-01T00:00:00Z')).toThrow(/Unparseable date/);
  });
});

describe('authentication and sessions (openmrs.md §3)', () => {
  beforeEach(() => start());

  it('GET /session with Basic: 200, no sessionId, JSESSIONID cookie on /openmrs, one login', async () => {
    const r = await call('GET', `${REST}/session`, { cookie: null, auth: BASIC });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/^JSESSIONID=[0-9A-F]{32}; Path=\/openmrs; HttpOnly$/);
    expect(r.json.authenticated).toBe(true);
    expect(r.json).not.toHaveProperty('sessionId');
    const legacy = fixture('rest_session_response_legacy.json');
    const expected = Object.keys(legacy).filter((k) => k !== 'sessionId');
    expect(Object.keys(r.json)).toEqual([...expected, 'currentProvider']);
    expect(Object.keys(r.json.user)).toEqual([...Object.keys(legacy.user as object), 'links']);
    expect(r.json.sessionLocation).toBeNull();
    expect(r.json.currentProvider.uuid).toBe(O3.adminProvider);
    expect(s.logins()).toBe(2); // beforeEach logged in once too
  });

  it('reuses the cookie without new logins; Basic plus a valid cookie does not log in again', async () => {
    const before = s.logins();
    expect((await call('GET', `${REST}/location`)).status).toBe(200);
    expect((await call('GET', `${REST}/location`, { auth: BASIC })).status).toBe(200);
    expect(s.logins()).toBe(before);
  });

  it('every cookie-less Basic request is a full login with a new session', async () => {
    const before = s.logins();
    for (let i = 0; i < 3; i++) {
      const r = await call('GET', `${REST}/location`, { cookie: null, auth: BASIC });
      expect(r.status).toBe(200);
      expect(r.headers.get('set-cookie')).toMatch(/^JSESSIONID=/);
    }
    expect(s.logins()).toBe(before + 3);
    expect(s.activeSessions()).toBe(4);
  });

  it('bad credentials: /session says authenticated=false with 200; resources answer 401 JSON', async () => {
    const bad = basicFor('admin', 'wrong');
    const session = await call('GET', `${REST}/session`, { cookie: null, auth: bad });
    expect(session.status).toBe(200);
    expect(session.json).toEqual({
      authenticated: false,
      locale: 'en_GB',
      allowedLocales: expect.any(Array),
    });
    const r = await call('GET', `${REST}/patient?q=amina`, { cookie: null, auth: bad });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="OpenMRS at /);
    expect(r.json.error.message).toMatch(/^User is not logged in \[/);
    const quiet = await call('GET', `${REST}/patient?q=amina`, {
      cookie: null,
      headers: { 'Disable-WWW-Authenticate': 'true' },
    });
    expect(quiet.status).toBe(401);
    expect(quiet.headers.get('www-authenticate')).toBeNull();
    expect(s.failedLogins()).toBe(2);
  });

  it('locks the account after 7 allowed failures for 5 minutes, even for the right password', async () => {
    const bad = basicFor('admin', 'nope');
    for (let i = 0; i < 7; i++) await call('GET', `${REST}/session`, { cookie: null, auth: bad });
    expect(s.isLocked()).toBe(false);
    // The 7 failures are allowed: the right password still works and resets the counter.
    expect((await call('GET', `${REST}/session`, { cookie: null, auth: BASIC })).json.authenticated).toBe(
      true,
    );
    for (let i = 0; i < 8; i++) await call('GET', `${REST}/session`, { cookie: null, auth: bad });
    expect(s.isLocked()).toBe(true);
    const locked = await call('GET', `${REST}/session`, { cookie: null, auth: BASIC });
    expect(locked.json.authenticated).toBe(false);
    expect(locked.headers.get('set-cookie')).toBeNull();
    // Each attempt while locked restarts the 5 minutes.
    s.advanceTime(4 * 60_000);
    expect((await call('GET', `${REST}/session`, { cookie: null, auth: BASIC })).json.authenticated).toBe(
      false,
    );
    s.advanceTime(4 * 60_000);
    expect((await call('GET', `${REST}/session`, { cookie: null, auth: BASIC })).json.authenticated).toBe(
      false,
    );
    s.advanceTime(5 * 60_000 + 1);
    expect((await call('GET', `${REST}/session`, { cookie: null, auth: BASIC })).json.authenticated).toBe(
      true,
    );
  });

  it('lockoutAfter is configurable; an unknown username never counts', async () => {
    await s.close();
    await start({ lockoutAfter: 2 });
    for (let i = 0; i < 5; i++)
      await call('GET', `${REST}/session`, { cookie: null, auth: basicFor('ghost', 'x') });
    expect(s.isLocked()).toBe(false);
    for (let i = 0; i < 3; i++)
      await call('GET', `${REST}/session`, { cookie: null, auth: basicFor('admin', 'x') });
    expect(s.isLocked()).toBe(true);
  });

  it('an expired session is 401 "Session timed out" even with Basic, until the cookie is dropped', async () => {
    s.expireSessions();
    for (const path of [`${REST}/patient?q=amina`, `${REST}/session`]) {
      const r = await call('GET', path, { auth: BASIC });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/text\/html/);
      expect(r.text).toContain('Session timed out');
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    const fresh = await call('GET', `${REST}/patient?q=amina`, { cookie: null, auth: BASIC });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('set-cookie')).toMatch(/^JSESSIONID=/);
  });

  it('an unknown JSESSIONID and an idle timeout are both "Session timed out"', async () => {
    const unknown = await call('GET', `${REST}/location`, {
      cookie: 'JSESSIONID=0123456789ABCDEF0123456789ABCDEF',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.text).toContain('Session timed out');
    s.advanceTime(31 * 60_000);
    expect((await call('GET', `${REST}/location`)).status).toBe(401);
  });

  it('DELETE /session is 204 and kills the cookie', async () => {
    const r = await call('DELETE', `${REST}/session`);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await call('GET', `${REST}/location`)).text).toContain('Session timed out');
  });

  it('POST /session sets the session location; an unknown location is a 500', async () => {
    const ok = await call('POST', `${REST}/session`, {
      body: { sessionLocation: O3.outpatientClinic, locale: 'en' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.sessionLocation.uuid).toBe(O3.outpatientClinic);
    expect(ok.json.locale).toBe('en');
    const bad = await call('POST', `${REST}/session`, { body: { sessionLocation: 'no-such-location' } });
    expect(bad.status).toBe(500);
    expect(bad.json.error.message).toBe("['no-such-location' is not the UUID of any location.]");
    expect(Object.keys(bad.json.error)).toEqual([
      'message',
      'code',
      'detail',
      'rawMessage',
      'translatedMessage',
    ]);
  });

  it('FHIR: 401 is an HTML page; a stale cookie with Basic re-authenticates; /metadata is open', async () => {
    const none = await call('GET', `${FHIR}/Patient?name=amina`, { cookie: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/text\/html/);
    expect(none.text).toContain('Not authenticated');
    expect(none.text).not.toContain('OperationOutcome');
    const bad = await call('GET', `${FHIR}/Patient?name=amina`, {
      cookie: null,
      auth: basicFor('admin', 'x'),
    });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('Not authenticated');
    s.expireSessions();
    const stale = await call('GET', `${FHIR}/Patient?name=amina`, { auth: BASIC });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('set-cookie')).toMatch(/^JSESSIONID=/);
    expect((await call('GET', `${FHIR}/metadata`, { cookie: null })).status).toBe(200);
  });
});

describe('idgen (openmrs.md §7)', () => {
  beforeEach(() => start());

  it('hands out sequential OpenMRS IDs from 100000 with Luhn mod-30 check characters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await call('POST', `${REST}/idgen/identifiersource/${O3.openmrsIdSource}/identifier`, {
        body: {},
      });
      expect(r.status).toBe(201);
      expect(Object.keys(r.json)).toEqual(['identifier']);
      ids.push(r.json.identifier);
    }
    expect(ids.slice(0, 2)).toEqual(['100000Y', '100001W']);
    expect(ids[8]).toBe('100008E');
    expect(ids.every((id) => isValidLuhnMod30(id))).toBe(true);
  });

  it('unknown source → 404; anonymous → 401; non-JSON body → 415', async () => {
    const unknown = await call('POST', `${REST}/idgen/identifiersource/nope/identifier`, { body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe("Object with given uuid doesn't exist [null]");
    const anon = await call('POST', `${REST}/idgen/identifiersource/${O3.openmrsIdSource}/identifier`, {
      cookie: null,
      body: {},
    });
    expect(anon.status).toBe(401);
    const text = await call('POST', `${REST}/idgen/identifiersource/${O3.openmrsIdSource}/identifier`, {
      body: {},
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });
});

describe('patients (openmrs.md §4, §5)', () => {
  beforeEach(() => start());

  it('creates a patient from the O3 body: 201 with the default representation of the fixture', async () => {
    const id = await newOpenmrsId();
    const r = await call('POST', `${REST}/patient`, { body: patientBody(id) });
    expect(r.status).toBe(201);
    const sample = fixture<{ results: Array<Record<string, Record<string, unknown>>> }>(
      'rest_patient_search_response.json',
    ).results[0]!;
    expect(Object.keys(r.json)).toEqual(Object.keys(sample));
    expect(Object.keys(r.json.person)).toEqual(Object.keys(sample.person!));
    expect(r.json.display).toBe(`${id} - Amina Otieno`);
    expect(r.json.identifiers[0].display).toBe(`OpenMRS ID = ${id}`);
    expect(r.json.person.birthdate).toBe('1990-04-02T00:00:00.000+0000');
    expect(r.json.person.attributes[0].display).toBe('Telephone Number = +254712345678');
    expect(s.patients()).toHaveLength(1);
  });

  it('replays rest_patient_create_request.json with O3 uuids and object references', async () => {
    const body = fixture<Record<string, unknown>>('rest_patient_create_request.json');
    const ids = body.identifiers as Array<Record<string, unknown>>;
    ids[0]!.identifier = await newOpenmrsId();
    ids[0]!.identifierType = { uuid: O3.openmrsIdType };
    const person = body.person as Record<string, unknown>;
    (person.attributes as Array<Record<string, unknown>>)[0]!.attributeType = { uuid: O3.telephoneAttrType };
    const r = await call('POST', `${REST}/patient`, { body });
    expect(r.status).toBe(201);
    expect(r.json.person.gender).toBe('F');
    // "1979-12-08T00:00:00.000+0530" honours the RFC-822 offset.
    expect(r.json.person.birthdate).toBe('1979-12-07T18:30:00.000+0000');
    expect(r.json.person.display).toBe('Ram Kabir');
  });

  it('rejects what core validators reject, in the validation error shape', async () => {
    const post = async (body: unknown) => call('POST', `${REST}/patient`, { body });
    const id = await newOpenmrsId();
    const shape = (r: Reply) => {
      expect(r.status).toBe(400);
      expect(r.json.error.message).toBe('Invalid Submission');
      expect(r.json.error.code).toBe('webservices.rest.error.invalid.submission');
      expect(Object.keys(r.json.error)).toEqual(['message', 'code', 'globalErrors', 'fieldErrors']);
    };
    let r = await post(patientBody(id, { gender: '' }));
    shape(r);
    expect(r.json.error.fieldErrors.gender[0]).toEqual({
      code: 'Person.gender.required',
      message: 'Please select a gender',
    });
    r = await post(patientBody(id, { gender: 'male' }));
    shape(r);
    r = await post(patientBody(id, { names: [{ givenName: ' ', familyName: 'Otieno' }] }));
    shape(r);
    expect(r.json.error.fieldErrors['names[0].givenName'][0].message).toBe('You must define the Given Name');
    r = await post(patientBody(id, { names: [{ givenName: 'Amina' }] }));
    expect(r.status).toBe(201); // a family name is optional
    const next = await newOpenmrsId();
    r = await post(patientBody(next, { birthdate: '2999-01-01' }));
    shape(r);
    expect(r.json.error.fieldErrors.birthdate[0]).toEqual({
      code: 'error.date.future',
      message: 'Cannot be a date in the future',
    });
    r = await post(patientBody(next, { birthdate: '1850-01-01' }));
    expect(r.json.error.fieldErrors.birthdate[0].message).toBe('Nonsensical date, please check.');
    r = await post(patientBody(next, { birthdate: '15-08-1990' }));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("yyyy-MM-dd'T'HH:mm:ss.SSSZ => Invalid format");
  });

  it('checks OpenMRS IDs: check digit, alphabet, uniqueness, presence', async () => {
    const post = async (body: unknown) => call('POST', `${REST}/patient`, { body });
    let r = await post(patientBody('100001X'));
    expect(r.status).toBe(400);
    expect(r.json.error.globalErrors[0]).toEqual({
      code: 'Invalid check digit for identifier: 100001X',
      message: 'Invalid check digit for identifier: 100001X',
    });
    r = await post(patientBody('10000B'));
    expect(r.json.error.globalErrors[0].code).toMatch(/is not appropriate for validation scheme/);
    // Identifier checks run only when nothing else failed (PatientValidator).
    r = await post(patientBody('100001X', { gender: '' }));
    expect(r.json.error.globalErrors).toEqual([]);
    const id = await newOpenmrsId();
    expect((await post(patientBody(id))).status).toBe(201);
    r = await post(patientBody(id));
    expect(r.json.error.globalErrors[0].code).toBe(`Identifier ${id} already in use by another patient`);
    const legacyOnly = {
      ...patientBody('x'),
      identifiers: [{ identifier: 'L-1', identifierType: O3.legacyIdType, preferred: true }],
    };
    r = await post(legacyOnly);
    expect(r.json.error.fieldErrors.identifiers[0].message).toBe(
      'Patient is missing the following required identifier(s): OpenMRS ID',
    );
    r = await post({ person: patientBody('x').person });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('[Some required properties are missing: identifiers]');
    r = await post({ ...patientBody('x'), identifiers: [] });
    expect(r.json.error.globalErrors[0].code).toBe('error.preferredIdentifier');
    expect(s.patients()).toHaveLength(1);
  });

  it('lets NON_UNIQUE identifier types repeat across patients (shared family phones), not UNIQUE ones', async () => {
    const created = await call('POST', `${REST}/patientidentifiertype`, {
      body: {
        name: 'WhatsApp',
        description: 'WhatsApp user id',
        uniquenessBehavior: 'NON_UNIQUE',
        required: false,
      },
    });
    expect(created.status).toBe(201);
    const whatsapp = created.json.uuid as string;
    const unique = s.seedIdentifierType({ name: 'National ID', uniquenessBehavior: 'UNIQUE' }).uuid;
    for (let i = 0; i < 2; i++) {
      const body = patientBody(await newOpenmrsId(), {}, [
        { identifier: 'wa:254712345678', identifierType: whatsapp, preferred: false },
      ]);
      expect((await call('POST', `${REST}/patient`, { body })).status).toBe(201);
    }
    const first = patientBody(await newOpenmrsId(), {}, [
      { identifier: 'N1', identifierType: unique, preferred: false },
    ]);
    expect((await call('POST', `${REST}/patient`, { body: first })).status).toBe(201);
    const second = patientBody(await newOpenmrsId(), {}, [
      { identifier: 'N1', identifierType: unique, preferred: false },
    ]);
    expect((await call('POST', `${REST}/patient`, { body: second })).status).toBe(400);
    const found = await call('GET', `${REST}/patient?identifier=wa:254712345678`);
    expect(found.json.results).toHaveLength(2);
  });

  it('adds an identifier to a patient (POST patient/{uuid}/identifier): 201 with its representation', async () => {
    const whatsapp = s.seedIdentifierType({ name: 'WhatsApp', uniquenessBehavior: 'NON_UNIQUE' }).uuid;
    const [mother, child] = [await createPatient(), await createPatient()];
    const add = (patient: string, body: unknown, auth?: { cookie: null; auth?: string }) =>
      call('POST', `${REST}/patient/${patient}/identifier`, { body, ...(auth ?? {}) });
    const link = { identifier: '255700000001', identifierType: whatsapp, location: O3.outpatientClinic };
    let r = await add(mother, { ...link, preferred: false });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual([
      'display',
      'uuid',
      'identifier',
      'identifierType',
      'location',
      'preferred',
      'voided',
      'links',
      'resourceVersion',
    ]);
    expect(r.json).toMatchObject({
      display: 'WhatsApp = 255700000001',
      identifier: '255700000001',
      identifierType: { uuid: whatsapp, display: 'WhatsApp' },
      location: { uuid: O3.outpatientClinic },
      preferred: false,
      voided: false,
    });
    expect(r.json.links[0].uri).toBe(`${s.baseUrl}${REST}/patient/${mother}/identifier/${r.json.uuid}`);
    const read = await call('GET', `${REST}/patient/${mother}?v=full`);
    expect(read.json.identifiers.map((i: { identifier: string }) => i.identifier)).toEqual([
      '100000Y',
      '255700000001',
    ]);
    // NON_UNIQUE: the same value on a second patient (a shared family phone).
    expect(
      (await add(child, { identifier: '255700000001', identifierType: { uuid: whatsapp } })).status,
    ).toBe(201);
    const found = await call('GET', `${REST}/patient?q=255700000001`);
    expect(found.json.results).toHaveLength(2);
    // The resource does not look for an equal value: posting it again stores a second copy.
    expect((await add(mother, link)).status).toBe(201);
    expect(s.patient(mother)?.identifiers.filter((i) => i.identifier === '255700000001')).toHaveLength(2);
    // preferred: true takes the flag from the others.
    r = await add(child, { identifier: '255700000002', identifierType: whatsapp, preferred: true });
    expect(r.json.preferred).toBe(true);
    expect(
      s
        .patient(child)
        ?.identifiers.filter((i) => i.preferred)
        .map((i) => i.identifier),
    ).toEqual(['255700000002']);
    expect(s.counts()['POST /ws/rest/v1/patient/{uuid}/identifier']).toBe(4);
  });

  it('refuses identifiers the way OpenMRS does: unknown patient, type, properties, validation, auth', async () => {
    const whatsapp = s.seedIdentifierType({ name: 'WhatsApp', uniquenessBehavior: 'NON_UNIQUE' }).uuid;
    const unique = s.seedIdentifierType({ name: 'National ID', uniquenessBehavior: 'UNIQUE' }).uuid;
    const [a, b] = [await createPatient(), await createPatient()];
    const add = (patient: string, body: unknown, opts: { cookie?: null } = {}) =>
      call('POST', `${REST}/patient/${patient}/identifier`, { body, ...opts });
    let r = await add('00000000-0000-0000-0000-000000000000', { identifier: 'x1', identifierType: whatsapp });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe("Object with given uuid doesn't exist [null]");
    r = await add(a, { identifier: 'x1', identifierType: '11111111-2222-3333-4444-555555555555' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('[identifierType on class org.openmrs.PatientIdentifier]');
    r = await add(a, { identifier: 'x1', identifierType: whatsapp, location: 'no-such-location' });
    expect(r.status).toBe(400);
    r = await add(a, { identifierType: whatsapp });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('[Some required properties are missing: identifier]');
    r = await add(a, { identifier: 'x1', identifierType: whatsapp, voided: true, uuid: 'abc' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('[Some properties are not allowed to be set: voided, uuid]');
    r = await add(a, { identifier: ' ', identifierType: whatsapp });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('webservices.rest.error.invalid.submission');
    expect(r.json.error.globalErrors[0].code).toBe('Identifier cannot be null or blank');
    // UNIQUE types stay unique across patients; the owner may not be the clash.
    expect((await add(a, { identifier: 'N-1', identifierType: unique })).status).toBe(201);
    r = await add(b, { identifier: 'N-1', identifierType: unique });
    expect(r.status).toBe(400);
    expect(r.json.error.globalErrors[0].code).toBe('Identifier N-1 already in use by another patient');
    r = await add(b, { identifier: '100001X', identifierType: O3.openmrsIdType });
    expect(r.json.error.globalErrors[0].code).toBe('Invalid check digit for identifier: 100001X');
    r = await add(a, { identifier: 'x1', identifierType: whatsapp }, { cookie: null });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toBe('User is not logged in [Privileges required: Add Patient Identifiers]');
    r = await call('POST', `${REST}/patient/${a}/identifier`, {
      body: 'identifier=x1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(415);
    expect(s.patient(b)?.identifiers).toHaveLength(1);
    expect(s.patient(a)?.identifiers.map((i) => i.identifier)).toEqual(['100000Y', 'N-1']);
  });

  it('searches names by token prefix and identifiers exactly; never phone numbers (§2.4)', async () => {
    await createPatient();
    await createPatient({ names: [{ givenName: 'Baraka', familyName: 'Otieno' }] });
    await createPatient({ names: [{ givenName: 'John', familyName: 'Smith' }] });
    const q = async (query: string) =>
      (await call('GET', `${REST}/patient?q=${encodeURIComponent(query)}`)).json.results;
    expect(await q('a')).toEqual([]);
    expect(await q('ami')).toHaveLength(1);
    expect(await q('otie')).toHaveLength(2);
    expect(await q('bar oti')).toHaveLength(1);
    expect(await q('tieno')).toHaveLength(0);
    expect(await q('100000Y')).toHaveLength(1);
    expect(await q('10000')).toHaveLength(0);
    expect(await q('+254712345678')).toHaveLength(0);
  });

  it('pages with limit (default 50, cap 100), next links, totalCount and custom representations', async () => {
    for (let i = 0; i < 3; i++) await createPatient();
    let r = await call('GET', `${REST}/patient?q=amina&limit=2&totalCount=true`);
    expect(r.json.results).toHaveLength(2);
    expect(r.json.totalCount).toBe(3);
    expect(r.json.links[0].rel).toBe('next');
    r = await call('GET', r.json.links[0].uri.replace(s.baseUrl, ''));
    expect(r.json.results).toHaveLength(1);
    expect((await call('GET', `${REST}/patient?q=amina&limit=500`)).json.results).toHaveLength(3);
    expect((await call('GET', `${REST}/patient?q=amina&limit=0`)).status).toBe(400);
    r = await call('GET', `${REST}/patient?q=amina&v=custom:(uuid,person:(gender,personName:(givenName)))`);
    expect(r.json.results[0]).toEqual({
      uuid: expect.any(String),
      person: { gender: 'F', personName: { givenName: 'Amina' } },
    });
    expect((await call('GET', `${REST}/patient?q=amina&v=custom:(uuid,phoneNumber)`)).status).toBe(400);
    expect((await call('GET', `${REST}/patient`)).status).toBe(400);
  });

  it('reads one patient; unknown uuid is 404 "Object with given uuid doesn\'t exist"', async () => {
    const uuid = await createPatient();
    const full = await call('GET', `${REST}/patient/${uuid}?v=full`);
    expect(full.status).toBe(200);
    expect(full.json.identifiers[0].identifier).toBe('100000Y');
    expect(full.json.identifiers[0].identifierType.uuid).toBe(O3.openmrsIdType);
    expect(full.json.person.names[0].givenName).toBe('Amina');
    const missing = await call('GET', `${REST}/patient/00000000-0000-0000-0000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("Object with given uuid doesn't exist [null]");
  });
});

describe('metadata for the setup command', () => {
  beforeEach(() => start());

  it('patient identifier types: O3 seed, exact-name search, create, duplicate and enum checks', async () => {
    let r = await call('GET', `${REST}/patientidentifiertype?q=OpenMRS%20ID&v=full`);
    expect(r.json.results).toHaveLength(1);
    expect(r.json.results[0]).toMatchObject({
      uuid: O3.openmrsIdType,
      required: true,
      uniquenessBehavior: 'UNIQUE',
      locationBehavior: 'NOT_USED',
      validator: 'org.openmrs.module.idgen.validator.LuhnMod30IdentifierValidator',
    });
    expect((await call('GET', `${REST}/patientidentifiertype?q=OpenMRS`)).json.results).toHaveLength(0);
    r = await call('POST', `${REST}/patientidentifiertype`, {
      body: { name: 'WhatsApp', uniquenessBehavior: 'NON_UNIQUE' },
    });
    expect(r.status).toBe(201);
    expect(r.json.uniquenessBehavior).toBe('NON_UNIQUE');
    r = await call('POST', `${REST}/patientidentifiertype`, { body: { name: 'whatsapp' } });
    expect(r.status).toBe(400);
    expect(r.json.error.fieldErrors.name[0].code).toBe('identifierType.duplicate.name');
    expect((await call('POST', `${REST}/patientidentifiertype`, { body: { description: 'x' } })).status).toBe(
      400,
    );
    r = await call('POST', `${REST}/patientidentifiertype`, {
      body: { name: 'Other', uniquenessBehavior: 'SOMETIMES' },
    });
    expect(r.status).toBe(400);
  });

  it('encounter types and locations: prefix search, create, duplicate', async () => {
    expect((await call('GET', `${REST}/encountertype?q=Visit`)).json.results[0].uuid).toBe(
      O3.visitNoteEncounterType,
    );
    expect((await call('GET', `${REST}/encountertype?q=Triage`)).json.results).toEqual([]);
    const r = await call('POST', `${REST}/encountertype`, {
      body: { name: 'WhatsApp Triage', description: 'x' },
    });
    expect(r.status).toBe(201);
    expect(s.encounterTypes().some((t) => t.name === 'WhatsApp Triage')).toBe(true);
    expect((await call('POST', `${REST}/encountertype`, { body: { name: 'WhatsApp Triage' } })).status).toBe(
      400,
    );
    expect((await call('GET', `${REST}/location?q=Outpatient`)).json.results[0].uuid).toBe(
      O3.outpatientClinic,
    );
    const tagged = await call('GET', `${REST}/location?tag=Appointment%20Location`);
    expect(tagged.json.results.map((l: { uuid: string }) => l.uuid)).toEqual([O3.outpatientClinic]);
  });
});

describe('REST encounters (openmrs.md §9)', () => {
  let patient: string;
  beforeEach(async () => {
    await start();
    patient = await createPatient();
  });

  const encounter = (obs: unknown[], extra: Record<string, unknown> = {}) => ({
    patient,
    encounterType: O3.visitNoteEncounterType,
    location: O3.outpatientClinic,
    obs,
    ...extra,
  });

  it('records a triage encounter with server-now datetime and reads it back', async () => {
    const before = s.now();
    const r = await call('POST', `${REST}/encounter`, {
      body: encounter([
        { concept: COMPLAINT, value: 'fever and headache for 3 days' },
        { concept: TEMP, value: 38.4 },
        { concept: '162169AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', value: 'Urgency 3' },
        { concept: '1731AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', value: 3 },
      ]),
    });
    expect(r.status).toBe(201);
    expect(r.json.obs).toHaveLength(4);
    expect(Date.parse(r.json.encounterDatetime.replace(/(\d{2})(\d{2})$/, '$1:$2'))).toBeGreaterThanOrEqual(
      before - 1000,
    );
    const list = await call('GET', `${REST}/encounter?patient=${patient}&v=full`);
    expect(list.json.results).toHaveLength(1);
    expect(list.json.results[0].obs.map((o: { value: unknown }) => o.value)).toContain(38.4);
    expect(s.encounters()[0]!.obs.find((o) => o.conceptUuid === TEMP)!.value).toBe(38.4);
  });

  it('rejects out-of-range, decimal pulse, unknown concept, unknown patient, missing patient, future time', async () => {
    const post = (body: unknown) => call('POST', `${REST}/encounter`, { body });
    let r = await post(encounter([{ concept: TEMP, value: 45 }]));
    expect(r.status).toBe(400);
    expect(r.json.error.fieldErrors.valueNumeric[0].code).toBe('error.outOfRange.high');
    r = await post(encounter([{ concept: TEMP, value: 24.9 }]));
    expect(r.json.error.fieldErrors.valueNumeric[0].code).toBe('error.outOfRange.low');
    r = await post(encounter([{ concept: PULSE, value: 72.5 }]));
    expect(r.status).toBe(400);
    expect((await post(encounter([{ concept: PULSE, value: 72 }]))).status).toBe(201);
    r = await post(encounter([{ concept: 'no-such-concept', value: 'x' }]));
    expect(r.status).toBe(400);
    r = await post(encounter([{ concept: TEMP, value: 'hot' }]));
    expect(r.status).toBe(400);
    r = await post(encounter([], { patient: '00000000-0000-0000-0000-000000000000' }));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Invalid Submission');
    expect(r.json.error.fieldErrors.patient[0].message).toBe('Patient is Required');
    r = await post({ encounterType: O3.visitNoteEncounterType, obs: [] });
    expect(r.json.error.message).toBe('[Some required properties are missing: patient]');
    r = await post(encounter([], { encounterDatetime: '2999-01-01T10:00:00.000+0000' }));
    expect(r.json.error.fieldErrors.encounterDatetime[0].message).toBe(
      'The encounter datetime should be before the current date.',
    );
    expect(s.encounters()).toHaveLength(1);
    expect((await call('GET', `${REST}/encounter/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });
});

describe('FHIR2 (openmrs.md §2)', () => {
  let patient: string;
  beforeEach(async () => {
    await start();
    patient = await createPatient();
  });

  it('reads a Patient shaped like the O3 fixture; unknown id is a 404 OperationOutcome', async () => {
    const r = await call('GET', `${FHIR}/Patient/${patient}?_summary=data`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    const sample = fixture('fhir_patient_read_o3.json');
    for (const key of Object.keys(sample)) expect(r.json).toHaveProperty(key);
    expect(r.json.meta.tag[0].code).toBe('SUBSETTED');
    expect(r.json.identifier[0]).toMatchObject({
      use: 'official',
      type: { coding: [{ code: O3.openmrsIdType }], text: 'OpenMRS ID' },
      value: '100000Y',
    });
    expect(r.json.telecom).toEqual([{ id: expect.any(String), value: '+254712345678' }]);
    const missing = await call('GET', `${FHIR}/Patient/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json.resourceType).toBe('OperationOutcome');
    expect(missing.json.issue[0].diagnostics).toBe('Could not find patient with Id nope');
  });

  it('searches by identifier into a searchset Bundle; no telecom search; pages with _getpages', async () => {
    const r = await call('GET', `${FHIR}/Patient?identifier=100000Y`);
    expect(Object.keys(r.json)).toEqual(Object.keys(fixture('fhir_patient_search_bundle.json')));
    expect(r.json.type).toBe('searchset');
    expect(r.json.total).toBe(1);
    expect(r.json.entry[0].fullUrl).toBe(`${s.baseUrl}${FHIR}/Patient/${patient}`);
    expect((await call('GET', `${FHIR}/Patient?identifier=OpenMRS%20ID|100000Y`)).json.total).toBe(1);
    expect((await call('GET', `${FHIR}/Patient?identifier=Legacy%20ID|100000Y`)).json.total).toBe(0);
    const telecom = await call('GET', `${FHIR}/Patient?telecom=%2B254712345678`);
    expect(telecom.status).toBe(400);
    expect(telecom.json.resourceType).toBe('OperationOutcome');
    await createPatient();
    const page1 = await call('GET', `${FHIR}/Patient?name=amina&_count=1`);
    expect(page1.json.total).toBe(2);
    const next = page1.json.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    expect(next).toMatch(/\?_getpages=.+&_getpagesoffset=1&_count=1&_bundletype=searchset$/);
    const page2 = await call('GET', next.replace(s.baseUrl, ''));
    expect(page2.json.entry[0].resource.id).not.toBe(page1.json.entry[0].resource.id);
  });

  it('creates the fixture Encounter once adapted; requires the encounter-type system; 422 in the future', async () => {
    const body = fixture<Record<string, unknown>>('fhir_encounter_create_request.json');
    (body.type as Array<{ coding: Array<{ code: string }> }>)[0]!.coding[0]!.code =
      O3.consultationEncounterType;
    body.subject = { reference: `Patient/${patient}` };
    const r = await call('POST', `${FHIR}/Encounter`, {
      body,
      headers: { 'content-type': 'application/fhir+json' },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`${s.baseUrl}${FHIR}/Encounter/${r.json.id}`);
    expect(r.json.period.start).toBe('2004-12-31T18:30:00+00:00');
    expect(r.json.location[0].location.reference).toBe(`Location/${O3.unknownLocation}`);
    const noSystem = structuredClone(body);
    (noSystem.type as Array<{ coding: Array<{ system?: string }> }>)[0]!.coding[0]!.system =
      'http://example.org';
    const bad = await call('POST', `${FHIR}/Encounter`, { body: noSystem });
    expect(bad.status).toBe(400);
    expect(bad.json.issue[0].diagnostics).toBe('Invalid type of request');
    const future = { ...body, period: { start: '2999-01-01T00:00:00+00:00' } };
    const late = await call('POST', `${FHIR}/Encounter`, { body: future });
    expect(late.status).toBe(422);
    expect(late.json.issue[0].diagnostics).toContain(
      'The encounter datetime should be before the current date.',
    );
  });

  it('creates Observations: effectiveDateTime required, temperature range enforced, fixture shape', async () => {
    const enc = await call('POST', `${FHIR}/Encounter`, {
      body: {
        resourceType: 'Encounter',
        type: [
          {
            coding: [
              { system: 'http://fhir.openmrs.org/code-system/encounter-type', code: O3.vitalsEncounterType },
            ],
          },
        ],
        subject: { reference: `Patient/${patient}` },
      },
    });
    const body = fixture<Record<string, unknown>>('fhir_observation_create_request.json');
    body.subject = { reference: `Patient/${patient}` };
    body.encounter = { reference: `Encounter/${enc.json.id}` };
    expect((await call('POST', `${FHIR}/Observation`, { body })).status).toBe(201);
    const { effectiveDateTime: _omitted, ...noTime } = body;
    const missing = await call('POST', `${FHIR}/Observation`, { body: noTime });
    expect(missing.status).toBe(422);
    expect(missing.json.issue[0].diagnostics).toContain('obsDatetime');
    const temp = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] },
      subject: { reference: `Patient/${patient}` },
      effectiveDateTime: '2021-05-19T04:26:51+00:00',
      valueQuantity: { value: 37, unit: 'DEG C' },
    };
    const okTemp = await call('POST', `${FHIR}/Observation`, { body: temp });
    expect(okTemp.status).toBe(201);
    const sample = fixture('fhir_observation_temperature.json');
    expect(okTemp.json.referenceRange).toEqual(sample.referenceRange);
    expect(okTemp.json.valueQuantity).toEqual(sample.valueQuantity);
    expect(okTemp.json.code.coding[0].code).toBe(TEMP);
    expect(okTemp.json.effectiveDateTime).toBe(sample.effectiveDateTime);
    const hot = await call('POST', `${FHIR}/Observation`, {
      body: { ...temp, valueQuantity: { value: 44 } },
    });
    expect(hot.status).toBe(422);
    expect(s.observations()).toHaveLength(2);
  });

  it('has no Appointment resource; creates Patients by identifier type NAME (openmrs.md §2.5)', async () => {
    const appt = await call('GET', `${FHIR}/Appointment?patient=${patient}`);
    expect(appt.status).toBe(404);
    expect(appt.json.resourceType).toBe('OperationOutcome');
    const fhirPatient = {
      resourceType: 'Patient',
      identifier: [{ use: 'official', type: { text: 'OpenMRS ID' }, value: await newOpenmrsId() }],
      name: [{ given: ['Amina'], family: 'Otieno' }],
      gender: 'female',
      birthDate: '1990-04-02',
      telecom: [{ system: 'phone', value: '+254712345678' }],
    };
    const created = await call('POST', `${FHIR}/Patient`, { body: fhirPatient });
    expect(created.status).toBe(201);
    expect(created.json.gender).toBe('female');
    const withSystem = {
      ...fhirPatient,
      identifier: [{ ...fhirPatient.identifier[0], system: 'urn:openmrs', value: await newOpenmrsId() }],
    };
    // A `system` drops the identifier silently; with none left core wants a preferred identifier → 422.
    const dropped = await call('POST', `${FHIR}/Patient`, { body: withSystem });
    expect(dropped.status).toBe(422);
    expect(dropped.json.issue[0].diagnostics).toContain('Preferred identifier is required');
    // Only a non-required type: the required OpenMRS ID is missing → unmapped service exception → 500.
    const legacyOnly = {
      ...fhirPatient,
      identifier: [{ use: 'official', type: { text: 'Legacy ID' }, value: 'L-77' }],
    };
    const missing = await call('POST', `${FHIR}/Patient`, { body: legacyOnly });
    expect(missing.status).toBe(500);
    expect(missing.json.issue[0].diagnostics).toBe(
      'Patient is missing the following required identifier(s): OpenMRS ID',
    );
    const noGender = {
      ...fhirPatient,
      gender: undefined,
      identifier: [{ ...fhirPatient.identifier[0], value: await newOpenmrsId() }],
    };
    expect((await call('POST', `${FHIR}/Patient`, { body: noGender })).status).toBe(422);
  });
});

describe('appointments (openmrs.md §6)', () => {
  let patient: string;
  const MONDAY = '2030-01-07'; // a Monday
  beforeEach(async () => {
    await start({
      services: [
        {
          uuid: '2b87edcf-39ac-4dec-94c9-713b932e847c',
          name: 'Physiotherapy OPD',
          durationMins: 30,
          maxAppointmentsLimit: 1,
          weeklyAvailability: [{ dayOfWeek: 'MONDAY', startTime: '08:00:00', endTime: '12:00:00' }],
          serviceTypes: [{ name: '1 session', duration: 30, uuid: '50ac6a9c-158a-4743-a6b5-a4f9c9317007' }],
        },
      ],
    });
    patient = await createPatient();
  });

  it('lists services (full and default) like appointment_service_full.json, with the O3 demo services', async () => {
    const full = await call('GET', `${REST}/appointmentService/all/full`);
    expect(full.status).toBe(200);
    const uuids = full.json.map((x: { uuid: string }) => x.uuid);
    expect(uuids).toEqual(
      expect.arrayContaining([O3.generalMedicineService, O3.outpatientService, O3.rehabilitationService]),
    );
    const sample = fixture('appointment_service_full.json');
    for (const service of full.json) {
      expect(Object.keys(service)).toEqual(
        expect.arrayContaining([...Object.keys(sample), 'initialAppointmentStatus']),
      );
    }
    const gm = full.json.find((x: { uuid: string }) => x.uuid === O3.generalMedicineService);
    expect(gm).toMatchObject({ startTime: '', endTime: '', durationMins: null, weeklyAvailability: [] });
    expect(gm.serviceTypes).toEqual([
      { duration: 10, name: 'Short follow-up', uuid: O3.shortFollowUpServiceType },
    ]);
    const physio = full.json.find((x: { name: string }) => x.name === 'Physiotherapy OPD');
    expect(physio.weeklyAvailability[0]).toMatchObject({
      dayOfWeek: 'MONDAY',
      startTime: '08:00:00',
      endTime: '12:00:00',
    });
    const def = await call('GET', `${REST}/appointmentService/all/default`);
    expect(def.json[0]).not.toHaveProperty('weeklyAvailability');
    expect((await call('GET', `${REST}/appointmentService?uuid=nope`)).status).toBe(500);
  });

  it('replays appointment_create_request.json: 200 with the fixture keys and epoch-ms times', async () => {
    const body = fixture<Record<string, unknown>>('appointment_create_request.json');
    body.patientUuid = patient;
    body.providers = [{ uuid: O3.adminProvider, response: 'ACCEPTED', comments: null }];
    body.locationUuid = O3.outpatientClinic;
    const r = await call('POST', `${REST}/appointment`, { body });
    expect(r.status).toBe(200);
    const sample = fixture('appointment_create_response.json');
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(Object.keys(sample)));
    for (const key of [
      'dateCreated',
      'dateAppointmentScheduled',
      'voided',
      'extensions',
      'teleconsultationLink',
      'priority',
      'reasons',
    ]) {
      expect(r.json).toHaveProperty(key);
    }
    expect(r.json.startDateTime).toBe(sample.startDateTime);
    expect(r.json.endDateTime).toBe(sample.endDateTime);
    expect(r.json.appointmentNumber).toBe('0000');
    expect(r.json.status).toBe('Scheduled');
    expect(r.json.serviceType).toEqual(sample.serviceType);
    expect(r.json.patient).toMatchObject({
      uuid: patient,
      identifier: '100000Y',
      OpenMRSID: '100000Y',
      gender: 'F',
    });
    expect(Object.keys(r.json.service)).toEqual(
      expect.arrayContaining(Object.keys(sample.service as object)),
    );
  });

  it('rejects what the mapper rejects with 400 "<msg> [<msg>]"', async () => {
    const post = (body: unknown) => call('POST', `${REST}/appointment`, { body });
    const good = appointmentBody(patient, `${MONDAY}T08:00:00.000Z`, `${MONDAY}T08:30:00.000Z`);
    const { appointmentKind: _kind, ...noKind } = good;
    let r = await post(noKind);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('Name is null [Name is null]');
    r = await post({ ...good, patientUuid: 'nope' });
    expect(r.json.error.message).toBe(
      'Appointment cannot be created without Patient [Appointment cannot be created without Patient]',
    );
    r = await post({ ...good, serviceUuid: 'nope' });
    expect(r.json.error.message).toContain('Appointment cannot be created without Service');
    r = await post({ ...good, providers: [{ uuid: 'nope' }] });
    expect(r.json.error.message).toContain('Bad Request. No such provider.');
    r = await post({ ...good, startDateTime: 'next monday' });
    expect(r.status).toBe(400);
    r = await post({ ...good, appointmentKind: 'Walkin' });
    expect(r.status).toBe(400);
    expect(s.appointments()).toHaveLength(0);
  });

  it('does not check conflicts, hours or limits on save, exactly like OpenMRS', async () => {
    const physio = '2b87edcf-39ac-4dec-94c9-713b932e847c';
    const sunday = appointmentBody(patient, '2030-01-06T20:00:00.000Z', '2030-01-06T20:30:00.000Z', {
      serviceUuid: physio,
    });
    expect((await call('POST', `${REST}/appointment`, { body: sunday })).status).toBe(200);
    expect((await call('POST', `${REST}/appointment`, { body: sunday })).status).toBe(200);
    expect(s.appointments()).toHaveLength(2);
  });

  it('edits with uuid on POST /appointment (patient fixed); POST /appointments always creates', async () => {
    const other = await createPatient({ names: [{ givenName: 'Baraka', familyName: 'Otieno' }] });
    const first = await call('POST', `${REST}/appointment`, {
      body: appointmentBody(patient, `${MONDAY}T08:00:00.000Z`, `${MONDAY}T08:30:00.000Z`),
    });
    const edited = await call('POST', `${REST}/appointment`, {
      body: {
        ...appointmentBody(other, `${MONDAY}T09:00:00.000Z`, `${MONDAY}T09:30:00.000Z`),
        uuid: first.json.uuid,
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.uuid).toBe(first.json.uuid);
    expect(edited.json.patient.uuid).toBe(patient);
    expect(edited.json.startDateTime).toBe(Date.parse(`${MONDAY}T09:00:00Z`));
    const created = await call('POST', `${REST}/appointments`, {
      body: {
        ...appointmentBody(patient, `${MONDAY}T10:00:00.000Z`, `${MONDAY}T10:30:00.000Z`),
        uuid: first.json.uuid,
      },
    });
    expect(created.json.uuid).not.toBe(first.json.uuid);
    expect(s.appointments()).toHaveLength(2);
  });

  it('reads: /appointments/{uuid} 404 empty when unknown; /appointment?uuid= 500 when unknown', async () => {
    const made = await call('POST', `${REST}/appointment`, {
      body: appointmentBody(patient, `${MONDAY}T08:00:00.000Z`, `${MONDAY}T08:30:00.000Z`),
    });
    expect((await call('GET', `${REST}/appointments/${made.json.uuid}`)).json.uuid).toBe(made.json.uuid);
    expect((await call('GET', `${REST}/appointment?uuid=${made.json.uuid}`)).json.uuid).toBe(made.json.uuid);
    const missing = await call('GET', `${REST}/appointments/nope`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('');
    const missing2 = await call('GET', `${REST}/appointment?uuid=nope`);
    expect(missing2.status).toBe(500);
    expect(missing2.json.error.message).toBe('[Appointment does not exist]');
  });

  it('POST /appointments/search: startDate required, includes Cancelled, sorted, at most 50', async () => {
    const none = await call('POST', `${REST}/appointments/search`, { body: { patientUuid: patient } });
    expect(none.status).toBe(500);
    expect(none.json.error.message).toBe('[StartDate is not provided]');
    const base = Date.parse('2030-02-01T08:00:00Z');
    for (let i = 54; i >= 0; i--) {
      s.seedAppointment({
        patientUuid: patient,
        serviceUuid: O3.generalMedicineService,
        start: base + i * HOUR,
        end: base + i * HOUR + 30 * 60_000,
        status: i === 0 ? 'Cancelled' : 'Scheduled',
      });
    }
    const r = await call('POST', `${REST}/appointments/search`, {
      body: { patientUuid: patient, startDate: '2030-01-01T00:00:00.000Z' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(50);
    expect(r.json[0].status).toBe('Cancelled');
    const starts = r.json.map((a: { startDateTime: number }) => a.startDateTime);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(Object.keys(r.json[0])).toEqual(
      expect.arrayContaining(
        Object.keys(fixture<unknown[]>('appointments_search_response.json')[0] as object),
      ),
    );
    const all = await call('POST', `${REST}/appointment/search`, { body: { patientUuids: [patient] } });
    expect(all.json).toHaveLength(55);
  });

  it('conflicts: 204 when free; SERVICE_UNAVAILABLE outside weekly hours; PATIENT_DOUBLE_BOOKING', async () => {
    const physio = '2b87edcf-39ac-4dec-94c9-713b932e847c';
    const check = (start: string, end: string, extra: Record<string, unknown> = {}) =>
      call('POST', `${REST}/appointments/conflicts`, {
        body: appointmentBody(patient, start, end, { serviceUuid: physio, ...extra }),
      });
    const free = await check(`${MONDAY}T09:00:00.000Z`, `${MONDAY}T09:30:00.000Z`);
    expect(free.status).toBe(204);
    expect(free.text).toBe('');
    const late = await check(`${MONDAY}T11:45:00.000Z`, `${MONDAY}T12:15:00.000Z`);
    expect(late.status).toBe(200);
    expect(Object.keys(late.json)).toEqual(['SERVICE_UNAVAILABLE']);
    expect((await check('2030-01-08T09:00:00.000Z', '2030-01-08T09:30:00.000Z')).json).toHaveProperty(
      'SERVICE_UNAVAILABLE',
    );
    s.seedAppointment({
      patientUuid: patient,
      serviceUuid: O3.generalMedicineService,
      start: `${MONDAY}T09:15:00.000Z`,
      end: `${MONDAY}T09:45:00.000Z`,
    });
    const double = await check(`${MONDAY}T09:00:00.000Z`, `${MONDAY}T09:30:00.000Z`);
    expect(Object.keys(double.json)).toEqual(['PATIENT_DOUBLE_BOOKING']);
    expect(double.json.PATIENT_DOUBLE_BOOKING[0].patient.uuid).toBe(patient);
    expect((await check(`${MONDAY}T09:45:00.000Z`, `${MONDAY}T10:15:00.000Z`)).status).toBe(204);
    const unknown = await call('POST', `${REST}/appointments/conflicts`, {
      body: appointmentBody('nope', `${MONDAY}T09:00:00.000Z`, `${MONDAY}T09:30:00.000Z`),
    });
    expect(unknown.status).toBe(500);
  });

  it('conflicts use the server time zone for weekly availability', async () => {
    await s.close();
    await start({
      timeZone: 'Africa/Nairobi',
      services: [
        {
          uuid: 'svc-eat',
          name: 'Morning clinic',
          weeklyAvailability: [{ dayOfWeek: 'MONDAY', startTime: '08:00:00', endTime: '12:00:00' }],
        },
      ],
    });
    const p = await createPatient();
    const body = appointmentBody(p, `${MONDAY}T06:00:00.000Z`, `${MONDAY}T06:30:00.000Z`, {
      serviceUuid: 'svc-eat',
    });
    expect((await call('POST', `${REST}/appointments/conflicts`, { body })).status).toBe(204); // 09:00 EAT
    const early = {
      ...body,
      startDateTime: `${MONDAY}T04:30:00.000Z`,
      endDateTime: `${MONDAY}T05:00:00.000Z`,
    };
    expect((await call('POST', `${REST}/appointments/conflicts`, { body: early })).status).toBe(200); // 07:30 EAT
  });

  it('status changes follow the transition rules; illegal ones and onDate without millis are 500', async () => {
    const made = await call('POST', `${REST}/appointment`, {
      body: appointmentBody(patient, `${MONDAY}T08:00:00.000Z`, `${MONDAY}T08:30:00.000Z`),
    });
    const change = (body: unknown, uuid: string = made.json.uuid) =>
      call('POST', `${REST}/appointments/${uuid}/status-change`, { body });
    let r = await change({ toStatus: 'Cancelled', onDate: '2030-01-01T10:30:00' });
    expect(r.status).toBe(500);
    expect(r.json.error.rawMessage).toBe('Unparseable date: "2030-01-01T10:30:00"');
    r = await change({
      toStatus: 'Cancelled',
      onDate: '2030-01-01T10:30:00.000Z',
      timeZone: 'Africa/Nairobi',
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('Cancelled');
    r = await change({ toStatus: 'Cancelled' });
    expect(r.status).toBe(500);
    expect(r.json.error.message).toBe('[Appointment status can not be changed from Cancelled to Cancelled]');
    expect((await change({ toStatus: 'Scheduled' })).json.status).toBe('Scheduled');
    expect((await change({ toStatus: 'CheckedIn' })).status).toBe(200);
    r = await change({ toStatus: 'Arrived' });
    expect(r.json.error.rawMessage).toBe('Appointment status can not be changed from CheckedIn to Arrived');
    expect((await change({ toStatus: 'Gone' })).status).toBe(500);
    r = await change({ toStatus: 'Cancelled' }, 'nope');
    expect(r.json.error.message).toBe('[Appointment does not exist]');
  });

  it('load and forDate parse query dates as UTC with mandatory millis, ignoring any offset', async () => {
    s.seedAppointment({
      patientUuid: patient,
      serviceUuid: O3.generalMedicineService,
      start: '2030-01-01T09:00:00Z',
      end: '2030-01-01T09:30:00Z',
    });
    s.seedAppointment({
      patientUuid: patient,
      serviceUuid: O3.generalMedicineService,
      start: '2030-01-01T10:00:00Z',
      end: '2030-01-01T10:30:00Z',
      status: 'Cancelled',
    });
    s.seedAppointment({
      patientUuid: patient,
      serviceUuid: O3.generalMedicineService,
      start: '2030-01-02T09:00:00Z',
      end: '2030-01-02T09:30:00Z',
    });
    const load = (from: string, to: string) =>
      call(
        'GET',
        `${REST}/appointmentService/load?uuid=${O3.generalMedicineService}&startDateTime=${encodeURIComponent(from)}&endDateTime=${encodeURIComponent(to)}`,
      );
    let r = await load('2030-01-01T00:00:00.000+0300', '2030-01-01T23:59:59.999Z');
    expect(r.status).toBe(200);
    expect(r.json).toBe(1);
    expect((await load('2030-01-01T00:00:00Z', '2030-01-01T23:59:59.999Z')).status).toBe(500);
    r = await call(
      'GET',
      `${REST}/appointments?forDate=${encodeURIComponent('2030-01-01T00:00:00.000+0300')}`,
    );
    expect(r.json).toHaveLength(2);
    expect((await call('GET', `${REST}/appointment/all?forDate=2030-01-02T00:00:00.000Z`)).json).toHaveLength(
      1,
    );
    expect((await call('GET', `${REST}/appointments?forDate=2030-01-02`)).status).toBe(500);
  });
});

describe('fault injection, counts and routing', () => {
  let patient: string;
  beforeEach(async () => {
    await start();
    patient = await createPatient();
  });
  const book = (signal?: AbortSignal) =>
    call('POST', `${REST}/appointment`, {
      body: appointmentBody(patient, '2030-01-07T08:00:00.000Z', '2030-01-07T08:30:00.000Z'),
      ...(signal ? { signal } : {}),
    });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('fails the next N requests of a route with 503 (gateway HTML) or 500 (OpenMRS JSON)', async () => {
    s.failNext({ route: 'POST /ws/rest/v1/appointment', times: 2 });
    const first = await book();
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toMatch(/text\/html/);
    expect((await book()).status).toBe(503);
    expect((await call('GET', `${REST}/location`)).status).toBe(200);
    expect((await book()).status).toBe(200);
    s.failNext({ status: 500 });
    const any = await call('GET', `${REST}/location`);
    expect(any.status).toBe(500);
    expect(any.json.error.message).toContain('Injected fault');
    expect(s.appointments()).toHaveLength(1);
  });

  it('hang before handling: a client that times out stored nothing', async () => {
    s.hangNext({ route: 'POST /ws/rest/v1/appointment', ms: 400 });
    await expect(book(AbortSignal.timeout(100))).rejects.toThrow();
    await pause(500);
    expect(s.appointments()).toHaveLength(0);
    expect(s.counts()['POST /ws/rest/v1/appointment']).toBe(1);
  });

  it('commit then hang: the booking exists although the client timed out', async () => {
    s.hangNext({ route: 'POST /ws/rest/v1/appointment', ms: 400, commitFirst: true });
    await expect(book(AbortSignal.timeout(100))).rejects.toThrow();
    expect(s.appointments()).toHaveLength(1);
    const search = await call('POST', `${REST}/appointments/search`, {
      body: { patientUuid: patient, startDate: '2030-01-01T00:00:00.000Z' },
    });
    expect(search.json).toHaveLength(1);
  });

  it('a hang that the client outwaits still answers', async () => {
    s.hangNext({ ms: 150 });
    const t0 = Date.now();
    expect((await call('GET', `${REST}/location`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('stop() refuses connections; restart() serves the same state and sessions on the same port', async () => {
    const port = s.port;
    await s.stop();
    await expect(fetch(`${s.baseUrl}${REST}/location`)).rejects.toThrow();
    await s.restart();
    expect(s.port).toBe(port);
    const r = await call('GET', `${REST}/patient/${patient}`);
    expect(r.status).toBe(200);
  });

  it('counts requests by route key and in total; resets; unknown routes are 404 or 405', async () => {
    s.resetCounts();
    await call('GET', `${REST}/session`);
    await call('GET', `${REST}/session`);
    await call('GET', `${REST}/patient/${patient}`);
    const unknown = await call('GET', `${REST}/whatever`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBeDefined();
    expect((await call('GET', '/elsewhere', { cookie: null })).status).toBe(404);
    expect((await call('DELETE', `${REST}/appointment`)).status).toBe(405);
    const counts = s.counts();
    expect(counts['GET /ws/rest/v1/session']).toBe(2);
    expect(counts['GET /ws/rest/v1/patient/{uuid}']).toBe(1);
    expect(counts['GET (unmatched)']).toBe(2);
    expect(counts.total).toBe(6);
    expect(s.routeKeys()).toContain('POST /ws/rest/v1/appointments/{uuid}/status-change');
  });
});
