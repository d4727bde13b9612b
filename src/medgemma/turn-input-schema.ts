import { z } from 'zod';
import type { TurnInput } from './triage-model.ts';

/** Plain base64, as Ollama needs it and as we build data URLs from it (A5.4). */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Image types MedGemma's processor and WhatsApp both handle. */
export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

/** Largest image accepted, in base64 characters (WhatsApp images are ≤ 5 MB; 8 MB of base64 ≈ 6 MB). */
export const MAX_IMAGE_BASE64_CHARS = 8 * 1024 * 1024;

const idSchema = z.string().max(200);

/**
 * Runtime check of a `TurnInput` (it crosses a boundary: the runner's `ModelOp.input` is `unknown`).
 * Limits are generous; the prompt builder caps the texts it quotes.
 */
export const turnInputSchema = z.object({
  language: z.enum(['en', 'fr', 'es', 'pt', 'sw']),
  runningSummary: z.string().max(20_000),
  patientText: z.string().max(20_000),
  lastQuestion: z.string().max(4_000).optional(),
  questionsAsked: z.number().int().min(0).max(1_000),
  maxQuestions: z.number().int().min(0).max(1_000),
  protocol: z.object({
    complaintGroup: idSchema,
    urgency: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    redFlags: z.array(idSchema).max(100),
    pendingQuestionKey: idSchema.optional(),
  }),
  patient: z
    .object({
      ageYears: z.number().min(0).max(150).optional(),
      sex: z.string().max(40).optional(),
    })
    .optional(),
  image: z
    .object({
      mimeType: z.enum(IMAGE_MIME_TYPES),
      base64: z.string().min(4).max(MAX_IMAGE_BASE64_CHARS).regex(BASE64),
    })
    .optional(),
});

/** A `TurnInput`, or the paths that are wrong (no values: they may be PHI). */
export type CheckedTurnInput = { ok: true; input: TurnInput } | { ok: false; problems: string[] };

/**
 * Validates an unknown value as a `TurnInput`, dropping unknown keys.
 *
 * @param value what the caller passed
 */
export function checkTurnInput(value: unknown): CheckedTurnInput {
  const r = turnInputSchema.safeParse(value);
  if (!r.success) {
    return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) };
  }
  return { ok: true, input: stripUndefined(r.data) as TurnInput };
}

/** zod leaves absent optional keys absent, but be explicit for `exactOptionalPropertyTypes`. */
function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
  return out as T;
}
