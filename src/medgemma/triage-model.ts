/**
 * The model side of triage, as the conversation runner sees it: ONE call per patient turn.
 *
 * The conversation is pure; when it wants the model's opinion it emits a `model` effect, the runner
 * calls `TriageModel.turn` with a deadline (an `AbortSignal`) and feeds the `ModelTurn` (or the
 * AppError's code) back as an event. Instead of resending the whole transcript every turn (what
 * Google's AppointReady demo does, reference A6), the runner keeps the compact English
 * `runningSummary` the model wrote last time and sends only the new patient text: the prompt stays
 * the same size whatever the length of the chat (see `bench/model.ts` for the figures).
 *
 * Everything the model returns is advice: `merge-assessment.ts` decides what of it survives (the
 * protocol's urgency is a floor), `validate-model-question.ts` checks a question before it is shown.
 */
import type { Disposition, Urgency } from '../triage/types.ts';

/** Patient languages (the same list as `src/shared/language.ts`). */
export type ModelLanguage = 'en' | 'fr' | 'es' | 'pt' | 'sw';

/** Which serving surface a configured model uses (`MEDGEMMA_PROVIDER` minus `none`). */
export type ModelProvider = 'openai' | 'vertex' | 'ollama';

/** One photo for the multimodal path (MedGemma 4B / 27B multimodal, reference A1). */
export interface ImageInput {
  /** `image/jpeg`, `image/png`, `image/webp` or `image/gif`. */
  mimeType: string;
  /** Plain base64 (no `data:` prefix). */
  base64: string;
}

/** What the protocol has decided so far; trusted, ids only (never patient text). */
export interface ProtocolContext {
  /** Complaint group id, e.g. `chest_pain`. */
  complaintGroup: string;
  /** The protocol's current urgency: the floor the model can never lower (merge-assessment.ts). */
  urgency: Urgency;
  /** Red-flag ids the protocol found, e.g. `chest.cardiac`. */
  redFlags: string[];
  /** i18n key of the protocol question waiting for an answer, so the model does not ask it again. */
  pendingQuestionKey?: string;
}

/** Input of one model turn. All free text is DATA: the prompt quotes it between delimiters. */
export interface TurnInput {
  language: ModelLanguage;
  /** The summary the model returned on the previous turn (`''` on the first turn). English. */
  runningSummary: string;
  /** The patient's new text for this turn (a merged burst). */
  patientText: string;
  /** The question the patient is answering, as it was shown to them. */
  lastQuestion?: string;
  /** Questions already asked in this triage (model and protocol questions alike). */
  questionsAsked: number;
  /** When `questionsAsked >= maxQuestions` the model must assess (enforced, not only asked). */
  maxQuestions: number;
  protocol: ProtocolContext;
  patient?: { ageYears?: number; sex?: string };
  /** Only for a provider with `supportsImages`; otherwise the call fails with MODEL_IMAGE_UNSUPPORTED. */
  image?: ImageInput;
}

/** A red flag the model claims, with the patient's own words that support it. */
export interface ModelRedFlag {
  /** snake_case id chosen by the model (lower case, `[a-z0-9_.-]`, ≤ 64 chars). */
  id: string;
  /** The patient's own words; the merge drops the flag unless they occur in the patient's text. */
  quote: string;
}

/** The model's final opinion. Advisory: the merge policy applies it on top of the protocol. */
export interface ModelAssessment {
  urgency: Urgency;
  disposition: Disposition;
  red_flags: ModelRedFlag[];
  /** English, clinician-readable. */
  reasons: string[];
  /** A service name the clinic might route to (free text, e.g. "general outpatient"). */
  recommended_service?: string;
  /** English, one short line: the patient's main problem in their terms (added to the brief's shape for the pre-visit note). */
  primary_concern?: string;
  /** English, e.g. "denies fever" (added to the brief's shape: pertinent negatives are mandatory in the note, A6). */
  pertinent_negatives: string[];
  /** Pre-visit summary for the clinician, English: primary concern, HPI with pertinent negatives, what the patient reported. */
  summary: string;
}

/** The model's next step. */
export type ModelNext = { kind: 'ask'; question: string } | { kind: 'assess'; assessment: ModelAssessment };

/** Tokens as the server reported them, summed over every HTTP call the turn needed. */
export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Result of one model turn: always schema-validated, never carries anything but these fields. */
export interface ModelTurn {
  /** Updated compact running summary: English, facts only, ≤ 800 chars (the prompt asks for ≤ 600). */
  summary: string;
  /**
   * `ask`: one question in the patient's language (check it with `validateModelQuestion` before
   * showing it). Never `ask` when `questionsAsked >= maxQuestions`.
   */
  next: ModelNext;
  usage?: ModelUsage;
}

/** Circuit breaker state, for `/ready` and dashboards. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** The port. Implementations never throw anything but `AppError`s with the `MODEL_*` codes of `model-error.ts`. */
export interface TriageModel {
  readonly provider: ModelProvider;
  /** Whether `TurnInput.image` may be set (MEDGEMMA_MULTIMODAL; MedGemma 4B or 27B multimodal). */
  readonly supportsImages: boolean;
  /**
   * One patient turn: one model call (plus at most one transient retry chain, one repair and one
   * thinking-off retry, all inside the deadline).
   *
   * @param input the turn; see `TurnInput`
   * @param signal the caller's deadline; the call also stops at `MEDGEMMA_TIMEOUT_MS`
   * @throws AppError MODEL_TIMEOUT, MODEL_UNAVAILABLE, MODEL_AUTH, MODEL_REJECTED, MODEL_BAD_OUTPUT,
   *   MODEL_CIRCUIT_OPEN, MODEL_BAD_INPUT, MODEL_IMAGE_UNSUPPORTED
   */
  turn(input: TurnInput, signal: AbortSignal): Promise<ModelTurn>;
  /** Current circuit breaker state (no I/O). */
  circuitState(): CircuitState;
}
