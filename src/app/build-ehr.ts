import { Redis } from 'ioredis';
import type { Config } from '../config/load-config.ts';
import type { EhrPort } from '../ehr/ehr-port.ts';
import { createFhirEhr } from '../ehr/fhir/fhir-ehr.ts';
import { createMemoryEhr } from '../ehr/memory/memory-ehr.ts';
import { createOpenmrsEhr } from '../ehr/openmrs/openmrs-ehr.ts';
import { createRedisOpenmrsCache } from '../ehr/openmrs/redis-openmrs-cache.ts';
import type { Logger } from '../observability/logger.ts';
import { startFhirEngine } from '../sandbox/fhir-engine/fhir-engine.ts';
import { seedDemoClinic } from '../sandbox/fhir-engine/seed-demo-clinic.ts';
import { freeSlots } from '../scheduling/free-slots.ts';

export interface BuiltEhr {
  readonly ehr: EhrPort;
  /** The embedded FHIR engine's base URL in sandbox mode (for the staff console and the README). */
  readonly fhirBaseUrl?: string;
  close(): Promise<void>;
}

/**
 * The EHR the service talks to, by EHR_BACKEND: the embedded FHIR engine seeded with the demo clinic
 * and reached through the real FHIR adapter (sandbox, the default), any FHIR R4 server, OpenMRS, or an
 * in-memory fake (tests and demos without any EHR).
 */
export async function buildEhr(config: Config, logger: Logger): Promise<BuiltEhr> {
  const ehr = config.ehr;
  switch (ehr.backend) {
    case 'sandbox': {
      const engine = await startFhirEngine({ host: '127.0.0.1' });
      const seeded = await seedDemoClinic(engine.repo, {
        timeZone: config.clinic.timeZone,
        weeks: ehr.seedWeeks,
      });
      logger.info(
        {
          fhir: engine.baseUrl,
          services: seeded.services.length,
          slots: seeded.slotsCreated,
          loadMs: engine.definitionsLoadMs,
        },
        'embedded FHIR engine started with the demo clinic',
      );
      return {
        ehr: createFhirEhr({
          baseUrl: engine.baseUrl,
          timeoutMs: ehr.timeoutMs,
          identifierSystem: ehr.identifierSystem,
          idempotencySystem: ehr.idempotencySystem,
        }),
        fhirBaseUrl: engine.baseUrl,
        close: () => engine.close(),
      };
    }
    case 'fhir':
      return {
        ehr: createFhirEhr({
          baseUrl: ehr.baseUrl,
          timeoutMs: ehr.timeoutMs,
          identifierSystem: ehr.identifierSystem,
          idempotencySystem: ehr.idempotencySystem,
          ...(ehr.auth !== undefined ? { auth: ehr.auth } : {}),
        }),
        fhirBaseUrl: ehr.baseUrl,
        close: async () => {},
      };
    case 'memory': {
      // No EHR at all: one service whose free slots come from the configured clinic hours.
      const b = config.booking;
      return {
        ehr: createMemoryEhr({
          services: [{ id: 'general', name: 'General consultation', durationMins: b.slotMinutes }],
          slotGenerator: ({ from, to }) =>
            freeSlots({
              from,
              to,
              now: new Date().toISOString(),
              minLeadMinutes: b.minLeadMinutes,
              timeZone: config.clinic.timeZone,
              hours: b.hours,
              slotMinutes: b.slotMinutes,
              capacityPerSlot: b.capacityPerSlot,
              bookings: [],
              limit: 500,
            }).map((s) => ({ serviceId: 'general', start: s.start, end: s.end })),
        }),
        close: async () => {},
      };
    }
    case 'openmrs': {
      // The identity cache and booking locks are shared through Redis when there is one (many instances).
      const redis =
        config.redis === undefined ? undefined : new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
      redis?.on('error', () => undefined);
      const b = config.booking;
      return {
        ehr: createOpenmrsEhr({
          baseUrl: ehr.baseUrl,
          username: ehr.username,
          password: ehr.password,
          whatsappIdentifierTypeUuid: ehr.whatsappIdentifierTypeUuid,
          ...(ehr.locationUuid !== undefined ? { locationUuid: ehr.locationUuid } : {}),
          ...(ehr.triageEncounterTypeUuid !== undefined
            ? { triageEncounterTypeUuid: ehr.triageEncounterTypeUuid }
            : {}),
          ...(ehr.identifierSourceUuid !== undefined
            ? { identifierSourceUuid: ehr.identifierSourceUuid }
            : {}),
          ...(ehr.openmrsIdTypeUuid !== undefined ? { openmrsIdTypeUuid: ehr.openmrsIdTypeUuid } : {}),
          ...(ehr.phoneAttributeTypeUuid !== undefined
            ? { phoneAttributeTypeUuid: ehr.phoneAttributeTypeUuid }
            : {}),
          serviceUuids: ehr.serviceUuids,
          concepts: ehr.concepts,
          timeoutMs: ehr.timeoutMs,
          authCooldownMs: ehr.authCooldownMs,
          identityTtlMs: ehr.identityTtlMs,
          hours: b.hours,
          timeZone: config.clinic.timeZone,
          slotMinutes: b.slotMinutes,
          capacityPerSlot: b.capacityPerSlot,
          minLeadMinutes: b.minLeadMinutes,
          ...(redis !== undefined && config.redis !== undefined
            ? { cache: createRedisOpenmrsCache(redis, `${config.redis.keyPrefix}openmrs:`) }
            : {}),
        }),
        close: async () => {
          await redis?.quit().catch(() => redis.disconnect());
        },
      };
    }
  }
}
