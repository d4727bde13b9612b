import { DateTime } from 'luxon';
import { appointmentJson, serviceDefaultJson, serviceFullJson } from './appointment-json.ts';
import { DateParseError, parseAppointmentQueryDate, parseJacksonDate } from './openmrs-dates.ts';
import { restError, type StandinReply } from './openmrs-errors.ts';
import { bodyObject } from './request-fields.ts';
import type { NodeContext } from './rest-nodes.ts';
import type { RouteDef, StandinRequest } from './standin-router.ts';
import {
  type AppointmentRecord,
  type AppointmentServiceRecord,
  type AppointmentStatus,
  newUuid,
  type StandinState,
} from './standin-state.ts';

const KINDS = ['Scheduled', 'WalkIn', 'Virtual'] as const;
const STATUSES: readonly AppointmentStatus[] = [
  'Requested',
  'WaitList',
  'Scheduled',
  'Arrived',
  'CheckedIn',
  'Completed',
  'Cancelled',
  'Missed',
];
const PRIORITIES = ['AsNeeded', 'Routine', 'Emergency'] as const;
const RESPONSES = ['AWAITING', 'ACCEPTED', 'REJECTED', 'TENTATIVE', 'CANCELLED'] as const;
/** `AppointmentStatus` sequences used by `DefaultAppointmentStatusChangeValidator` (openmrs.md §6.5). */
const SEQUENCE: Readonly<Record<AppointmentStatus, number>> = {
  Requested: 0,
  WaitList: 0,
  Scheduled: 1,
  Arrived: 2,
  CheckedIn: 3,
  Completed: 4,
  Cancelled: 4,
  Missed: 4,
};
const MODEL = 'org.openmrs.module.appointments.model';

/** Error raised while mapping a request; the caller decides the status (400 on save, 500 on conflicts). */
class MappingError extends Error {}

/** `Enum.valueOf`: null → "Name is null", unknown → "No enum constant …" (openmrs.md §6.2). */
function enumOf<T extends string>(value: unknown, allowed: readonly T[], enumClass: string): T {
  if (value === null || value === undefined) throw new MappingError('Name is null');
  const text = String(value);
  if (!(allowed as readonly string[]).includes(text))
    throw new MappingError(`No enum constant ${enumClass}.${text}`);
  return text as T;
}

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Jackson deserialisation of a date field; failures are an unreadable body → 400 before the controller. */
function jsonDate(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  try {
    return parseJacksonDate(value);
  } catch (err) {
    if (err instanceof DateParseError) {
      throw restError(400, `Could not read JSON: ${err.message} (through reference chain: ${field})`, {
        codeClass: 'org.springframework.http.converter.HttpMessageNotReadableException:0',
      });
    }
    throw err;
  }
}

/** The appointment a request describes, before it is saved (or checked for conflicts). */
interface Draft {
  readonly record: AppointmentRecord;
  readonly isNew: boolean;
}

/**
 * `AppointmentMapper.fromRequest` (openmrs.md §6.2): patient and service must exist, service type must be
 * one of the service's, providers must exist, `appointmentKind` is required, blank `status` keeps the
 * current (default Scheduled). With `uuid` the existing appointment is edited; its patient never changes.
 */
