import type { MedgemmaOptions } from '../medgemma/create-triage-model.ts';
import { medgemmaOptionsFromEnv } from '../medgemma/medgemma-config.ts';
import { type ClinicHours, parseClosedDates, parseWeeklyHours } from '../scheduling/clinic-hours.ts';
import { AppError } from '../shared/app-error.ts';
import { isLanguage, type Language } from '../shared/language.ts';
import { type Env, envSchema } from './config-schema.ts';

/** The parsed, frozen configuration every part of the service receives from the composition root. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly role: 'all' | 'http' | 'worker';
  readonly publicUrl: string | undefined;
  readonly shutdownTimeoutMs: number;
  /** True when no WhatsApp credentials were given: local Graph API stand-in, simulator page. */
  readonly sandbox: boolean;
  readonly redis:
    | { readonly url: string; readonly keyPrefix: string; readonly requireAof: boolean }
    | undefined;
  readonly whatsapp: {
    readonly accessToken: string;
    readonly phoneNumberId: string;
    readonly appSecret: string;
    readonly verifyToken: string;
    /** Meta's Graph host, or (sandbox) empty until the embedded stand-in has a port. */
    readonly apiBaseUrl: string;
    readonly apiVersion: string;
    readonly timeoutMs: number;
    readonly templates: {
      readonly reengage: string;
      readonly reminder: string;
      readonly languages: Readonly<Record<Language, string>>;
    };
  };
  readonly pipeline: {
    readonly bodyLimitBytes: number;
    readonly dedupeTtlMs: number;
    readonly burstWindowMs: number;
    readonly burstMaxWaitMs: number;
    readonly staleMessageAgeMs: number;
    readonly workerConcurrency: number;
    readonly lockTtlMs: number;
  };
  readonly sending: {
    readonly messagesPerSecond: number;
    readonly recipientBurst: number;
    readonly recipientIntervalMs: number;
    readonly windowMarginMs: number;
    readonly maxAttempts: number;
  };
  readonly clinic: {
    readonly name: string;
    readonly timeZone: string;
    readonly phone: string | undefined;
    readonly emergencyNumber: string;
    readonly defaultLanguage: Language;
    readonly sessionTtlMs: number;
    readonly handoverTimeoutMs: number;
  };
  readonly admin: { readonly token: string | undefined; readonly metricsToken: string | undefined };
  /** MedGemma provider options (`provider: 'none'` = the protocol alone). */
  readonly medgemma: MedgemmaOptions;
  /** Follow-up questions the model may ask after the protocol. */
  readonly medgemmaMaxQuestions: number;
  readonly booking: {
    readonly hours: ClinicHours;
    readonly slotMinutes: number;
    readonly capacityPerSlot: number;
    readonly routineDays: number;
    readonly minLeadMinutes: number;
  };
  readonly reminders: {
    /** Hours before the appointment; 0: no reminders. */
    readonly hoursBefore: number;
  };
  readonly ehr:
    | {
        readonly backend: 'sandbox';
        readonly seedWeeks: number;
        readonly timeoutMs: number;
        readonly identifierSystem: string;
        readonly idempotencySystem: string;
      }
    | { readonly backend: 'memory' }
    | {
        readonly backend: 'fhir';
        readonly baseUrl: string;
        readonly auth:
          | { readonly kind: 'bearer'; readonly token: string }
          | { readonly kind: 'basic'; readonly username: string; readonly password: string }
          | undefined;
        readonly timeoutMs: number;
        readonly identifierSystem: string;
        readonly idempotencySystem: string;
      }
    | {
        readonly backend: 'openmrs';
        readonly baseUrl: string;
        readonly username: string;
        readonly password: string;
        readonly whatsappIdentifierTypeUuid: string;
        readonly locationUuid?: string;
        readonly triageEncounterTypeUuid?: string;
        readonly identifierSourceUuid?: string;
        readonly openmrsIdTypeUuid?: string;
        readonly phoneAttributeTypeUuid?: string;
        readonly serviceUuids: readonly string[];
        readonly concepts: Readonly<Record<string, string>>;
        readonly timeoutMs: number;
        readonly authCooldownMs: number;
        readonly identityTtlMs: number;
      };
}

