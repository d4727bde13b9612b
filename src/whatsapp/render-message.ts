/**
 * Pure renderer: channel-neutral {@link OutboundMessage} → Cloud API `POST /messages` bodies that are
 * always within Meta's limits (reference/whatsapp.md §4.1–4.4). It never throws for long or odd text:
 * it truncates at grapheme boundaries, disambiguates, moves what a label cannot show into the body, and
 * splits what a single message cannot hold. It throws {@link AppError} only for caller bugs that no
 * rendering can fix (empty message, malformed recipient, template name or payload).
 */
import { AppError } from '../shared/app-error.ts';
import type { Choice, OutboundMessage, Recipient } from './outbound-message.ts';
import { cleanLine, cleanText, splitText, truncateText } from './truncate-text.ts';

/** Meta's limits as the renderer applies them (UTF-16 code units, see truncate-text.ts). */
export const WHATSAPP_LIMITS = {
  /** §4.1 */
  textBody: 4096,
  /** §4.2 */
  buttonBody: 1024,
  /** §4.3 */
  listBody: 4096,
  /** §4.2/§4.3: text header. */
  header: 60,
  footer: 60,
  maxButtons: 3,
  buttonTitle: 20,
  buttonId: 256,
  maxRows: 10,
  listButton: 20,
  sectionTitle: 24,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  /** Meta's message reference caps `biz_opaque_callback_data` at 512 characters. */
  bizOpaqueCallbackData: 512,
  /** Template names are lowercase letters, digits and underscores, ≤ 512 characters. */
  templateName: 512,
  /**
   * Not documented by Meta; we use the reply-button id limit (§4.2) as a conservative cap. Payloads
   * are routing data, so they are never truncated: a longer one is a caller bug.
   */
  quickReplyPayload: 256,
} as const;

interface GraphEnvelope {
  readonly messaging_product: 'whatsapp';
  readonly recipient_type: 'individual';
  /** E.164 with `+` (§4: without it Meta prepends the business's country code). */
  readonly to?: string;
  /** BSUID (§2.10). When both are present, `to` wins at Meta. */
  readonly recipient?: string;
  readonly context?: { readonly message_id: string };
  readonly biz_opaque_callback_data?: string;
}

/** `{type:"text"}` body (§4.1). */
export interface GraphTextBody extends GraphEnvelope {
  readonly type: 'text';
  readonly text: { readonly body: string };
}

interface TextHeader {
  readonly type: 'text';
  readonly text: string;
}

/** Interactive reply buttons (§4.2). */
export interface GraphButtonInteractive {
  readonly type: 'button';
  readonly header?: TextHeader;
  readonly body: { readonly text: string };
  readonly footer?: { readonly text: string };
  readonly action: {
    readonly buttons: readonly {
      readonly type: 'reply';
      readonly reply: { readonly id: string; readonly title: string };
    }[];
  };
}

/** Interactive list (§4.3); we always send one untitled section (a title is only required with several). */
export interface GraphListInteractive {
  readonly type: 'list';
  readonly header?: TextHeader;
  readonly body: { readonly text: string };
  readonly footer?: { readonly text: string };
  readonly action: {
    readonly button: string;
    readonly sections: readonly {
      readonly title?: string;
      readonly rows: readonly {
        readonly id: string;
        readonly title: string;
        readonly description?: string;
      }[];
    }[];
  };
}

/** `{type:"interactive"}` body. */
export interface GraphInteractiveBody extends GraphEnvelope {
  readonly type: 'interactive';
  readonly interactive: GraphButtonInteractive | GraphListInteractive;
}

/** One template component: body text parameters or a quick-reply button payload (§2.5, §4.4). */
export type GraphTemplateComponent =
  | {
      readonly type: 'body';
      readonly parameters: readonly { readonly type: 'text'; readonly text: string }[];
    }
  | {
      readonly type: 'button';
      readonly sub_type: 'quick_reply';
      readonly index: string;
      readonly parameters: readonly { readonly type: 'payload'; readonly payload: string }[];
    };

/** `{type:"template"}` body (§4.4). */
export interface GraphTemplateBody extends GraphEnvelope {
  readonly type: 'template';
  readonly template: {
    readonly name: string;
    readonly language: { readonly code: string; readonly policy: 'deterministic' };
    readonly components?: readonly GraphTemplateComponent[];
  };
}

