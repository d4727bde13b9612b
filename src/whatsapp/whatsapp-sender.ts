import type { OutboundMessage, Recipient } from './outbound-message.ts';

/**
 * The narrow port the outbound worker sends through: the Graph API client in production and in the
 * sandbox (pointed at the embedded stand-in). Errors are GraphApiErrors (graph-error.ts).
 */
export interface WhatsAppSender {
  /** Send one message; resolves with the wamid Meta accepted it under (the last part's, if split). */
  send(
    recipient: Recipient,
    message: OutboundMessage,
    opts?: { bizOpaqueCallbackData?: string },
  ): Promise<{ wamid: string }>;
  /** Mark an inbound message read, optionally showing the typing indicator (≤ 25 s, §4.5). */
  markRead(wamid: string, opts: { typing: boolean }): Promise<void>;
}
