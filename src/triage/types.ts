/**
 * Public types of the embedded triage protocol. Everything here is plain JSON data so that protocol
 * state can live in a session store and results can be written to the EHR as they are.
 */

/** What the service does next with the patient (remote mapping of SATS colours, Part C). */
export type Disposition = 'emergency' | 'urgent' | 'routine' | 'self_care';

/** 5 = immediate (SATS red), 4 = very urgent (orange), 3 = urgent (yellow), 2 = routine, 1 = self-care. */
export type Urgency = 1 | 2 | 3 | 4 | 5;

/** Level of a clinical discriminator; the first two end the chat in emergency care. */
export type SignLevel = 'emergency' | 'very_urgent' | 'urgent' | 'routine';

/** What is known about the person being triaged (not necessarily the phone's owner). */
export interface TriagePatient {
  ageYears?: number;
  sex?: 'male' | 'female' | 'other' | 'unknown';
}

/** One deterministic emergency/very-urgent sign found in patient text. */
export interface RedFlagHit {
  /** Stable id, e.g. `chest.cardiac`. */
  id: string;
  /** Red-flag group, e.g. `chest_pain`, `breathing`, `stroke`. */
  group: string;
  level: 'emergency' | 'very_urgent';
  /** The matched phrase in normalised form (lower case, no accents), short. */
  evidence: string;
}

/** The protocol's decision with everything a clinician needs to check it. */
export interface TriageResult {
  urgency: Urgency;
  disposition: Disposition;
  /** Red-flag ids. */
  redFlags: string[];
  /** English, clinician-readable reasons, most severe first. */
  reasons: string[];
  /** English. */
  pertinentPositives: string[];
  /** English, e.g. "Denies difficulty breathing". */
  pertinentNegatives: string[];
  complaintGroup: string;
  /** Highest reported temperature in °C, when the patient gave one. */
  temperatureC?: number;
  /** One English paragraph for the clinician. */
  summary: string;
  /** i18n key (namespace triage) of safety-netting advice when the disposition is self_care. */
  selfCareAdviceKey?: string;
}

/** A yes/no question for the patient; `key` is an i18n key in the `triage` namespace. */
export interface ProtocolQuestion {
  id: string;
  key: string;
}

/** How the patient answered a protocol question. */
export type ProtocolAnswerValue = 'yes' | 'no' | 'unsure';

/** An answer as received by `answerProtocol`. */
export type ProtocolAnswer =
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'unsure' }
  | { kind: 'text'; text: string };

/** JSON-serialisable state of one protocol run. */
export interface ProtocolState {
  version: 1;
  /** Every free text the patient sent during triage, in order. */
  texts: string[];
  patient: TriagePatient;
  /** Complaint group chosen from the first text (questions come from it). */
  group: string;
  /** Question ids in the order they were asked. */
  asked: string[];
  /** Answers by question id. */
  answers: Record<string, ProtocolAnswerValue>;
  /** The question waiting for an answer, if any. */
  pending?: string;
}

/** What the protocol wants next: one more question, or the final result. */
export type ProtocolStep = {
  state: ProtocolState;
  next: { kind: 'question'; question: ProtocolQuestion } | { kind: 'done'; result: TriageResult };
};
