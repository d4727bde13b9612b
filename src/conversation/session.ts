import { z } from 'zod';

/**
 * The conversation's state, saved as JSON between messages. `v` is the schema version: a session of
 * an older version is migrated by `readSession`, one that cannot be read starts a new conversation
 * (better than a crash loop on a broken session).
 */
export const SESSION_VERSION = 1;

export const STATES = [
  'INITIAL',
  'COLLECTING_SYMPTOMS',
  'TRIAGE_ASSESSMENT',
  'SCHEDULING_APPOINTMENT',
  'CONFIRMING_DETAILS',
  'COMPLETED',
  'CANCELLED',
  // What a real service needs besides the seed's states:
  'CHOOSING_LANGUAGE',
  'AWAITING_CONSENT',
  'IDENTIFYING',
  'EMERGENCY',
  'HANDOVER',
  'STALE_CHECK',
] as const;
export type StateName = (typeof STATES)[number];

const languageSchema = z.enum(['en', 'fr', 'es', 'pt', 'sw']);
const sexSchema = z.enum(['male', 'female', 'other', 'unknown']);

const textParams = z.record(z.string(), z.union([z.string(), z.number()])).readonly();
const choiceSpecSchema = z.object({
  id: z.string(),
  key: z.string().exactOptional(),
  label: z.string().exactOptional(),
  descriptionKey: z.string().exactOptional(),
  description: z.string().exactOptional(),
  params: textParams.exactOptional(),
});
export const patientTextSchema = z.union([
  z.object({ kind: z.literal('text'), key: z.string(), params: textParams.exactOptional() }),
  z.object({
    kind: z.literal('choices'),
    key: z.string(),
    params: textParams.exactOptional(),
    choices: z.array(choiceSpecSchema.readonly()).readonly(),
    buttonKey: z.string(),
  }),
  z.object({ kind: z.literal('verbatim'), text: z.string() }),
]);

const slotSchema = z.object({
  serviceId: z.string(),
  start: z.string(),
  end: z.string(),
  ref: z.string().exactOptional(),
});
const appointmentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  serviceId: z.string(),
  serviceName: z.string().exactOptional(),
  start: z.string(),
  end: z.string(),
  status: z.enum(['booked', 'cancelled', 'other']),
});
const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  durationMins: z.number().exactOptional(),
});
const candidateSchema = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string().exactOptional(),
  birthDate: z.string().exactOptional(),
  sex: sexSchema.exactOptional(),
});

const patientSchema = z.object({
  /** Absent while the registration write is in flight. */
  id: z.string().exactOptional(),
  givenName: z.string(),
  familyName: z.string().exactOptional(),
  birthDate: z.string().exactOptional(),
  sex: sexSchema.exactOptional(),
  registration: z.enum(['existing', 'pending', 'done', 'failed']),
});

const triageResultSchema = z.object({
  urgency: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  disposition: z.enum(['emergency', 'urgent', 'routine', 'self_care']),
  redFlags: z.array(z.string()),
  reasons: z.array(z.string()),
  pertinentPositives: z.array(z.string()),
  pertinentNegatives: z.array(z.string()),
  complaintGroup: z.string(),
  temperatureC: z.number().exactOptional(),
  summary: z.string(),
  selfCareAdviceKey: z.string().exactOptional(),
});

