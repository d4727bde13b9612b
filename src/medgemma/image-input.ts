import { AppError } from '../shared/app-error.ts';
import type { ImageInput } from './triage-model.ts';
import { IMAGE_MIME_TYPES, MAX_IMAGE_BASE64_CHARS } from './turn-input-schema.ts';

/**
 * Builds the `TurnInput.image` of the multimodal path (MedGemma 4B / 27B multimodal, reference A1)
 * from downloaded WhatsApp media. Check `TriageModel.supportsImages` first: a text-only model
 * (medgemma-27b-text-it) refuses image parts (vLLM 400, Ollama 500).
 *
 * Each provider then sends it its own way (see the transports): OpenAI-compatible and Vertex chat as
 * a content part `{"type":"image_url","image_url":{"url":"data:<mime>;base64,…"}}` (A5.1c), Vertex
 * `:predict` with `@requestFormat: "chatCompletions"` the same part inside the instance (A5.1b),
 * Ollama native as plain base64 in the message's `images` (A5.4). The server resizes to 896×896 and
 * spends 256 prompt tokens on it (A2).
 *
 * @param bytes the image file
 * @param mimeType its media type (parameters such as `; charset` are ignored)
 * @throws AppError MODEL_BAD_INPUT for an unsupported type, an empty or an oversized image
 */
export function createImageInput(bytes: Uint8Array, mimeType: string): ImageInput {
  const type = mimeType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (!(IMAGE_MIME_TYPES as readonly string[]).includes(type)) {
    throw new AppError('MODEL_BAD_INPUT', 'unsupported image type for the model', {
      details: { cause: 'input', mimeType: type },
    });
  }
  if (bytes.length === 0 || Math.ceil(bytes.length / 3) * 4 > MAX_IMAGE_BASE64_CHARS) {
    throw new AppError('MODEL_BAD_INPUT', 'image is empty or too large for the model', {
      details: { cause: 'input', bytes: bytes.length },
    });
  }
  return { mimeType: type, base64: Buffer.from(bytes).toString('base64') };
}

/** The `data:` URL of an image, for OpenAI-style `image_url` content parts. */
export function imageDataUrl(image: ImageInput): string {
  return `data:${image.mimeType};base64,${image.base64}`;
}
