import type { EhrReadOp, IdentityAppointments, ModelOp } from '../conversation/effects.ts';
import type { EhrOutcome } from '../conversation/events.ts';
import type { EhrPort } from '../ehr/ehr-port.ts';
import type { Logger } from '../observability/logger.ts';
import { isAppError } from '../shared/app-error.ts';
import type { ConversationEnvelope } from './conversation-envelope.ts';

/** Runs the effects whose results the conversation needs within the same turn. */
export interface EffectExecutor {
  ehrRead(op: EhrReadOp, identity: ConversationEnvelope['identity']): Promise<EhrOutcome>;
  model(op: ModelOp): Promise<EhrOutcome>;
}

export interface ModelRunner {
  run(op: ModelOp): Promise<unknown>;
}

/**
 * Effect executor over the EHR port and (optionally) the model. Failures become outcomes the engine
 * can answer to (tell the patient, try later), never exceptions that would stall the turn.
 */
export function createEffectExecutor(deps: {
  ehr: EhrPort;
  model?: ModelRunner;
  logger: Logger;
  /** Downloads a WhatsApp media id (for a multimodal model); absent: photos are not passed on. */
  fetchMedia?: (mediaId: string) => Promise<{ base64: string; mimeType: string }>;
}): EffectExecutor {
  const fail = (err: unknown): EhrOutcome => {
    if (isAppError(err)) return { ok: false, code: err.code, retryable: err.retryable };
    deps.logger.error(
      { err: err instanceof Error ? err.message : String(err) },
      'unexpected error in effect',
    );
    return { ok: false, code: 'INTERNAL', retryable: true };
  };
  return {
    async ehrRead(op, identity) {
      const ref = {
        key: identity.key,
        ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
        ...(identity.waId !== undefined ? { waId: identity.waId } : {}),
      };
      try {
        switch (op.kind) {
          case 'find_patients':
            return { ok: true, value: await deps.ehr.findPatientsByWhatsApp(ref) };
          case 'identity_appointments': {
            // Only this identity's patients are asked about, so an appointment id from a reminder
            // button can never reach someone else's appointment.
            const patients = await deps.ehr.findPatientsByWhatsApp(ref);
            const lists = await Promise.all(
              patients.map((p) => deps.ehr.listUpcomingAppointments(p.id, op.from)),
            );
            const value: IdentityAppointments = {
              patients: patients.map((p) => ({ id: p.id, givenName: p.givenName })),
              appointments: lists.flat(),
            };
            return { ok: true, value };
          }
          case 'list_services':
            return { ok: true, value: await deps.ehr.listServices() };
          case 'find_slots':
            return {
              ok: true,
              value: await deps.ehr.findFreeSlots({
                serviceId: op.serviceId,
                from: op.from,
                to: op.to,
                limit: op.limit,
              }),
            };
          case 'list_appointments':
            return { ok: true, value: await deps.ehr.listUpcomingAppointments(op.patientId, op.from) };
          default: {
            const unknown: never = op;
            return { ok: false, code: `UNKNOWN_OP:${JSON.stringify(unknown)}`, retryable: false };
          }
        }
      } catch (err) {
        return fail(err);
      }
    },
    async model(op) {
      if (deps.model === undefined) return { ok: false, code: 'MODEL_DISABLED', retryable: false };
      try {
        let input = op.input;
        if (
          op.mediaId !== undefined &&
          deps.fetchMedia !== undefined &&
          typeof input === 'object' &&
          input !== null
        ) {
          // The media URL is valid for 5 minutes (whatsapp.md §6): fetch it now, inside the turn.
          const image = await deps.fetchMedia(op.mediaId).catch(() => undefined);
          if (image !== undefined) input = { ...input, image };
        }
        return { ok: true, value: await deps.model.run({ kind: op.kind, input }) };
      } catch (err) {
        return fail(err);
      }
    },
  };
}
