import { type DeliveryRecord, type DeliveryStore, STATUS_RANK } from '../delivery-store.ts';

/** Statuses for wamids we have not recorded yet are kept this long (the send response is seconds away). */
const ORPHAN_TTL_MS = 3600_000;

/** In-process DeliveryStore (single instance). */
export function createMemoryDeliveryStore(options: { now?: () => number } = {}): DeliveryStore {
  const now = options.now ?? Date.now;
  const records = new Map<string, { record: DeliveryRecord; expiresAt: number }>();
  const byConversation = new Map<string, string[]>();
  const live = (wamid: string) => {
    const r = records.get(wamid);
    if (r === undefined || r.expiresAt <= now()) return undefined;
    return r;
  };
  return {
    async recordAccepted({ wamid, convKey, at }, ttlMs) {
      const existing = live(wamid);
      const record: DeliveryRecord =
        existing === undefined ? { wamid, convKey, status: 'accepted', at } : { ...existing.record, convKey };
      records.set(wamid, { record, expiresAt: now() + ttlMs });
      const list = byConversation.get(convKey) ?? [];
      if (!list.includes(wamid)) list.unshift(wamid);
      byConversation.set(convKey, list.slice(0, 50));
      return record;
    },
    async apply(wamid, status, at, errorCode) {
      let r = live(wamid);
      if (r === undefined) {
        r = { record: { wamid, convKey: '', status: 'accepted', at }, expiresAt: now() + ORPHAN_TTL_MS };
        records.set(wamid, r);
      }
      if (STATUS_RANK[status] <= STATUS_RANK[r.record.status]) return { record: r.record, advanced: false };
      r.record = { ...r.record, status, at, ...(errorCode !== undefined ? { errorCode } : {}) };
      return { record: r.record, advanced: true };
    },
    async get(wamid) {
      return live(wamid)?.record ?? null;
    },
    async recent(convKey, limit) {
      return (byConversation.get(convKey) ?? []).slice(0, limit).flatMap((w) => {
        const r = live(w);
        return r === undefined ? [] : [r.record];
      });
    },
  };
}
