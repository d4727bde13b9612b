import { DateTime } from 'luxon';
import { isValidLuhnMod30, UnallowedIdentifierError } from './luhn-mod30.ts';
import { DateParseError, parseRestDate } from './openmrs-dates.ts';
import { restError, restMissingProperties, restValidationError, ValidationErrors } from './openmrs-errors.ts';
import { optBoolean, optString, refUuid } from './request-fields.ts';
import {
  LUHN_MOD30_VALIDATOR,
  newUuid,
  type PatientIdentifierRecord,
  type PatientRecord,
  type PersonAddressRecord,
  type PersonAttributeRecord,
  type PersonNameRecord,
  type StandinState,
} from './standin-state.ts';

const NAME_FIELDS = ['givenName', 'middleName', 'familyName', 'familyName2'] as const;
const ADDRESS_LIMITS: Readonly<Record<string, number>> = {
  address1: 255,
  address2: 255,
  cityVillage: 255,
  stateProvince: 255,
  country: 50,
  postalCode: 50,
  countyDistrict: 255,
};
/** O3 sends M/F/O/U (openmrs.md §5); anything else would show as garbage in the O3 chart. */
const GENDERS = new Set(['M', 'F', 'O', 'U']);
const MAX_LENGTH = (n: number): string =>
  `This value exceeds the maximum length of ${n} permitted for this field.`;

function conversionError(message: string) {
  return restError(400, message, { codeClass: 'org.openmrs.module.webservices.rest.web.ConversionUtil:0' });
}

function objectList(value: unknown, property: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw conversionError(
      `Can only convert a Collection to a Collection/Array. Not ${typeof value} (${property})`,
    );
  }
  return value.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw conversionError(`Don't know how to convert ${property} element ${JSON.stringify(item)}`);
    }
    return item as Record<string, unknown>;
  });
}

function parseBirthdate(text: string, zone: string): number {
  try {
    return parseRestDate(text, zone);
  } catch (err) {
    if (err instanceof DateParseError) {
      // ConversionUtil's message; a public O3 test suite matched "yyyy-MM-dd'T'HH:mm:ss.SSSZ => Invalid format".
      throw conversionError(
        `Error converting date - correct format (ISO8601 Long): yyyy-MM-dd'T'HH:mm:ss.SSSZ => ${err.message}`,
      );
    }
    throw err;
  }
}

/**
 * Validates and stores a patient from an O3 `POST /ws/rest/v1/patient` body (openmrs.md §5), applying
 * core's `PatientValidator`/`PersonValidator`/`PatientIdentifierValidator` rules (openmrs.md §2.5):
 * gender required, a non-blank given name, birthdate not in the future nor over 140 years ago, a preferred
 * identifier, every required identifier type, identifier format and check digit, and uniqueness of
 * UNIQUE identifier types. NON_UNIQUE types (e.g. a shared WhatsApp number) may repeat across patients.
 * @throws HttpError with the REST error body OpenMRS would send
 */
