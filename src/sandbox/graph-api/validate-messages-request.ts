/**
 * Strict validation of `POST /{phone-number-id}/messages` bodies, written from reference/whatsapp.md
 * §4.1–4.5 and §2.10 independently of the renderer (src/whatsapp/render-message.ts) so it catches the
 * renderer's bugs. Lengths are counted in UTF-16 code units, the largest plausible reading of Meta's
 * "characters".
 *
 * Error codes follow §5.2: 131008 for a missing required parameter, 131009 for an invalid value
 * (limits, counts, uniqueness, enum values, recipient format), 100 for unexpected keys, wrong JSON types
 * and an over-long text body (§5.2: "too long"), 132018 for template parameters with newlines/tabs or
 * more than 4 consecutive spaces, 1320xx for template registry mismatches, 131051 for message types the
 * stand-in does not model. Where Meta's exact rule is unknown, the stand-in is the stricter one
 * (documented per rule below): it is a test oracle first.
 */
import { z } from 'zod';

/** A rejection, as Meta would report it (HTTP 400 plus Graph error code and details). */
export interface ValidationFailure {
  readonly code: number;
  readonly details: string;
}

/** An approved template known to the stand-in (optional registry; without one any template passes). */
export interface TemplateSpec {
  readonly name: string;
  /** Language code as approved, e.g. `en_US`. */
  readonly language: string;
  /** Number of `{{n}}` body parameters. */
  readonly bodyParams: number;
  /** Number of quick-reply buttons. */
  readonly quickReplyButtons?: number;
  readonly status?: 'APPROVED' | 'PAUSED' | 'DISABLED';
}

/** Options for {@link validateMessagesRequest}. */
export interface ValidateOptions {
  /** When given, templates are checked against it (132001/132000/132015/132016). */
  readonly templates?: readonly TemplateSpec[];
}

