import { setTimeout as sleep } from 'node:timers/promises';
import { metaJson, signBody, type WebhookPayload } from '../graph-api/webhook-builder.ts';

/** Options of {@link createWebhookPoster}. */
export interface WebhookPosterOptions {
  /** The service's own `/webhook` URL over loopback. */
  readonly url: string;
  /** The app secret the service verifies `X-Hub-Signature-256` with. */
  readonly appSecret: string;
  /** Extra attempts after a failed POST (Meta retries too). Default 2. */
  readonly retries?: number;
  /** Per-attempt timeout, ms. Default 5000. */
  readonly timeoutMs?: number;
}

/** Posts one webhook payload as Meta would; resolves true once the service answered 2xx. */
export type WebhookPoster = (payload: WebhookPayload) => Promise<boolean>;

/**
 * Plays Meta's webhook sender for the simulator: Meta's exact bytes (non-ASCII escaped, §1.2), signed
 * with the app secret, POSTed to the real `/webhook`, retried with a short backoff when the service
 * does not answer 2xx. The service cannot tell these requests from Meta's.
 */
export function createWebhookPoster(options: WebhookPosterOptions): WebhookPoster {
  const attempts = 1 + (options.retries ?? 2);
  return async (payload) => {
    const body = metaJson(payload);
    const signature = signBody(body, options.appSecret);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return true;
      } catch {
        // Refused or timed out: retried below like any other failure.
      }
      if (attempt < attempts) await sleep(200 * 2 ** (attempt - 1));
    }
    return false;
  };
}
