import { afterEach, describe, expect, it } from 'vitest';
import { approvedTemplates } from '../approved-templates.ts';
import { type GraphApiStandin, startGraphApiStandin } from '../graph-api/graph-api-standin.ts';
import { phoneUser } from '../graph-api/webhook-builder.ts';
import type { SimulatedPhone } from './demo-phones.ts';
import { createSimulatorHub, type SimulatorHub } from './simulator-hub.ts';

const TOKEN = 'sandbox-access-token';
const PNID = '100000000000001';
const PHONE: SimulatedPhone = {
  id: 'p1',
  user: phoneUser('254799000001'),
  label: '+254 799 000 001',
  kind: 'phone',
  avatar: 'person',
};

let graph: GraphApiStandin | undefined;
let hub: SimulatorHub | undefined;
afterEach(async () => {
  hub?.close();
  await graph?.close();
});

const sendReminder = (g: GraphApiStandin, name: string) =>
  fetch(`${g.baseUrl}/v25.0/${PNID}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      messaging_product: 'whatsapp',
      to: '+254799000001',
      type: 'template',
      template: {
        name,
        language: { code: 'en' },
        components: [
          {
            type: 'body',
            parameters: ['Clinic', 'Thursday 26 November 2026', '09:00'].map((text) => ({
              type: 'text',
              text,
            })),
          },
          ...['reminder:keep:a1:en', 'reminder:cancel:a1:en'].map((payload, i) => ({
            type: 'button',
            sub_type: 'quick_reply',
            index: String(i),
            parameters: [{ type: 'payload', payload }],
          })),
        ],
      },
    }),
  });

describe('simulator hub: templates', () => {
  it('shows an approved template with its wording and button labels, the payloads as ids', async () => {
    graph = await startGraphApiStandin({ accessToken: TOKEN, phoneNumberId: PNID });
    hub = createSimulatorHub({
      graph,
      phones: [PHONE],
      templates: approvedTemplates({ reengage: 'clinic_reengage', reminder: 'appointment_reminder' }),
    });
    expect((await sendReminder(graph, 'appointment_reminder')).status).toBe(200);
    const [item] = hub.history('p1');
    expect(item?.kind).toBe('template');
    expect(item?.text).toBe(
      'Reminder from Clinic: your appointment is on Thursday 26 November 2026 at 09:00. Please come 15 minutes early.',
    );
    expect(item?.options).toEqual([
      { id: 'reminder:keep:a1:en', title: 'Keep' },
      { id: 'reminder:cancel:a1:en', title: 'Cancel' },
    ]);
  });

  it('labels the buttons of a template it has no wording for by their action word, never an id', async () => {
    graph = await startGraphApiStandin({ accessToken: TOKEN, phoneNumberId: PNID });
    hub = createSimulatorHub({ graph, phones: [PHONE] });
    await sendReminder(graph, 'other_reminder');
    expect(hub.history('p1')[0]?.options?.map((o) => o.title)).toEqual(['Keep', 'Cancel']);
  });
});
