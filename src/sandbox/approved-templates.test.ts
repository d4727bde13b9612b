import { describe, expect, it } from 'vitest';
import { approvedTemplates, fillTemplate, templateSpecs } from './approved-templates.ts';
import { validateMessagesRequest } from './graph-api/validate-messages-request.ts';

const names = { reengage: 'clinic_reengage', reminder: 'appointment_reminder' };
const registry = templateSpecs(approvedTemplates(names), ['en', 'pt_BR', 'en']);

const reminderSend = (params: readonly string[], payloads: readonly string[], language = 'en') => ({
  messaging_product: 'whatsapp',
  to: '+254712345678',
  type: 'template',
  template: {
    name: 'appointment_reminder',
    language: { code: language },
    components: [
      { type: 'body', parameters: params.map((text) => ({ type: 'text', text })) },
      ...payloads.map((payload, i) => ({
        type: 'button',
        sub_type: 'quick_reply',
        index: String(i),
        parameters: [{ type: 'payload', payload }],
      })),
    ],
  },
});

describe('approved templates in the sandbox', () => {
  it('registers each template once per language code, with its parameter and button counts', () => {
    expect(registry).toEqual([
      { name: 'clinic_reengage', language: 'en', bodyParams: 1, quickReplyButtons: 1 },
      { name: 'clinic_reengage', language: 'pt_BR', bodyParams: 1, quickReplyButtons: 1 },
      { name: 'appointment_reminder', language: 'en', bodyParams: 3, quickReplyButtons: 2 },
      { name: 'appointment_reminder', language: 'pt_BR', bodyParams: 3, quickReplyButtons: 2 },
    ]);
  });

  it('the stand-in accepts the reminder as sent, and rejects what Meta would', () => {
    const ok = validateMessagesRequest(
      reminderSend(
        ['Clinic', 'Thursday 26 November 2026', '09:00'],
        ['reminder:keep:a1', 'reminder:cancel:a1'],
      ),
      { templates: registry },
    );
    expect(ok.ok).toBe(true);
    const missing = validateMessagesRequest(reminderSend(['Clinic', '09:00'], []), { templates: registry });
    expect(missing.ok === false && missing.error.code).toBe(132000);
    const thirdButton = validateMessagesRequest(
      reminderSend(['a', 'b', 'c'], ['reminder:keep:a1', 'reminder:cancel:a1', 'x']),
      { templates: registry },
    );
    expect(thirdButton.ok === false && thirdButton.error.code).toBe(131009);
    const otherLanguage = validateMessagesRequest(reminderSend(['a', 'b', 'c'], [], 'sw'), {
      templates: registry,
    });
    expect(otherLanguage.ok === false && otherLanguage.error.code).toBe(132001);
  });

  it('fills the body as the phone shows it', () => {
    expect(
      fillTemplate(approvedTemplates(names).appointment_reminder?.body ?? '', [
        'Clinic',
        'Thu 26 Nov',
        '09:00',
      ]),
    ).toBe('Reminder from Clinic: your appointment is on Thu 26 Nov at 09:00. Please come 15 minutes early.');
  });
});
