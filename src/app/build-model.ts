import type { Config } from '../config/load-config.ts';
import type { ModelRunner } from '../jobs/effect-executor.ts';
import { createTriageModel, MEDGEMMA_DEFAULTS } from '../medgemma/create-triage-model.ts';
import { createMedgemmaMetrics } from '../medgemma/medgemma-metrics.ts';
import { createTriageModelRunner } from '../medgemma/triage-model-runner.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createGraphClient } from '../whatsapp/graph-client.ts';

export interface BuiltModel {
  /** The model behind the effect executor, or undefined: the protocol alone. */
  readonly runner?: ModelRunner;
  /** What the conversation engine needs to know about it. */
  readonly engine?: { readonly maxQuestions: number; readonly supportsImages: boolean };
  /** Downloads a patient's photo for a multimodal model (whatsapp.md §6: the URL lives 5 minutes). */
  readonly fetchMedia?: (mediaId: string) => Promise<{ base64: string; mimeType: string }>;
}

/** Photos larger than this are not sent to the model (WhatsApp images are at most 5 MB). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** MedGemma from MEDGEMMA_* (none by default), with its metrics on the service's registry. */
export function buildModel(config: Config, metrics: Metrics): BuiltModel {
  const model = createTriageModel(
    config.medgemma.provider === 'none'
      ? config.medgemma
      : { ...config.medgemma, metrics: createMedgemmaMetrics(metrics.registry) },
  );
  if (model === undefined) return {};
  const graph = createGraphClient({
    baseUrl: config.whatsapp.apiBaseUrl,
    apiVersion: config.whatsapp.apiVersion,
    phoneNumberId: config.whatsapp.phoneNumberId,
    accessToken: config.whatsapp.accessToken,
    timeoutMs: config.whatsapp.timeoutMs,
  });
  // The whole model turn (retries included) must end well inside the conversation lock.
  const configured = config.medgemma.provider === 'none' ? undefined : config.medgemma.timeoutMs;
  const deadlineMs = Math.min(
    configured ?? MEDGEMMA_DEFAULTS.timeoutMs,
    Math.floor(config.pipeline.lockTtlMs / 2),
  );
  return {
    runner: createTriageModelRunner(model, { deadlineMs }),
    engine: { maxQuestions: config.medgemmaMaxQuestions, supportsImages: model.supportsImages },
    ...(model.supportsImages
      ? {
          fetchMedia: async (mediaId: string) => {
            const media = await graph.downloadMediaById(mediaId, {
              maxBytes: MAX_IMAGE_BYTES,
              allowedMimeTypes: ['image/jpeg', 'image/png', 'image/webp'],
            });
            return { base64: Buffer.from(media.bytes).toString('base64'), mimeType: media.mimeType };
          },
        }
      : {}),
  };
}
