import { randomUUID } from 'node:crypto';
import { type ConceptSeed, O3, O3_CONCEPTS } from './o3-metadata.ts';

export type UniquenessBehavior = 'UNIQUE' | 'NON_UNIQUE' | 'LOCATION';
export type LocationBehavior = 'REQUIRED' | 'NOT_USED';

/** Idgen's validator class name for OpenMRS ID (openmrs.md §7). */
export const LUHN_MOD30_VALIDATOR = 'org.openmrs.module.idgen.validator.LuhnMod30IdentifierValidator';

export interface IdentifierTypeRecord {
  uuid: string;
  name: string;
  description: string | null;
  format: string | null;
  formatDescription: string | null;
  required: boolean;
  validator: string | null;
  locationBehavior: LocationBehavior | null;
  uniquenessBehavior: UniquenessBehavior | null;
  retired: boolean;
}

export interface PersonAttributeTypeRecord {
  uuid: string;
  name: string;
  description: string | null;
  format: string;
  /** REST `?q=` matches values of searchable types only (openmrs.md §2.4). */
  searchable: boolean;
  retired: boolean;
}

export interface LocationRecord {
  uuid: string;
  name: string;
  description: string | null;
  tags: string[];
  parentUuid: string | null;
  retired: boolean;
}

export interface EncounterTypeRecord {
  uuid: string;
  name: string;
  description: string | null;
  retired: boolean;
}

export interface ProviderRecord {
  uuid: string;
  identifier: string;
  name: string;
  retired: boolean;
}

export interface IdentifierSourceRecord {
  uuid: string;
  name: string;
  identifierTypeUuid: string;
  /** Next sequence value; the generated identifier is this plus its Luhn mod-30 check character. */
  nextSequence: number;
}

export interface PersonNameRecord {
  uuid: string;
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
  familyName2: string | null;
  preferred: boolean;
  voided: boolean;
}

export interface PersonAddressRecord {
  uuid: string;
  preferred: boolean;
  voided: boolean;
  fields: Record<string, string | null>;
}

export interface PersonAttributeRecord {
  uuid: string;
  attributeTypeUuid: string;
  value: string;
  voided: boolean;
}

export interface PatientIdentifierRecord {
  uuid: string;
  identifier: string;
  identifierTypeUuid: string;
  locationUuid: string | null;
  preferred: boolean;
  voided: boolean;
}

export interface PatientRecord {
  uuid: string;
  patientId: number;
  gender: string;
  /** Epoch ms of the birthdate at server-local midnight, or null. */
  birthdate: number | null;
  birthdateEstimated: boolean;
  dead: boolean;
  names: PersonNameRecord[];
  addresses: PersonAddressRecord[];
  attributes: PersonAttributeRecord[];
  identifiers: PatientIdentifierRecord[];
  voided: boolean;
  dateCreated: number;
}

export interface ObsRecord {
  uuid: string;
  conceptUuid: string;
  /** Numeric, text, or coded (concept uuid) value. */
  value: number | string;
  obsDatetime: number;
  personUuid: string;
  encounterUuid: string | null;
  locationUuid: string | null;
  status: 'FINAL' | 'PRELIMINARY' | 'AMENDED';
  voided: boolean;
  dateCreated: number;
}

export interface EncounterRecord {
  uuid: string;
  encounterDatetime: number;
  patientUuid: string;
  encounterTypeUuid: string;
  locationUuid: string | null;
  obs: ObsRecord[];
  voided: boolean;
  dateCreated: number;
  /** Which API created it: REST `/encounter` or FHIR `/Encounter`. */
  createdVia: 'rest' | 'fhir';
}

export interface WeeklyAvailabilityRecord {
  dayOfWeek: 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';
  /** `HH:mm:ss` in the server time zone. */
  startTime: string;
  endTime: string;
  maxAppointmentsLimit: number | null;
  uuid: string;
}

export interface ServiceTypeRecord {
  name: string;
  duration: number | null;
  uuid: string;
}

export interface AppointmentServiceRecord {
  appointmentServiceId: number;
  uuid: string;
  name: string;
  description: string | null;
  speciality: { name: string; uuid: string } | null;
  /** `HH:mm:ss` or null (serialised as `""`, openmrs.md §6.6). */
  startTime: string | null;
  endTime: string | null;
  maxAppointmentsLimit: number | null;
  durationMins: number | null;
  locationUuid: string | null;
  color: string | null;
  initialAppointmentStatus: string | null;
  weeklyAvailability: WeeklyAvailabilityRecord[];
  serviceTypes: ServiceTypeRecord[];
  voided: boolean;
}

