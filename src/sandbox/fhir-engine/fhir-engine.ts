import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryRepository } from '@medplum/fhir-router';
import { createFhirHttpHandler } from './create-fhir-http-handler.ts';
import { loadFhirDefinitions } from './load-fhir-definitions.ts';

/** Where the engine serves FHIR, relative to its origin (like HAPI's `/fhir` or OpenMRS's `/ws/fhir2/R4`). */
export const FHIR_ENGINE_BASE_PATH = '/fhir/R4';

export interface FhirEngineOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Loopback only: the engine has no authentication and holds (demo) patient data. */
  readonly host?: '127.0.0.1';
  /** Refuse writes with dangling relative references (400). Default true. */
  readonly checkReferences?: boolean;
}

export interface FhirEngine {
  /** Absolute FHIR base URL, e.g. `http://127.0.0.1:40123/fhir/R4` (no trailing slash). */
  readonly baseUrl: string;
  /** The store behind the HTTP layer, for seeding and inspection; writes here bypass validation. */
  readonly repo: MemoryRepository;
  /** Milliseconds this process spent loading the R4 definitions (paid by the first engine only). */
  readonly definitionsLoadMs: number;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

/**
 * Start the embedded FHIR R4 engine: Medplum's MemoryRepository behind a strict HTTP layer
 * (see createFhirHttpHandler), listening on loopback. The R4 definitions are loaded on the first call
 * in the process (about a second) and shared by every engine after that. Data lives in memory and
 * dies with `close()`.
 */
export async function startFhirEngine(options: FhirEngineOptions = {}): Promise<FhirEngine> {
  const { loadMs } = loadFhirDefinitions();
  const host = options.host ?? '127.0.0.1';
  const repo = new MemoryRepository();
  let baseUrl = '';
  const server = createServer(
    createFhirHttpHandler({
      repo,
      basePath: FHIR_ENGINE_BASE_PATH,
      baseUrl: () => baseUrl,
      ...(options.checkReferences === undefined ? {} : { checkReferences: options.checkReferences }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}${FHIR_ENGINE_BASE_PATH}`;
  return {
    baseUrl,
    repo,
    definitionsLoadMs: loadMs,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