export function registerPatient(state: StandinState, body: Record<string, unknown>): PatientRecord {
  // PatientResource required creatable properties; a real server answers
  // "[Some required properties are missing: identifiers]" (openmrs.md §4).
  const missing = ['person', 'identifiers'].filter((k) => body[k] === undefined || body[k] === null);
  if (missing.length > 0) throw restMissingProperties(missing);
  const personRaw = body.person;
  if (typeof personRaw === 'string') {
    throw restError(400, `The stand-in has no person ${personRaw}; send the person inline (openmrs.md §5)`);
  }
  if (typeof personRaw !== 'object' || personRaw === null || Array.isArray(personRaw)) {
    throw conversionError('Unable to convert person');
  }
  const person = personRaw as Record<string, unknown>;
  if (person.names === undefined || person.names === null) throw restMissingProperties(['names']);

  const zone = state.serverZone;
  const now = state.now();
  const names: PersonNameRecord[] = objectList(person.names, 'names').map((n, index, all) => ({
    uuid: newUuid(),
    givenName: optString(n.givenName),
    middleName: optString(n.middleName),
    familyName: optString(n.familyName),
    familyName2: optString(n.familyName2),
    preferred: optBoolean(n.preferred, all.length === 1 || index === 0),
    voided: optBoolean(n.voided, false),
  }));
  const gender = optString(person.gender) ?? '';

  let birthdate: number | null = null;
  let estimatedFromAge = false;
  const birthdateText = optString(person.birthdate);
  if (birthdateText !== null) {
    birthdate = parseBirthdate(birthdateText, zone);
  } else if (person.age !== undefined && person.age !== null) {
    // PersonResource.setAge → Person.setBirthdateFromAge: 1 January of (this year − age), estimated.
    const age = Number(person.age);
    birthdate = DateTime.fromMillis(now, { zone }).startOf('year').minus({ years: age }).toMillis();
    estimatedFromAge = true;
  }
  const birthdateEstimated = optBoolean(person.birthdateEstimated, estimatedFromAge);
  const dead = optBoolean(person.dead, false);

  const addresses: PersonAddressRecord[] = objectList(person.addresses, 'addresses').map((a, index) => ({
    uuid: newUuid(),
    preferred: optBoolean(a.preferred, index === 0),
    voided: optBoolean(a.voided, false),
    fields: Object.fromEntries(Object.keys(ADDRESS_LIMITS).map((f) => [f, optString(a[f])])),
  }));

  const attributeTypeErrors: Array<[number, string | null]> = [];
  const attributes: PersonAttributeRecord[] = objectList(person.attributes, 'attributes').map((a, index) => {
    const typeUuid = refUuid(a.attributeType);
    if (typeUuid === null || !state.personAttributeTypes.has(typeUuid))
      attributeTypeErrors.push([index, typeUuid]);
    return {
      uuid: newUuid(),
      attributeTypeUuid: typeUuid ?? '',
      value: optString(a.value) ?? '',
      voided: false,
    };
  });

  const identifiers: PatientIdentifierRecord[] = objectList(body.identifiers, 'identifiers').map(
    (i, _index, all) => {
      const typeUuid = refUuid(i.identifierType);
      const locationUuid = refUuid(i.location);
      return {
        uuid: newUuid(),
        identifier: optString(i.identifier) ?? '',
        // An unknown uuid converts to null (ConversionUtil → getByUniqueId), caught by validation below.
        identifierTypeUuid: typeUuid !== null && state.identifierTypes.has(typeUuid) ? typeUuid : '',
        locationUuid: locationUuid !== null && state.locations.has(locationUuid) ? locationUuid : null,
        preferred: optBoolean(i.preferred, all.length === 1),
        voided: false,
      };
    },
  );

  const errors = new ValidationErrors();
  // PersonValidator (openmrs.md §2.5): messages as observed from a real server's 400 bodies.
  const genderBlank = gender.trim() === '';
  if (genderBlank || !GENDERS.has(gender)) {
    errors.rejectValue('gender', 'Person.gender.required', 'Please select a gender');
  }
  const activeNames = names.filter((n) => !n.voided);
  if (activeNames.length === 0) {
    errors.rejectValue('names', 'Person.names.length', 'Person must have at least one name');
  }
  for (const n of activeNames) {
    const given = n.givenName ?? '';
    if (given.trim() === '' || given.replace(/"/g, '').trim() === '') {
      // PersonNameValidator always reports the path as names[0] (getFieldKey), whatever the index.
      errors.rejectValue(
        'names[0].givenName',
        'Patient.names.required.given.family',
        'You must define the Given Name',
      );
    }
    for (const f of NAME_FIELDS) {
      if ((n[f] ?? '').length > 50)
        errors.rejectValue(`names[0].${f}`, 'error.name.max.length', MAX_LENGTH(50));
    }
  }
  addresses.forEach((a, index) => {
    for (const [f, max] of Object.entries(ADDRESS_LIMITS)) {
      if ((a.fields[f] ?? '').length > max) {
        errors.rejectValue(`addresses[${index}].${f}`, 'error.exceededMaxLengthOfField', MAX_LENGTH(max));
      }
    }
  });
  if (birthdate !== null) {
    const oldest = DateTime.fromMillis(now, { zone }).minus({ years: 140 }).toMillis();
    if (birthdate > now)
      errors.rejectValue('birthdate', 'error.date.future', 'Cannot be a date in the future');
    else if (birthdate < oldest) {
      errors.rejectValue('birthdate', 'error.date.nonsensical', 'Nonsensical date, please check.');
    }
  }
  if (dead) errors.rejectValue('causeOfDeath', 'Person.dead.causeOfDeathNull', 'Cause of death is required');
  for (const [index, typeUuid] of attributeTypeErrors) {
    errors.rejectValue(
      `attributes[${index}].attributeType`,
      'error.null',
      `Cannot be empty or null (${typeUuid})`,
    );
  }
  // PatientValidator runs super.validate, then checks gender again: core reports a blank gender twice.
  if (genderBlank) errors.rejectValue('gender', 'Person.gender.required', 'Please select a gender');

  const active = identifiers.filter((i) => !i.voided);
  if (!active.some((i) => i.preferred) && active.length !== 1) {
    errors.reject('error.preferredIdentifier', 'Preferred identifier is required');
  }
  const missingRequired = [...state.identifierTypes.values()]
    .filter((t) => t.required && !t.retired && !active.some((i) => i.identifierTypeUuid === t.uuid))
    .map((t) => t.name);
  if (missingRequired.length > 0) {
    errors.rejectValue(
      'identifiers',
      'Patient.missingRequiredIdentifier',
      `Patient is missing the following required identifier(s): ${missingRequired.join(', ')}`,
    );
  }

  // PatientValidator only runs the identifier validator when nothing else failed.
  if (!errors.hasErrors) {
    active.forEach((pi, index) => {
      if (pi.identifierTypeUuid === '') {
        errors.rejectValue(`identifiers[${index}].identifierType`, 'error.null', 'Cannot be empty or null');
        return;
      }
      const message = identifierProblem(state, pi, undefined);
      // PatientIdentifierValidator: errors.reject(exception message) → global error whose code is the text.
      if (message !== null) errors.reject(message);
    });
  }
  if (errors.hasErrors) throw restValidationError(errors);

  // person_attribute.value is VARCHAR(255): a longer value fails at flush with a 500 (seen on a real server).
  for (const a of attributes) {
    if (a.value.length > 255) {
      throw restError(
        500,
        "could not execute statement; Data truncation: Data too long for column 'value' at row 1",
        {
          codeClass: 'org.hibernate.exception.DataException:0',
        },
      );
    }
  }

  const record: PatientRecord = {
    uuid: newUuid(),
    patientId: state.nextPatientId(),
    gender,
    birthdate,
    birthdateEstimated,
    dead,
    names,
    addresses,
    attributes,
    identifiers,
    voided: false,
    dateCreated: now,
  };
  state.patients.set(record.uuid, record);
  return record;
}

/** The creatable properties of the identifier sub-resource (`PatientIdentifierResource1_8`). */
const IDENTIFIER_CREATABLE = ['identifier', 'identifierType', 'location', 'preferred'] as const;
const IDENTIFIER_REQUIRED = ['identifier', 'identifierType'] as const;
const BINDER_CLASS = 'org.openmrs.module.webservices.rest.web.resource.impl.BaseDelegatingResource:0';

/**
 * `POST /ws/rest/v1/patient/{uuid}/identifier`: the patient identifier sub-resource of webservices.rest
 * (`PatientIdentifierResource1_8`, `DelegatingSubResource.create`), in the order OpenMRS runs it:
 * 1. the parent by uuid (unknown → the caller's 404);
 * 2. the properties (`ResourcePropertyBinder.setConvertedProperties`): each creatable one is converted
 *    and set — an unknown `identifierType` or `location` uuid converts to null and the resource's own
 *    setters dereference it, so both are a 400 `ConversionException` here (unlike a nested location in
 *    `POST /patient`, which is silently dropped); then any other property is "not allowed to be set",
 *    then a missing `identifier`/`identifierType` is "required";
 * 3. `PatientService.savePatientIdentifier`, whose AOP validation runs `PatientIdentifierValidator`
 *    (blank, format, check digit, uniqueness except for NON_UNIQUE types: shared family phones), then
 *    refuses a REQUIRED location that is missing (an `APIException`, a 500 over REST);
 * 4. the save: `preferred: true` un-prefers the others. The resource only skips an identifier that is
 *    the same object, so posting a value the patient already has adds a second copy — as OpenMRS does.
 * @throws HttpError with the REST error body OpenMRS would send
 */
export function addPatientIdentifier(
  state: StandinState,
  patient: PatientRecord,
  body: Record<string, unknown>,
): PatientIdentifierRecord {
  let typeUuid: string | null = null;
  let locationUuid: string | null = null;
  if (body.identifierType !== undefined && body.identifierType !== null) {
    typeUuid = refUuid(body.identifierType);
    if (typeUuid === null || !state.identifierTypes.has(typeUuid)) {
      throw restError(400, 'identifierType on class org.openmrs.PatientIdentifier', {
        codeClass: BINDER_CLASS,
      });
    }
  }
  if (body.location !== undefined && body.location !== null) {
    locationUuid = refUuid(body.location);
    if (locationUuid === null || !state.locations.has(locationUuid)) {
      throw restError(400, 'location on class org.openmrs.PatientIdentifier', { codeClass: BINDER_CLASS });
    }
  }
  const identifier = optString(body.identifier);
  const preferred = optBoolean(body.preferred, false);
  // "Do allow posting back an unchanged value to an unchangeable property" (ResourcePropertyBinder):
  // a new identifier is not voided, so `voided: false` passes.
  const notAllowed = Object.keys(body).filter(
    (k) => !(IDENTIFIER_CREATABLE as readonly string[]).includes(k) && !(k === 'voided' && body[k] === false),
  );
  if (notAllowed.length > 0) {
    throw restError(400, `Some properties are not allowed to be set: ${notAllowed.join(', ')}`, {
      codeClass: BINDER_CLASS,
    });
  }
  const missing = IDENTIFIER_REQUIRED.filter((k) => body[k] === undefined);
  if (missing.length > 0 || typeUuid === null) {
    throw restMissingProperties(missing.length > 0 ? missing : ['identifierType']);
  }

  const record: PatientIdentifierRecord = {
    uuid: newUuid(),
    identifier: identifier ?? '',
    identifierTypeUuid: typeUuid,
    locationUuid,
    preferred,
    voided: false,
  };
  const problem = identifierProblem(state, record, patient.uuid);
  if (problem !== null) {
    const errors = new ValidationErrors();
    // PatientIdentifierValidator: errors.reject(exception message), a global error whose code is the text.
    errors.reject(problem);
    throw restValidationError(errors);
  }
  if (state.identifierTypes.get(typeUuid)?.locationBehavior === 'REQUIRED' && locationUuid === null) {
    throw restError(500, 'Patient.identifier.null', {
      codeClass: 'org.openmrs.api.impl.PatientServiceImpl:0',
    });
  }
  if (preferred) for (const other of patient.identifiers) if (!other.voided) other.preferred = false;
  patient.identifiers.push(record);
  return record;
}

/**
 * Core's `PatientIdentifierValidator.validateIdentifier` for one identifier: blank, format regex,
 * check digit, then uniqueness against other non-voided patients (openmrs.md §2.5). Returns the exception
 * message, or null when valid.
 */
export function identifierProblem(
  state: StandinState,
  pi: PatientIdentifierRecord,
  ownerUuid: string | undefined,
): string | null {
  const type = state.identifierTypes.get(pi.identifierTypeUuid);
  if (!type) return 'Cannot be empty or null';
  const id = pi.identifier;
  if (id.trim() === '') return 'Identifier cannot be null or blank';
  if (type.format !== null && type.format !== '' && !new RegExp(`^(?:${type.format})$`).test(id)) {
    return `Identifier "${id}" does not match : "${type.formatDescription ?? type.format}"`;
  }
  if (type.validator === LUHN_MOD30_VALIDATOR) {
    try {
      if (!isValidLuhnMod30(id)) return `Invalid check digit for identifier: ${id}`;
    } catch (err) {
      if (err instanceof UnallowedIdentifierError) {
        return `Identifier ${id} is not appropriate for validation scheme Luhn Mod-30 Check-Digit Validator`;
      }
      throw err;
    }
  }
  if (type.uniquenessBehavior !== 'NON_UNIQUE') {
    for (const other of state.patients.values()) {
      if (other.voided || other.uuid === ownerUuid) continue;
      const clash = other.identifiers.some(
        (o) =>
          !o.voided &&
          o.identifierTypeUuid === pi.identifierTypeUuid &&
          o.identifier.toUpperCase() === id.toUpperCase() &&
          (type.uniquenessBehavior !== 'LOCATION' || o.locationUuid === pi.locationUuid),
      );
      if (clash) return `Identifier ${id} already in use by another patient`;
    }
  }
  return null;
}

/**
 * REST `?q=` search (openmrs.md §5, §2.4): under 2 characters nothing; otherwise an exact identifier match,
 * every query word a prefix of some name token, or an exact value of a *searchable* attribute type.
 */
export function searchPatients(state: StandinState, q: string, includeDead: boolean): PatientRecord[] {
  const query = q.trim();
  if (query.length < 2) return [];
  const words = query.toLowerCase().split(/\s+/);
  return [...state.patients.values()]
    .filter((p) => !p.voided && (includeDead || !p.dead))
    .filter((p) => {
      if (p.identifiers.some((i) => !i.voided && i.identifier.toUpperCase() === query.toUpperCase()))
        return true;
      const tokens = p.names
        .filter((n) => !n.voided)
        .flatMap((n) => NAME_FIELDS.map((f) => n[f] ?? ''))
        .flatMap((v) => v.toLowerCase().split(/\s+/))
        .filter((t) => t !== '');
      if (words.every((w) => tokens.some((t) => t.startsWith(w)))) return true;
      return p.attributes.some(
        (a) =>
          !a.voided &&
          state.personAttributeTypes.get(a.attributeTypeUuid)?.searchable === true &&
          a.value === query,
      );
    })
    .sort((a, b) => a.patientId - b.patientId);
}

/** Patients with an active identifier exactly equal to `identifier` (REST `?identifier=`, FHIR `identifier=`). */
export function patientsByIdentifier(
  state: StandinState,
  identifier: string,
  typeName?: string,
): PatientRecord[] {
  return [...state.patients.values()]
    .filter((p) => !p.voided)
    .filter((p) =>
      p.identifiers.some(
        (i) =>
          !i.voided &&
          i.identifier.toUpperCase() === identifier.toUpperCase() &&
          (typeName === undefined || state.identifierTypes.get(i.identifierTypeUuid)?.name === typeName),
      ),
    )
    .sort((a, b) => a.patientId - b.patientId);
}
