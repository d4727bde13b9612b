import type { TriageProtocol } from '../conversation/turn.ts';
import { addPatientText, answerProtocol, startProtocol } from '../triage/protocol.ts';
import { screenRedFlags } from '../triage/red-flags.ts';

/** The embedded SATS-shaped protocol, as the conversation engine consumes it. */
export const embeddedProtocol: TriageProtocol = {
  screen: screenRedFlags,
  start: startProtocol,
  answer: answerProtocol,
  addText: addPatientText,
};
