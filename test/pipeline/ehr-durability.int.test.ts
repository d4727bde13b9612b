import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { EhrWriteJobData } from '../../src/jobs/ehr-write-worker.ts';
import { QUEUES } from '../../src/jobs/inbox-payload.ts';
import { startOpenmrsStandin } from '../standins/openmrs/openmrs-standin.ts';
import { eventually } from '../support/eventually.ts';
import { deleteByPrefix, TEST_REDIS_URL } from '../support/test-redis.ts';
import { buildTestRuntime } from '../support/test-runtime.ts';

const SERVICE = 'a1b2c3d4-0000-4000-8000-000000000009';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const prefix = `test:${randomUUID()}:`;
  const openmrs = await startOpenmrsStandin({
    timeZone: 'Africa/Nairobi',
    services: [
      {
        uuid: SERVICE,
        name: 'General Medicine',
        durationMins: 20,
        weeklyAvailability: [
          'MONDAY',
          'TUESDAY',
          'WEDNESDAY',
          'THURSDAY',
          'FRIDAY',
          'SATURDAY',
          'SUNDAY',
        ].map((d) => ({
          dayOfWeek: d as 'MONDAY',
          startTime: '00:00:00',
          endTime: '23:59:00',
        })),
      },
    ],
  });
  const type = openmrs.seedIdentifierType({ name: 'WhatsApp ID', uniquenessBehavior: 'NON_UNIQUE' });
  const patient = openmrs.seedPatient({
    givenName: 'Halima',
    familyName: 'Said',
    gender: 'F',
    birthdate: '1990-01-01',
  });
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    REDIS_REQUIRE_AOF: 'false',
    EHR_BACKEND: 'openmrs',
    OPENMRS_BASE_URL: openmrs.baseUrl,
    OPENMRS_USERNAME: 'admin',
    OPENMRS_PASSWORD: 'Admin123',
    OPENMRS_WHATSAPP_IDENTIFIER_TYPE_UUID: type.uuid,
    EHR_TIMEOUT_MS: '2000',
    CLINIC_HOURS: 'mon-sun 00:00-24:00',
    CONVERSATION_LOCK_TTL_MS: '3000',
  };
  const admin = new Redis(TEST_REDIS_URL);
  // A producer-only runtime: it enqueues jobs, never runs them (no workers in this process).
  const producer = await buildTestRuntime(env);
  const children: ChildProcess[] = [];
  cleanups.push(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await producer.close();
    await openmrs.close();
    await deleteByPrefix(admin, prefix);
    admin.disconnect();
  });
  const startWorker = async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'worker-process.ts')],
      {
        env: {
          ...process.env,
          ...env,
          WHATSAPP_ACCESS_TOKEN: 't',
          WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
          WHATSAPP_APP_SECRET: 's',
          WHATSAPP_VERIFY_TOKEN: 'v',
          EMERGENCY_NUMBER: '999',
          ROLE: 'worker',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    });
    return child;
  };
  const start = new Date(Date.now() + 2 * 24 * 3600_000);
  start.setUTCMinutes(0, 0, 0);
  const bookingJob = (jobId: string, key: string): { id: string; data: EhrWriteJobData } => ({
    id: jobId,
    data: {
      convKey: '254700000999',
      requestId: `w-${jobId}`,
      identity: { key: '254700000999', waId: '254700000999' },
      op: {
        kind: 'book',
        idempotencyKey: key,
        booking: {
          idempotencyKey: key,
          patientId: patient.uuid,
          slot: {
            serviceId: SERVICE,
            start: start.toISOString(),
            end: new Date(start.getTime() + 20 * 60_000).toISOString(),
          },
          comments: 'WhatsApp triage: routine (urgency 2/5).',
          urgency: 2,
        },
      },
    },
  });
  const appointmentsOf = () =>
    openmrs.appointments().filter((a) => a.patientUuid === patient.uuid && a.status !== 'Cancelled');
  return { openmrs, producer, startWorker, bookingJob, appointmentsOf };
}

describe('durable, exactly-once EHR writes across worker processes (Redis + OpenMRS stand-in)', () => {
  it('a worker killed in the middle of the booking write: the restarted worker completes it, one appointment', async () => {
    const { openmrs, producer, startWorker, bookingJob, appointmentsOf } = await setup();
    // OpenMRS stores the appointment, then the response hangs: the worker is killed while waiting.
    openmrs.hangNext({ route: 'POST /ws/rest/v1/appointment', ms: 20_000, commitFirst: true });
    const job = bookingJob('book-kill-1', 'key-kill-1');
    await producer.queue.add(QUEUES.ehr, job);
    const doomed = await startWorker();
    await eventually(() => appointmentsOf().length === 1, 20_000, 'appointment stored by the doomed worker');
    doomed.kill('SIGKILL');
    await new Promise((r) => doomed.once('exit', r));
    openmrs.clearFaults();
    await startWorker();
    // The stalled job is taken over and retried; the adapter finds the stored appointment.
    await eventually(
      async () => (await producer.queue.depth(QUEUES.ehr)) === 0,
      45_000,
      'job completed after restart',
    );
    expect(appointmentsOf()).toHaveLength(1);
  }, 90_000);

  it('the same booking delivered twice (same job, and a second job with the same key): one appointment', async () => {
    const { producer, startWorker, bookingJob, appointmentsOf } = await setup();
    await startWorker();
    const first = bookingJob('book-dup-1', 'key-dup-1');
    await producer.queue.add(QUEUES.ehr, first);
    await producer.queue.add(QUEUES.ehr, first);
    await producer.queue.add(QUEUES.ehr, bookingJob('book-dup-2', 'key-dup-1'));
    await eventually(async () => (await producer.queue.depth(QUEUES.ehr)) === 0, 30_000, 'jobs done');
    await new Promise((r) => setTimeout(r, 500));
    expect(appointmentsOf()).toHaveLength(1);
  }, 60_000);
});
