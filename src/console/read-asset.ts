import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/**
 * The text of a browser asset (`.js`, `.css`) kept beside the module that serves it. `tsc` compiles
 * only TypeScript, so a build in `dist/` may lack the file: then the same path under `src/` is tried
 * (a build run inside the repository). Undefined when neither exists, so a packaging slip costs the
 * page its script and styles instead of stopping the service at start.
 */
export function readAsset(url: URL): string | undefined {
  const path = fileURLToPath(url);
  const candidates = [path, path.replace(/([/\\])dist([/\\])/, '$1src$2')];
  for (const candidate of new Set(candidates)) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

/**
 * `GET path` answers `text` as `contentType` (revalidated on every load, so a new build shows at once),
 * or 404 with a warning logged once at start when the asset is missing from the build.
 */
export function serveAsset(
  app: FastifyInstance,
  path: string,
  text: string | undefined,
  contentType: string,
): void {
  if (text === undefined) {
    app.log.warn(
      { asset: path },
      'browser asset missing from the build: copy the .js/.css files beside the compiled code',
    );
  }
  app.get(path, async (_request, reply) =>
    text === undefined
      ? reply.code(404).send({ error: 'NOT_FOUND' })
      : reply.type(`${contentType}; charset=utf-8`).header('cache-control', 'no-cache').send(text),
  );
}