/** Any body the renderer produces for `POST /{phone-number-id}/messages`. */
export type GraphMessageBody = GraphTextBody | GraphInteractiveBody | GraphTemplateBody;

/**
 * What one {@link OutboundMessage} becomes: one body, or several when the text does not fit one
 * message. Send them in order; a question's buttons/list are always on the LAST body and the reply
 * context (`replyTo`) on the FIRST. Meta does not guarantee delivery order (§4.6), so a sender that
 * cares waits for each part's `sent`/`delivered` status before the next.
 */
export type RenderedMessages = readonly [GraphMessageBody, ...GraphMessageBody[]];

/** Options for {@link renderMessage}. */
export interface RenderOptions {
  /** Echoed in status webhooks (§2.10); put the outbox id here. Set on every part. ≤ 512 characters. */
  readonly bizOpaqueCallbackData?: string;
}

const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;
const PHONE_DECORATION = /[\s().-]/g;
const TEMPLATE_NAME = /^[a-z0-9_]+$/;
const LANGUAGE_CODE = /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/;
/** Separator between a choice title and its description in body text. */
const DASH = ' — ';

/**
 * Renders `message` for `recipient` into Cloud API request bodies (see {@link RenderedMessages} for
 * ordering). Decisions, all within §4.1–4.4:
 * - `text`: cleaned (NFC, no control characters) and split at paragraph/line/sentence/word boundaries
 *   into ≤ 4096-unit messages ({@link splitText}).
 * - `choices`: 0 → plain text; ≤ 3 → reply buttons; ≤ 10 → list; more (or ids Meta would reject:
 *   empty, duplicate, too long, padded) → numbered text ("1. …" lines) so the patient can answer "2".
 *   Labels are truncated with "…" at grapheme boundaries. If any label lost information (or a
 *   description has no place, as on buttons), or two labels would look the same, every label is
 *   numbered ("2. Take parac…") and the full text goes into the body as "2. Take paracetamol…" lines; on
 *   lists a truncated row title first moves, whole, into the row description. A header or footer longer
 *   than 60 moves into the body. A body too long for buttons (1024) upgrades to a list (4096); a body too
 *   long for a list is split: leading text messages, then the interactive message with the last part
 *   (buttons or list, whichever needs fewer messages).
 * - `template`: `language.policy:"deterministic"`; body parameters have newlines/tabs and space runs
 *   collapsed (Meta rejects "new-line/tab characters or more than 4 consecutive spaces" in parameters).
 * @throws AppError `WHATSAPP_INVALID_RECIPIENT` (no/malformed phone and BSUID) or
 *   `WHATSAPP_INVALID_MESSAGE` (empty text, bad template name/language/parameter/payload, callback data
 *   over 512). Messages carry no PHI.
 */
export function renderMessage(
  recipient: Recipient,
  message: OutboundMessage,
  opts: RenderOptions = {},
): RenderedMessages {
  const envelope = renderEnvelope(recipient, opts);
  switch (message.kind) {
    case 'text': {
      const parts = splitText(message.body, WHATSAPP_LIMITS.textBody);
      if (parts.length === 0) throw invalid('text message body is empty');
      return withContext(
        parts.map((body): GraphMessageBody => ({ ...envelope, type: 'text', text: { body } })),
        message.replyTo,
      );
    }
    case 'choices':
      return withContext(
        renderChoices(message).map(
          (part): GraphMessageBody =>
            part.kind === 'text'
              ? { ...envelope, type: 'text', text: { body: part.body } }
              : { ...envelope, type: 'interactive', interactive: part.interactive },
        ),
        message.replyTo,
      );
    case 'template':
      return [{ ...envelope, type: 'template', template: renderTemplate(message) }];
  }
}

function invalid(reason: string): AppError {
  return new AppError('WHATSAPP_INVALID_MESSAGE', `Cannot render WhatsApp message: ${reason}`);
}

