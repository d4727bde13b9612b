import type { EhrWriteOp } from '../conversation/effects.ts';
import type { EhrOutcome } from '../conversation/events.ts';
import type { BookingRequest, EhrPort, NewPatient, TriageRecord } from '../ehr/ehr-port.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConversationLock } from '../sessions/conversation-lock.ts';
import { AppError, isAppError } from '../shared/app-error.ts';
import { pseudonym } from '../shared/hash.ts';
import type { ConversationEnvelope } from './conversation-envelope.ts';
import type { JobContext } from './job-queue.ts';
import { RetryLater } from './job-queue.ts';

export interface EhrWriteJobData {
  readonly convKey: string;
  readonly requestId: string;
  readonly op: EhrWriteOp;
  readonly identity: ConversationEnvelope['identity'];
  /** Set once the patient has been told the write is taking longer (so we tell them once). */
  readonly delayNotified?: boolean;
}

export interface EhrWriteDeps {
  readonly ehr: EhrPort;
  /** Excludes concurrent attempts of one write (same idempotency key) across every worker. */
  readonly lock: ConversationLock;
  /** How long a crashed worker's hold on a write lasts; a running write renews it. */
  readonly lockTtlMs: number;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Put the result (or the delay notice) into the conversation's inbox. */
  readonly report: (
    convKey: string,
    event:
      | { type: 'ehr_write_result'; requestId: string; outcome: EhrOutcome }
      | { type: 'ehr_write_delayed'; requestId: string },
  ) => Promise<void>;
}

/**
 * Run one durable EHR write. Every op is idempotent at the EHR port (idempotency key, look before
 * create), so a retry after a timeout — or after this worker was killed mid-write — never creates a
 * second record. A transient failure tells the patient once that the booking is being completed and
 * retries with backoff; success or a permanent failure goes back to the conversation.
 */
export async function handleEhrWriteJob(deps: EhrWriteDeps, job: JobContext): Promise<void> {
  const data = job.data as EhrWriteJobData;
  // Look-before-create in the adapters is only safe if two attempts of the same write never overlap
  // (two jobs carrying one key, or a retry racing a stalled attempt): hold the key while writing.
  const lockKey = `ehr-write:${pseudonym(writeKey(data))}`;
  const token = await deps.lock.acquire(lockKey, deps.lockTtlMs);
  if (token === null) throw new RetryLater(1000, 'the same EHR write is running elsewhere');
  const keepAlive = setInterval(
    () => void deps.lock.extend(lockKey, token, deps.lockTtlMs),
    Math.max(500, deps.lockTtlMs / 3),
  );
  keepAlive.unref?.();
  try {
    const value = await runWrite(deps.ehr, data);
    await deps.report(data.convKey, {
      type: 'ehr_write_result',
      requestId: data.requestId,
      outcome: { ok: true, value },
    });
  } catch (err) {
    if (isAppError(err) && err.retryable) {
      if (data.delayNotified !== true) {
        await job.update({ ...data, delayNotified: true });
        await deps.report(data.convKey, { type: 'ehr_write_delayed', requestId: data.requestId });
      }
      throw err;
    }
    throw err instanceof AppError
      ? err
      : new AppError('EHR_UNEXPECTED', 'unexpected error in EHR write', { cause: err });
  } finally {
    clearInterval(keepAlive);
    await deps.lock.release(lockKey, token).catch(() => undefined);
  }
}

/** The identity of a write for mutual exclusion: its idempotency key, or the appointment it cancels. */
function writeKey(data: EhrWriteJobData): string {
  return data.op.kind === 'cancel_appointment' ? `cancel:${data.op.appointmentId}` : data.op.idempotencyKey;
}

/** Called when an EHR write is given up on: alert staff and tell the conversation. */
export async function deadLetterEhrWrite(deps: EhrWriteDeps, job: JobContext, err: unknown): Promise<void> {
  const data = job.data as EhrWriteJobData;
  const code = isAppError(err) ? err.code : 'EHR_UNEXPECTED';
  deps.metrics.deadLetters.inc({ queue: 'ehr', code });
  deps.logger.error(
    { conv: pseudonym(data.convKey), op: data.op.kind, code, attempt: job.attempt },
    'EHR write given up; staff must follow up',
  );
  await deps.report(data.convKey, {
    type: 'ehr_write_result',
    requestId: data.requestId,
    outcome: { ok: false, code, retryable: false },
  });
}

async function runWrite(ehr: EhrPort, data: EhrWriteJobData): Promise<unknown> {
  const { op, identity } = data;
  switch (op.kind) {
    case 'register_patient': {
      const patient = op.patient as Omit<NewPatient, 'whatsapp' | 'phone'>;
      return ehr.registerPatient(
        {
          ...patient,
          ...(identity.waId !== undefined ? { phone: `+${identity.waId}` } : {}),
          whatsapp: {
            key: identity.key,
            ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
            ...(identity.waId !== undefined ? { waId: identity.waId } : {}),
          },
        },
        op.idempotencyKey,
      );
    }
    case 'book':
      return ehr.book(op.booking as BookingRequest);
    case 'cancel_appointment':
      await ehr.cancelAppointment(op.appointmentId);
      return { cancelled: op.appointmentId };
    case 'record_triage':
      return ehr.recordTriage(op.record as TriageRecord);
    case 'relink_whatsapp': {
      // Every patient of the old identity (a family phone links several) gets the new number; the
      // regenerated BSUID is linked by nothing here: it arrives with the first message from the new
      // number, which finds the patients by this wa_id (whatsapp.md §2.10). Linking is idempotent,
      // so a retry after a partial run only adds what is missing.
      const patients = await ehr.findPatientsByWhatsApp(op.from);
      for (const p of patients) await ehr.linkWhatsApp(p.id, { key: op.toWaId, waId: op.toWaId });
      return { linked: patients.length };
    }
    default: {
      const unknown: never = op;
      throw new AppError('EHR_BAD_OP', `unknown EHR write ${JSON.stringify(unknown)}`);
    }
  }
}
