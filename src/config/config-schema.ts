import { z } from 'zod';
import { medgemmaEnvShape } from '../medgemma/medgemma-config.ts';

/**
 * Every environment variable the service reads, in one schema. Parsed once at start (load-config.ts),
 * frozen and passed down; nothing else reads `process.env`. Secrets have no defaults. README.md lists
 * each variable with the same meaning; keep the two in step.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);

/** OpenMRS uuids: 36-character uuids, or CIEL-style 36-character concept ids (`5088AAAA…`). */
const uuidish = z.string().regex(/^[0-9a-zA-Z-]{36}$/, 'must be a 36-character OpenMRS uuid');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ianaTimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Africa/Nairobi' },
);

const httpUrl = z
  .string()
  .url()
  .refine((u) => u.startsWith('http://') || u.startsWith('https://'), { message: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

export const envSchema = z.object({
  // --- MedGemma (src/medgemma/medgemma-config.ts documents each) ------------------------------------
  ...medgemmaEnvShape,
  /** Follow-up questions MedGemma may ask after the protocol (0: assess straight away). */
  MEDGEMMA_MAX_QUESTIONS: z.coerce.number().int().min(0).max(10).default(3),

  // --- process -----------------------------------------------------------------------------------
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLE: z.enum(['all', 'http', 'worker']).default('all'),
  PUBLIC_URL: httpUrl.optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),

  // --- redis ---------------------------------------------------------------------------------------
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  REDIS_KEY_PREFIX: z.string().min(1).default('omw:'),
  /** Production Redis must persist (AOF) or a restart loses queued messages; /ready says so. */
  REDIS_REQUIRE_AOF: booleanFlag.optional(),

  // --- whatsapp cloud api ----------------------------------------------------------------------------
  WHATSAPP_ACCESS_TOKEN: optionalString,
  WHATSAPP_PHONE_NUMBER_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be digits').optional()),
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_API_BASE_URL: httpUrl.default('https://graph.facebook.com'),
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d{2}\.0$/, 'must look like v25.0')
    .default('v25.0'),
  WHATSAPP_TIMEOUT_MS: positiveInt.default(10_000),
  WHATSAPP_TEMPLATE_REENGAGE: z.string().min(1).default('clinic_reengage'),
  WHATSAPP_TEMPLATE_REMINDER: z.string().min(1).default('appointment_reminder'),
  /** Our language → template language code as approved in WhatsApp Manager. */
  WHATSAPP_TEMPLATE_LANGUAGES: z.string().default('en:en,fr:fr,es:es,pt:pt_BR,sw:sw'),

  // --- webhook pipeline ----------------------------------------------------------------------------
  WEBHOOK_BODY_LIMIT_BYTES: positiveInt.default(4 * 1024 * 1024),
  DEDUPE_TTL_DAYS: z.coerce.number().int().min(7).default(8),
  BURST_WINDOW_MS: nonNegativeInt.default(2500),
  BURST_MAX_WAIT_MS: positiveInt.default(10_000),
  STALE_MESSAGE_AGE_S: positiveInt.default(600),
  WORKER_CONCURRENCY: positiveInt.default(8),
  /** A crashed worker's hold on a conversation expires after this; the running turn renews it. */
  CONVERSATION_LOCK_TTL_MS: z.coerce.number().int().min(1000).default(60_000),

  // --- sending ---------------------------------------------------------------------------------------
  OUTBOUND_MPS: positiveInt.default(80),
  RECIPIENT_BURST: positiveInt.default(8),
  RECIPIENT_INTERVAL_MS: positiveInt.default(6000),
  WINDOW_MARGIN_MINUTES: nonNegativeInt.default(10),
  SEND_MAX_ATTEMPTS: positiveInt.default(8),

  // --- clinic ----------------------------------------------------------------------------------------
  CLINIC_NAME: z.string().min(1).default('Mji Mwema Health Centre'),
  CLINIC_TIMEZONE: ianaTimeZone.default('Africa/Nairobi'),
  CLINIC_PHONE: optionalString,
  EMERGENCY_NUMBER: optionalString.pipe(
    z
      .string()
      .regex(/^[+\d][\d\s-]{1,19}$/, 'must be a phone number such as 112 or +254 999')
      .optional(),
  ),
  DEFAULT_LANGUAGE: z.enum(['en', 'fr', 'es', 'pt', 'sw']).default('en'),
  SESSION_TTL_HOURS: positiveInt.default(24),
  HANDOVER_TIMEOUT_MINUTES: positiveInt.default(120),

  // --- clinic hours and booking ----------------------------------------------------------------------
  /** Opening hours, e.g. `mon-fri 08:00-12:00,13:00-17:00; sat 08:00-12:00` (OpenMRS has no availability API). */
  CLINIC_HOURS: z.string().default('mon-fri 08:00-17:00; sat 08:00-12:00'),
  /** Whole days the clinic is closed, e.g. `2026-12-25,2026-12-26` or `2026-12-24..2027-01-02`. */
  CLINIC_CLOSED_DATES: z.string().default(''),
  SLOT_MINUTES: z.coerce.number().int().min(5).max(240).default(20),
  SLOT_CAPACITY: z.coerce.number().int().min(1).max(50).default(1),
  ROUTINE_BOOKING_DAYS: z.coerce.number().int().min(1).max(60).default(7),
  MIN_LEAD_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  /** Hours before an appointment its WhatsApp reminder is sent; 0 turns reminders off. */
  REMINDER_HOURS_BEFORE: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(24),

  // --- EHR ---------------------------------------------------------------------------------------------
  EHR_BACKEND: z.enum(['sandbox', 'fhir', 'openmrs', 'memory']).default('sandbox'),
  EHR_TIMEOUT_MS: positiveInt.default(10_000),
  FHIR_BASE_URL: httpUrl.optional(),
  FHIR_AUTH_TOKEN: optionalString,
  FHIR_USERNAME: optionalString,
  FHIR_PASSWORD: optionalString,
  FHIR_IDENTIFIER_SYSTEM: z.string().min(1).default('urn:omrs-whatsapp:whatsapp-id'),
  FHIR_IDEMPOTENCY_SYSTEM: z.string().min(1).default('urn:omrs-whatsapp:idempotency-key'),
  OPENMRS_BASE_URL: httpUrl.optional(),
  OPENMRS_USERNAME: optionalString,
  OPENMRS_PASSWORD: optionalString,
  OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_LOCATION_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_TRIAGE_ENCOUNTER_TYPE_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_IDENTIFIER_SOURCE_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_ID_TYPE_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID: optionalString.pipe(uuidish.optional()),
  /** Comma-separated appointment service uuids patients may be booked into; empty = all. */
  OPENMRS_SERVICE_UUIDS: z.string().default(''),
  OPENMRS_CONCEPT_CHIEF_COMPLAINT_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_CONCEPT_TEMPERATURE_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_CONCEPT_SUMMARY_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_CONCEPT_URGENCY_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_CONCEPT_DISPOSITION_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_CONCEPT_REASONS_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_CONCEPT_RED_FLAGS_UUID: optionalString.pipe(uuidish.optional()),
  OPENMRS_AUTH_COOLDOWN_MS: positiveInt.default(300_000),
  OPENMRS_IDENTITY_CACHE_TTL_MS: positiveInt.default(3_600_000),
  SANDBOX_SEED_WEEKS: z.coerce.number().int().min(1).max(12).default(3),

  // --- admin -----------------------------------------------------------------------------------------
  ADMIN_TOKEN: optionalString.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
  METRICS_TOKEN: optionalString,
  SANDBOX: booleanFlag.optional(),
});

export type Env = z.infer<typeof envSchema>;