function mapRequest(state: StandinState, body: Record<string, unknown>, allowEdit: boolean): Draft {
  const start = jsonDate(body.startDateTime, 'AppointmentRequest["startDateTime"]');
  const end = jsonDate(body.endDateTime, 'AppointmentRequest["endDateTime"]');
  const scheduledOn = jsonDate(
    body.dateAppointmentScheduled,
    'AppointmentRequest["dateAppointmentScheduled"]',
  );
  const patient = state.patients.get(str(body.patientUuid) ?? '');
  if (!patient || patient.voided) throw new MappingError('Appointment cannot be created without Patient');
  const service = state.services.get(str(body.serviceUuid) ?? '');
  if (!service || service.voided) throw new MappingError('Appointment cannot be created without Service');
  const serviceTypeUuid = str(body.serviceTypeUuid);
  if (
    serviceTypeUuid !== null &&
    serviceTypeUuid !== '' &&
    !service.serviceTypes.some((t) => t.uuid === serviceTypeUuid)
  ) {
    throw new MappingError(`Service type ${serviceTypeUuid} does not belong to service ${service.uuid}`);
  }
  const providersRaw = body.providers ?? [];
  if (!Array.isArray(providersRaw)) throw new MappingError('providers must be a list');
  const providers = providersRaw.map((p: unknown) => {
    const item = (p ?? {}) as Record<string, unknown>;
    const uuid = str(item.uuid);
    if (uuid === null || !state.providers.has(uuid)) throw new MappingError('Bad Request. No such provider.');
    const response = item.response === undefined || item.response === null ? 'ACCEPTED' : item.response;
    return {
      uuid,
      response: enumOf(response, RESPONSES, `${MODEL}.AppointmentProviderResponse`),
      comments: str(item.comments),
    };
  });
  const kind = enumOf(body.appointmentKind, KINDS, `${MODEL}.AppointmentKind`);
  const statusText = str(body.status);
  const status =
    statusText === null || statusText.trim() === ''
      ? null
      : enumOf(statusText, STATUSES, `${MODEL}.AppointmentStatus`);
  const priorityText = str(body.priority);
  const priority =
    priorityText === null ? null : enumOf(priorityText, PRIORITIES, `${MODEL}.AppointmentPriority`);
  const reasonsRaw = body.reasonConceptUuids ?? [];
  const reasons = Array.isArray(reasonsRaw) ? reasonsRaw.map((r) => String(r)) : [];
  for (const r of reasons) {
    if (!state.concepts.has(r)) throw new MappingError(`Concept ${r} does not exist`);
  }
  // An unknown location uuid maps to no location, as the mapper's lookup returns null.
  const locationUuidText = str(body.locationUuid);
  const locationUuid =
    locationUuidText !== null && state.locations.has(locationUuidText) ? locationUuidText : null;

  const uuidText = allowEdit ? str(body.uuid) : null;
  const existing = uuidText === null || uuidText === '' ? undefined : state.appointments.get(uuidText);
  if (uuidText !== null && uuidText !== '' && !existing) throw new MappingError('Appointment does not exist');
  const now = state.now();
  const uuid = existing?.uuid ?? newUuid();
  const record: AppointmentRecord = {
    uuid,
    appointmentNumber: existing?.appointmentNumber ?? '0000',
    patientUuid: existing?.patientUuid ?? patient.uuid,
    serviceUuid: service.uuid,
    serviceTypeUuid: serviceTypeUuid === '' ? null : serviceTypeUuid,
    locationUuid,
    providers,
    startDateTime: start,
    endDateTime: end,
    appointmentKind: kind,
    status: status ?? existing?.status ?? 'Scheduled',
    comments: str(body.comments),
    priority,
    reasonConceptUuids: reasons,
    // A Virtual appointment gets a teleconsultation link (openmrs.md §6.2).
    teleconsultationLink:
      kind === 'Virtual' ? (existing?.teleconsultationLink ?? `https://meet.jit.si/${uuid}`) : null,
    dateCreated: existing?.dateCreated ?? now,
    dateAppointmentScheduled: scheduledOn ?? existing?.dateAppointmentScheduled ?? now,
    voided: false,
    statusChanges: existing?.statusChanges ?? [],
  };
  return { record, isNew: !existing };
}

/** Time of day in ms in the server zone (`DateUtil.getEpochTime`). */
function timeOfDay(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.diff(dt.startOf('day')).toMillis();
}

function parseClock(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  return ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000;
}

/**
 * `AppointmentServiceUnavailabilityConflict` (openmrs.md §6.6): with weekly availability the day must have
 * a window that contains the appointment's time of day; otherwise the service start/end time (blank = whole
 * day). Start at or after end (time of day) is always a conflict. Computed in the server time zone.
 */
function serviceUnavailable(service: AppointmentServiceRecord, a: AppointmentRecord, zone: string): boolean {
  if (a.startDateTime === null || a.endDateTime === null) return false;
  const start = timeOfDay(a.startDateTime, zone);
  const end = timeOfDay(a.endDateTime, zone);
  const outside = (from: number, to: number): boolean => start >= end || start < from || end > to;
  if (service.weeklyAvailability.length > 0) {
    const day = DateTime.fromMillis(a.startDateTime, { zone }).setLocale('en').toFormat('cccc').toUpperCase();
    const windows = service.weeklyAvailability.filter((w) => w.dayOfWeek === day);
    if (windows.length === 0) return true;
    return windows.every((w) => outside(parseClock(w.startTime), parseClock(w.endTime)));
  }
  const from = service.startTime ? parseClock(service.startTime) : 0;
  const to = service.endTime ? parseClock(service.endTime) : 24 * 3600 * 1000;
  return outside(from, to);
}

