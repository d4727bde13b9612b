import {
  DANGER_FEATURES,
  type DangerFeatureConfig,
  dangerFeatures,
  type SparseFeatures,
} from './danger-features.ts';
import MODEL_FILE from './danger-model.json' with { type: 'json' };

/**
 * Inference of the statistical danger screen: a linear model over hashed character n-grams
 * (danger-features.ts), trained offline by scripts/train-danger-model.ts on our vignettes. It only
 * ever raises a triage result (evaluate.ts); it never runs in the per-message red-flag screen.
 */

/** One logistic head as stored: int8 weights × `scale`, packed (see danger-training.ts encodeHead). */
export interface DangerHead {
  bias: number;
  scale: number;
  /** Probability at or above which the head escalates; null = recorded but not used. */
  threshold: number | null;
  weights: string;
}

/** A head unpacked for scoring: a dense weight table indexed by bucket. */
export interface DecodedHead {
  bias: number;
  weights: Float32Array;
  threshold: number | null;
}

/** Unpack a stored head into a dense table of `2^bits` weights. */
export function decodeHead(head: DangerHead, bits: number): DecodedHead {
  const weights = new Float32Array(1 << bits);
  const bytes = Buffer.from(head.weights, 'base64');
  for (let k = 0; k + 2 < bytes.length; k += 3) {
    const bucket = (bytes[k] as number) | ((bytes[k + 1] as number) << 8);
    const q = ((bytes[k + 2] as number) << 24) >> 24; // int8
    weights[bucket] = q * head.scale;
  }
  return { bias: head.bias, weights, threshold: head.threshold };
}

/** Probability (0–1) of one head for one feature vector. */
export function headProbability(head: DecodedHead, x: SparseFeatures): number {
  let z = head.bias;
  for (const i of x.indices) z += (head.weights[i] as number) * x.value;
  return 1 / (1 + Math.exp(-z));
}

interface LoadedModel {
  features: DangerFeatureConfig;
  emergency: DecodedHead;
  urgent: DecodedHead | null;
}

function load(raw: unknown): LoadedModel {
  const m = raw as {
    features: DangerFeatureConfig;
    heads: { emergency: DangerHead; urgent?: DangerHead };
  };
  // The features are code, the weights are data: a model trained with other features is refused
  // rather than silently scoring garbage.
  if (JSON.stringify(m.features) !== JSON.stringify(DANGER_FEATURES)) {
    throw new Error('danger-model.json was trained with other features: run scripts/train-danger-model.ts');
  }
  return {
    features: m.features,
    emergency: decodeHead(m.heads.emergency, m.features.bits),
    urgent: m.heads.urgent ? decodeHead(m.heads.urgent, m.features.bits) : null,
  };
}

const MODEL = load(MODEL_FILE);

/** Scores of one text: the probability that it describes an emergency, and urgent-or-above. */
export interface DangerScores {
  emergency: number;
  urgent: number | null;
}

/** Score a patient text (several messages joined by newlines is fine). Pure; about 0.05 ms. */
export function dangerScores(text: string): DangerScores {
  const x = dangerFeatures(text, MODEL.features);
  return {
    emergency: headProbability(MODEL.emergency, x),
    urgent: MODEL.urgent ? headProbability(MODEL.urgent, x) : null,
  };
}

/** The thresholds in use (null = that escalation is off). */
export const DANGER_THRESHOLDS = {
  emergency: MODEL.emergency.threshold,
  urgent: MODEL.urgent?.threshold ?? null,
} as const;
