import { z } from 'zod';
import type { WhatsAppIdentity } from '../whatsapp/webhook-events.ts';

/**
 * What the runner stores around the engine's own state: who the conversation is with (so any worker
 * can address the patient, even on an internal event) and a short transcript for clinic staff.
 * Version 1. PHI lives here only, inside Redis, under the session TTL.
 */
export const ENVELOPE_VERSION = 1;

const identitySchema = z.object({
  key: z.string(),
  userId: z.string().optional(),
  parentUserId: z.string().optional(),
  waId: z.string().optional(),
  username: z.string().optional(),
  profileName: z.string().optional(),
});

const transcriptEntrySchema = z.object({
  dir: z.enum(['in', 'out', 'staff']),
  at: z.number(),
  text: z.string(),
});

export const envelopeSchema = z.object({
  envelopeVersion: z.literal(ENVELOPE_VERSION),
  identity: identitySchema,
  language: z.enum(['en', 'fr', 'es', 'pt', 'sw']),
  /** Unix ms of the latest patient message (the 24-hour window is tracked separately, too). */
  lastInboundAt: z.number(),
  transcript: z.array(transcriptEntrySchema),
  engine: z.unknown(),
});

export type ConversationEnvelope = z.infer<typeof envelopeSchema>;
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/** Most recent transcript entries kept for the staff console. */
export const TRANSCRIPT_LIMIT = 60;

/** Parse a stored envelope; null when absent or unreadable (treated as a new conversation). */
export function readEnvelope(data: unknown): ConversationEnvelope | null {
  const parsed = envelopeSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

/** Drop undefined optional fields so the identity fits the schema under exactOptionalPropertyTypes. */
export function identityForEnvelope(identity: WhatsAppIdentity): ConversationEnvelope['identity'] {
  return JSON.parse(JSON.stringify(identity)) as ConversationEnvelope['identity'];
}
