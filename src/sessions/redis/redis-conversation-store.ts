import type { Redis } from 'ioredis';
import { runScript } from '../../shared/redis/run-script.ts';
import type {
  CommitTurn,
  ConversationStore,
  InboxItem,
  OutboxJob,
  StoredSession,
} from '../conversation-store.ts';

/*
 * Key layout (all under the configured prefix):
 *   dedupe:{dedupeKey}   "1", expires after DEDUPE_TTL_DAYS (Meta redelivers for up to 7 days)
 *   inbox:{conv}         hash itemId → item JSON
 *   inbox-keys           set of conversations with waiting items
 *   sess:{conv}          hash { v: version, d: session JSON }, expires SESSION_TTL_HOURS after last inbound
 *   win:{conv}           last inbound time (ms) for the 24-hour window
 *   outbox               hash outboxId → job JSON (ids are zero-padded counters: they sort by commit)
 *   seq                  counter for InboxItem.seq
 * Scripts touch several keys of one conversation at once, so this adapter targets a single Redis
 * (or Sentinel) deployment, not Redis Cluster.
 */

const APPEND = `
if ARGV[1] == '1' then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then return 0 end
end
local seq = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[2], ARGV[3], seq .. '\\n' .. ARGV[4])
redis.call('SADD', KEYS[3], ARGV[5])
if ARGV[6] == '1' then
  local current = tonumber(redis.call('GET', KEYS[4]) or '0')
  if tonumber(ARGV[7]) > current then redis.call('SET', KEYS[4], ARGV[7], 'PX', ARGV[8]) end
end
return 1
`;

const COMMIT = `
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'v', version + 1, 'd', ARGV[2])
  if ARGV[3] == 'keep' then
    if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
  else
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
  end
end
local consumed = tonumber(ARGV[6])
for i = 1, consumed do redis.call('HDEL', KEYS[2], ARGV[6 + i]) end
if redis.call('HLEN', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[5]) end
for i = 7 + consumed, #ARGV do
  local id = redis.call('INCR', KEYS[5])
  redis.call('HSET', KEYS[4], string.format('%015d', id), ARGV[i])
end
return 1
`;

const RENAME = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
return 1
`;

/** Default TTL for a session first written by an internal event (no inbound to refresh it). */
const DEFAULT_SESSION_TTL_MS = 24 * 3600_000;
/** The window record outlives Meta's 24 h so "closed" is answered from data, not from absence. */
const WINDOW_RECORD_TTL_MS = 48 * 3600_000;

/** ConversationStore on Redis: the same behaviour across any number of instances. */
export function createRedisConversationStore(redis: Redis, prefix: string): ConversationStore {
  const k = {
    dedupe: (key: string) => `${prefix}dedupe:${key}`,
    inbox: (conv: string) => `${prefix}inbox:${conv}`,
    inboxKeys: `${prefix}inbox-keys`,
    session: (conv: string) => `${prefix}sess:${conv}`,
    window: (conv: string) => `${prefix}win:${conv}`,
    outbox: `${prefix}outbox`,
    outboxSeq: `${prefix}outbox-seq`,
    seq: `${prefix}seq`,
  };

  return {
    async append(item, dedupe, opensWindow) {
      const result = await runScript(
        redis,
        APPEND,
        [k.dedupe(dedupe?.key ?? 'none'), k.inbox(item.convKey), k.inboxKeys, k.window(item.convKey), k.seq],
        [
          dedupe === null ? '0' : '1',
          String(dedupe?.ttlMs ?? 0),
          item.id,
          JSON.stringify(item),
          item.convKey,
          opensWindow ? '1' : '0',
          String(item.sentAt),
          String(WINDOW_RECORD_TTL_MS),
        ],
      );
      return result === 1 ? 'queued' : 'duplicate';
    },

    async pending(convKey) {
      const raw = await redis.hvals(k.inbox(convKey));
      // Stored as "<seq>\n<item JSON>": the script assigns seq atomically with the append.
      const items = raw.map((r) => {
        const cut = r.indexOf('\n');
        return { ...(JSON.parse(r.slice(cut + 1)) as Omit<InboxItem, 'seq'>), seq: Number(r.slice(0, cut)) };
      });
      return items.sort((a, b) => a.sentAt - b.sentAt || a.seq - b.seq);
    },

    async conversationsWithPending() {
      return redis.smembers(k.inboxKeys);
    },

    async loadSession(convKey) {
      const [version, data] = await redis.hmget(k.session(convKey), 'v', 'd');
      if (version === null || version === undefined || data === null || data === undefined) return null;
      const stored: StoredSession = { version: Number(version), data: JSON.parse(data) as unknown };
      return stored;
    },

    async commit(turn: CommitTurn) {
      const outboxArgs = turn.outbox.map((job) => JSON.stringify(job));
      const result = await runScript(
        redis,
        COMMIT,
        [k.session(turn.convKey), k.inbox(turn.convKey), k.inboxKeys, k.outbox, k.outboxSeq],
        [
          String(turn.expectedVersion),
          turn.session === null ? '' : JSON.stringify(turn.session),
          turn.ttl === 'keep' ? 'keep' : String(turn.ttl.refreshMs),
          String(DEFAULT_SESSION_TTL_MS),
          turn.convKey,
          String(turn.consumed.length),
          ...turn.consumed,
          ...outboxArgs,
        ],
      );
      return result === 1 ? 'committed' : 'conflict';
    },

    async renameSession(fromKey, toKey) {
      return (await runScript(redis, RENAME, [k.session(fromKey), k.session(toKey)], [])) === 1;
    },

    async outbox(limit) {
      const all = await redis.hgetall(k.outbox);
      return Object.entries(all)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, limit)
        .map(([outboxId, json]) => ({ ...(JSON.parse(json) as OutboxJob), outboxId }));
    },

    async ackOutbox(ids) {
      if (ids.length > 0) await redis.hdel(k.outbox, ...ids);
    },

    async lastInbound(convKey) {
      const v = await redis.get(k.window(convKey));
      return v === null ? null : Number(v);
    },

    async nextSeq() {
      return redis.incr(k.seq);
    },

    async listSessions(limit) {
      // SCAN, not KEYS: the console must not block Redis for every other instance.
      const out: Array<StoredSession & { convKey: string }> = [];
      const marker = `${prefix}sess:`;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${marker}*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          if (out.length >= limit) break;
          const [version, data] = await redis.hmget(key, 'v', 'd');
          if (version === null || version === undefined || data === null || data === undefined) continue;
          out.push({
            convKey: key.slice(marker.length),
            version: Number(version),
            data: JSON.parse(data) as unknown,
          });
        }
      } while (cursor !== '0' && out.length < limit);
      return out;
    },
  };
}
