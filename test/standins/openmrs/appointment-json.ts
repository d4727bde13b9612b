import { ageOf, fullName, type NodeContext, preferredIdentifier, preferredName } from './rest-nodes.ts';
import type { AppointmentRecord, AppointmentServiceRecord } from './standin-state.ts';

/**
 * JSON shapes of the appointments module 2.1.0 (openmrs.md §6.3, §6.6; fixtures appointment_create_response.json,
 * appointments_search_response.json, appointment_service_full.json). Dates are epoch milliseconds.
 */

/** `AppointmentServiceDefaultResponse`; unset times serialise as `""` and empty refs as `{}`. */
export function serviceDefaultJson(ctx: NodeContext, s: AppointmentServiceRecord): Record<string, unknown> {
  const location = s.locationUuid === null ? undefined : ctx.state.locations.get(s.locationUuid);
  return {
    appointmentServiceId: s.appointmentServiceId,
    name: s.name,
    description: s.description,
    speciality: s.speciality ? { name: s.speciality.name, uuid: s.speciality.uuid } : {},
    startTime: s.startTime ?? '',
    endTime: s.endTime ?? '',
    maxAppointmentsLimit: s.maxAppointmentsLimit,
    durationMins: s.durationMins,
    location: location ? { name: location.name, uuid: location.uuid } : {},
    uuid: s.uuid,
    color: s.color,
    initialAppointmentStatus: s.initialAppointmentStatus,
    creatorName: null,
    attributes: [],
  };
}

/** `AppointmentServiceFullResponse` = default + `weeklyAvailability` + `serviceTypes` (openmrs.md §6.6). */
export function serviceFullJson(ctx: NodeContext, s: AppointmentServiceRecord): Record<string, unknown> {
  return {
    ...serviceDefaultJson(ctx, s),
    weeklyAvailability: s.weeklyAvailability.map((w) => ({
      dayOfWeek: w.dayOfWeek,
      startTime: w.startTime,
      endTime: w.endTime,
      maxAppointmentsLimit: w.maxAppointmentsLimit,
      uuid: w.uuid,
    })),
    serviceTypes: s.serviceTypes.map((t) => ({ duration: t.duration, name: t.name, uuid: t.uuid })),
  };
}

/**
 * `AppointmentMapper.createPatientMap`: name, uuid, preferred identifier, age, gender, birthDate, custom
 * attributes, and one key per identifier type with spaces and hyphens removed ("OpenMRSID", openmrs.md §6.3).
 */
function patientJson(
  ctx: NodeContext,
  patientUuid: string,
  customAttributeTypes: readonly string[],
): unknown {
  const p = ctx.state.patients.get(patientUuid);
  if (!p) return { uuid: patientUuid };
  const out: Record<string, unknown> = {
    identifier: preferredIdentifier(p)?.identifier ?? null,
    gender: p.gender,
    name: fullName(preferredName(p)),
    uuid: p.uuid,
    age: ageOf(ctx, p),
    birthDate: p.birthdate,
    customAttributes: Object.fromEntries(
      p.attributes
        .filter((a) => !a.voided)
        .map((a) => [ctx.state.personAttributeTypes.get(a.attributeTypeUuid)?.name ?? '', a.value] as const)
        .filter(([name]) => customAttributeTypes.includes(name)),
    ),
  };
  for (const i of p.identifiers.filter((x) => !x.voided)) {
    const typeName = ctx.state.identifierTypes.get(i.identifierTypeUuid)?.name ?? '';
    out[typeName.replace(/[\s-]/g, '')] = i.identifier;
  }
  return out;
}

/** `AppointmentDefaultResponse` of module 2.1.0 (openmrs.md §6.3). */
export function appointmentJson(
  ctx: NodeContext,
  a: AppointmentRecord,
  customAttributeTypes: readonly string[],
): Record<string, unknown> {
  const service = ctx.state.services.get(a.serviceUuid);
  const serviceType = service?.serviceTypes.find((t) => t.uuid === a.serviceTypeUuid);
  const location = a.locationUuid === null ? undefined : ctx.state.locations.get(a.locationUuid);
  return {
    uuid: a.uuid,
    appointmentNumber: a.appointmentNumber,
    dateCreated: a.dateCreated,
    dateAppointmentScheduled: a.dateAppointmentScheduled,
    patient: patientJson(ctx, a.patientUuid, customAttributeTypes),
    service: service ? serviceDefaultJson(ctx, service) : null,
    serviceType: serviceType
      ? { duration: serviceType.duration, name: serviceType.name, uuid: serviceType.uuid }
      : null,
    provider: null,
    location: location ? { name: location.name, uuid: location.uuid } : null,
    startDateTime: a.startDateTime,
    endDateTime: a.endDateTime,
    appointmentKind: a.appointmentKind,
    status: a.status,
    comments: a.comments,
    additionalInfo: null,
    teleconsultation: null,
    providers: a.providers.map((p) => ({
      uuid: p.uuid,
      comments: p.comments,
      response: p.response,
      name: ctx.state.providers.get(p.uuid)?.name ?? null,
    })),
    voided: a.voided,
    extensions: { patientEmailDefined: false },
    teleconsultationLink: a.teleconsultationLink,
    recurring: false,
    priority: a.priority,
    reasons: a.reasonConceptUuids.map((uuid) => ({
      conceptUuid: uuid,
      name: ctx.state.concepts.get(uuid)?.name ?? null,
    })),
  };
}
