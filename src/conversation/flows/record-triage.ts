import type { Turn } from '../turn.ts';

/**
 * Write this episode's triage to the EHR (encounter + observations, idempotent by key) once we know
 * the patient's record; called again when a pending registration completes. Includes the booked
 * appointment when there is one.
 */
export function recordTriage(t: Turn, appointmentId?: string): void {
  const s = t.s;
  if (s.triageRecorded || s.triage === null || s.patient?.id === undefined || !s.consent) return;
  s.triageRecorded = true;
  const result = s.triage;
  const key = `triage-${t.ctx.conversationRef}-${s.createdAt}-${s.episode}`;
  t.write({
    kind: 'record_triage',
    idempotencyKey: key,
    record: {
      idempotencyKey: key,
      patientId: s.patient.id,
      chiefComplaint: (s.complaint ?? result.complaintGroup).slice(0, 1000),
      ...(result.temperatureC !== undefined ? { temperatureC: result.temperatureC } : {}),
      urgency: result.urgency,
      disposition: result.disposition,
      redFlags: result.redFlags,
      reasons: result.reasons,
      summary: result.summary,
      // A minute back: OpenMRS refuses encounters dated in the future, and clocks drift.
      recordedAt: new Date(t.now - 60_000).toISOString(),
      ...(appointmentId !== undefined ? { appointmentId } : {}),
    },
  });
}