export const sessionSchema = z.object({
  v: z.literal(SESSION_VERSION),
  state: z.enum(STATES),
  /** Sub-step inside a state (e.g. IDENTIFYING: choose | name | dob | sex | confirm). */
  step: z.string(),
  /** Where to go back to (and what to ask again) after CHOOSING_LANGUAGE, HANDOVER or STALE_CHECK. */
  returnTo: z
    .object({ state: z.enum(STATES), step: z.string(), prompt: patientTextSchema.nullable() })
    .nullable(),
  language: languageSchema,
  languageChosen: z.boolean(),
  consent: z.boolean(),
  /** The patient said STOP: nothing is sent until they write again. */
  optedOut: z.boolean(),
  /** A triage episode: restart begins a new one (red flags and bookings belong to an episode). */
  episode: z.number().int(),
  /** Counter for request and timer ids. */
  seq: z.number().int(),
  candidates: z.array(candidateSchema),
  draft: z.object({
    givenName: z.string().exactOptional(),
    familyName: z.string().exactOptional(),
    birthDate: z.string().exactOptional(),
    estimated: z.boolean().exactOptional(),
    sex: sexSchema.exactOptional(),
  }),
  patient: patientSchema.nullable(),
  /** Complaint text the patient gave before we could triage it (e.g. in their first message). */
  complaint: z.string().nullable(),
  protocol: z.unknown(),
  triage: triageResultSchema.nullable(),
  /** Red-flag ids seen in this episode. Once set, this episode never books. */
  redFlags: z.array(z.string()),
  services: z.array(serviceSchema).nullable(),
  serviceId: z.string().nullable(),
  offer: z
    .array(z.object({ day: z.string(), slots: z.array(z.object({ start: z.string(), end: z.string() })) }))
    .nullable(),
  /** Offered slots with their backend refs, by slot id. */
  slotRefs: z.record(z.string(), slotSchema),
  chosen: slotSchema.nullable(),
  booking: z
    .object({
      requestId: z.string(),
      idempotencyKey: z.string(),
      status: z.enum(['pending', 'delayed', 'done', 'failed']),
      appointment: appointmentSchema.exactOptional(),
    })
    .nullable(),
  /** Appointments listed for the cancel flow. */
  appointments: z.array(appointmentSchema),
  cancelTarget: appointmentSchema.nullable(),
  handover: z.object({ since: z.number(), until: z.number() }).nullable(),
  /** Texts held while asking whether a late-delivered message is still current. */
  held: z.array(z.string()),
  /** The question waiting for an answer, to repeat after help, media or a misunderstanding. */
  lastPrompt: patientTextSchema.nullable(),
  /** An EHR read we are waiting for, why, and the read itself (to try again after a failure). */
  awaiting: z
    .object({ requestId: z.string(), purpose: z.string(), op: z.record(z.string(), z.unknown()) })
    .nullable(),
  /** The triage of this episode has been written to the EHR (or is on its way). */
  triageRecorded: z.boolean(),
  /** The booking confirmation should be sent once the patient record exists (registration pending). */
  bookWhenRegistered: z.boolean(),
  /** Consecutive EHR read failures (to back off and eventually hand over). */
  readFailures: z.number().int(),
  /** How many times in a row the patient's answer was not understood. */
  misunderstood: z.number().int(),
  /** MedGemma's part of the triage once the protocol has set its floor (null: protocol alone). */
  modelTriage: z
    .object({
      summary: z.string(),
      asked: z.number().int(),
      lastQuestion: z.string().nullable(),
      requestId: z.string().nullable(),
      /** The protocol's result: the floor the model can raise, never lower. */
      base: triageResultSchema,
    })
    .nullable(),
  /** A photo the patient sent, to show the (multimodal) model with the next model turn. */
  pendingImage: z.string().nullable(),
  createdAt: z.number(),
});

export type Session = z.infer<typeof sessionSchema>;

/** A fresh conversation. */
export function newSession(input: { language: z.infer<typeof languageSchema>; now: number }): Session {
  return {
    v: SESSION_VERSION,
    state: 'INITIAL',
    step: '',
    returnTo: null,
    language: input.language,
    languageChosen: false,
    consent: false,
    optedOut: false,
    episode: 1,
    seq: 0,
    candidates: [],
    draft: {},
    patient: null,
    complaint: null,
    protocol: null,
    triage: null,
    redFlags: [],
    services: null,
    serviceId: null,
    offer: null,
    slotRefs: {},
    chosen: null,
    booking: null,
    appointments: [],
    cancelTarget: null,
    handover: null,
    held: [],
    lastPrompt: null,
    awaiting: null,
    triageRecorded: false,
    bookWhenRegistered: false,
    readFailures: 0,
    misunderstood: 0,
    modelTriage: null,
    pendingImage: null,
    createdAt: input.now,
  };
}

/** Read a stored session (migrating older versions); null when absent or unreadable. */
export function readSession(data: unknown): Session | null {
  if (data === null || data === undefined) return null;
  const parsed = sessionSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}