/**
 * `PatientDoubleBookingConflict` (openmrs.md §6.6): overlap with the patient's other non-cancelled,
 * non-voided appointments that start at or after the server's start of today.
 */
function doubleBooked(state: StandinState, a: AppointmentRecord): boolean {
  if (a.startDateTime === null || a.endDateTime === null || a.status === 'Cancelled') return false;
  const today = DateTime.fromMillis(state.now(), { zone: state.serverZone }).startOf('day').toMillis();
  return [...state.appointments.values()].some(
    (o) =>
      o.uuid !== a.uuid &&
      o.patientUuid === a.patientUuid &&
      !o.voided &&
      o.status !== 'Cancelled' &&
      o.startDateTime !== null &&
      o.endDateTime !== null &&
      o.startDateTime >= today &&
      o.startDateTime < a.endDateTime! &&
      a.startDateTime! < o.endDateTime,
  );
}

/** Options of the appointments routes. */
export interface AppointmentRouteOptions {
  /** GP `appointments.customPersonAttributeTypes` (attribute type names), default none. */
  readonly customPersonAttributeTypes: readonly string[];
}

function queryDate(req: StandinRequest, name: string, required: boolean): number | null {
  const text = req.query.get(name);
  if (text === null) {
    if (!required) return null;
    // MissingServletRequestParameterException reaches BaseRestController's generic handler → 500.
    throw restError(
      500,
      `Required request parameter '${name}' for method parameter type String is not present`,
    );
  }
  try {
    return parseAppointmentQueryDate(text);
  } catch (err) {
    // DateUtil.convertToLocalDateFromUTC: ParseException → 500 (openmrs.md §6.8).
    if (err instanceof DateParseError)
      throw restError(500, err.message, { codeClass: 'java.text.DateFormat:0' });
    throw err;
  }
}

/**
 * The appointments module's REST API (openmrs.md §6): services, create/edit, reads, searches, status
 * change, conflicts and load. Save never checks conflicts, hours or limits, exactly like the module.
 */
