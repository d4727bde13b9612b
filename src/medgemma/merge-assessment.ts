import { foldText } from '../shared/fold-text.ts';
import type { Disposition, TriageResult, Urgency } from '../triage/types.ts';
import type { ModelAssessment } from './triage-model.ts';

/** How the model's urgency compares with the protocol's (count it in a metric; log it without PHI). */
export type Agreement = 'model_higher' | 'model_lower' | 'agree' | 'no_model';

/** Where a merged item came from. */
export type Provenance = 'protocol' | 'model';

export interface MergedRedFlag {
  /** Protocol ids as they are; model ids prefixed `model:` so they never collide or pass for protocol flags. */
  id: string;
  source: Provenance;
  /** The patient's words (model flags only; verified to occur in the patient's text). */
  quote?: string;
}

export interface MergedItem {
  text: string;
  source: Provenance;
}

/** The decision after the model's opinion is applied on top of the protocol. */
export interface MergedAssessment {
  urgency: Urgency;
  disposition: Disposition;
  /** Every protocol red flag first, then verified model flags. */
  redFlags: MergedRedFlag[];
  /** `redFlags` ids, for `TriageResult.redFlags`-shaped consumers. */
  redFlagIds: string[];
  /** Protocol reasons first, then the model's new ones. English. */
  reasons: MergedItem[];
  pertinentNegatives: MergedItem[];
  recommendedService?: string;
  agreement: Agreement;
  protocolUrgency: Urgency;
  modelUrgency?: Urgency;
  /** Model red flags dropped because their quote is not in the patient's text (or unusable). */
  droppedModelRedFlags: number;
}

const DISPOSITIONS: readonly Disposition[] = ['self_care', 'routine', 'urgent', 'emergency'];
const rank = (d: Disposition) => DISPOSITIONS.indexOf(d);
const moreUrgent = (a: Disposition, b: Disposition): Disposition => (rank(a) >= rank(b) ? a : b);
const maxU = (a: Urgency, b: Urgency): Urgency => (a >= b ? a : b);

/** Disposition an urgency implies (the protocol's mapping, Part C: 4–5 emergency, 3 urgent, 2 routine, 1 self-care). */
function dispositionOf(u: Urgency): Disposition {
  return u >= 4 ? 'emergency' : u === 3 ? 'urgent' : u === 2 ? 'routine' : 'self_care';
}
/** Lowest urgency a disposition implies. */
function urgencyOf(d: Disposition): Urgency {
  return d === 'emergency' ? 4 : d === 'urgent' ? 3 : d === 'routine' ? 2 : 1;
}

/** Most model reasons and negatives kept (the note stays short). */
const MAX_MODEL_ITEMS = 6;
const MAX_ITEM_CHARS = 300;
/** A quote must have at least this many letters/digits after normalisation ("a" would match anything). */
const MIN_QUOTE_CHARS = 3;

/**
 * Applies the model's opinion on top of the protocol's result (DESIGN.md "Safety": the model can
 * raise urgency, never lower it below the protocol's floor):
 * - urgency = max(protocol, model); disposition = the more urgent of the two (emergency > urgent >
 *   routine > self_care). The model's own pair is first made self-consistent upwards (urgency 4 with
 *   "routine" counts as emergency) — the protocol's pair is kept exactly as the protocol made it;
 * - red flags: all of the protocol's, always; a model flag is added only when its quote occurs in the
 *   patient's text (normalised: case, accents, punctuation ignored; whole words), and never twice;
 * - reasons and pertinent negatives: the protocol's, then the model's new ones, with provenance;
 * - agreement: the model's urgency (then disposition) against the protocol's.
 * Pure and total.
 *
 * @param protocol the protocol's result
 * @param model the model's assessment, if the model answered
 * @param patientTexts everything the patient wrote in this triage (quotes are checked against it)
 */
export function mergeAssessment(
  protocol: TriageResult,
  model: ModelAssessment | undefined,
  patientTexts: readonly string[],
): MergedAssessment {
  const redFlags: MergedRedFlag[] = protocol.redFlags.map((id) => ({ id, source: 'protocol' }));
  const reasons: MergedItem[] = protocol.reasons.map((text) => ({ text, source: 'protocol' }));
  const negatives: MergedItem[] = protocol.pertinentNegatives.map((text) => ({ text, source: 'protocol' }));
  if (model === undefined) {
    return {
      urgency: protocol.urgency,
      disposition: protocol.disposition,
      redFlags,
      redFlagIds: redFlags.map((f) => f.id),
      reasons,
      pertinentNegatives: negatives,
      agreement: 'no_model',
      protocolUrgency: protocol.urgency,
      droppedModelRedFlags: 0,
    };
  }

  const modelUrgency = maxU(model.urgency, urgencyOf(model.disposition));
  const modelDisposition = moreUrgent(model.disposition, dispositionOf(model.urgency));
  const urgency = maxU(protocol.urgency, modelUrgency);
  const disposition = moreUrgent(protocol.disposition, modelDisposition);

  const haystack = ` ${patientTexts.map(normalizeForQuote).join(' | ')} `;
  const ids = new Set(redFlags.map((f) => f.id));
  let dropped = 0;
  for (const flag of model.red_flags) {
    const quote = normalizeForQuote(flag.quote);
    const id = `model:${flag.id}`;
    const usable = flag.id !== '' && quote.replace(/ /g, '').length >= MIN_QUOTE_CHARS;
    if (!usable || !haystack.includes(` ${quote} `)) {
      dropped++;
      continue;
    }
    if (ids.has(id) || ids.has(flag.id)) continue;
    ids.add(id);
    redFlags.push({ id, source: 'model', quote: flag.quote.trim().slice(0, MAX_ITEM_CHARS) });
  }

  addNew(reasons, model.reasons);
  addNew(negatives, model.pertinent_negatives);
  const service = model.recommended_service?.trim();

  return {
    urgency,
    disposition,
    redFlags,
    redFlagIds: redFlags.map((f) => f.id),
    reasons,
    pertinentNegatives: negatives,
    ...(service ? { recommendedService: service.slice(0, 120) } : {}),
    agreement: compare(protocol, model),
    protocolUrgency: protocol.urgency,
    modelUrgency: model.urgency,
    droppedModelRedFlags: dropped,
  };
}

function compare(protocol: TriageResult, model: ModelAssessment): Agreement {
  if (model.urgency !== protocol.urgency)
    return model.urgency > protocol.urgency ? 'model_higher' : 'model_lower';
  const d = rank(model.disposition) - rank(protocol.disposition);
  return d > 0 ? 'model_higher' : d < 0 ? 'model_lower' : 'agree';
}

function addNew(into: MergedItem[], items: readonly string[]): void {
  const seen = new Set(into.map((i) => normalizeForQuote(i.text)));
  let added = 0;
  for (const raw of items) {
    const text = raw.trim().slice(0, MAX_ITEM_CHARS);
    const key = normalizeForQuote(text);
    if (key === '' || seen.has(key) || added >= MAX_MODEL_ITEMS) continue;
    seen.add(key);
    into.push({ text, source: 'model' });
    added++;
  }
}

/**
 * Normalises text for the quote check: lower case, ligatures expanded, accents removed, everything
 * but letters and digits as a single space. "J'ai TRÈS mal à la poitrine!" → "j ai tres mal a la poitrine".
 *
 * @param text any text
 */
export function normalizeForQuote(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