export type AppointmentStatus =
  | 'Requested'
  | 'WaitList'
  | 'Scheduled'
  | 'Arrived'
  | 'CheckedIn'
  | 'Completed'
  | 'Cancelled'
  | 'Missed';

export interface AppointmentRecord {
  uuid: string;
  appointmentNumber: string;
  patientUuid: string;
  serviceUuid: string;
  serviceTypeUuid: string | null;
  locationUuid: string | null;
  providers: Array<{ uuid: string; response: string; comments: string | null }>;
  startDateTime: number | null;
  endDateTime: number | null;
  appointmentKind: 'Scheduled' | 'WalkIn' | 'Virtual';
  status: AppointmentStatus;
  comments: string | null;
  priority: 'AsNeeded' | 'Routine' | 'Emergency' | null;
  reasonConceptUuids: string[];
  teleconsultationLink: string | null;
  dateCreated: number;
  dateAppointmentScheduled: number;
  voided: boolean;
  /** Audit of status changes (the module keeps one too); `onDate` is the client's note, if any. */
  statusChanges: Array<{ from: AppointmentStatus; to: AppointmentStatus; onDate: number | null; at: number }>;
}

/** An HTTP session (servlet session holding the OpenMRS user context, openmrs.md §3.2). */
export interface SessionRecord {
  id: string;
  createdAt: number;
  lastAccess: number;
  locale: string;
  sessionLocationUuid: string | null;
}

/**
 * The stand-in's whole database. Handlers mutate it directly; the public handle only hands out copies.
 */
export class StandinState {
  readonly identifierTypes = new Map<string, IdentifierTypeRecord>();
  readonly personAttributeTypes = new Map<string, PersonAttributeTypeRecord>();
  readonly locations = new Map<string, LocationRecord>();
  readonly encounterTypes = new Map<string, EncounterTypeRecord>();
  readonly providers = new Map<string, ProviderRecord>();
  readonly concepts = new Map<string, ConceptSeed>();
  readonly identifierSources = new Map<string, IdentifierSourceRecord>();
  readonly patients = new Map<string, PatientRecord>();
  readonly encounters = new Map<string, EncounterRecord>();
  readonly services = new Map<string, AppointmentServiceRecord>();
  readonly appointments = new Map<string, AppointmentRecord>();
  /** Observations created through FHIR without an encounter. */
  readonly looseObs: ObsRecord[] = [];
  private nextIds = { patient: 1, service: 1 };

  constructor(
    /** Server clock, injectable so tests can move time (lockout expiry, "future" checks). */
    readonly now: () => number,
    /** The JVM default time zone: REST date output, conflict checks, "start of today" (openmrs.md §6.8). */
    readonly serverZone: string,
    idgenStart: number,
  ) {
    this.seed(idgenStart);
  }

  /** Next `patient_id` (the integer primary key REST shows as `patientId`). */
  nextPatientId(): number {
    return this.nextIds.patient++;
  }

  /** Next `appointment_service_id`. */
  nextServiceId(): number {
    return this.nextIds.service++;
  }

  /** First concept whose CIEL or LOINC code matches, for FHIR codings with a system (openmrs.md §2.7). */
  conceptByCode(system: string, code: string): ConceptSeed | undefined {
    for (const c of this.concepts.values()) {
      if (system === 'https://cielterminology.org' && c.ciel === code) return c;
      if (system === 'http://loinc.org' && c.loinc === code) return c;
    }
    return undefined;
  }

