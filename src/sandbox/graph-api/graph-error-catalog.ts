/**
 * Meta's error codes as the stand-in reports them: title (which Meta also uses as `message` in webhook
 * errors), default `error_data.details` and the HTTP status of a synchronous error
 * (reference/whatsapp.md §5.2; wording from Meta's *Error codes* page and the fixtures).
 */
import { randomBytes } from 'node:crypto';

/** One catalogue entry. */
export interface GraphErrorInfo {
  readonly code: number;
  readonly title: string;
  readonly details: string;
  /** Status of a synchronous (HTTP) error with this code. */
  readonly httpStatus: number;
}

const entries: readonly GraphErrorInfo[] = [
  {
    code: 0,
    title: 'AuthException',
    details: 'We were unable to authenticate the app user.',
    httpStatus: 401,
  },
  { code: 1, title: 'API Unknown', details: 'Invalid request or possible server error.', httpStatus: 500 },
  {
    code: 2,
    title: 'API Service',
    details: 'Temporary due to downtime or due to being overloaded.',
    httpStatus: 503,
  },
  { code: 3, title: 'API Method', details: 'Capability or permissions issue.', httpStatus: 403 },
  {
    code: 4,
    title: 'API Too Many Calls',
    details: 'The app has reached its API call rate limit.',
    httpStatus: 429,
  },
  {
    code: 10,
    title: 'API Permission Denied',
    details: 'Permission is either not granted or has been removed.',
    httpStatus: 403,
  },
  { code: 100, title: 'Invalid parameter', details: 'Invalid parameter.', httpStatus: 400 },
  {
    code: 190,
    title: 'Access token has expired',
    details: 'Your access token has expired.',
    httpStatus: 401,
  },
  {
    code: 200,
    title: 'API Permission',
    details: 'Permission is either not granted or has been removed.',
    httpStatus: 403,
  },
  {
    code: 368,
    title: 'Temporarily blocked for policies violations',
    details:
      'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.',
    httpStatus: 403,
  },
  { code: 2500, title: 'Unknown path components', details: 'Unknown path components.', httpStatus: 400 },
  {
    code: 80007,
    title: 'Rate limit issues',
    details: 'The WhatsApp Business Account has reached its rate limit.',
    httpStatus: 429,
  },
  { code: 130403, title: 'Recipient blocked', details: 'The business blocked this user.', httpStatus: 400 },
  {
    code: 130429,
    title: 'Rate limit hit',
    details:
      'Message failed to send because there were too many messages sent from this phone number in a short period of time',
    httpStatus: 429,
  },
  {
    code: 130497,
    title: 'Business account is restricted from messaging users in this country.',
    details: 'The business is restricted from messaging users in this country.',
    httpStatus: 403,
  },
  {
    code: 131000,
    title: 'Something went wrong',
    details: 'Message failed to send due to an unknown error.',
    httpStatus: 500,
  },
  {
    code: 131005,
    title: 'Access denied',
    details: 'Permission is either not granted or has been removed.',
    httpStatus: 403,
  },
  {
    code: 131008,
    title: 'Required parameter is missing',
    details: 'The request is missing a required parameter.',
    httpStatus: 400,
  },
  {
    code: 131009,
    title: 'Parameter value is not valid',
    details: 'One or more parameter values are invalid.',
    httpStatus: 400,
  },
  {
    code: 131016,
    title: 'Service unavailable',
    details: 'A service is temporarily unavailable.',
    httpStatus: 503,
  },
  {
    code: 131021,
    title: 'Recipient cannot be sender',
    details: 'Sender and recipient phone number is the same.',
    httpStatus: 400,
  },
  { code: 131026, title: 'Message undeliverable', details: 'Unable to deliver message.', httpStatus: 400 },
  {
    code: 131030,
    title: 'Recipient phone number not in allowed list',
    details:
      'Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again.',
    httpStatus: 400,
  },
  {
    code: 131031,
    title: 'Account has been locked',
    details: 'The Business Account has been locked.',
    httpStatus: 403,
  },
  {
    code: 131047,
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    httpStatus: 400,
  },
  {
    code: 131048,
    title: 'Spam rate limit hit',
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number.',
    httpStatus: 400,
  },
  {
    code: 131049,
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
    httpStatus: 400,
  },
  {
    code: 131050,
    title:
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
    details: 'The user stopped marketing messages from this business.',
    httpStatus: 400,
  },
  {
    code: 131051,
    title: 'Unsupported message type',
    details: 'Message type is not currently supported.',
    httpStatus: 400,
  },
  {
    code: 131052,
    title: 'Media download error',
    details: 'Unable to download the media sent by the user.',
    httpStatus: 400,
  },
  {
    code: 131053,
    title: 'Media upload error',
    details: 'Unable to upload the media used in the message.',
    httpStatus: 400,
  },
  {
    code: 131056,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
    httpStatus: 429,
  },
  {
    code: 131057,
    title: 'Account in maintenance mode',
    details: 'Business Account is in maintenance mode.',
    httpStatus: 503,
  },
  {
    code: 131062,
    title: 'Business-scoped User ID (BSUID) recipients are not supported for this message',
    details: 'Business-scoped User ID (BSUID) recipients are not supported for this message.',
    httpStatus: 400,
  },
  {
    code: 132000,
    title: 'Number of parameters does not match the expected number of params',
    details: 'The number of parameters provided does not match the expected number of parameters.',
    httpStatus: 400,
  },
  {
    code: 132001,
    title: 'Template does not exist',
    details: 'The template does not exist in the specified language or the template has not been approved.',
    httpStatus: 404,
  },
  {
    code: 132012,
    title: 'Parameter format does not match format in the created template',
    details: 'Variable parameter values formatted incorrectly.',
    httpStatus: 400,
  },
  {
    code: 132015,
    title: 'Template is Paused',
    details: 'Template is paused due to low quality so it cannot be sent in a template message.',
    httpStatus: 400,
  },
  {
    code: 132016,
    title: 'Template is Disabled',
    details: 'Template has been paused too many times due to low quality and is now permanently disabled.',
    httpStatus: 400,
  },
  {
    code: 132018,
    title: 'There was an issue with the parameters in your template.',
    details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
    httpStatus: 400,
  },
  {
    code: 133004,
    title: 'Server temporarily unavailable',
    details: 'Server is temporarily unavailable.',
    httpStatus: 503,
  },
];

