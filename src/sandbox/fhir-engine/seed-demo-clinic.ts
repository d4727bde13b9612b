import { parseSearchRequest } from '@medplum/core';
import type { FhirRepository } from '@medplum/fhir-router';
import type {
  HealthcareService,
  Identifier,
  Location,
  Organization,
  Practitioner,
  Resource,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { loadFhirDefinitions } from './load-fhir-definitions.ts';

/** Identifier system of everything the seed creates; re-seeding finds its own records by it. */
export const DEMO_CLINIC_SYSTEM = 'urn:omrs-whatsapp:demo-clinic';

export interface DemoClinicOptions {
  /** IANA zone of the clinic; working hours are local time there. Default `Africa/Nairobi`. */
  readonly timeZone?: string;
  /** Slots start no earlier than this instant. Default: the current time. */
  readonly now?: Date | string;
  /** How many weeks of slots, counted from the start of `now`'s local day. Default 3. */
  readonly weeks?: number;
  /** Slot length in minutes. Default 20. */
  readonly slotMinutes?: number;
  /** Local opening and closing time, `HH:mm`, Monday to Friday. Defaults `08:00` and `16:00`. */
  readonly dayStart?: string;
  readonly dayEnd?: string;
  /** Used when seeding through a base URL. Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface DemoClinicService {
  readonly id: string;
  readonly name: string;
  readonly scheduleId: string;
  readonly practitionerId: string;
}

export interface DemoClinic {
  readonly organizationId: string;
  readonly locationId: string;
  readonly practitionerIds: readonly string[];
  readonly services: readonly DemoClinicService[];
  readonly timeZone: string;
  /** Slots created by this call and slots that already existed (re-seeding creates none twice). */
  readonly slotsCreated: number;
  readonly slotsExisting: number;
}

const CLINIC_NAME = 'Mji Mwema Health Centre';

/** The clinic's staff and what each one runs; names are fictional. */
const STAFF = [
  {
    key: 'practitioner-mwangi',
    prefix: 'Dr.',
    given: ['Amina', 'Wanjiru'],
    family: 'Mwangi',
    gender: 'female',
    service: {
      key: 'general',
      name: 'General consultation',
      comment: 'Adults and children: new illnesses, injuries and general health concerns.',
    },
  },
  {
    key: 'practitioner-achieng',
    prefix: 'Sr.',
    given: ['Grace', 'Achieng'],
    family: 'Otieno',
    gender: 'female',
    service: {
      key: 'mch',
      name: 'Maternal & child health',
      comment: 'Antenatal and postnatal care, family planning, immunisation and child welfare.',
    },
  },
  {
    key: 'practitioner-kiprono',
    prefix: undefined,
    given: ['Joseph', 'Kiprono'],
    family: 'Langat',
    gender: 'male',
    service: {
      key: 'follow-up',
      name: 'Follow-up visit',
      comment: 'Review after an earlier visit: results, treatment response, chronic conditions.',
    },
  },
] as const;

type SeededResource = Organization | Location | Practitioner | HealthcareService | Schedule;

/** How the seed writes: straight into a repository, or through any FHIR server's REST API. */
interface SeedStore {
  /** Find by identifier or create (conditional create); returns the stored resource's id. */
  ensure<T extends SeededResource>(resource: T, key: string): Promise<string>;
  /** Starts (as epoch ms) of the schedule's slots starting at or after `from`. */
  slotStarts(scheduleId: string, from: string): Promise<Set<number>>;
  create(resource: Resource): Promise<void>;
}

/**
 * Create (or complete) the demo clinic a first-time user sees: one Organization and Location, three
 * Practitioners, three HealthcareServices (General consultation, Maternal & child health, Follow-up
 * visit), one Schedule per service (actors: service, practitioner, location) and free Slots every
 * `slotMinutes` during working hours, Monday to Friday, for `weeks` weeks.
 *
 * Idempotent: records are found by their `DEMO_CLINIC_SYSTEM` identifier and slots by (schedule,
 * start), so seeding again creates nothing twice and never frees a booked slot; seeding later only
 * adds the new days. `target` is a repository (fast, bypasses HTTP validation) or a FHIR base URL.
 */
export async function seedDemoClinic(
  target: FhirRepository | string,
  options: DemoClinicOptions = {},
): Promise<DemoClinic> {
  const timeZone = options.timeZone ?? 'Africa/Nairobi';
  const now = DateTime.fromJSDate(new Date(options.now ?? Date.now()), { zone: timeZone });
  if (!now.isValid) throw new Error(`seedDemoClinic: invalid time zone or now (${now.invalidReason})`);
  const weeks = options.weeks ?? 3;
  const slotMinutes = options.slotMinutes ?? 20;
  const dayStart = parseLocalTime(options.dayStart ?? '08:00');
  const dayEnd = parseLocalTime(options.dayEnd ?? '16:00');
  if (!(slotMinutes > 0) || dayEnd <= dayStart || !(weeks > 0)) {
    throw new Error('seedDemoClinic: need slotMinutes > 0, weeks > 0 and dayEnd after dayStart');
  }
  const store = typeof target === 'string' ? httpStore(target, options.fetch ?? fetch) : repoStore(target);

  const organizationId = await store.ensure(
    {
      resourceType: 'Organization',
      active: true,
      name: CLINIC_NAME,
      type: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/organization-type',
              code: 'prov',
              display: 'Healthcare Provider',
            },
          ],
        },
      ],
      address: [{ city: 'Nairobi', country: 'KE' }],
    } satisfies Organization,
    'organization',
  );
  const organization = { reference: `Organization/${organizationId}`, display: CLINIC_NAME };
  const locationName = `${CLINIC_NAME} – Outpatient Department`;
  const locationId = await store.ensure(
    {
      resourceType: 'Location',
      status: 'active',
      mode: 'instance',
      name: locationName,
      managingOrganization: organization,
      address: { city: 'Nairobi', country: 'KE' },
    } satisfies Location,
    'location-opd',
  );
  const location = { reference: `Location/${locationId}`, display: locationName };

  const services: DemoClinicService[] = [];
  for (const staff of STAFF) {
    const display = [staff.prefix, ...staff.given, staff.family].filter(Boolean).join(' ');
    const practitionerId = await store.ensure(
      {
        resourceType: 'Practitioner',
        active: true,
        name: [
          {
            use: 'official',
            text: display,
            family: staff.family,
            given: [...staff.given],
            ...(staff.prefix ? { prefix: [staff.prefix] } : {}),
          },
        ],
        gender: staff.gender,
      } satisfies Practitioner,
      staff.key,
    );
    const serviceId = await store.ensure(
      {
        resourceType: 'HealthcareService',
        active: true,
        name: staff.service.name,
        comment: staff.service.comment,
        providedBy: organization,
        location: [location],
        type: [{ text: staff.service.name }],
        availableTime: [
          {
            daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
            availableStartTime: `${formatLocalTime(dayStart)}:00`,
            availableEndTime: `${formatLocalTime(dayEnd)}:00`,
          },
        ],
      } satisfies HealthcareService,
      `service-${staff.service.key}`,
    );
    const scheduleId = await store.ensure(
      {
        resourceType: 'Schedule',
        active: true,
        serviceType: [{ text: staff.service.name }],
        actor: [
          { reference: `HealthcareService/${serviceId}`, display: staff.service.name },
          { reference: `Practitioner/${practitionerId}`, display },
          location,
        ],
        comment: `${staff.service.name} with ${display}`,
      } satisfies Schedule,
      `schedule-${staff.service.key}`,
    );
    services.push({ id: serviceId, name: staff.service.name, scheduleId, practitionerId });
  }

  let slotsCreated = 0;
  let slotsExisting = 0;
  const firstDay = now.startOf('day');
  for (const service of services) {
    const existing = await store.slotStarts(service.scheduleId, firstDay.toUTC().toISO() ?? '');
    const missing: Slot[] = [];
    for (let day = 0; day < weeks * 7; day++) {
      const date = firstDay.plus({ days: day });
      if (date.weekday > 5) continue;
      for (let minute = dayStart; minute + slotMinutes <= dayEnd; minute += slotMinutes) {
        const start = date.plus({ minutes: minute });
        if (start < now) continue;
        if (existing.has(start.toMillis())) {
          slotsExisting++;
          continue;
        }
        missing.push({
          resourceType: 'Slot',
          schedule: { reference: `Schedule/${service.scheduleId}` },
          status: 'free',
          serviceType: [{ text: service.name }],
          start: start.toUTC().toISO() ?? '',
          end: start.plus({ minutes: slotMinutes }).toUTC().toISO() ?? '',
        });
      }
    }
    // A few writes in flight at once: quicker over HTTP, and the engine serialises writes anyway.
    for (let i = 0; i < missing.length; i += 8) {
      await Promise.all(missing.slice(i, i + 8).map((slot) => store.create(slot)));
    }
    slotsCreated += missing.length;
  }
  return {
    organizationId,
    locationId,
    practitionerIds: services.map((s) => s.practitionerId),
    services,
    timeZone,
    slotsCreated,
    slotsExisting,
  };
}

