import { createHash } from 'node:crypto';
import type { SparseFeatures } from './danger-features.ts';
import type { DangerHead } from './danger-score.ts';
import type { Disposition } from './types.ts';
import { dispositionRank } from './urgency.ts';

/**
 * Training side of the statistical danger screen: logistic regression by plain SGD with L2, and the
 * compact encoding written to danger-model.json. Kept out of the inference path (danger-score.ts) and
 * driven by scripts/train-danger-model.ts. Deterministic: fixed seed, fixed order, no Math.random.
 */

export interface TrainOptions {
  epochs: number;
  /** Initial step size; decays as lr0 / (1 + lr0 · l2 · t) (Bottou's schedule for L2-regularised SGD). */
  lr0: number;
  /** L2 strength per example. */
  l2: number;
  seed: number;
}

export const TRAIN_OPTIONS: TrainOptions = { epochs: 30, lr0: 0.5, l2: 1e-5, seed: 20260 };

/** mulberry32: a tiny seeded PRNG, so the example order is the same on every run and machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Logistic regression on sparse unit-length vectors. The L2 shrink is applied lazily through one
 * global scale factor (w = scale · v) so a step costs the example's non-zeros, not the whole table.
 */
export function trainLogistic(
  xs: readonly SparseFeatures[],
  ys: readonly number[],
  size: number,
  opt: TrainOptions = TRAIN_OPTIONS,
): { bias: number; weights: Float64Array } {
  const v = new Float64Array(size);
  let scale = 1;
  let bias = 0;
  const order = xs.map((_, i) => i);
  const rand = mulberry32(opt.seed);
  let t = 0;
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const k of order) {
      const x = xs[k] as SparseFeatures;
      const lr = opt.lr0 / (1 + opt.lr0 * opt.l2 * t++);
      let z = bias;
      for (const i of x.indices) z += scale * (v[i] as number) * x.value;
      const g = sigmoid(z) - (ys[k] as number);
      scale *= 1 - lr * opt.l2;
      const step = (lr * g * x.value) / scale;
      for (const i of x.indices) v[i] = (v[i] as number) - step;
      bias -= lr * g;
      // Renormalise before the scale underflows.
      if (scale < 1e-9) {
        for (let i = 0; i < size; i++) v[i] = (v[i] as number) * scale;
        scale = 1;
      }
    }
  }
  for (let i = 0; i < size; i++) v[i] = (v[i] as number) * scale;
  return { bias, weights: v };
}

/**
 * Quantise to int8 steps of `scale` = max|w| / 127, dropping the weights that round to 0, and pack as
 * base64 of little-endian (uint16 bucket, int8 step) triples in ascending bucket order. Requires
 * bits ≤ 16.
 */
export function encodeHead(bias: number, weights: Float64Array, threshold: number): DangerHead {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 127;
  const bytes: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    const q = Math.round((weights[i] as number) / scale);
    if (q === 0) continue;
    bytes.push(i & 0xff, i >>> 8, q & 0xff);
  }
  return {
    bias: Number(bias.toFixed(6)),
    scale: Number(scale.toPrecision(8)),
    threshold,
    weights: Buffer.from(bytes).toString('base64'),
  };
}

/** SHA-256 over the training files (name and content, in name order): catches a stale model. */
export function trainingDataHash(files: readonly { name: string; text: string }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(f.name).update('\0').update(f.text).update('\0');
  }
  return h.digest('hex');
}

/** Fit both heads (emergency; urgent or above) on the same featurised texts. */
export function trainHeads(
  xs: readonly SparseFeatures[],
  golds: readonly Disposition[],
  size: number,
  opt: TrainOptions = TRAIN_OPTIONS,
): { emergency: { bias: number; weights: Float64Array }; urgent: { bias: number; weights: Float64Array } } {
  return {
    emergency: trainLogistic(
      xs,
      golds.map((g) => (g === 'emergency' ? 1 : 0)),
      size,
      opt,
    ),
    urgent: trainLogistic(
      xs,
      golds.map((g) => (dispositionRank(g) >= dispositionRank('urgent') ? 1 : 0)),
      size,
      opt,
    ),
  };
}