interface Meta {
  readonly graphCode: number;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function issue(ctx: z.RefinementCtx, graphCode: number, message: string, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', message, params: { graphCode } satisfies Meta, ...(path ? { path } : {}) });
}

/**
 * A display string: not blank, well-formed UTF-16, at most `max` code units. `tooLong` is the code
 * for an overrun (131009 for interactive limits; 100 for `text.body`, §5.2 "too long").
 */
function text(max: number, tooLong = 131009) {
  return z.string().superRefine((value, ctx) => {
    if (value.trim().length === 0) issue(ctx, 131009, 'must not be empty');
    else if (value.length > max) issue(ctx, tooLong, `must be at most ${max} characters long`);
    if (LONE_SURROGATE.test(value)) issue(ctx, 131009, 'contains invalid characters');
  });
}

/** An id (button/row id, payload): 1..max, no leading/trailing whitespace (routing data). */
function id(max: number) {
  return z.string().superRefine((value, ctx) => {
    if (value.length === 0) issue(ctx, 131009, 'must not be empty');
    else if (value.length > max) issue(ctx, 131009, `must be at most ${max} characters long`);
    else if (value !== value.trim()) issue(ctx, 131009, 'cannot have leading or trailing spaces');
    if (LONE_SURROGATE.test(value)) issue(ctx, 131009, 'contains invalid characters');
  });
}

/** Uniqueness key for titles: trimmed and case-folded (stricter than Meta's unstated rule). */
function titleKey(title: string): string {
  return title.trim().toLocaleLowerCase();
}

const envelope = {
  messaging_product: z.literal('whatsapp'),
  // Groups exist but are not modelled; patients are individuals.
  recipient_type: z.literal('individual').optional(),
  to: z.string().optional(),
  recipient: z.string().optional(),
  context: z.strictObject({ message_id: id(512) }).optional(),
  // Meta's message reference: at most 512 characters.
  biz_opaque_callback_data: text(512).optional(),
};

const textHeader = z.strictObject({ type: z.literal('text'), text: text(60) });
const footer = z.strictObject({ text: text(60) });

const buttonInteractive = z
  .strictObject({
    type: z.literal('button'),
    header: textHeader.optional(),
    body: z.strictObject({ text: text(1024) }),
    footer: footer.optional(),
    action: z.strictObject({
      buttons: z
        .array(
          z.strictObject({
            type: z.literal('reply'),
            reply: z.strictObject({ id: id(256), title: text(20) }),
          }),
        )
        .min(1, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3')
        .max(3, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3'),
    }),
  })
  .superRefine((value, ctx) => {
    const titles = new Set<string>();
    const ids = new Set<string>();
    value.action.buttons.forEach((button, i) => {
      const key = titleKey(button.reply.title);
      if (titles.has(key))
        issue(ctx, 131009, 'must be unique within the message', ['action', 'buttons', i, 'reply', 'title']);
      titles.add(key);
      if (ids.has(button.reply.id))
        issue(ctx, 131009, 'must be unique within the message', ['action', 'buttons', i, 'reply', 'id']);
      ids.add(button.reply.id);
    });
  });

const listInteractive = z
  .strictObject({
    type: z.literal('list'),
    header: textHeader.optional(),
    body: z.strictObject({ text: text(4096) }),
    footer: footer.optional(),
    action: z.strictObject({
      button: text(20),
      sections: z
        .array(
          z.strictObject({
            title: text(24).optional(),
            rows: z
              .array(z.strictObject({ id: id(200), title: text(24), description: text(72).optional() }))
              .min(1, 'Invalid rows count. Min allowed rows: 1'),
          }),
        )
        .min(1, 'Invalid sections count. Min allowed sections: 1, Max allowed sections: 10')
        .max(10, 'Invalid sections count. Min allowed sections: 1, Max allowed sections: 10'),
    }),
  })
  .superRefine((value, ctx) => {
    const sections = value.action.sections;
    const total = sections.reduce((n, s) => n + s.rows.length, 0);
    // §4.3: "up to 10 rows across all sections".
    if (total > 10)
      issue(ctx, 131009, 'Invalid rows count. Max allowed rows across all sections: 10', [
        'action',
        'sections',
      ]);
    const ids = new Set<string>();
    sections.forEach((section, s) => {
      if (sections.length > 1 && section.title === undefined) {
        issue(ctx, 131008, 'is required when there is more than one section', [
          'action',
          'sections',
          s,
          'title',
        ]);
      }
      section.rows.forEach((row, r) => {
        // Replies route on the row id (§2.4): duplicates would be ambiguous (stricter than documented).
        if (ids.has(row.id))
          issue(ctx, 131009, 'must be unique within the message', ['action', 'sections', s, 'rows', r, 'id']);
        ids.add(row.id);
      });
    });
  });

const templateParamText = z.string().superRefine((value, ctx) => {
  if (value.trim().length === 0) issue(ctx, 131008, 'Parameter text is required');
  // Meta's own rejection for template parameters (132018).
  else if (/[\n\r\t]/.test(value) || / {5,}/.test(value)) {
    issue(ctx, 132018, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
  }
  if (LONE_SURROGATE.test(value)) issue(ctx, 131009, 'contains invalid characters');
});

const templateComponent = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('body'),
    parameters: z.array(z.strictObject({ type: z.literal('text'), text: templateParamText })).min(1),
  }),
  z.strictObject({
    type: z.literal('button'),
    sub_type: z.literal('quick_reply'),
    index: z.string().regex(/^[0-9]$/, 'must be a button index from "0" to "9"'),
    parameters: z
      // Meta documents no payload limit; 256 mirrors the reply-button id limit (conservative).
      .array(z.strictObject({ type: z.literal('payload'), payload: id(256) }))
      .length(1, 'must contain exactly one payload parameter'),
  }),
]);

const template = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be lowercase letters, digits and underscores'),
    language: z.strictObject({
      code: z.string().regex(/^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/, 'is not a valid language code'),
      policy: z.literal('deterministic').optional(),
    }),
    components: z.array(templateComponent).optional(),
  })
  .superRefine((value, ctx) => {
    const components = value.components ?? [];
    if (components.filter((c) => c.type === 'body').length > 1) {
      issue(ctx, 131009, 'may contain only one body component', ['components']);
    }
    const indexes = new Set<string>();
    components.forEach((c, i) => {
      if (c.type !== 'button') return;
      if (indexes.has(c.index))
        issue(ctx, 131009, 'must be unique within the template', ['components', i, 'index']);
      indexes.add(c.index);
    });
  });