function renderEnvelope(recipient: Recipient, opts: RenderOptions): GraphEnvelope {
  let to: string | undefined;
  if (recipient.phone !== undefined) {
    const digits = recipient.phone.replace(PHONE_DECORATION, '').replace(/^\+/, '');
    // E.164: at most 15 digits; below 7 nothing is a real subscriber number.
    if (!/^[1-9][0-9]{6,14}$/.test(digits)) {
      throw new AppError('WHATSAPP_INVALID_RECIPIENT', 'Recipient phone is not an E.164 number');
    }
    to = `+${digits}`;
  }
  const userId = recipient.userId;
  if (userId !== undefined && !BSUID.test(userId)) {
    throw new AppError('WHATSAPP_INVALID_RECIPIENT', 'Recipient user id is not a business-scoped user id');
  }
  if (to === undefined && userId === undefined) {
    throw new AppError('WHATSAPP_INVALID_RECIPIENT', 'Recipient has neither phone nor user id');
  }
  const data = opts.bizOpaqueCallbackData;
  if (data !== undefined && (data.length === 0 || data.length > WHATSAPP_LIMITS.bizOpaqueCallbackData)) {
    throw invalid('biz_opaque_callback_data must be 1–512 characters');
  }
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...(to === undefined ? {} : { to }),
    ...(userId === undefined ? {} : { recipient: userId }),
    ...(data === undefined ? {} : { biz_opaque_callback_data: data }),
  };
}

function withContext(parts: GraphMessageBody[], replyTo: string | undefined): RenderedMessages {
  const [first, ...rest] = parts;
  if (first === undefined) throw invalid('nothing to send');
  const id = replyTo?.trim();
  if (!id) return [first, ...rest];
  return [{ ...first, context: { message_id: id } }, ...rest];
}

// ─── templates ────────────────────────────────────────────────────────────────────────────────────

function renderTemplate(
  message: Extract<OutboundMessage, { kind: 'template' }>,
): GraphTemplateBody['template'] {
  const name = message.name.trim();
  if (!TEMPLATE_NAME.test(name) || name.length > WHATSAPP_LIMITS.templateName) {
    throw invalid('template name must be lowercase letters, digits and underscores');
  }
  const code = message.language.trim();
  if (!LANGUAGE_CODE.test(code)) throw invalid('template language code is malformed');
  const components: GraphTemplateComponent[] = [];
  if (message.bodyParams.length > 0) {
    components.push({
      type: 'body',
      parameters: message.bodyParams.map((param) => {
        const text = cleanLine(param);
        if (text.length === 0) throw invalid('template body parameter is empty');
        return { type: 'text', text };
      }),
    });
  }
  (message.quickReplyPayloads ?? []).forEach((payload, index) => {
    if (payload.length === 0 || payload.length > WHATSAPP_LIMITS.quickReplyPayload) {
      throw invalid('quick-reply payload must be 1–256 characters');
    }
    components.push({
      type: 'button',
      sub_type: 'quick_reply',
      index: String(index),
      parameters: [{ type: 'payload', payload }],
    });
  });
  return {
    name,
    language: { code, policy: 'deterministic' },
    ...(components.length === 0 ? {} : { components }),
  };
}

// ─── choices ──────────────────────────────────────────────────────────────────────────────────────

type Part =
  | { readonly kind: 'text'; readonly body: string }
  | { readonly kind: 'interactive'; readonly interactive: GraphButtonInteractive | GraphListInteractive };

interface CleanChoice {
  readonly id: string;
  /** One-line, never empty (falls back to the 1-based number). */
  readonly title: string;
  /** One-line, '' when absent. */
  readonly description: string;
}

interface Labels {
  /** Labels shown on the buttons/rows, in choice order. */
  readonly titles: readonly string[];
  /** Row descriptions ('' = none); always '' for buttons. */
  readonly descriptions: readonly string[];
  /** Body lines carrying what the labels could not show ('' when none). */
  readonly legend: string;
}

type ChoicesMessage = Extract<OutboundMessage, { kind: 'choices' }>;

