import type { Disposition, SignLevel, Urgency } from './types.ts';

/** Dispositions from least to most urgent. */
export const DISPOSITION_ORDER: readonly Disposition[] = ['self_care', 'routine', 'urgent', 'emergency'];

/**
 * Map an urgency to what the service does (Part C recommendation): 5 and 4 → emergency care now,
 * 3 → same/next working day, 2 → routine booking, 1 → self-care advice (a booking is still offered).
 */
export function urgencyToDisposition(u: Urgency): Disposition {
  if (u >= 4) return 'emergency';
  if (u === 3) return 'urgent';
  if (u === 2) return 'routine';
  return 'self_care';
}

/** The lowest urgency that still yields `d` (emergency → 4, because very urgent is already emergency care). */
export function dispositionFloor(d: Disposition): Urgency {
  switch (d) {
    case 'emergency':
      return 4;
    case 'urgent':
      return 3;
    case 'routine':
      return 2;
    case 'self_care':
      return 1;
  }
}

/** Rank of a disposition, 0 (self_care) … 3 (emergency), for comparisons. */
export function dispositionRank(d: Disposition): number {
  return DISPOSITION_ORDER.indexOf(d);
}

/** Urgency of a discriminator level. */
export function levelToUrgency(level: SignLevel): Urgency {
  switch (level) {
    case 'emergency':
      return 5;
    case 'very_urgent':
      return 4;
    case 'urgent':
      return 3;
    case 'routine':
      return 2;
  }
}

/** The higher of two urgencies: the rule by which any extra evidence (TEWS, a model) may only raise. */
export function maxUrgency(a: Urgency, b: Urgency): Urgency {
  return a >= b ? a : b;
}

/** Narrow a number to an Urgency (integers 1–5), for data coming from outside. */
export function isUrgency(value: unknown): value is Urgency {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}