/** `HH:mm` → minutes after midnight. */
function parseLocalTime(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`seedDemoClinic: time must be HH:mm, got ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function formatLocalTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function demoIdentifier(key: string): Identifier {
  return { system: DEMO_CLINIC_SYSTEM, value: key };
}

function repoStore(repo: FhirRepository): SeedStore {
  // parseSearchRequest needs the search parameter index.
  loadFhirDefinitions();
  return {
    async ensure(resource, key) {
      const search = parseSearchRequest(`${resource.resourceType}?identifier=${DEMO_CLINIC_SYSTEM}|${key}`);
      const found = await repo.searchOne(search);
      if (found) return found.id;
      const created = await repo.createResource({ ...resource, identifier: [demoIdentifier(key)] });
      return created.id;
    },
    async slotStarts(scheduleId, from) {
      const slots = await repo.searchResources<Slot>(
        parseSearchRequest<Slot>('Slot', { schedule: `Schedule/${scheduleId}`, start: `ge${from}` }),
      );
      return new Set(slots.map((s) => Date.parse(s.start)));
    },
    async create(resource) {
      await repo.createResource(resource);
    },
  };
}

/** Only what the seed reads back from a server, validated rather than trusted. */
const CreatedSchema = z.object({ id: z.string().min(1) });
const SlotPageSchema = z.object({
  entry: z.array(z.object({ resource: z.object({ start: z.string() }).optional() })).optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
});

function httpStore(baseUrl: string, fetchImpl: typeof fetch): SeedStore {
  const base = baseUrl.replace(/\/+$/, '');
  const headers = { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' };
  async function call(url: string, init: RequestInit): Promise<unknown> {
    const res = await fetchImpl(url, { ...init, headers: { ...headers, ...(init.headers ?? {}) } });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`seedDemoClinic: ${init.method ?? 'GET'} ${new URL(url).pathname} → ${res.status}`);
    return text ? JSON.parse(text) : undefined;
  }
  return {
    async ensure(resource, key) {
      const body = await call(`${base}/${resource.resourceType}`, {
        method: 'POST',
        headers: {
          'If-None-Exist': `identifier=${encodeURIComponent(`${DEMO_CLINIC_SYSTEM}|${key}`)}`,
          Prefer: 'return=representation',
        },
        body: JSON.stringify({ ...resource, identifier: [demoIdentifier(key)] }),
      });
      const parsed = CreatedSchema.safeParse(body);
      if (!parsed.success) throw new Error('seedDemoClinic: server returned no id');
      return parsed.data.id;
    },
    async slotStarts(scheduleId, from) {
      const starts = new Set<number>();
      const query = new URLSearchParams({
        schedule: `Schedule/${scheduleId}`,
        start: `ge${from}`,
        _count: '500',
      });
      let url: string | undefined = `${base}/Slot?${query.toString()}`;
      for (let page = 0; url && page < 100; page++) {
        const bundle = SlotPageSchema.parse(await call(url, { method: 'GET' }));
        for (const entry of bundle.entry ?? []) {
          if (entry.resource) starts.add(Date.parse(entry.resource.start));
        }
        const next = bundle.link?.find((l) => l.relation === 'next')?.url;
        // Follow paging only on the same server.
        url = next && new URL(next).origin === new URL(base).origin ? next : undefined;
      }
      return starts;
    },
    async create(resource) {
      await call(`${base}/${resource.resourceType}`, {
        method: 'POST',
        headers: { Prefer: 'return=minimal' },
        body: JSON.stringify(resource),
      });
    },
  };
}
