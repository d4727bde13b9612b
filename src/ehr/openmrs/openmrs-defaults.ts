/**
 * O3 reference-application metadata the adapter falls back to when the operator sets nothing
 * (each value cited from shared/reference/openmrs.md). The WhatsApp identifier type has no default:
 * O3 ships none, `npm run openmrs:setup` creates it.
 */
export const O3_DEFAULTS = {
  /** Outpatient Clinic: Login, Facility, Queue and Appointment Location (openmrs.md §8.1). */
  locationUuid: '44c3efb0-2583-4c80-a79e-1f756a03c0a1',
  /** "OpenMRS ID": required, UNIQUE, Luhn mod-30 (openmrs.md §1.4, §7). */
  openmrsIdTypeUuid: '05a29f94-c0ed-11e2-94be-8c13b969e334',
  /** "Generator for OpenMRS ID" (openmrs.md §7). */
  identifierSourceUuid: '8549f706-7e85-4c1d-9424-217d50a2988b',
  /** "Telephone Number" person attribute type, also FHIR2's telecom mapping (openmrs.md §2.4, §8.4). */
  phoneAttributeTypeUuid: '14d4f066-15f5-102d-96e4-000c29c2a5d7',
  /**
   * Visit Note (openmrs.md §8.3): O3 has no triage encounter type; the setup command creates one, and
   * until then the note shows where clinicians read visit notes.
   */
  triageEncounterTypeUuid: 'd7151f82-c1f3-4152-a605-2f9ea7414a79',
} as const;

/** CIEL concept uuids are the CIEL code padded with `A` to 36 characters (openmrs.md §8.5). */
export function cielUuid(code: number | string): string {
  const text = String(code);
  return `${text}${'A'.repeat(36 - text.length)}`;
}

/** Defaults the adapter applies to the timing options, in milliseconds. */
export const OPENMRS_TIMING_DEFAULTS = {
  timeoutMs: 10_000,
  /** Equal to core's lockout wait (openmrs.md §3.2): one refused login per 5 minutes at most. */
  authCooldownMs: 5 * 60_000,
  identityTtlMs: 60 * 60_000,
  /** "Nobody has this WhatsApp id" is kept shorter: staff may add the identifier by hand in O3. */
  unknownIdentityTtlMs: 5 * 60_000,
  servicesTtlMs: 5 * 60_000,
  /** How long a write intent is remembered: longer than any retry schedule of the EHR queue. */
  intentTtlMs: 7 * 24 * 3600_000,
} as const;
