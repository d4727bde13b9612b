import { z } from 'zod';

/*
 * What the OpenMRS adapter reads back, validated rather than trusted (openmrs.md §3.3, §4, §6.3, §6.6).
 * Objects are loose: OpenMRS adds fields between versions (appointments 2.1.0 added `priority`,
 * `reasons`, …) and only the fields the adapter uses are checked.
 */

/** `GET /ws/rest/v1/session` (openmrs.md §3.3): only `authenticated` matters; 200 alone proves nothing. */
export const SessionSchema = z.looseObject({ authenticated: z.boolean() });

/** REST error wrapper (openmrs.md §4): generic and validation shapes share `error`. */
export const RestErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().nullish(),
    code: z.string().nullish(),
    globalErrors: z.array(z.looseObject({ code: z.string().nullish() })).nullish(),
    fieldErrors: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** FHIR OperationOutcome (openmrs.md §2.8); only codes are read, diagnostics may quote PHI. */
export const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(z.looseObject({ code: z.string().optional(), severity: z.string().optional() })).optional(),
});

/** idgen `POST identifiersource/{uuid}/identifier` → `{"identifier":"100008E"}` (openmrs.md §7). */
export const GeneratedIdentifierSchema = z.looseObject({ identifier: z.string().min(1) });

const RefSchema = z.looseObject({ uuid: z.string().min(1) });

/** The custom representation {@link PATIENT_REP} asks for. */
export const RestPatientSchema = z.looseObject({
  uuid: z.string().min(1),
  voided: z.boolean().nullish(),
  identifiers: z.array(
    z.looseObject({
      identifier: z.string(),
      identifierType: RefSchema.nullish(),
      preferred: z.boolean().nullish(),
      voided: z.boolean().nullish(),
    }),
  ),
  person: z.looseObject({
    gender: z.string().nullish(),
    /** Core REST output `yyyy-MM-dd'T'HH:mm:ss.SSSZ` in the server zone (openmrs.md §4). */
    birthdate: z.string().nullish(),
    birthdateEstimated: z.boolean().nullish(),
    preferredName: z
      .looseObject({ givenName: z.string().nullish(), familyName: z.string().nullish() })
      .nullish(),
  }),
});
export type RestPatient = z.infer<typeof RestPatientSchema>;

/**
 * Only what the adapter reads of a patient: identifiers with their type, name, gender, birthdate.
 * Every property exists in webservices.rest 3.x `PatientResource`/`PersonResource` (openmrs.md §4).
 */
export const PATIENT_REP =
  'custom:(uuid,voided,identifiers:(identifier,identifierType:(uuid),preferred,voided),' +
  'person:(gender,birthdate,birthdateEstimated,preferredName:(givenName,familyName)))';

/**
 * `POST /ws/rest/v1/patient/{uuid}/identifier` → 201 with the identifier's default representation
 * (webservices.rest `PatientIdentifierResource1_8`: uuid, identifier, identifierType as a ref, …).
 */
export const RestPatientIdentifierSchema = z.looseObject({
  uuid: z.string().min(1),
  identifier: z.string(),
  identifierType: RefSchema.nullish(),
});

/** REST list envelope (openmrs.md §4): `results`, `links[rel=next]`. */
export function restListSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    results: z.array(z.unknown()).transform((rows) =>
      rows.flatMap((row) => {
        // One malformed record must not hide the others (it is skipped, never trusted).
        const parsed = item.safeParse(row);
        return parsed.success ? [parsed.data as z.infer<T>] : [];
      }),
    ),
    links: z.array(z.looseObject({ rel: z.string(), uri: z.string() })).nullish(),
  });
}

/** The custom representation {@link ENCOUNTER_REP} asks for. */
export const RestEncounterSchema = z.looseObject({
  uuid: z.string().min(1),
  voided: z.boolean().nullish(),
  encounterType: RefSchema.nullish(),
  obs: z
    .array(
      z.looseObject({
        concept: RefSchema.nullish(),
        value: z.unknown(),
        voided: z.boolean().nullish(),
      }),
    )
    .nullish(),
});
export type RestEncounter = z.infer<typeof RestEncounterSchema>;

export const ENCOUNTER_REP = 'custom:(uuid,voided,encounterType:(uuid),obs:(concept:(uuid),value,voided))';

/** Service time: `HH:mm:ss`, or `""`/null when unset (openmrs.md §6.6). */
const ServiceTimeSchema = z.string().nullish();

/** One entry of `appointmentService/all/full` (openmrs.md §6.6, fixture appointment_service_full.json). */
export const AppointmentServiceSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string(),
  durationMins: z.number().nullish(),
  maxAppointmentsLimit: z.number().nullish(),
  startTime: ServiceTimeSchema,
  endTime: ServiceTimeSchema,
  location: z.looseObject({ uuid: z.string().optional() }).nullish(),
  weeklyAvailability: z
    .array(
      z.looseObject({
        dayOfWeek: z.enum(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']),
        startTime: z.string(),
        endTime: z.string(),
        maxAppointmentsLimit: z.number().nullish(),
      }),
    )
    .nullish(),
});
export type AppointmentService = z.infer<typeof AppointmentServiceSchema>;

export const AppointmentServiceListSchema = z.array(z.unknown()).transform((rows) =>
  rows.flatMap((row) => {
    const parsed = AppointmentServiceSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  }),
);

/** An appointment as the module returns it: dates are epoch milliseconds (openmrs.md §6.3). */
export const RestAppointmentSchema = z.looseObject({
  uuid: z.string().min(1),
  patient: z.looseObject({ uuid: z.string().min(1) }),
  service: z.looseObject({ uuid: z.string().min(1), name: z.string().nullish() }).nullish(),
  startDateTime: z.number(),
  endDateTime: z.number().nullish(),
  status: z.string(),
  comments: z.string().nullish(),
  voided: z.boolean().nullish(),
});
export type RestAppointment = z.infer<typeof RestAppointmentSchema>;

/** `POST /appointments/search` returns a bare array; entries are checked one by one by the caller. */
export const RawArraySchema = z.array(z.unknown());

/** `POST /appointments/conflicts` 200 body: only non-empty keys (openmrs.md §6.7). */
export const ConflictsSchema = z.looseObject({
  SERVICE_UNAVAILABLE: z.array(z.unknown()).optional(),
  PATIENT_DOUBLE_BOOKING: z.array(z.unknown()).optional(),
});

/** Created/read REST object with a uuid (encounter create response, metadata). */
export const UuidObjectSchema = z.looseObject({ uuid: z.string().min(1) });