export function appointmentRoutes(ctx: NodeContext, options: AppointmentRouteOptions): RouteDef[] {
  const { state } = ctx;
  const base = '/ws/rest/v1';
  const json = (a: AppointmentRecord) => appointmentJson(ctx, a, options.customPersonAttributeTypes);
  const ok = (body: unknown): StandinReply => ({ status: 200, body });
  const activeServices = () => [...state.services.values()].filter((s) => !s.voided);
  const activeAppointments = () =>
    [...state.appointments.values()].filter((a) => !a.voided && !state.patients.get(a.patientUuid)?.voided);
  const byStart = (a: AppointmentRecord, b: AppointmentRecord) =>
    (a.startDateTime ?? 0) - (b.startDateTime ?? 0);

  const save = (req: StandinRequest, allowEdit: boolean): StandinReply => {
    const body = bodyObject(req);
    let draft: Draft;
    try {
      draft = mapRequest(state, body, allowEdit);
      if (draft.record.startDateTime === null || draft.record.endDateTime === null) {
        throw new MappingError(
          'not-null property references a null or transient value: startDateTime/endDateTime',
        );
      }
    } catch (err) {
      // The controller catches RuntimeException → 400 wrapErrorResponse(e, e.getMessage()) (openmrs.md §6.9).
      if (err instanceof MappingError) {
        throw restError(400, err.message, {
          reason: err.message,
          codeClass: 'org.openmrs.module.appointments.web.mapper.AppointmentMapper:0',
        });
      }
      throw err;
    }
    state.appointments.set(draft.record.uuid, draft.record);
    return ok(json(draft.record));
  };

  return [
    {
      method: 'GET',
      pattern: `${base}/appointmentService/all/default`,
      auth: 'rest',
      handle: () => ok(activeServices().map((s) => serviceDefaultJson(ctx, s))),
    },
    {
      method: 'GET',
      pattern: `${base}/appointmentService/all/full`,
      auth: 'rest',
      handle: () => ok(activeServices().map((s) => serviceFullJson(ctx, s))),
    },
    {
      method: 'GET',
      pattern: `${base}/appointmentService`,
      auth: 'rest',
      handle: (req) => {
        const uuid = req.query.get('uuid');
        if (uuid === null)
          throw restError(
            500,
            "Required request parameter 'uuid' for method parameter type String is not present",
          );
        const service = state.services.get(uuid);
        // Unknown uuid → RuntimeException → 500 (openmrs.md §6.1).
        if (!service || service.voided) throw restError(500, 'Appointment Service does not exist');
        return ok(serviceFullJson(ctx, service));
      },
    },
    {
      method: 'GET',
      pattern: `${base}/appointmentService/load`,
      auth: 'rest',
      handle: (req) => {
        const uuid = req.query.get('uuid');
        const from = queryDate(req, 'startDateTime', true)!;
        const to = queryDate(req, 'endDateTime', true)!;
        const service = uuid === null ? undefined : state.services.get(uuid);
        if (!service) throw restError(500, null, { codeClass: 'java.lang.NullPointerException:0' });
        // calculateCurrentLoad: Scheduled, CheckedIn and Completed appointments starting in the window.
        const count = activeAppointments().filter(
          (a) =>
            a.serviceUuid === service.uuid &&
            (a.status === 'Scheduled' || a.status === 'CheckedIn' || a.status === 'Completed') &&
            a.startDateTime !== null &&
            a.startDateTime >= from &&
            a.startDateTime <= to,
        ).length;
        return ok(count);
      },
    },
    { method: 'POST', pattern: `${base}/appointment`, auth: 'rest', handle: (req) => save(req, true) },
    // POST /appointments always creates: the controller forces uuid to null (openmrs.md §6.1).
    { method: 'POST', pattern: `${base}/appointments`, auth: 'rest', handle: (req) => save(req, false) },
    {
      method: 'GET',
      pattern: `${base}/appointment`,
      auth: 'rest',
      handle: (req) => {
        const a = state.appointments.get(req.query.get('uuid') ?? '');
        if (!a || a.voided) throw restError(500, 'Appointment does not exist');
        return ok(json(a));
      },
    },
    {
      method: 'GET',
      pattern: `${base}/appointments/{uuid}`,
      auth: 'rest',
      handle: (req) => {
        const a = state.appointments.get(req.params.uuid!);
        // Unknown → 404 with an empty body (openmrs.md §6.1, §6.9).
        if (!a || a.voided) return { status: 404, kind: 'empty' };
        return ok(json(a));
      },
    },
    {
      method: 'GET',
      pattern: `${base}/appointments`,
      auth: 'rest',
      handle: (req) => ok(forDate(req).map(json)),
    },
    {
      method: 'GET',
      pattern: `${base}/appointment/all`,
      auth: 'rest',
      handle: (req) => ok(forDate(req).map(json)),
    },
    {
      method: 'POST',
      pattern: `${base}/appointments/search`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const start = jsonDate(body.startDate, 'AppointmentSearchRequest["startDate"]');
        const end = jsonDate(body.endDate, 'AppointmentSearchRequest["endDate"]');
        if (start === null) throw restError(500, 'StartDate is not provided');
        const patientUuid = str(body.patientUuid);
        const providerUuid = str(body.providerUuid);
        const statusText = str(body.status);
        const status = statusText === null ? null : enumOrFail(statusText);
        const number = str(body.appointmentNumber);
        const found = activeAppointments()
          .filter(
            (a) =>
              a.startDateTime !== null &&
              a.startDateTime >= start &&
              (end === null || a.startDateTime <= end) &&
              (patientUuid === null || a.patientUuid === patientUuid) &&
              (providerUuid === null || a.providers.some((p) => p.uuid === providerUuid)) &&
              (status === null || a.status === status) &&
              (number === null || a.appointmentNumber === number),
          )
          .sort(byStart)
          // GP webservices.rest.maxResultsDefault (50) overrides any requested limit (openmrs.md §6.4).
          .slice(0, 50);
        return ok(found.map(json));
      },
    },
    {
      method: 'POST',
      pattern: `${base}/appointment/search`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const list = (v: unknown): string[] | null =>
          v === undefined || v === null ? null : Array.isArray(v) ? v.map(String) : [String(v)];
        const patients = list(body.patientUuids);
        const services = list(body.serviceUuids);
        const serviceTypes = list(body.serviceTypeUuids);
        const locations = list(body.locationUuids);
        const providers = list(body.providerUuids);
        const statuses = list(body.status);
        const priorities = list(body.priorities);
        const kind = str(body.appointmentKind);
        // AppointmentDao.search(AppointmentSearchRequestModel): no date filter and no limit (openmrs.md §6.1).
        const found = activeAppointments()
          .filter(
            (a) =>
              (patients === null || patients.includes(a.patientUuid)) &&
              (services === null || services.includes(a.serviceUuid)) &&
              (serviceTypes === null ||
                (a.serviceTypeUuid !== null && serviceTypes.includes(a.serviceTypeUuid))) &&
              (locations === null || (a.locationUuid !== null && locations.includes(a.locationUuid))) &&
              (providers === null || a.providers.some((p) => providers.includes(p.uuid))) &&
              (statuses === null || statuses.includes(a.status)) &&
              (priorities === null || (a.priority !== null && priorities.includes(a.priority))) &&
              (kind === null || a.appointmentKind === kind),
          )
          .sort(byStart);
        return ok(found.map(json));
      },
    },
    {
      method: 'POST',
      pattern: `${base}/appointments/{uuid}/status-change`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        const onDateText = str(body.onDate);
        let onDate: number | null = null;
        if (onDateText !== null) {
          try {
            onDate = parseAppointmentQueryDate(onDateText);
          } catch (err) {
            // onDate needs milliseconds: yyyy-MM-dd'T'HH:mm:ss.SSS, else ParseException → 500 (openmrs.md §6.5).
            if (err instanceof DateParseError)
              throw restError(500, err.message, { codeClass: 'java.text.DateFormat:0' });
            throw err;
          }
        }
        const a = state.appointments.get(req.params.uuid!);
        if (!a || a.voided) throw restError(500, 'Appointment does not exist');
        const to = enumOrFail(body.toStatus);
        const from = a.status;
        // DefaultAppointmentStatusChangeValidator: only forward in sequence, or back to Scheduled (the
        // service account has "Reset Appointment Status"); anything else is an APIException → 500.
        if (!(SEQUENCE[to] > SEQUENCE[from] || to === 'Scheduled')) {
          throw restError(500, `Appointment status can not be changed from ${from} to ${to}`, {
            codeClass: 'org.openmrs.module.appointments.service.impl.AppointmentsServiceImpl:0',
          });
        }
        a.status = to;
        a.statusChanges.push({ from, to, onDate, at: state.now() });
        return ok(json(a));
      },
    },
    {
      method: 'POST',
      pattern: `${base}/appointments/conflicts`,
      auth: 'rest',
      handle: (req) => {
        const body = bodyObject(req);
        let draft: Draft;
        try {
          draft = mapRequest(state, body, true);
        } catch (err) {
          // getAllConflictingAppointments catches RuntimeException → 500 (openmrs.md §6.7).
          if (err instanceof MappingError) throw restError(500, err.message, { reason: err.message });
          throw err;
        }
        const service = state.services.get(draft.record.serviceUuid)!;
        const conflicts: Record<string, unknown[]> = {};
        if (serviceUnavailable(service, draft.record, state.serverZone)) {
          conflicts.SERVICE_UNAVAILABLE = [json(draft.record)];
        }
        if (doubleBooked(state, draft.record)) conflicts.PATIENT_DOUBLE_BOOKING = [json(draft.record)];
        // 204 = no conflict, 200 with only the non-empty keys otherwise.
        if (Object.keys(conflicts).length === 0) return { status: 204, kind: 'empty' };
        return ok(conflicts);
      },
    },
  ];

  function forDate(req: StandinRequest): AppointmentRecord[] {
    const from = queryDate(req, 'forDate', false);
    return activeAppointments()
      .filter(
        (a) =>
          from === null ||
          (a.startDateTime !== null && a.startDateTime >= from && a.startDateTime < from + 24 * 3600 * 1000),
      )
      .sort(byStart);
  }

  function enumOrFail(value: unknown): AppointmentStatus {
    try {
      return enumOf(value, STATUSES, `${MODEL}.AppointmentStatus`);
    } catch (err) {
      if (err instanceof MappingError) throw restError(500, err.message);
      throw err;
    }
  }
}
