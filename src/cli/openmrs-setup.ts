import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { OpenmrsClient } from '../ehr/openmrs/openmrs-client.ts';
import { O3_DEFAULTS } from '../ehr/openmrs/openmrs-defaults.ts';
import { AppointmentServiceListSchema } from '../ehr/openmrs/openmrs-schemas.ts';
import { serviceRulesOf } from '../ehr/openmrs/service-rules.ts';
import { DEFAULT_TRIAGE_CONCEPTS, type TriageConcepts } from '../ehr/openmrs/triage-observations.ts';
import { isAppError } from '../shared/app-error.ts';

/**
 * `npm run openmrs:setup`: creates or verifies, idempotently, the OpenMRS metadata the service needs and
 * prints the env lines to paste into the env file (openmrs.md §10.1 "configure, don't hard-code").
 *
 * Creates (only when missing, found by name): the WhatsApp identifier type (NON_UNIQUE: families share
 * phones; not required: staff register patients without WhatsApp) and the triage encounter type (O3 ships
 * none, openmrs.md §8.3). Verifies: the location, the OpenMRS ID type and its idgen source, the phone
 * attribute type, the appointment services, and the triage concepts with their datatypes.
 *
 * Env: OPENMRS_BASE_URL, OPENMRS_USERNAME, OPENMRS_PASSWORD (required); optional overrides
 * OPENMRS_LOCATION_UUID, OPENMRS_ID_TYPE_UUID, OPENMRS_IDENTIFIER_SOURCE_UUID,
 * OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID, OPENMRS_SERVICE_UUIDS, OPENMRS_WHATSAPP_IDENTIFIER_TYPE_NAME
 * (default "WhatsApp ID"), OPENMRS_TRIAGE_ENCOUNTER_TYPE_NAME (default "WhatsApp Triage"),
 * OPENMRS_TIMEOUT_MS. Env lines go to stdout, progress and problems to stderr; exit code 1 on a problem.
 */

