import type { TemplateSpec } from './graph-api/validate-messages-request.ts';

/** A template as approved in WhatsApp Manager: its body with `{{n}}` parameters and its quick replies. */
export interface ApprovedTemplate {
  readonly body: string;
  /** Quick-reply button labels, in button order (the payloads are set per send). */
  readonly buttons: readonly string[];
}

/**
 * The utility templates README.md asks a clinic to submit, in the English wording given there. In
 * production Meta holds them; in the sandbox the Graph API stand-in checks sends against them (as
 * Meta does: unknown name or language 132001, wrong parameter count 132000, no such button 131009)
 * and the simulator shows them as the phone would.
 */
export const APPROVED_TEMPLATES = {
  reengage: {
    body: 'Hello, this is {{1}}. We have a reply to your message about your health. Tap Continue to see it.',
    buttons: ['Continue'],
  },
  reminder: {
    body: 'Reminder from {{1}}: your appointment is on {{2}} at {{3}}. Please come 15 minutes early.',
    buttons: ['Keep', 'Cancel'],
  },
} as const satisfies Record<string, ApprovedTemplate>;

/** The approved templates under the names this deployment uses (WHATSAPP_TEMPLATE_*). */
export function approvedTemplates(names: {
  readonly reengage: string;
  readonly reminder: string;
}): Readonly<Record<string, ApprovedTemplate>> {
  return { [names.reengage]: APPROVED_TEMPLATES.reengage, [names.reminder]: APPROVED_TEMPLATES.reminder };
}

/** The stand-in's registry: every approved template in every configured template language code. */
export function templateSpecs(
  templates: Readonly<Record<string, ApprovedTemplate>>,
  languageCodes: readonly string[],
): TemplateSpec[] {
  return Object.entries(templates).flatMap(([name, t]) =>
    [...new Set(languageCodes)].map((language) => ({
      name,
      language,
      bodyParams: new Set(t.body.match(/\{\{\d+\}\}/g) ?? []).size,
      quickReplyButtons: t.buttons.length,
    })),
  );
}

/** The body with its parameters filled in (`{{1}}` is the first). */
export function fillTemplate(body: string, params: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[Number(n) - 1] ?? whole);
}