const recipientCheck = (
  value: { to?: string | undefined; recipient?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (value.to === undefined && value.recipient === undefined) {
    issue(ctx, 131008, 'is required', ['to']);
    return;
  }
  // §4: the + matters (Meta otherwise prepends the business's country code); the stand-in insists.
  if (value.to !== undefined && !E164.test(value.to)) {
    issue(ctx, 131009, 'must be an E.164 phone number with a leading +', ['to']);
  }
  // §2.10: `<ISO alpha-2>.<up to 128 alphanumerics>`.
  if (value.recipient !== undefined && !BSUID.test(value.recipient)) {
    issue(ctx, 131009, 'must be a business-scoped user id', ['recipient']);
  }
};

const sendSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...envelope,
      type: z.literal('text'),
      text: z.strictObject({ body: text(4096, 100), preview_url: z.boolean().optional() }),
    }),
    z.strictObject({
      ...envelope,
      type: z.literal('interactive'),
      interactive: z.discriminatedUnion('type', [buttonInteractive, listInteractive]),
    }),
    z.strictObject({ ...envelope, type: z.literal('template'), template }),
  ])
  .superRefine(recipientCheck);

const readSchema = z.strictObject({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string().regex(/^wamid\.\S+$/, 'must be a WhatsApp message id'),
  typing_indicator: z.strictObject({ type: z.literal('text') }).optional(),
});

/** A valid send request (text, interactive button/list, template). */
export type SendMessageRequest = z.output<typeof sendSchema>;
/** A valid mark-as-read request, optionally with the typing indicator (§4.5). */
export type ReadRequest = z.output<typeof readSchema>;

/** Result of {@link validateMessagesRequest}. */
export type ValidationResult =
  | { readonly ok: true; readonly kind: 'send'; readonly request: SendMessageRequest }
  | { readonly ok: true; readonly kind: 'read'; readonly request: ReadRequest }
  | { readonly ok: false; readonly error: ValidationFailure };

const MODELLED_TYPES = ['text', 'interactive', 'template'];
const MEDIA_HEADERS = new Set(['image', 'video', 'document']);
const OTHER_META_TYPES = new Set([
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
]);
const OTHER_INTERACTIVE = new Set([
  'cta_url',
  'flow',
  'product',
  'product_list',
  'catalog_message',
  'location_request_message',
  'address_message',
  'contact_request',
  'call_permission_request',
]);

/**
 * Validates a parsed JSON body for `POST /{phone-number-id}/messages` (send, or mark-as-read/typing).
 * Returns the first problem the way Meta reports it. Pure; used by the stand-in and by renderer tests.
 */
export function validateMessagesRequest(body: unknown, options: ValidateOptions = {}): ValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(100, 'Request body must be a JSON object');
  }
  const record = body as Record<string, unknown>;
  if ('status' in record) {
    const parsed = readSchema.safeParse(record);
    return parsed.success
      ? { ok: true, kind: 'read', request: parsed.data }
      : { ok: false, error: toFailure(parsed.error, record) };
  }
  // Meta: `type` defaults to "text".
  const withType = record.type === undefined ? { ...record, type: 'text' } : record;
  const type = withType.type;
  if (typeof type === 'string' && OTHER_META_TYPES.has(type)) {
    return fail(131051, `The Graph API stand-in does not model ${type} messages`);
  }
  if (typeof type === 'string' && !MODELLED_TYPES.includes(type)) {
    return fail(100, `Param type must be one of {${[...MODELLED_TYPES, ...OTHER_META_TYPES].join(', ')}}`);
  }
  const interactiveType = (withType.interactive as { type?: unknown } | undefined)?.type;
  if (
    type === 'interactive' &&
    typeof interactiveType === 'string' &&
    OTHER_INTERACTIVE.has(interactiveType)
  ) {
    return fail(131051, `The Graph API stand-in does not model interactive ${interactiveType} messages`);
  }
  const headerType = (withType.interactive as { header?: { type?: unknown } } | undefined)?.header?.type;
  if (type === 'interactive' && typeof headerType === 'string' && MEDIA_HEADERS.has(headerType)) {
    return fail(131051, `The Graph API stand-in does not model ${headerType} headers`);
  }
  const parsed = sendSchema.safeParse(withType);
  if (!parsed.success) return { ok: false, error: toFailure(parsed.error, withType) };
  const registry = options.templates;
  if (parsed.data.type === 'template' && registry) {
    const problem = checkTemplate(parsed.data.template, registry);
    if (problem) return { ok: false, error: problem };
  }
  return { ok: true, kind: 'send', request: parsed.data };
}