export interface OpenmrsSetupConfig {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly locationUuid: string;
  readonly openmrsIdTypeUuid: string;
  readonly identifierSourceUuid: string;
  readonly phoneAttributeTypeUuid: string;
  /** Empty: every service is bookable. */
  readonly serviceUuids: readonly string[];
  readonly whatsappIdentifierTypeName: string;
  readonly triageEncounterTypeName: string;
  readonly concepts: TriageConcepts;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

export interface OpenmrsSetupResult {
  /** What this run created, e.g. `identifier type "WhatsApp ID"`. Empty on a second run. */
  readonly created: readonly string[];
  /** Env lines to paste (name → value). */
  readonly env: Readonly<Record<string, string>>;
  /** Things to fix before the service can run; empty when all is well. */
  readonly problems: readonly string[];
  /** Worth knowing, not blocking (e.g. services without hours). */
  readonly notes: readonly string[];
}

const ListSchema = z.looseObject({ results: z.array(z.unknown()) });
const IdentifierTypeSchema = z.looseObject({
  uuid: z.string(),
  name: z.string(),
  required: z.boolean().nullish(),
  uniquenessBehavior: z.string().nullish(),
  retired: z.boolean().nullish(),
});
const NamedSchema = z.looseObject({
  uuid: z.string(),
  name: z.string().nullish(),
  retired: z.boolean().nullish(),
});
const SourceSchema = z.looseObject({
  uuid: z.string(),
  name: z.string().nullish(),
  identifierType: z.looseObject({ uuid: z.string() }).nullish(),
});
const ConceptSchema = z.looseObject({
  uuid: z.string(),
  display: z.string().nullish(),
  datatype: z.looseObject({ display: z.string().nullish(), name: z.string().nullish() }).nullish(),
});

function rows<T extends z.ZodType>(body: unknown, schema: T): z.infer<T>[] {
  const list = ListSchema.safeParse(body);
  if (!list.success) return [];
  return list.data.results.flatMap((r) => {
    const parsed = schema.safeParse(r);
    return parsed.success ? [parsed.data as z.infer<T>] : [];
  });
}

const sameName = (a: string | null | undefined, b: string) =>
  (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/** Runs the setup against one OpenMRS; `log` receives progress lines. Never throws for a missing item. */
export async function runOpenmrsSetup(
  config: OpenmrsSetupConfig,
  log: (line: string) => void = () => {},
): Promise<OpenmrsSetupResult> {
  const client = new OpenmrsClient({
    baseUrl: config.baseUrl,
    username: config.username,
    password: config.password,
    timeoutMs: config.timeoutMs,
    // A CLI runs once: one refused login is enough, never a loop (openmrs.md §3.2 lockout).
    authCooldownMs: 60 * 60_000,
    now: Date.now,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const created: string[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  const env: Record<string, string> = {};

  /** GET that answers undefined on 404 instead of throwing. */
  const find = async (path: string, op: string): Promise<unknown> => {
    try {
      return (await client.get(path, op)).body;
    } catch (err) {
      if (isAppError(err, 'EHR_NOT_FOUND')) return undefined;
      throw err;
    }
  };

  try {
    // 1. The WhatsApp identifier type (openmrs.md §2.4 option c, non-unique).
    const types = rows(
      (await client.get('patientidentifiertype?v=full&limit=100', 'GET patientidentifiertype')).body,
      IdentifierTypeSchema,
    );
    let whatsapp = types.find((t) => !t.retired && sameName(t.name, config.whatsappIdentifierTypeName));
    if (whatsapp) {
      log(`identifier type "${whatsapp.name}" exists: ${whatsapp.uuid}`);
    } else {
      const res = await client.post(
        'patientidentifiertype?v=full',
        {
          name: config.whatsappIdentifierTypeName,
          description: 'WhatsApp user id (BSUID) or wa_id of the patient; shared by families on one phone',
          required: false,
          uniquenessBehavior: 'NON_UNIQUE',
          locationBehavior: 'NOT_USED',
        },
        'POST patientidentifiertype',
      );
      const parsed = IdentifierTypeSchema.safeParse(res.body);
      if (!parsed.success) throw new Error('unexpected response to POST patientidentifiertype');
      whatsapp = parsed.data;
      created.push(`identifier type "${whatsapp.name}"`);
      log(`created identifier type "${whatsapp.name}": ${whatsapp.uuid}`);
    }
    if (whatsapp.uniquenessBehavior === 'UNIQUE' || whatsapp.uniquenessBehavior === 'LOCATION') {
      problems.push(
        `identifier type "${whatsapp.name}" is ${whatsapp.uniquenessBehavior}: set it to NON_UNIQUE (families share one phone)`,
      );
    } else if (whatsapp.uniquenessBehavior !== 'NON_UNIQUE') {
      notes.push(`identifier type "${whatsapp.name}" has no uniqueness behaviour; NON_UNIQUE is expected`);
    }
    if (whatsapp.required) {
      problems.push(
        `identifier type "${whatsapp.name}" is required: staff could not register patients without WhatsApp`,
      );
    }
    env.OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID = whatsapp.uuid;

    // 2. The triage encounter type (O3 has none, openmrs.md §8.3).
    const encounterTypes = rows(
      (await client.get('encountertype?v=default&limit=100', 'GET encountertype')).body,
      NamedSchema,
    );
    let triage = encounterTypes.find((t) => !t.retired && sameName(t.name, config.triageEncounterTypeName));
    if (triage) {
      log(`encounter type "${config.triageEncounterTypeName}" exists: ${triage.uuid}`);
    } else {
      const res = await client.post(
        'encountertype',
        {
          name: config.triageEncounterTypeName,
          description: 'Triage done over WhatsApp before the visit: complaint, urgency, red flags, summary',
        },
        'POST encountertype',
      );
      const parsed = NamedSchema.safeParse(res.body);
      if (!parsed.success) throw new Error('unexpected response to POST encountertype');
      triage = parsed.data;
      created.push(`encounter type "${config.triageEncounterTypeName}"`);
      log(`created encounter type "${config.triageEncounterTypeName}": ${triage.uuid}`);
    }
    env.OPENMRS_TRIAGE_ENCOUNTER_TYPE_UUID = triage.uuid;

    // 3. Location.
    const location = NamedSchema.safeParse(
      await find(`location/${encodeURIComponent(config.locationUuid)}`, 'GET location'),
    );
    if (!location.success || location.data.retired)
      problems.push(`location ${config.locationUuid} does not exist`);
    else log(`location "${location.data.name ?? ''}" exists`);
    env.OPENMRS_LOCATION_UUID = config.locationUuid;

    // 4. OpenMRS ID type and its generator (openmrs.md §7).
    const idType = IdentifierTypeSchema.safeParse(
      await find(
        `patientidentifiertype/${encodeURIComponent(config.openmrsIdTypeUuid)}`,
        'GET patientidentifiertype',
      ),
    );
    if (!idType.success)
      problems.push(`identifier type ${config.openmrsIdTypeUuid} (OpenMRS ID) does not exist`);
    else log(`identifier type "${idType.data.name}" exists`);
    env.OPENMRS_ID_TYPE_UUID = config.openmrsIdTypeUuid;
    const sources = rows(
      (await client.get('idgen/identifiersource?v=full&limit=100', 'GET idgen/identifiersource')).body,
      SourceSchema,
    );
    const source = sources.find((s) => s.uuid === config.identifierSourceUuid);
    if (!source) {
      problems.push(`idgen identifier source ${config.identifierSourceUuid} does not exist`);
    } else if (source.identifierType && source.identifierType.uuid !== config.openmrsIdTypeUuid) {
      problems.push(
        `idgen source "${source.name ?? source.uuid}" generates identifier type ${source.identifierType.uuid}, not ${config.openmrsIdTypeUuid}`,
      );
    } else {
      log(`idgen source "${source.name ?? source.uuid}" exists`);
    }
    env.OPENMRS_IDENTIFIER_SOURCE_UUID = config.identifierSourceUuid;

    // 5. Phone attribute type (openmrs.md §2.4).
    const phone = NamedSchema.safeParse(
      await find(
        `personattributetype/${encodeURIComponent(config.phoneAttributeTypeUuid)}`,
        'GET personattributetype',
      ),
    );
    if (!phone.success)
      problems.push(`person attribute type ${config.phoneAttributeTypeUuid} does not exist`);
    else log(`person attribute type "${phone.data.name ?? ''}" exists`);
    env.OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID = config.phoneAttributeTypeUuid;

    // 6. Appointment services (openmrs.md §6.6).
    const services = AppointmentServiceListSchema.safeParse(
      (await client.get('appointmentService/all/full', 'GET appointmentService/all/full', 'appointments'))
        .body,
    );
    const available = services.success ? services.data : [];
    const wanted =
      config.serviceUuids.length > 0
        ? available.filter((s) => config.serviceUuids.includes(s.uuid))
        : available;
    for (const uuid of config.serviceUuids) {
      if (!available.some((s) => s.uuid === uuid))
        problems.push(`appointment service ${uuid} does not exist`);
    }
    if (wanted.length === 0) problems.push('no appointment service to book into');
    for (const s of wanted) {
      const rules = serviceRulesOf(s);
      const parts = [
        rules.durationMins ? `${rules.durationMins} min` : 'clinic slot length',
        rules.weeklyAvailability ? 'own weekly hours' : 'clinic hours',
        rules.maxAppointmentsPerDay ? `max ${rules.maxAppointmentsPerDay}/day` : undefined,
      ].filter(Boolean);
      log(`appointment service "${s.name}" ${s.uuid}: ${parts.join(', ')}`);
    }
    env.OPENMRS_SERVICE_UUIDS = wanted.map((s) => s.uuid).join(',');

    // 7. Triage concepts and their datatypes (openmrs.md §8.5).
    const checked = new Set<string>();
    for (const [field, uuid] of Object.entries(config.concepts)) {
      const expected = field === 'temperature' ? 'Numeric' : 'Text';
      if (checked.has(`${uuid}:${expected}`)) continue;
      checked.add(`${uuid}:${expected}`);
      const concept = ConceptSchema.safeParse(
        await find(`concept/${encodeURIComponent(uuid)}`, 'GET concept'),
      );
      if (!concept.success) {
        problems.push(`concept ${uuid} (${field}) does not exist`);
        continue;
      }
      const datatype = concept.data.datatype?.display ?? concept.data.datatype?.name ?? '';
      if (datatype !== '' && datatype !== expected) {
        problems.push(`concept ${uuid} (${field}) is ${datatype}, expected ${expected}`);
      } else {
        log(`concept "${concept.data.display ?? uuid}" (${field}) exists`);
      }
    }
  } catch (err) {
    problems.push(
      isAppError(err)
        ? `${err.code}: ${err.message}`
        : `unexpected: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    await client.logout();
  }
  return { created, env, problems, notes };
}

/** Reads the setup's configuration from the environment; lists every problem at once. */
export function setupConfigFromEnv(env: NodeJS.ProcessEnv): OpenmrsSetupConfig | { problems: string[] } {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const baseUrl = required('OPENMRS_BASE_URL');
  const username = required('OPENMRS_USERNAME');
  const password = env.OPENMRS_PASSWORD ?? '';
  if (password === '') problems.push('OPENMRS_PASSWORD is required');
  if (baseUrl !== '' && !/^https?:\/\//.test(baseUrl)) {
    problems.push('OPENMRS_BASE_URL must start with http:// or https:// (e.g. http://localhost/openmrs)');
  }
  const timeoutMs = Number(env.OPENMRS_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    problems.push('OPENMRS_TIMEOUT_MS must be a positive integer');
  if (problems.length > 0) return { problems };
  const opt = (name: string, fallback: string) => env[name]?.trim() || fallback;
  return {
    baseUrl,
    username,
    password,
    locationUuid: opt('OPENMRS_LOCATION_UUID', O3_DEFAULTS.locationUuid),
    openmrsIdTypeUuid: opt('OPENMRS_ID_TYPE_UUID', O3_DEFAULTS.openmrsIdTypeUuid),
    identifierSourceUuid: opt('OPENMRS_IDENTIFIER_SOURCE_UUID', O3_DEFAULTS.identifierSourceUuid),
    phoneAttributeTypeUuid: opt('OPENMRS_PHONE_ATTRIBUTE_TYPE_UUID', O3_DEFAULTS.phoneAttributeTypeUuid),
    serviceUuids: (env.OPENMRS_SERVICE_UUIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    whatsappIdentifierTypeName: opt('OPENMRS_WHATSAPP_IDENTIFIER_TYPE_NAME', 'WhatsApp ID'),
    triageEncounterTypeName: opt('OPENMRS_TRIAGE_ENCOUNTER_TYPE_NAME', 'WhatsApp Triage'),
    concepts: DEFAULT_TRIAGE_CONCEPTS,
    timeoutMs,
  };
}

async function main(): Promise<number> {
  const config = setupConfigFromEnv(process.env);
  if ('problems' in config) {
    for (const p of config.problems) console.error(`openmrs:setup: ${p}`);
    return 2;
  }
  console.error(`openmrs:setup: checking ${config.baseUrl}`);
  const result = await runOpenmrsSetup(config, (line) => console.error(`  ${line}`));
  for (const note of result.notes) console.error(`  note: ${note}`);
  for (const problem of result.problems) console.error(`  PROBLEM: ${problem}`);
  console.error(
    result.created.length > 0
      ? `openmrs:setup: created ${result.created.join(', ')}`
      : 'openmrs:setup: nothing created',
  );
  console.error('openmrs:setup: paste into the env file:');
  for (const [name, value] of Object.entries(result.env)) console.log(`${name}=${value}`);
  return result.problems.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error('openmrs:setup failed:', err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
