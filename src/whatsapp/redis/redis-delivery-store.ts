import type { Redis } from 'ioredis';
import { runScript } from '../../shared/redis/run-script.ts';
import {
  type DeliveryRecord,
  type DeliveryStore,
  STATUS_RANK,
  type TrackedStatus,
} from '../delivery-store.ts';

const ACCEPTED = `
redis.call('HSETNX', KEYS[1], 'rank', ARGV[2])
redis.call('HSETNX', KEYS[1], 'status', 'accepted')
redis.call('HSETNX', KEYS[1], 'at', ARGV[3])
redis.call('HSET', KEYS[1], 'convKey', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local r = redis.call('HMGET', KEYS[1], 'convKey', 'status', 'at', 'errorCode')
return { r[1], r[2], r[3], r[4] or '' }
`;

const APPLY = `
local rank = tonumber(redis.call('HGET', KEYS[1], 'rank'))
if rank == nil then
  redis.call('HSET', KEYS[1], 'rank', '0', 'status', 'accepted', 'convKey', '', 'at', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  rank = 0
end
local advanced = 0
if tonumber(ARGV[2]) > rank then
  redis.call('HSET', KEYS[1], 'status', ARGV[1], 'rank', ARGV[2], 'at', ARGV[3])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'errorCode', ARGV[4]) end
  advanced = 1
end
local r = redis.call('HMGET', KEYS[1], 'convKey', 'status', 'at', 'errorCode')
return { tostring(advanced), r[1], r[2], r[3], r[4] or '' }
`;

/** Statuses for wamids we have not recorded yet are kept this long (the send response is seconds away). */
const ORPHAN_TTL_MS = 3600_000;

const isTracked = (s: string): s is TrackedStatus => s in STATUS_RANK;

/** DeliveryStore in Redis: one hash per wamid, advanced atomically by rank. */
export function createRedisDeliveryStore(redis: Redis, prefix: string): DeliveryStore {
  const key = (wamid: string) => `${prefix}msg:${wamid}`;
  const toRecord = (wamid: string, fields: unknown[]): DeliveryRecord => {
    const [convKey, status, at, errorCode] = fields.map((f) =>
      f === null || f === undefined ? '' : String(f),
    );
    return {
      wamid,
      convKey: convKey ?? '',
      status: status !== undefined && isTracked(status) ? status : 'accepted',
      at: Number(at),
      ...(errorCode !== undefined && errorCode !== '' ? { errorCode: Number(errorCode) } : {}),
    };
  };
  return {
    async recordAccepted({ wamid, convKey, at }, ttlMs) {
      const list = `${prefix}msgs:${convKey}`;
      await redis
        .multi()
        .lrem(list, 0, wamid)
        .lpush(list, wamid)
        .ltrim(list, 0, 49)
        .pexpire(list, ttlMs)
        .exec();
      const fields = await runScript(
        redis,
        ACCEPTED,
        [key(wamid)],
        [convKey, String(STATUS_RANK.accepted), String(at), String(ttlMs)],
      );
      return toRecord(wamid, Array.isArray(fields) ? fields : []);
    },
    async apply(wamid, status, at, errorCode) {
      const result = await runScript(
        redis,
        APPLY,
        [key(wamid)],
        [
          status,
          String(STATUS_RANK[status]),
          String(at),
          errorCode === undefined ? '' : String(errorCode),
          String(ORPHAN_TTL_MS),
        ],
      );
      const fields = Array.isArray(result) ? result : [];
      return { record: toRecord(wamid, fields.slice(1)), advanced: String(fields[0]) === '1' };
    },
    async recent(convKey, limit) {
      const wamids = await redis.lrange(`${prefix}msgs:${convKey}`, 0, limit - 1);
      const out: DeliveryRecord[] = [];
      for (const w of wamids) {
        const fields = await redis.hmget(key(w), 'convKey', 'status', 'at', 'errorCode');
        if (fields[1] !== null) out.push(toRecord(w, fields));
      }
      return out;
    },
    async get(wamid) {
      const fields = await redis.hmget(key(wamid), 'convKey', 'status', 'at', 'errorCode');
      if (fields[1] === null) return null;
      return toRecord(wamid, fields);
    },
  };
}
