import { createHmac, randomBytes } from 'node:crypto';
import { type Enricher, headerValue, type RequestContext } from './enricher.js';

const VIEWER_ADDRESS = 'CloudFront-Viewer-Address';

/** Keyed, daily-rotating hashes of the client IP: no raw IP is ever stored or logged. */
export interface IpHasher {
  /** First 16 hex of HMAC-SHA256(daily salt, ip). The same IP maps to the same value only within one UTC day. */
  ipHash(ip: string, day: string): string;
  /** First 16 hex of HMAC-SHA256(daily salt, bucket + ip + user agent): unique visitors per app and day. */
  visitorId(bucket: string, ip: string, userAgent: string, day: string): string;
}

/**
 * Creates the hasher from `IP_HASH_SECRET`. The daily salt is HMAC-SHA256(secret, 'YYYY-MM-DD'), so
 * yesterday's hashes cannot be linked to today's, and without the secret the IPv4 space cannot be
 * enumerated to reverse a hash. Without a secret a random one is drawn per process (hashes then
 * differ between instances: visitors are over-counted, but nothing identifying is stored).
 *
 * @example
 * const hasher = createIpHasher(process.env.IP_HASH_SECRET);
 * hasher.ipHash('203.0.113.7', '2025-12-17'); // 'a1b2c3d4e5f60718'
 */
export function createIpHasher(secret: string | undefined): IpHasher {
  const key = secret ?? randomBytes(32).toString('hex');
  let saltDay = '';
  let salt = Buffer.alloc(0);
  const daySalt = (day: string): Buffer => {
    if (day !== saltDay) {
      salt = createHmac('sha256', key).update(day).digest();
      saltDay = day;
    }
    return salt;
  };
  const hash = (day: string, value: string) =>
    createHmac('sha256', daySalt(day)).update(value).digest('hex').slice(0, 16);
  // The events of a batch share one IP and usually one user agent, and each HMAC costs 4-8 µs:
  // remember the last answer of each hash (the day is fixed-width, so `day\nvalue` is unambiguous).
  const lastOf = () => {
    let lastKey: string | undefined;
    let lastHash = '';
    return (day: string, value: string): string => {
      const key = `${day}\n${value}`;
      if (key !== lastKey) {
        lastHash = hash(day, value);
        lastKey = key;
      }
      return lastHash;
    };
  };
  const ipHash = lastOf();
  const visitorHash = lastOf();
  return {
    ipHash: (ip, day) => ipHash(day, ip),
    visitorId: (bucket, ip, userAgent, day) => visitorHash(day, `${bucket}\n${ip}\n${userAgent}`),
  };
}

/**
 * The client IP to hash: CloudFront's `CloudFront-Viewer-Address` (`ip:port`) when CDN headers are
 * trusted, else the peer address Lambda reports.
 *
 * @example
 * clientIp({ 'cloudfront-viewer-address': '203.0.113.7:443' }, '198.51.100.1', true); // '203.0.113.7'
 */
export function clientIp(
  headers: RequestContext['headers'],
  sourceIp: string,
  trustCdnHeaders: boolean,
): string {
  const viewer = trustCdnHeaders ? headerValue(headers, VIEWER_ADDRESS) : undefined;
  if (!viewer) return sourceIp;
  const colon = viewer.lastIndexOf(':');
  return colon > 0 ? viewer.slice(0, colon).replace(/^\[|\]$/g, '') : viewer;
}

/**
 * `ip` and `visitorId`: keyed daily hashes of the client IP (see `clientIp`), the visitor's also of
 * the bucket and user agent. The raw IP never reaches the stored row.
 *
 * @example
 * ipHashEnricher.create({ hasher, trustCdnHeaders: false })(input).ip; // 'a1b2c3d4e5f60718'
 */
export const ipHashEnricher: Enricher<'ip' | 'visitorId'> = {
  name: 'ip hash',
  fills: ['ip', 'visitorId'],
  reads: [VIEWER_ADDRESS, 'User-Agent', 'Origin'],
  create:
    ({ hasher }) =>
    (input) => ({
      ip: hasher.ipHash(input.context.clientIp, input.day),
      visitorId: hasher.visitorId(input.bucket, input.context.clientIp, input.userAgent ?? '', input.day),
    }),
};