function fail(code: number, details: string): ValidationResult {
  return { ok: false, error: { code, details } };
}

function checkTemplate(
  value: z.output<typeof template>,
  registry: readonly TemplateSpec[],
): ValidationFailure | undefined {
  const spec = registry.find((t) => t.name === value.name && t.language === value.language.code);
  if (!spec) {
    return {
      code: 132001,
      details: `template name (${value.name}) does not exist in ${value.language.code}`,
    };
  }
  if (spec.status === 'PAUSED') return { code: 132015, details: 'Template is paused due to low quality' };
  if (spec.status === 'DISABLED') return { code: 132016, details: 'Template is permanently disabled' };
  const components = value.components ?? [];
  const bodyParams = components.find((c) => c.type === 'body')?.parameters.length ?? 0;
  if (bodyParams !== spec.bodyParams) {
    return {
      code: 132000,
      details: `body: number of localizable_params (${bodyParams}) does not match the expected number of params (${spec.bodyParams})`,
    };
  }
  const buttons = spec.quickReplyButtons ?? 0;
  for (const c of components) {
    if (c.type === 'button' && Number(c.index) >= buttons) {
      return { code: 131009, details: `Button at index ${c.index} does not exist in the template` };
    }
  }
  return undefined;
}

/** Meta's path notation: `interactive['action']['buttons'][0]['reply']['title']`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `['${String(key)}']`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node;
}

function toFailure(error: z.ZodError, input: unknown): ValidationFailure {
  const first = pickIssue(error.issues, input);
  const path = formatPath(first.path);
  const param = path === '' ? 'request' : path;
  switch (first.code) {
    case 'custom': {
      const graphCode = (first.params as Meta | undefined)?.graphCode ?? 131009;
      if (graphCode === 131008 && first.message === 'is required') {
        return { code: 131008, details: `The parameter ${param} is required.` };
      }
      return { code: graphCode, details: sentence(param, first.message) };
    }
    case 'invalid_type':
      if (valueAt(input, first.path) === undefined) {
        return { code: 131008, details: `The parameter ${param} is required.` };
      }
      return { code: 100, details: `Param ${param} must be a ${first.expected}` };
    case 'unrecognized_keys':
      return { code: 100, details: `Unexpected key "${first.keys[0] ?? ''}" on param "${param}".` };
    case 'invalid_value':
      if (valueAt(input, first.path) === undefined) {
        return { code: 131008, details: `The parameter ${param} is required.` };
      }
      return {
        code: 131009,
        details: `Param ${param} must be one of {${first.values.map((v) => String(v)).join(', ')}}`,
      };
    case 'invalid_union':
      if (valueAt(input, first.path) === undefined) {
        return { code: 131008, details: `The parameter ${param} is required.` };
      }
      return { code: 131009, details: `Param ${param} is not valid` };
    case 'too_big':
    case 'too_small':
    case 'invalid_format':
      return { code: 131009, details: sentence(param, first.message) };
    default:
      return { code: 100, details: `Param ${param} is invalid` };
  }
}

/** Full-sentence messages ("Invalid buttons count…", "Param text cannot…") stand alone; fragments get the path. */
function sentence(param: string, message: string): string {
  return /^[A-Z]/.test(message) ? message : `Param ${param} ${message}`;
}

/** Meta reports one problem; prefer a missing parameter, then the first problem in document order. */
function pickIssue(issues: readonly z.core.$ZodIssue[], input: unknown): z.core.$ZodIssue {
  const missing = issues.find(
    (i) => (i.code === 'invalid_type' || i.code === 'invalid_value') && valueAt(input, i.path) === undefined,
  );
  return missing ?? (issues[0] as z.core.$ZodIssue);
}