  private seed(idgenStart: number): void {
    // openmrs.md §7: OpenMRS ID required, Luhn mod-30, location NOT_USED, UNIQUE.
    const types: IdentifierTypeRecord[] = [
      {
        uuid: O3.openmrsIdType,
        name: 'OpenMRS ID',
        description: 'OpenMRS patient identifier, with check-digit',
        format: null,
        formatDescription: null,
        required: true,
        validator: LUHN_MOD30_VALIDATOR,
        locationBehavior: 'NOT_USED',
        uniquenessBehavior: 'UNIQUE',
        retired: false,
      },
      {
        uuid: O3.legacyIdType,
        name: 'Legacy ID',
        description: null,
        format: null,
        formatDescription: null,
        required: false,
        validator: null,
        locationBehavior: null,
        uniquenessBehavior: null,
        retired: false,
      },
      {
        uuid: O3.idCardType,
        name: 'ID Card',
        description: null,
        format: null,
        formatDescription: null,
        required: false,
        validator: null,
        locationBehavior: null,
        uniquenessBehavior: null,
        retired: false,
      },
      {
        uuid: O3.ssnType,
        name: 'SSN',
        description: null,
        format: '^[A-Z]{1}-[0-9]{7}$',
        formatDescription: null,
        required: false,
        validator: null,
        locationBehavior: null,
        uniquenessBehavior: null,
        retired: false,
      },
    ];
    for (const t of types) this.identifierTypes.set(t.uuid, t);

    // openmrs.md §2.4, §8.4: Telephone Number is a String attribute and NOT searchable in the ref app.
    this.personAttributeTypes.set(O3.telephoneAttrType, {
      uuid: O3.telephoneAttrType,
      name: 'Telephone Number',
      description: null,
      format: 'java.lang.String',
      searchable: false,
      retired: false,
    });
    this.personAttributeTypes.set(O3.unknownPatientAttrType, {
      uuid: O3.unknownPatientAttrType,
      name: 'Unknown patient',
      description: null,
      format: 'java.lang.Boolean',
      searchable: false,
      retired: false,
    });

    // openmrs.md §8.1.
    const locations: Array<[string, string, string[], string | null]> = [
      [O3.ubuntuHospital, 'Ubuntu Hospital', ['Visit Location'], null],
      [
        O3.outpatientClinic,
        'Outpatient Clinic',
        ['Login Location', 'Facility Location', 'Queue Location', 'Appointment Location'],
        O3.ubuntuHospital,
      ],
      [O3.inpatientWard, 'Inpatient Ward', [], O3.ubuntuHospital],
      [O3.mobileClinic, 'Mobile Clinic', [], null],
      [O3.communityOutreach, 'Community Outreach', [], null],
      [O3.unknownLocation, 'Unknown Location', [], null],
    ];
    for (const [uuid, name, tags, parentUuid] of locations) {
      this.locations.set(uuid, { uuid, name, description: null, tags, parentUuid, retired: false });
    }

    // openmrs.md §8.3 (the four the service may use; there is no "Triage" type).
    const encounterTypes: Array<[string, string]> = [
      [O3.vitalsEncounterType, 'Vitals'],
      [O3.visitNoteEncounterType, 'Visit Note'],
      [O3.consultationEncounterType, 'Consultation'],
      [O3.checkInEncounterType, 'Check In'],
    ];
    for (const [uuid, name] of encounterTypes) {
      this.encounterTypes.set(uuid, { uuid, name, description: null, retired: false });
    }

    this.providers.set(O3.adminProvider, {
      uuid: O3.adminProvider,
      identifier: 'admin',
      name: 'Super User',
      retired: false,
    });

    for (const c of O3_CONCEPTS) this.concepts.set(c.uuid, c);

    // openmrs.md §7: sequential source, first base 100000.
    this.identifierSources.set(O3.openmrsIdSource, {
      uuid: O3.openmrsIdSource,
      name: 'Generator for OpenMRS ID',
      identifierTypeUuid: O3.openmrsIdType,
      nextSequence: idgenStart,
    });

    // openmrs.md §6.6: three services, speciality General, no hours/duration/limit/location/availability.
    const general = { name: 'General', uuid: O3.generalSpeciality };
    const services: Array<[string, string, ServiceTypeRecord[]]> = [
      [
        O3.generalMedicineService,
        'General Medicine service',
        [{ name: 'Short follow-up', duration: 10, uuid: O3.shortFollowUpServiceType }],
      ],
      [O3.outpatientService, 'Outpatient Department', []],
      [O3.rehabilitationService, 'Rehabilitation service', []],
    ];
    for (const [uuid, name, serviceTypes] of services) {
      this.services.set(uuid, {
        appointmentServiceId: this.nextServiceId(),
        uuid,
        name,
        description: null,
        speciality: general,
        startTime: null,
        endTime: null,
        maxAppointmentsLimit: null,
        durationMins: null,
        locationUuid: null,
        color: null,
        initialAppointmentStatus: null,
        weeklyAvailability: [],
        serviceTypes,
        voided: false,
      });
    }
  }
}

/** A fresh random UUID, lower-case like OpenMRS's. */
export function newUuid(): string {
  return randomUUID();
}
