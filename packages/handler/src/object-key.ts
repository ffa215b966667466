import { hash } from 'node:crypto';
import { utcDay } from './salt-vault.js';

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
export { utcDay };

// One-shot hashing: the same hex as createHash().update().digest(), without a Hash object per call.
const sha256 = (text: string): string => hash('sha256', text, 'hex');

/**
 * A hash of one event as the client sent it (its validated fields; unknown keys are already dropped,
 * server fields never enter it): 16 hex. A retry of the same event gives the same hash, any other
 * content another one.
 *
 * @example
 * contentHash({ eventType: 'page_view', timestamp: '2025-12-17T12:00:00Z' }); // '3b9d…' (16 hex)
 */
export function contentHash(fields: object): string {
  return sha256(JSON.stringify(fields)).slice(0, 16);
}

/**
 * The ids the server gives events sent without `eventId` in one request, in the seed's shape (epoch
 * seconds, a dash, 16 hex), derived from what identifies an event: its content hash, its bucket, its
 * sender (a keyed hash, never the IP itself) and the UTC day. Two identical requests on one day get
 * the same id, so a retry by curl, tRPC or a backend stores once; the seconds are those of the day's
 * start. The day, its start and the sender are worked out once (on the first id asked for), not once
 * per event of a batch.
 *
 * @example
 * const idOf = serverEventIds(new Date('2023-12-16T16:00:00Z'), 'app1-analytics-prod', () => 'sender-hash');
 * idOf('3b9d…'); // '1702684800-<16 hex>', the same as serverEventId(now, bucket, 'sender-hash', '3b9d…')
 */
export function serverEventIds(now: Date, bucket: string, sender: () => string): (hash: string) => string {
  let prefix: string | undefined;
  let dayStart = 0;
  return (hash) => {
    if (prefix === undefined) {
      const day = utcDay(now);
      dayStart = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000);
      prefix = `${bucket}\n${day}\n${sender()}\n`;
    }
    return `${dayStart}-${sha256(`${prefix}${hash}`).slice(0, 16)}`;
  };
}

/**
 * The id the server gives one event sent without `eventId` (see `serverEventIds`).
 *
 * @example
 * serverEventId(new Date('2023-12-16T16:00:00Z'), 'app1-analytics-prod', 'sender-hash', '3b9d…');
 * // '1702684800-<16 hex>'
 */
export function serverEventId(now: Date, bucket: string, sender: string, hash: string): string {
  return serverEventIds(now, bucket, () => sender)(hash);
}

/**
 * The key of one event: `analytics/year=…/month=…/day=…/<eventId>-<content hash>.json`. The content
 * is in the key, so a later request that reuses an `eventId` with other content writes another
 * object instead of replacing the first, and a retry of the same event writes the same key. (The
 * original tracker wrote `<eventId>.json`; such objects already in a bucket are still read.)
 * `prefixOf` picks the partition: UTC unless the handler was given another zone (`createPartitioner`).
 *
 * @example
 * eventKey(now, '1702742400-a1b2c3d4', '0123456789abcdef');
 * // 'analytics/year=2023/month=12/day=16/1702742400-a1b2c3d4-0123456789abcdef.json'
 */
export function eventKey(now: Date, eventId: string, hash: string, prefixOf = partitionPrefix): string {
  return `${prefixOf(now)}${eventId}-${hash}.json`;
}

/**
 * The key of a batch: a hash of its events' ids and content hashes, so re-sending the same batch
 * writes the same object, and a batch that reuses someone's ids with other content writes another.
 * `prefixOf` picks the partition, as for `eventKey`.
 *
 * @example
 * batchKey(now, [{ eventId: 'e1', hash: 'h1' }]); // 'analytics/year=…/day=…/b-<32 hex>.ndjson.gz'
 */
export function batchKey(
  now: Date,
  events: readonly { eventId: string; hash: string }[],
  prefixOf = partitionPrefix,
): string {
  const digest = sha256(events.map(({ eventId, hash }) => `${eventId} ${hash}`).join('\n')).slice(0, 32);
  return `${prefixOf(now)}b-${digest}.ndjson.gz`;
}
