import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/support/silent-logger.ts';
import type { EhrWriteOp } from '../conversation/effects.ts';
import type { WhatsAppIdentityRef } from '../ehr/ehr-port.ts';
import { createMemoryEhr } from '../ehr/memory/memory-ehr.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createMemoryConversationLock } from '../sessions/memory/memory-conversation-lock.ts';
import { AppError } from '../shared/app-error.ts';
import { type EhrWriteDeps, type EhrWriteJobData, handleEhrWriteJob } from './ehr-write-worker.ts';
import type { JobContext } from './job-queue.ts';

const OLD = '254712345678';
const NEW = '255765432100';

function setup() {
  const ehr = createMemoryEhr({ services: [{ id: 'general', name: 'General' }] });
  const reports: unknown[] = [];
  const { logger, lines } = captureLogger('debug');
  const deps: EhrWriteDeps = {
    ehr,
    lock: createMemoryConversationLock(),
    lockTtlMs: 5_000,
    metrics: createMetrics(),
    logger,
    report: async (_convKey, event) => {
      reports.push(event);
    },
  };
  const register = (givenName: string, whatsapp: WhatsAppIdentityRef) =>
    ehr.registerPatient(
      { givenName, birthDate: '1990-04-02', birthDateEstimated: false, sex: 'female', whatsapp },
      `reg-${givenName}`,
    );
  const relink: EhrWriteOp = {
    kind: 'relink_whatsapp',
    idempotencyKey: 'relink-1-conv',
    from: { key: OLD, waId: OLD },
    toWaId: NEW,
  };
  const job = (op: EhrWriteOp): JobContext => {
    let data: EhrWriteJobData = {
      convKey: OLD,
      requestId: 'relink-1-0',
      op,
      identity: { key: OLD, waId: OLD },
    };
    return {
      id: 'ehr-x',
      get data() {
        return data;
      },
      attempt: 1,
      update: async (next) => {
        data = next as EhrWriteJobData;
      },
    };
  };
  return { ehr, deps, reports, lines, register, relink, job };
}

describe('EHR write worker: relink_whatsapp (the user changed number)', () => {
  it('links the new number to every patient of the old identity, and only to them', async () => {
    const { ehr, deps, reports, lines, register, relink, job } = setup();
    // Registered in 2026 from the old number: BSUID and wa_id (whatsapp.md §2.10).
    const mother = await register('Amina', { key: 'KE.111', userId: 'KE.111', waId: OLD });
    const child = await register('Baraka', { key: 'KE.111', userId: 'KE.111', waId: OLD });
    const stranger = await register('Said', { key: '254700000001', waId: '254700000001' });
    await handleEhrWriteJob(deps, job(relink));
    // The first message from the new number carries a regenerated BSUID and the new wa_id.
    const found = await ehr.findPatientsByWhatsApp({ key: 'KE.222', userId: 'KE.222', waId: NEW });
    expect(found.map((p) => p.id).sort()).toEqual([mother.id, child.id].sort());
    expect(found.map((p) => p.id)).not.toContain(stranger.id);
    expect(reports).toEqual([
      { type: 'ehr_write_result', requestId: 'relink-1-0', outcome: { ok: true, value: { linked: 2 } } },
    ]);
    // Run again (a redelivered job): nothing is added twice.
    await handleEhrWriteJob(deps, job(relink));
    expect(ehr.patients().map((p) => p.linkedWhatsApp)).toEqual([[NEW], [NEW], []]);
    expect(lines().join('\n')).not.toContain(NEW);
    expect(lines().join('\n')).not.toContain(OLD);
  });

  it('links nobody when the old number has no patients', async () => {
    const { ehr, deps, reports, relink, job } = setup();
    await handleEhrWriteJob(deps, job(relink));
    expect(ehr.callCount('linkWhatsApp')).toBe(0);
    expect(reports).toEqual([
      { type: 'ehr_write_result', requestId: 'relink-1-0', outcome: { ok: true, value: { linked: 0 } } },
    ]);
  });

  it('a transient failure halfway is retried without duplicating the links already made', async () => {
    const { ehr, deps, register, relink, job } = setup();
    await register('Amina', { key: OLD, waId: OLD });
    await register('Baraka', { key: OLD, waId: OLD });
    ehr.failNext('linkWhatsApp', new AppError('EHR_UNAVAILABLE', 'down', { retryable: true }), 1, 'after');
    const first = job(relink);
    await expect(handleEhrWriteJob(deps, first)).rejects.toMatchObject({ code: 'EHR_UNAVAILABLE' });
    expect((first.data as EhrWriteJobData).delayNotified).toBe(true);
    await handleEhrWriteJob(deps, first);
    expect(ehr.patients().map((p) => p.linkedWhatsApp)).toEqual([[NEW], [NEW]]);
  });
});
