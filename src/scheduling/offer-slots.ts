import type { TimeSlot } from './free-slots.ts';
import { assertTimeZone, localDateOf, parseInstant, toIsoInstant } from './local-clock.ts';

/** Offered slots of one local day (`YYYY-MM-DD` in the clinic's zone), soonest first. */
export interface DayOffer {
  readonly day: string;
  readonly slots: readonly TimeSlot[];
}

/** What the patient is shown: days in order, each with its slots; at most `max` slots in all. */
export type SlotOffer = readonly DayOffer[];

export interface OfferOptions {
  readonly timeZone: string;
  /** Most slots offered in all. Default 10, the WhatsApp list message's row limit. */
  readonly max?: number;
  /** Slots per day on the first pass; days with spare slots get more only when there are too few days. */
  readonly perDay?: number;
}

export const DEFAULT_OFFER_MAX = 10;
export const DEFAULT_OFFER_PER_DAY = 3;

/**
 * Chooses at most `max` slots to offer from `slots` (any order; duplicates by start are dropped) and
 * groups them by local day in `timeZone`.
 *
 * Days are filled in order with up to `perDay` slots each, so the offer covers several days rather than
 * one morning; when the days run out before `max`, the remaining places go round the days again. Within
 * a day the picks are spread over its hours and always include its earliest slot, so the soonest free
 * slot overall is always offered. Pure and deterministic.
 */
export function offerSlots(slots: readonly TimeSlot[], options: OfferOptions): DayOffer[] {
  assertTimeZone(options.timeZone);
  const max = options.max ?? DEFAULT_OFFER_MAX;
  const perDay = Math.max(1, options.perDay ?? DEFAULT_OFFER_PER_DAY);

  const byStart = new Map<number, TimeSlot>();
  for (const slot of slots) {
    const start = parseInstant(slot.start, 'slot.start');
    if (!byStart.has(start)) byStart.set(start, normalise(slot));
  }
  const days = new Map<string, Array<{ start: number; slot: TimeSlot }>>();
  for (const [start, slot] of [...byStart].sort((a, b) => a[0] - b[0])) {
    const day = localDateOf(start, options.timeZone);
    days.set(day, [...(days.get(day) ?? []), { start, slot }]);
  }

  const dayList = [...days];
  const quotas = dayList.map(() => 0);
  let total = 0;
  for (const [i, [, daySlots]] of dayList.entries()) {
    const take = Math.min(perDay, daySlots.length, max - total);
    quotas[i] = take;
    total += take;
  }
  // Few days (a single open day, say): hand out the rest one by one, earliest days first.
  for (let grew = true; total < max && grew; ) {
    grew = false;
    for (const [i, [, daySlots]] of dayList.entries()) {
      if (total >= max) break;
      if ((quotas[i] ?? 0) < daySlots.length) {
        quotas[i] = (quotas[i] ?? 0) + 1;
        total++;
        grew = true;
      }
    }
  }

  return dayList.flatMap(([day, daySlots], i) => {
    const picked = spread(daySlots, quotas[i] ?? 0);
    return picked.length === 0 ? [] : [{ day, slots: picked }];
  });
}

/**
 * Short, deterministic id for a slot, used as the WhatsApp list row id (≤ 200 characters): the slot as an
 * ISO 8601 interval of UTC instants, `2026-03-30T07:00:00.000Z/2026-03-30T07:20:00.000Z` (49 characters).
 * The same slot always gets the same id, however its instants were written.
 */
export function slotId(slot: TimeSlot): string {
  const s = normalise(slot);
  return `${s.start}/${s.end}`;
}

/** The offered slot whose {@link slotId} is `id`, or `undefined`: a reply can only pick what was offered. */
export function findOfferedSlot(offer: SlotOffer, id: string): TimeSlot | undefined {
  return offer.flatMap((d) => d.slots).find((s) => slotId(s) === id);
}

/**
 * Re-offers after the slot starting at `takenStart` was taken between offer and confirmation: that slot
 * leaves the offer and one replacement from `freshSlots` (a new free-slot search) joins it, everything
 * else offered stays as it was. The replacement is the fresh slot not already offered that starts
 * nearest the taken one, preferring the same local day; ties go to the earlier slot. Without a
 * replacement the offer just shrinks. An offer without the taken slot comes back unchanged.
 */
export function replaceTakenSlot(
  offer: SlotOffer,
  takenStart: string,
  freshSlots: readonly TimeSlot[],
  options: { readonly timeZone: string },
): { offer: DayOffer[]; replacement?: TimeSlot } {
  assertTimeZone(options.timeZone);
  const taken = parseInstant(takenStart, 'takenStart');
  const startOf = (s: TimeSlot) => parseInstant(s.start, 'slot.start');
  const kept = offer.map((d) => ({ day: d.day, slots: d.slots.filter((s) => startOf(s) !== taken) }));
  if (kept.every((d, i) => d.slots.length === offer[i]?.slots.length))
    return { offer: offer.map((d) => ({ ...d })) };

  const offered = new Set(kept.flatMap((d) => d.slots.map(startOf)));
  const takenDay = localDateOf(taken, options.timeZone);
  const candidates = freshSlots
    .map((slot) => ({ slot: normalise(slot), start: startOf(slot) }))
    .filter((c) => c.start !== taken && !offered.has(c.start))
    .map((c) => ({ ...c, day: localDateOf(c.start, options.timeZone) }))
    .sort(
      (a, b) =>
        Number(b.day === takenDay) - Number(a.day === takenDay) ||
        Math.abs(a.start - taken) - Math.abs(b.start - taken) ||
        a.start - b.start,
    );
  const best = candidates[0];
  const withoutEmpty = kept.filter((d) => d.slots.length > 0);
  if (!best) return { offer: withoutEmpty };

  const target = withoutEmpty.find((d) => d.day === best.day);
  const next = target
    ? withoutEmpty.map((d) =>
        d === target
          ? { day: d.day, slots: [...d.slots, best.slot].sort((a, b) => startOf(a) - startOf(b)) }
          : d,
      )
    : [...withoutEmpty, { day: best.day, slots: [best.slot] }].sort((a, b) => a.day.localeCompare(b.day));
  return { offer: next, replacement: best.slot };
}

/**
 * `count` slots of one day spread over its hours: the first is the earliest, the others are nearest to
 * evenly spaced target times between the earliest and latest start (ties to the earlier slot).
 */
function spread(daySlots: ReadonlyArray<{ start: number; slot: TimeSlot }>, count: number): TimeSlot[] {
  if (count >= daySlots.length) return daySlots.map((d) => d.slot);
  if (count <= 0) return [];
  const first = daySlots[0]?.start ?? 0;
  const last = daySlots.at(-1)?.start ?? first;
  const chosen = new Set<number>([0]);
  for (let k = 1; k < count; k++) {
    const target = first + ((last - first) * k) / (count - 1);
    let best = -1;
    daySlots.forEach((d, i) => {
      if (chosen.has(i)) return;
      const current = daySlots[best];
      if (best < 0 || !current || Math.abs(d.start - target) < Math.abs(current.start - target)) best = i;
    });
    chosen.add(best);
  }
  return [...chosen].sort((a, b) => a - b).flatMap((i) => daySlots[i]?.slot ?? []);
}

function normalise(slot: TimeSlot): TimeSlot {
  return {
    start: toIsoInstant(parseInstant(slot.start, 'slot.start')),
    end: toIsoInstant(parseInstant(slot.end, 'slot.end')),
  };
}