function renderChoices(message: ChoicesMessage): Part[] {
  const choices = message.choices.map(cleanChoice);
  const header = message.header === undefined ? '' : cleanLine(message.header);
  const footer = message.footer === undefined ? '' : cleanLine(message.footer);
  const body = cleanText(message.body);
  const n = choices.length;

  if (n >= 1 && n <= WHATSAPP_LIMITS.maxRows) {
    const useButtons = n <= WHATSAPP_LIMITS.maxButtons && idsValid(choices, WHATSAPP_LIMITS.buttonId);
    const useList = idsValid(choices, WHATSAPP_LIMITS.rowId);
    if (useButtons || useList) {
      return renderInteractive(message, choices, { header, footer, body }, useButtons, useList);
    }
  }
  return renderNumberedText(choices, { header, footer, body });
}

function cleanChoice(choice: Choice, index: number): CleanChoice {
  return {
    id: choice.id,
    title: cleanLine(choice.title) || String(index + 1),
    description: choice.description === undefined ? '' : cleanLine(choice.description),
  };
}

/** Ids route the reply (§2.4), so they are never altered: ids Meta would reject send us to numbered text. */
function idsValid(choices: readonly CleanChoice[], max: number): boolean {
  const seen = new Set<string>();
  for (const { id } of choices) {
    if (id.length === 0 || id.length > max || id !== id.trim() || seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

interface Texts {
  readonly header: string;
  readonly footer: string;
  readonly body: string;
}

function renderInteractive(
  message: ChoicesMessage,
  choices: readonly CleanChoice[],
  texts: Texts,
  useButtons: boolean,
  useList: boolean,
): Part[] {
  // Header/footer that do not fit move, whole, into the body (§4.2/§4.3: 60 each).
  const headerFits = texts.header.length > 0 && texts.header.length <= WHATSAPP_LIMITS.header;
  const footerFits = texts.footer.length > 0 && texts.footer.length <= WHATSAPP_LIMITS.footer;
  const bodyText = (labels: Labels, headerInBody: boolean): string =>
    joinParagraphs([
      headerInBody || !headerFits ? texts.header : '',
      // An empty body is not allowed on interactive messages; the choices themselves then say it.
      texts.body || (labels.legend ? '' : numberedLines(choices)),
      labels.legend,
      footerFits ? '' : texts.footer,
    ]);
  const build = (form: 'button' | 'list', labels: Labels, text: string, withHeader: boolean) =>
    interactive(message, form, labels, {
      header: withHeader && headerFits ? texts.header : '',
      footer: footerFits ? texts.footer : '',
      body: text,
    });

  const buttonLabels = useButtons ? buttonTitles(choices) : undefined;
  if (buttonLabels) {
    const text = bodyText(buttonLabels, false);
    if (text.length <= WHATSAPP_LIMITS.buttonBody) return [build('button', buttonLabels, text, true)];
  }
  const listLabels = useList ? listRows(choices) : undefined;
  if (listLabels) {
    const text = bodyText(listLabels, false);
    if (text.length <= WHATSAPP_LIMITS.listBody) return [build('list', listLabels, text, true)];
  }
  // Too long for one interactive message: lead with text messages, end with the question (the header
  // goes into the first text part so it still reads first). Buttons or list, whichever needs fewer
  // messages (buttons on a tie).
  const split = (form: 'button' | 'list', labels: Labels): Part[] => {
    const limit = form === 'button' ? WHATSAPP_LIMITS.buttonBody : WHATSAPP_LIMITS.listBody;
    const chunks = splitText(bodyText(labels, true), WHATSAPP_LIMITS.textBody);
    let last = chunks.pop() ?? '';
    if (last.length > limit) {
      const tail = splitText(last, limit);
      last = tail.pop() ?? '';
      chunks.push(...tail);
    }
    return [...chunks.map((body): Part => ({ kind: 'text', body })), build(form, labels, last, false)];
  };
  const candidates = [
    ...(buttonLabels ? [split('button', buttonLabels)] : []),
    ...(listLabels ? [split('list', listLabels)] : []),
  ];
  return (
    candidates.reduce<Part[] | undefined>(
      (best, parts) => (best === undefined || parts.length < best.length ? parts : best),
      undefined,
    ) ?? renderNumberedText(choices, texts)
  );
}

function interactive(message: ChoicesMessage, form: 'button' | 'list', labels: Labels, texts: Texts): Part {
  const common = {
    ...(texts.header ? { header: { type: 'text' as const, text: texts.header } } : {}),
    body: { text: texts.body },
    ...(texts.footer ? { footer: { text: texts.footer } } : {}),
  };
  const ids = message.choices.map((c) => c.id);
  if (form === 'button') {
    return {
      kind: 'interactive',
      interactive: {
        type: 'button',
        ...common,
        action: {
          buttons: labels.titles.map((title, i) => ({
            type: 'reply' as const,
            reply: { id: ids[i] ?? '', title },
          })),
        },
      },
    };
  }
  const button = truncateText(cleanLine(message.buttonLabel), WHATSAPP_LIMITS.listButton).text || '☰';
  return {
    kind: 'interactive',
    interactive: {
      type: 'list',
      ...common,
      action: {
        button,
        sections: [
          {
            rows: labels.titles.map((title, i) => {
              const description = labels.descriptions[i] ?? '';
              return { id: ids[i] ?? '', title, ...(description ? { description } : {}) };
            }),
          },
        ],
      },
    },
  };
}

/** Case- and accent-insensitive key: titles differing only so look the same to a patient. */
function lookKey(title: string): string {
  return title.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();
}

function collide(titles: readonly string[]): boolean {
  return new Set(titles.map(lookKey)).size !== titles.length;
}

function prefix(index: number): string {
  return `${index + 1}. `;
}

function legendLine(choice: CleanChoice, index: number): string {
  return prefix(index) + choice.title + (choice.description ? DASH + choice.description : '');
}

/** Button titles (≤ 20, unique, §4.2). Buttons have no description, so one always goes to the legend. */
function buttonTitles(choices: readonly CleanChoice[]): Labels {
  const max = WHATSAPP_LIMITS.buttonTitle;
  const plain = choices.map((c) => truncateText(c.title, max));
  const lossy = choices.map((c, i) => (plain[i]?.truncated ?? false) || c.description.length > 0);
  if (!lossy.includes(true) && !collide(plain.map((t) => t.text))) {
    return { titles: plain.map((t) => t.text), descriptions: choices.map(() => ''), legend: '' };
  }
  const numbered = choices.map((c, i) => truncateText(prefix(i) + c.title, max));
  const legend = choices
    .map((c, i) => ((numbered[i]?.truncated ?? false) || c.description.length > 0 ? legendLine(c, i) : ''))
    .filter((line) => line.length > 0)
    .join('\n');
  return { titles: numbered.map((t) => t.text), descriptions: choices.map(() => ''), legend };
}

/** List rows (title ≤ 24, description ≤ 72, §4.3). A cut title moves whole into the description. */
function listRows(choices: readonly CleanChoice[]): Labels {
  const attempt = (numbered: boolean) => {
    const rows = choices.map((c, i) => {
      const full = (numbered ? prefix(i) : '') + c.title;
      const title = truncateText(full, WHATSAPP_LIMITS.rowTitle);
      const wanted = title.truncated ? c.title + (c.description ? DASH + c.description : '') : c.description;
      const description = truncateText(wanted, WHATSAPP_LIMITS.rowDescription);
      return { title: title.text, description: description.text, lossy: description.truncated };
    });
    return rows;
  };
  const plain = attempt(false);
  if (!plain.some((r) => r.lossy) && !collide(plain.map((r) => r.title))) {
    return { titles: plain.map((r) => r.title), descriptions: plain.map((r) => r.description), legend: '' };
  }
  const rows = attempt(true);
  const legend = choices
    .map((c, i) => (rows[i]?.lossy ? legendLine(c, i) : ''))
    .filter((line) => line.length > 0)
    .join('\n');
  return { titles: rows.map((r) => r.title), descriptions: rows.map((r) => r.description), legend };
}

function numberedLines(choices: readonly CleanChoice[]): string {
  return choices.map(legendLine).join('\n');
}

function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.filter((p) => p.length > 0).join('\n\n');
}

/** Plain text with "1. …" lines: for > 10 choices, ids Meta would reject, or no choices at all. */
function renderNumberedText(choices: readonly CleanChoice[], texts: Texts): Part[] {
  const text = joinParagraphs([texts.header, texts.body, numberedLines(choices), texts.footer]);
  const parts = splitText(text, WHATSAPP_LIMITS.textBody);
  if (parts.length === 0) throw invalid('choices message has no text and no choices');
  return parts.map((body) => ({ kind: 'text', body }));
}
