import { createHash, randomBytes } from 'node:crypto';

/**
 * The UTC partition path of a write: `analytics/year=YYYY/month=MM/day=DD/`.
 *
 * @example
 * partitionPrefix(new Date('2025-12-17T12:00:00Z')); // 'analytics/year=2025/month=12/day=17/'
 */
export function partitionPrefix(now: Date): string {
  const iso = now.toISOString();
  return `analytics/year=${iso.slice(0, 4)}/month=${iso.slice(5, 7)}/day=${iso.slice(8, 10)}/`;
}

/**
 * The UTC day of a write, `YYYY-MM-DD` (the IP-hash salt's day too).
 *
 * @example
 * utcDay(new Date('2025-12-17T23:59:59Z')); // '2025-12-17'
 */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

// `randomBytes(8)` per id cost ~5 µs, the largest cost of an event in a batch after validation and
// gzip. The same CSPRNG drawn 4 KiB at a time makes an id nearly free. The pool is filled on first
// use, never at creation, so a snapshot of an initialized process never holds ids-to-be.
const POOL_BYTES = 4096;

/**
 * A source of server-generated event ids in the seed's shape: epoch seconds, a dash, 16 random hex.
 * Each source draws from its own random pool (one per handler: two handlers never share it).
 *
 * @example
 * const newEventId = createEventIdSource();
 * newEventId(new Date('2023-12-16T16:00:00Z')); // '1702742400-a1b2c3d4e5f60718'
 */
export function createEventIdSource(): (now: Date) => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (now) => {
    if (offset + 8 > pool.length) {
      pool = randomBytes(POOL_BYTES);
      offset = 0;
    }
    const hex = pool.toString('hex', offset, offset + 8);
    offset += 8;
    return `${Math.floor(now.getTime() / 1000)}-${hex}`;
  };
}

/**
 * The key of one event: `analytics/year=…/month=…/day=…/<eventId>.json` (the seed's key); `prefixOf`
 * picks the partition (UTC unless the handler was given another zone, see `createPartitioner`).
 *
 * @example
 * eventKey(now, '1702742400-a1b2c3d4'); // 'analytics/year=2023/month=12/day=16/1702742400-a1b2c3d4.json'
 */
export function eventKey(now: Date, eventId: string, prefixOf = partitionPrefix): string {
  return `${prefixOf(now)}${eventId}.json`;
}

/**
 * The key of a batch: a hash of its event ids, so re-sending the same events writes the same object.
 *
 * @example
 * batchKey(now, ['e1', 'e2']); // 'analytics/year=…/day=…/b-<32 hex>.ndjson.gz'
 */
export function batchKey(now: Date, eventIds: readonly string[], prefixOf = partitionPrefix): string {
  const digest = createHash('sha256').update(eventIds.join('\n')).digest('hex').slice(0, 32);
  return `${prefixOf(now)}b-${digest}.ndjson.gz`;
}