/** Local, public values used in sandbox mode only. They protect nothing and are printed in the log. */
export const SANDBOX_WHATSAPP = Object.freeze({
  accessToken: 'sandbox-access-token',
  phoneNumberId: '100000000000001',
  appSecret: 'sandbox-app-secret',
  verifyToken: 'sandbox-verify-token',
});

const WHATSAPP_VARS = [
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
] as const;

/**
 * Parse the environment into a Config. Throws one AppError (`CONFIG_INVALID`) listing every problem
 * as `NAME: what is wrong`, so an operator fixes the env file in one pass.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(env)'}: ${issue.message}`);
    }
    throw configError(problems);
  }
  const e = parsed.data;

  const givenWhatsApp = WHATSAPP_VARS.filter((name) => e[name] !== undefined);
  const sandbox = e.SANDBOX ?? givenWhatsApp.length === 0;
  if (!sandbox) {
    for (const name of WHATSAPP_VARS) {
      if (e[name] === undefined) problems.push(`${name}: required when WhatsApp credentials are configured`);
    }
    if (e.EMERGENCY_NUMBER === undefined) {
      problems.push(
        'EMERGENCY_NUMBER: required outside sandbox mode (the local emergency number patients are told to call)',
      );
    }
  }

  const templateLanguages = parseTemplateLanguages(e.WHATSAPP_TEMPLATE_LANGUAGES, problems);
  const weekly = parseWeeklyHours(e.CLINIC_HOURS);
  if (!weekly.ok) for (const p of weekly.problems) problems.push(`CLINIC_HOURS: ${p}`);
  const closed = parseClosedDates(e.CLINIC_CLOSED_DATES);
  if (!closed.ok) for (const p of closed.problems) problems.push(`CLINIC_CLOSED_DATES: ${p}`);
  if (e.EHR_BACKEND === 'openmrs') {
    for (const name of [
      'OPENMRS_BASE_URL',
      'OPENMRS_USERNAME',
      'OPENMRS_PASSWORD',
      'OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID',
    ] as const) {
      if (e[name] === undefined) {
        problems.push(
          `${name}: required when EHR_BACKEND=openmrs${name.endsWith('_UUID') ? ' (npm run openmrs:setup prints it)' : ''}`,
        );
      }
    }
  }
  if (e.EHR_BACKEND === 'fhir') {
    if (e.FHIR_BASE_URL === undefined) problems.push('FHIR_BASE_URL: required when EHR_BACKEND=fhir');
    if ((e.FHIR_USERNAME === undefined) !== (e.FHIR_PASSWORD === undefined)) {
      problems.push('FHIR_USERNAME: FHIR_USERNAME and FHIR_PASSWORD go together');
    }
  }

  const medgemma = medgemmaOptionsFromEnv(e);
  if (!medgemma.ok) problems.push(...medgemma.errors);

  if (problems.length > 0 || !medgemma.ok) throw configError(problems);

  const whatsapp = sandbox
    ? {
        accessToken: e.WHATSAPP_ACCESS_TOKEN ?? SANDBOX_WHATSAPP.accessToken,
        phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? SANDBOX_WHATSAPP.phoneNumberId,
        appSecret: e.WHATSAPP_APP_SECRET ?? SANDBOX_WHATSAPP.appSecret,
        verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? SANDBOX_WHATSAPP.verifyToken,
        apiBaseUrl: env.WHATSAPP_API_BASE_URL === undefined ? '' : e.WHATSAPP_API_BASE_URL,
      }
    : {
        accessToken: e.WHATSAPP_ACCESS_TOKEN as string,
        phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID as string,
        appSecret: e.WHATSAPP_APP_SECRET as string,
        verifyToken: e.WHATSAPP_VERIFY_TOKEN as string,
        apiBaseUrl: e.WHATSAPP_API_BASE_URL,
      };

  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    role: e.ROLE,
    publicUrl: e.PUBLIC_URL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    sandbox,
    redis:
      e.REDIS_URL === undefined
        ? undefined
        : { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, requireAof: e.REDIS_REQUIRE_AOF ?? !sandbox },
    whatsapp: {
      ...whatsapp,
      apiVersion: e.WHATSAPP_API_VERSION,
      timeoutMs: e.WHATSAPP_TIMEOUT_MS,
      templates: {
        reengage: e.WHATSAPP_TEMPLATE_REENGAGE,
        reminder: e.WHATSAPP_TEMPLATE_REMINDER,
        languages: templateLanguages,
      },
    },
    pipeline: {
      bodyLimitBytes: e.WEBHOOK_BODY_LIMIT_BYTES,
      dedupeTtlMs: e.DEDUPE_TTL_DAYS * 24 * 3600 * 1000,
      burstWindowMs: e.BURST_WINDOW_MS,
      burstMaxWaitMs: e.BURST_MAX_WAIT_MS,
      staleMessageAgeMs: e.STALE_MESSAGE_AGE_S * 1000,
      workerConcurrency: e.WORKER_CONCURRENCY,
      lockTtlMs: e.CONVERSATION_LOCK_TTL_MS,
    },
    sending: {
      messagesPerSecond: e.OUTBOUND_MPS,
      recipientBurst: e.RECIPIENT_BURST,
      recipientIntervalMs: e.RECIPIENT_INTERVAL_MS,
      windowMarginMs: e.WINDOW_MARGIN_MINUTES * 60 * 1000,
      maxAttempts: e.SEND_MAX_ATTEMPTS,
    },
    clinic: {
      name: e.CLINIC_NAME,
      timeZone: e.CLINIC_TIMEZONE,
      phone: e.CLINIC_PHONE,
      emergencyNumber: e.EMERGENCY_NUMBER ?? '112',
      defaultLanguage: e.DEFAULT_LANGUAGE,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3600 * 1000,
      handoverTimeoutMs: e.HANDOVER_TIMEOUT_MINUTES * 60 * 1000,
    },
    admin: { token: e.ADMIN_TOKEN, metricsToken: e.METRICS_TOKEN },
    booking: {
      hours: { weekly: weekly.ok ? weekly.value : emptyWeek(), closedDates: closed.ok ? closed.value : [] },
      slotMinutes: e.SLOT_MINUTES,
      capacityPerSlot: e.SLOT_CAPACITY,
      routineDays: e.ROUTINE_BOOKING_DAYS,
      minLeadMinutes: e.MIN_LEAD_MINUTES,
    },
    reminders: { hoursBefore: e.REMINDER_HOURS_BEFORE },
    ehr: ehrConfig(e),
    medgemma: medgemma.options,
    medgemmaMaxQuestions: e.MEDGEMMA_MAX_QUESTIONS,
  };
  return deepFreeze(config);
}

function emptyWeek(): ClinicHours['weekly'] {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

function ehrConfig(e: Env): Config['ehr'] {
  switch (e.EHR_BACKEND) {
    case 'sandbox':
      return {
        backend: 'sandbox',
        seedWeeks: e.SANDBOX_SEED_WEEKS,
        timeoutMs: e.EHR_TIMEOUT_MS,
        identifierSystem: e.FHIR_IDENTIFIER_SYSTEM,
        idempotencySystem: e.FHIR_IDEMPOTENCY_SYSTEM,
      };
    case 'memory':
      return { backend: 'memory' };
    case 'fhir':
      return {
        backend: 'fhir',
        baseUrl: e.FHIR_BASE_URL ?? '',
        auth:
          e.FHIR_AUTH_TOKEN !== undefined
            ? { kind: 'bearer', token: e.FHIR_AUTH_TOKEN }
            : e.FHIR_USERNAME !== undefined && e.FHIR_PASSWORD !== undefined
              ? { kind: 'basic', username: e.FHIR_USERNAME, password: e.FHIR_PASSWORD }
              : undefined,
        timeoutMs: e.EHR_TIMEOUT_MS,
        identifierSystem: e.FHIR_IDENTIFIER_SYSTEM,
        idempotencySystem: e.FHIR_IDEMPOTENCY_SYSTEM,
      };
    case 'openmrs': {
      const concepts: Record<string, string> = {};
      const conceptVars = {
        chiefComplaint: e.OPENMRS_CONCEPT_CHIEF_COMPLAINT_UUID,
        temperature: e.OPENMRS_CONCEPT_TEMPERATURE_UUID,
        summary: e.OPENMRS_CONCEPT_SUMMARY_UUID,
        urgency: e.OPENMRS_CONCEPT_URGENCY_UUID,
        disposition: e.OPENMRS_CONCEPT_DISPOSITION_UUID,
        reasons: e.OPENMRS_CONCEPT_REASONS_UUID,
        redFlags: e.OPENMRS_CONCEPT_RED_FLAGS_UUID,
      };
      for (const [k, v] of Object.entries(conceptVars)) if (v !== undefined) concepts[k] = v;
      return {
        backend: 'openmrs',
        baseUrl: e.OPENMRS_BASE_URL ?? '',
        username: e.OPENMRS_USERNAME ?? '',
        password: e.OPENMRS_PASSWORD ?? '',
        whatsappIdentifierTypeUuid: e.OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID ?? '',
        ...(e.OPENMRS_LOCATION_UUID !== undefined ? { locationUuid: e.OPENMRS_LOCATION_UUID } : {}),
        ...(e.OPENMRS_TRIAGE_ENCOUNTER_TYPE_UUID !== undefined
          ? { triageEncounterTypeUuid: e.OPENMRS_TRIAGE_ENCOUNTER_TYPE_UUID }
          : {}),
        ...(e.OPENMRS_IDENTIFIER_SOURCE_UUID !== undefined
          ? { identifierSourceUuid: e.OPENMRS_IDENTIFIER_SOURCE_UUID }
          : {}),
        ...(e.OPENMRS_ID_TYPE_UUID !== undefined ? { openmrsIdTypeUuid: e.OPENMRS_ID_TYPE_UUID } : {}),
        ...(e.OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID !== undefined
          ? { phoneAttributeTypeUuid: e.OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID }
          : {}),
        serviceUuids: e.OPENMRS_SERVICE_UUIDS.split(',')
          .map((x) => x.trim())
          .filter(Boolean),
        concepts,
        timeoutMs: e.EHR_TIMEOUT_MS,
        authCooldownMs: e.OPENMRS_AUTH_COOLDOWN_MS,
        identityTtlMs: e.OPENMRS_IDENTITY_CACHE_TTL_MS,
      };
    }
  }
}

function parseTemplateLanguages(raw: string, problems: string[]): Record<Language, string> {
  const out: Record<Language, string> = { en: 'en', fr: 'fr', es: 'es', pt: 'pt_BR', sw: 'sw' };
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [ours, theirs] = pair.split(':').map((s) => s.trim());
    if (ours === undefined || theirs === undefined || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(theirs)) {
      problems.push(`WHATSAPP_TEMPLATE_LANGUAGES: "${pair}" is not like "pt:pt_BR"`);
      continue;
    }
    if (!isLanguage(ours)) {
      problems.push(`WHATSAPP_TEMPLATE_LANGUAGES: "${ours}" is not one of en, fr, es, pt, sw`);
      continue;
    }
    out[ours] = theirs;
  }
  return out;
}

function configError(problems: string[]): AppError {
  return new AppError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, {
    details: { problems },
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
