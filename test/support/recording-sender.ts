import type { OutboundMessage, Recipient } from '../../src/whatsapp/outbound-message.ts';
import type { WhatsAppSender } from '../../src/whatsapp/whatsapp-sender.ts';

export interface RecordedSend {
  readonly recipient: Recipient;
  readonly message: OutboundMessage;
  readonly wamid: string;
  readonly at: number;
}

/**
 * A WhatsAppSender that records instead of calling Meta. For pipeline tests whose subject is ordering
 * and delivery bookkeeping, not the Graph API (the Graph client has its own tests against the stand-in).
 */
export function createRecordingSender(): WhatsAppSender & {
  sends: RecordedSend[];
  reads: string[];
  /** Texts sent to one recipient (phone or BSUID), in order. */
  textsTo(key: string): string[];
} {
  const sends: RecordedSend[] = [];
  const reads: string[] = [];
  let n = 0;
  return {
    sends,
    reads,
    async send(recipient, message) {
      n += 1;
      const wamid = `wamid.rec${n}`;
      sends.push({ recipient, message, wamid, at: Date.now() });
      return { wamid };
    },
    async markRead(wamid) {
      reads.push(wamid);
    },
    textsTo(key) {
      return sends
        .filter((s) => s.recipient.phone === `+${key}` || s.recipient.userId === key)
        .map((s) => (s.message.kind === 'template' ? `template:${s.message.name}` : s.message.body));
    },
  };
}