const byCode = new Map(entries.map((e) => [e.code, e]));

/** The catalogue entry for `code` (a generic one for codes not listed). */
export function graphErrorInfo(code: number): GraphErrorInfo {
  return byCode.get(code) ?? { code, title: 'Unknown error', details: 'Unknown error.', httpStatus: 400 };
}

/** Meta's synchronous error body (§5.2): `{error:{message,type,code,error_data:{messaging_product,details},fbtrace_id}}`. */
export interface GraphErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: number;
    readonly error_subcode?: number;
    readonly error_data?: { readonly messaging_product: 'whatsapp'; readonly details: string };
    readonly fbtrace_id: string;
  };
}

/**
 * Builds a Meta-shaped error body. Graph prefixes API error messages with `(#code)`; authentication
 * errors (190) carry their own sentence and no `error_data`, as Meta's do.
 */
export function graphErrorBody(
  code: number,
  opts: { readonly details?: string; readonly message?: string; readonly subcode?: number } = {},
): GraphErrorBody {
  const info = graphErrorInfo(code);
  const auth = code === 190;
  return {
    error: {
      message:
        opts.message ??
        (auth ? 'Invalid OAuth access token - Cannot parse access token' : `(#${code}) ${info.title}`),
      type: 'OAuthException',
      code,
      ...(opts.subcode === undefined ? {} : { error_subcode: opts.subcode }),
      ...(auth
        ? {}
        : { error_data: { messaging_product: 'whatsapp' as const, details: opts.details ?? info.details } }),
      fbtrace_id: randomBytes(12).toString('base64url'),
    },
  };
}

/** The `errors[]` item of a `failed` status or value-level error webhook (fixture shape). */
export interface WebhookError {
  readonly code: number;
  readonly title: string;
  readonly message: string;
  readonly error_data: { readonly details: string };
  readonly href: string;
}

/** A webhook `errors[]` item for `code`, in the shape of `meta_status_failed_131049.json`. */
export function webhookError(code: number, details?: string): WebhookError {
  const info = graphErrorInfo(code);
  return {
    code,
    title: info.title,
    message: info.title,
    error_data: { details: details ?? info.details },
    href: '/documentation/business-messaging/whatsapp/support/error-codes',
  };
}
