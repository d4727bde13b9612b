import { describe, expect, it } from 'vitest';
import { phoneUser, textMessage, usernameUser } from '../../src/sandbox/graph-api/webhook-builder.ts';
import { signatureHeader } from '../../src/whatsapp/verify-signature.ts';
import { startHarness } from '../support/whatsapp-harness.ts';

describe('logs of a full run carry no PHI', () => {
  it('scans every log line (debug level) of bookings, an emergency, a handover and bad requests', async () => {
    const h = await startHarness({ LOG_LEVEL: 'debug' });
    const mother = phoneUser('254711223344', 'Grace Wanjiru');
    const username = usernameUser({
      userId: 'KE.99887766554433',
      username: 'zawadi.m',
      name: 'Zawadi Mwangi',
    });
    const secrets = [
      '254711223344',
      '+254711223344',
      '711223344',
      'KE.99887766554433',
      'zawadi.m',
      'Grace',
      'Wanjiru',
      'Zawadi',
      'Mwangi',
      'Achieng',
      '1987-06-15',
      '15/06/1987',
      'sore throat',
      'difficulty breathing',
      'my tummy hurts',
      'Nurse Akinyi',
    ];
    const turn = async (act: () => Promise<void>, user = mother) => {
      const n = h.received(user).length;
      await act();
      await h.settle(user, n);
    };
    try {
      await turn(() => h.say(mother, 'Hello, I have a sore throat'));
      await turn(() => h.tapTitle(mother, 'agree'));
      await turn(() => h.say(mother, 'Achieng Wanjiru'));
      await turn(() => h.say(mother, '15/06/1987'));
      await turn(() => h.tapTitle(mother, 'Female'));
      await turn(() => h.tapTitle(mother, 'correct'));
      for (let i = 0; i < 8; i += 1) {
        const last = h.received(mother).at(-1);
        if (last?.kind === 'list') break;
        if (last?.options.some((o) => o.id === 'selfcare.book')) await turn(() => h.tapTitle(mother, 'book'));
        else await turn(() => h.tapTitle(mother, /^No$/));
      }
      await turn(() => h.tap(mother, h.received(mother).at(-1)?.options[0]?.id ?? ''));
      await turn(() => h.tapTitle(mother, 'book'));
      expect(h.received(mother).at(-1)?.body).toMatch(/booked/);
      // An emergency, a handover with a staff message, a username user.
      await turn(() => h.say(mother, 'now my daughter has difficulty breathing'));
      await turn(() => h.say(username, 'my tummy hurts'), username);
      await turn(() => h.say(username, 'agent'), username);
      await h.runtime.appendInternal(username.userId ?? '', {
        type: 'staff_message',
        staffRef: 'staff-7',
        text: 'Nurse Akinyi here',
      });
      await h.waitFor(username, (r) => r.body === 'Nurse Akinyi here');
      // Bad requests: a wrong signature and a malformed payload, both carrying PHI.
      const body = JSON.stringify(textMessage({ user: mother, body: 'my tummy hurts' }));
      await fetch(`http://127.0.0.1:${h.runtime.config.port}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
        body,
      });
      const broken = body.replace('"timestamp"', '"timestamq"');
      await fetch(`http://127.0.0.1:${h.runtime.config.port}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signatureHeader(broken, h.runtime.config.whatsapp.appSecret),
        },
        body: broken,
      });
      await fetch(
        `http://127.0.0.1:${h.runtime.config.port}/webhook?hub.mode=subscribe&hub.verify_token=Grace&hub.challenge=1`,
      );
    } finally {
      await h.close();
    }
    const lines = h.logLines();
    expect(lines.length).toBeGreaterThan(20);
    const leaks = lines.flatMap((line) =>
      secrets.filter((s) => line.toLowerCase().includes(s.toLowerCase())).map((s) => `${s} in ${line}`),
    );
    expect(leaks).toEqual([]);
  }, 90_000);
});
