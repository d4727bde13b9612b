import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirEngine } from './fhir-engine.ts';
import { startFhirEngine } from './fhir-engine.ts';
import { loadFhirDefinitions } from './load-fhir-definitions.ts';

const JSON_HEADERS = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' };

describe('embedded FHIR engine over HTTP', () => {
  let engine: FhirEngine;
  let n = 0;

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> & { id?: string } }> {
    const res = await fetch(`${engine.baseUrl}${path}`, {
      method,
      headers: { ...JSON_HEADERS, ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : {} };
  }
  const patient = (value = `p-${++n}`) => ({
    resourceType: 'Patient',
    identifier: [{ system: 'urn:test', value }],
    name: [{ given: ['Amina'] }],
    gender: 'female',
  });
  const issueText = (json: Record<string, unknown>) => JSON.stringify(json.issue);

  beforeAll(async () => {
    engine = await startFhirEngine({ port: 0 });
  });
  afterAll(() => engine.close());

  it('loads the definitions once per process', () => {
    const again = loadFhirDefinitions();
    expect(again.cached).toBe(true);
    expect(again.loadMs).toBe(engine.definitionsLoadMs);
  });

  it('serves on loopback under /fhir/R4', () => {
    expect(engine.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
  });

  describe('create and read', () => {
    it('creates with 201, Location, ETag and FHIR JSON; the server owns id and version', async () => {
      const created = await call('POST', '/Patient', {
        ...patient(),
        id: 'chosen-by-client',
        meta: { versionId: '99' },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toContain('application/fhir+json');
      const id = created.json.id ?? '';
      expect(id).not.toBe('chosen-by-client');
      const versionId = (created.json.meta as { versionId: string }).versionId;
      expect(versionId).not.toBe('99');
      expect(created.headers.get('location')).toBe(`${engine.baseUrl}/Patient/${id}/_history/${versionId}`);
      expect(created.headers.get('etag')).toBe(`W/"${versionId}"`);
      const read = await call('GET', `/Patient/${id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe(`W/"${versionId}"`);
      expect(read.headers.get('last-modified')).toBeTruthy();
    });

    it('answers Prefer: return=minimal with headers only', async () => {
      const res = await fetch(`${engine.baseUrl}/Patient`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, prefer: 'return=minimal' },
        body: JSON.stringify(patient()),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toContain('/Patient/');
      expect(await res.text()).toBe('');
    });

    it('answers 404 with an OperationOutcome for an unknown id or type', async () => {
      const missing = await call('GET', '/Patient/does-not-exist');
      expect(missing.status).toBe(404);
      expect(missing.json.resourceType).toBe('OperationOutcome');
      expect((await call('GET', '/NotAType/1')).status).toBe(404);
    });
  });

  describe('validation (400 OperationOutcome)', () => {
    it('rejects a resource that breaks the R4 structure or invariants, naming the path', async () => {
      const res = await call('POST', '/Patient', {
        resourceType: 'Patient',
        birthDate: '1990-13-45',
        colour: 'blue',
      });
      expect(res.status).toBe(400);
      expect(res.json.resourceType).toBe('OperationOutcome');
      expect(issueText(res.json)).toContain('Patient.birthDate');
      expect(issueText(res.json)).toContain('Patient.colour');
      const appointment = await call('POST', '/Appointment', {
        resourceType: 'Appointment',
        status: 'booked',
        participant: [{ status: 'accepted' }],
      });
      expect(appointment.status).toBe(400);
      expect(issueText(appointment.json)).toContain('app-3');
    });

    it('rejects a body of another type, bad JSON, and a non-JSON content type', async () => {
      expect((await call('POST', '/Patient', { resourceType: 'Observation' })).status).toBe(400);
      expect((await call('POST', '/Patient', '{not json')).status).toBe(400);
      expect((await call('POST', '/Patient', patient(), { 'content-type': 'text/plain' })).status).toBe(415);
    });

    it('rejects a write whose reference points at nothing', async () => {
      const res = await call('POST', '/Encounter', {
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'VR' },
        subject: { reference: 'Patient/nobody' },
      });
      expect(res.status).toBe(400);
      expect(issueText(res.json)).toContain('Encounter.subject');
    });

    it('refuses XML', async () => {
      expect((await call('GET', '/Patient', undefined, { accept: 'application/fhir+xml' })).status).toBe(406);
    });
  });

  describe('conditional create (If-None-Exist)', () => {
    it('creates once, then returns the match with 200', async () => {
      const body = patient('conditional-1');
      const first = await call('POST', '/Patient', body, {
        'if-none-exist': 'identifier=urn:test|conditional-1',
      });
      const second = await call('POST', '/Patient', body, {
        'if-none-exist': 'identifier=urn:test|conditional-1',
      });
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.json.id).toBe(first.json.id);
    });

    it('creates exactly one resource for concurrent conditional creates', async () => {
      const body = patient('conditional-race');
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          call('POST', '/Patient', body, { 'if-none-exist': 'identifier=urn:test|conditional-race' }),
        ),
      );
      expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    });

    it('answers 412 when the condition matches several resources, and 400 for an unknown parameter', async () => {
      await call('POST', '/Patient', patient('twin'));
      await call('POST', '/Patient', patient('twin'));
      const res = await call('POST', '/Patient', patient('twin'), {
        'if-none-exist': 'identifier=urn:test|twin',
      });
      expect(res.status).toBe(412);
      expect((await call('POST', '/Patient', patient(), { 'if-none-exist': 'shoe-size=42' })).status).toBe(
        400,
      );
    });
  });

  describe('update with If-Match (optimistic locking)', () => {
    async function createPatient() {
      const created = await call('POST', '/Patient', patient());
      return { id: created.json.id ?? '', version: (created.json.meta as { versionId: string }).versionId };
    }

    it('updates on the current version and returns the new ETag; 412 on a stale one', async () => {
      const { id, version } = await createPatient();
      const ok = await call(
        'PUT',
        `/Patient/${id}`,
        { ...patient(), id, gender: 'male' },
        { 'if-match': `W/"${version}"` },
      );
      expect(ok.status).toBe(200);
      const newVersion = (ok.json.meta as { versionId: string }).versionId;
      expect(newVersion).not.toBe(version);
      expect(ok.headers.get('etag')).toBe(`W/"${newVersion}"`);
      const stale = await call(
        'PUT',
        `/Patient/${id}`,
        { ...patient(), id },
        { 'if-match': `W/"${version}"` },
      );
      expect(stale.status).toBe(412);
      expect(stale.json.resourceType).toBe('OperationOutcome');
      expect(((await call('GET', `/Patient/${id}`)).json as { gender: string }).gender).toBe('male');
    });

    it('lets exactly one of two concurrent updates on the same version win', async () => {
      const { id, version } = await createPatient();
      const results = await Promise.all(
        ['male', 'other'].map((gender) =>
          call('PUT', `/Patient/${id}`, { ...patient(), id, gender }, { 'if-match': `W/"${version}"` }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    });

    it('refuses a malformed If-Match instead of updating unconditionally', async () => {
      const { id } = await createPatient();
      expect(
        (await call('PUT', `/Patient/${id}`, { ...patient(), id }, { 'if-match': 'W/"bad version"' })).status,
      ).toBe(400);
    });

    it('answers 412 for If-Match on a resource that does not exist, and 201 for create-on-update', async () => {
      expect(
        (await call('PUT', '/Patient/ghost-1', { ...patient(), id: 'ghost-1' }, { 'if-match': 'W/"1"' }))
          .status,
      ).toBe(412);
      expect((await call('PUT', '/Patient/client-id-1', { ...patient(), id: 'client-id-1' })).status).toBe(
        201,
      );
      expect((await call('PUT', '/Patient/client-id-1', { ...patient(), id: 'client-id-1' })).status).toBe(
        200,
      );
    });

    it('answers 400 when the body id differs from the URL', async () => {
      const { id } = await createPatient();
      expect((await call('PUT', `/Patient/${id}`, { ...patient(), id: 'other' })).status).toBe(400);
    });
  });

  describe('delete', () => {
    it('deletes, then reads answer 410 Gone; deleting again is fine; unknown ids are 404', async () => {
      const created = await call('POST', '/Patient', patient());
      const id = created.json.id ?? '';
      expect((await call('DELETE', `/Patient/${id}`)).status).toBe(200);
      expect((await call('GET', `/Patient/${id}`)).status).toBe(410);
      expect((await call('DELETE', `/Patient/${id}`)).status).toBe(200);
      expect((await call('DELETE', '/Patient/never-existed')).status).toBe(404);
    });
  });

  describe('search', () => {
    let scheduleId = '';
    let serviceId = '';

    beforeAll(async () => {
      const service = await call('POST', '/HealthcareService', {
        resourceType: 'HealthcareService',
        name: 'X-ray',
      });
      serviceId = service.json.id ?? '';
      const schedule = await call('POST', '/Schedule', {
        resourceType: 'Schedule',
        actor: [{ reference: `HealthcareService/${serviceId}` }],
      });
      scheduleId = schedule.json.id ?? '';
      // Mixed offsets on purpose: 08:00+03:00 is the earliest instant but sorts last as a string.
      for (const [start, end] of [
        ['2030-01-07T08:00:00+03:00', '2030-01-07T08:20:00+03:00'],
        ['2030-01-07T05:20:00Z', '2030-01-07T05:40:00Z'],
        ['2030-01-07T05:40:00.000Z', '2030-01-07T06:00:00.000Z'],
      ]) {
        await call('POST', '/Slot', {
          resourceType: 'Slot',
          schedule: { reference: `Schedule/${scheduleId}` },
          status: 'free',
          start,
          end,
        });
      }
    });

    const starts = (json: Record<string, unknown>) =>
      ((json.entry as { resource: { start: string } }[] | undefined) ?? []).map((e) =>
        Date.parse(e.resource.start),
      );

    it('filters by date range and sorts by instant', async () => {
      const res = await call(
        'GET',
        `/Slot?schedule=Schedule/${scheduleId}&start=ge2030-01-07T05:00:00Z&_sort=start`,
      );
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 3 });
      const got = starts(res.json);
      expect(got).toEqual([...got].sort((a, b) => a - b));
      expect(got[0]).toBe(Date.parse('2030-01-07T05:00:00Z'));
      const range = await call(
        'GET',
        `/Slot?schedule=Schedule/${scheduleId}&start=ge2030-01-07T05:20:00Z&start=lt2030-01-07T05:40:00Z`,
      );
      expect(starts(range.json)).toEqual([Date.parse('2030-01-07T05:20:00Z')]);
      const descending = await call('GET', `/Slot?schedule=Schedule/${scheduleId}&_sort=-start`);
      expect(starts(descending.json)[0]).toBe(Date.parse('2030-01-07T05:40:00Z'));
    });

    it('matches an exact instant with eq', async () => {
      const res = await call('GET', `/Slot?schedule=Schedule/${scheduleId}&start=2030-01-07T05:20:00.000Z`);
      expect(starts(res.json)).toEqual([Date.parse('2030-01-07T05:20:00Z')]);
    });

    it('resolves one level of chaining and accepts bare ids in reference parameters', async () => {
      const chained = await call('GET', `/Slot?schedule.actor=HealthcareService/${serviceId}`);
      expect(chained.json.total).toBe(3);
      const typed = await call('GET', `/Slot?schedule:Schedule.actor=HealthcareService/${serviceId}`);
      expect(typed.json.total).toBe(3);
      const none = await call('GET', '/Slot?schedule.actor=HealthcareService/nothing-here');
      expect(none.json.total).toBe(0);
      const bare = await call('GET', `/Slot?schedule=${scheduleId}`);
      expect(bare.json.total).toBe(3);
    });

    it('pages with next/previous links that work', async () => {
      const first = await call('GET', `/Slot?schedule=Schedule/${scheduleId}&_sort=start&_count=2`);
      const links = first.json.link as { relation: string; url: string }[];
      const next = links.find((l) => l.relation === 'next')?.url ?? '';
      expect(next).toContain('_offset=2');
      const second = await (await fetch(next, { headers: JSON_HEADERS })).json();
      expect(second.entry).toHaveLength(1);
      expect((second.link as { relation: string }[]).map((l) => l.relation)).toEqual(['self', 'previous']);
      const count = await call('GET', `/Slot?schedule=Schedule/${scheduleId}&_summary=count`);
      expect(count.json.total).toBe(3);
      expect(count.json.entry).toBeUndefined();
    });

    it('refuses unknown parameters and unsupported features with 400 instead of matching nothing', async () => {
      for (const query of [
        'colour=blue',
        '_include=Slot:schedule',
        'schedule:missing=maybe&_count=x',
        'status:above=x',
      ]) {
        const res = await call('GET', `/Slot?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.json.resourceType).toBe('OperationOutcome');
      }
    });

    it('supports POST _search with a form body', async () => {
      const res = await fetch(`${engine.baseUrl}/Slot/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/fhir+json' },
        body: new URLSearchParams({ schedule: `Schedule/${scheduleId}` }).toString(),
      });
      expect(((await res.json()) as { total: number }).total).toBe(3);
    });
  });

  describe('what the engine does not do says so', () => {
    it('answers 405 for batch, PATCH and operations', async () => {
      expect((await call('POST', '', { resourceType: 'Bundle', type: 'batch', entry: [] })).status).toBe(405);
      const created = await call('POST', '/Patient', patient());
      expect((await call('PATCH', `/Patient/${created.json.id}`, [])).status).toBe(405);
      expect((await call('GET', '/Patient/$everything')).status).toBe(405);
    });

    it('publishes a CapabilityStatement', async () => {
      const res = await call('GET', '/metadata');
      expect(res.json).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    });

    it('keeps history readable', async () => {
      const created = await call('POST', '/Patient', patient());
      const id = created.json.id ?? '';
      const version = (created.json.meta as { versionId: string }).versionId;
      await call('PUT', `/Patient/${id}`, { ...patient(), id, gender: 'male' });
      const history = await call('GET', `/Patient/${id}/_history`);
      expect((history.json.entry as unknown[]).length).toBe(2);
      const old = await call('GET', `/Patient/${id}/_history/${version}`);
      expect((old.json as { gender: string }).gender).toBe('female');
    });
  });
});
