import { z } from 'zod';

/*
 * What the FHIR adapter reads back from a remote server, validated rather than trusted. Objects are
 * loose: unknown fields are kept, because a resource read for an update (Slot, Appointment) is sent
 * back whole and must not lose what other systems put in it. Only the fields the adapter uses are
 * checked.
 */

export const CodingSchema = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const CodeableConceptSchema = z.looseObject({
  coding: z.array(CodingSchema).optional(),
  text: z.string().optional(),
});

export const IdentifierSchema = z.looseObject({
  system: z.string().optional(),
  value: z.string().optional(),
  type: CodeableConceptSchema.optional(),
});
export type FhirIdentifier = z.infer<typeof IdentifierSchema>;

export const ReferenceSchema = z.looseObject({
  reference: z.string().optional(),
  display: z.string().optional(),
});

const MetaSchema = z.looseObject({ versionId: z.string().optional() });

/** A FHIR dateTime/instant the adapter can compute with (`Date.parse` understands it). */
const InstantSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');

const HumanNameSchema = z.looseObject({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
});

const base = {
  id: z.string().min(1),
  meta: MetaSchema.optional(),
  identifier: z.array(IdentifierSchema).optional(),
};

export const PatientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  ...base,
  active: z.boolean().optional(),
  name: z.array(HumanNameSchema).optional(),
  gender: z.string().optional(),
  birthDate: z.string().optional(),
});
export type FhirPatientRead = z.infer<typeof PatientSchema>;

export const HealthcareServiceSchema = z.looseObject({
  resourceType: z.literal('HealthcareService'),
  ...base,
  active: z.boolean().optional(),
  name: z.string().optional(),
  type: z.array(CodeableConceptSchema).optional(),
});

export const ScheduleSchema = z.looseObject({
  resourceType: z.literal('Schedule'),
  ...base,
  active: z.boolean().optional(),
  actor: z.array(ReferenceSchema),
});
export type FhirScheduleRead = z.infer<typeof ScheduleSchema>;

export const SlotSchema = z.looseObject({
  resourceType: z.literal('Slot'),
  ...base,
  schedule: ReferenceSchema,
  status: z.string(),
  start: InstantSchema,
  end: InstantSchema,
});
export type FhirSlotRead = z.infer<typeof SlotSchema>;

export const AppointmentSchema = z.looseObject({
  resourceType: z.literal('Appointment'),
  ...base,
  status: z.string(),
  start: InstantSchema.optional(),
  end: InstantSchema.optional(),
  serviceType: z.array(CodeableConceptSchema).optional(),
  slot: z.array(ReferenceSchema).optional(),
  participant: z.array(z.looseObject({ actor: ReferenceSchema.optional(), status: z.string().optional() })),
});
export type FhirAppointmentRead = z.infer<typeof AppointmentSchema>;

export const EncounterSchema = z.looseObject({ resourceType: z.literal('Encounter'), ...base });

export const ObservationSchema = z.looseObject({ resourceType: z.literal('Observation'), ...base });

export const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.looseObject({
        severity: z.string().optional(),
        code: z.string().optional(),
        diagnostics: z.string().optional(),
        details: CodeableConceptSchema.optional(),
        expression: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** A search page; entries are validated one by one against the searched type's schema. */
export const SearchBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(
      z.looseObject({
        resource: z.looseObject({ resourceType: z.string() }).optional(),
        search: z.looseObject({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
});
