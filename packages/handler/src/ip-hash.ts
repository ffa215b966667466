import { createHmac } from 'node:crypto';
import { type Enricher, headerValue, type RequestContext } from './enricher.js';

const VIEWER_ADDRESS = 'CloudFront-Viewer-Address';

/**
 * The one keyed hash behind `ip` and `visitorId`: the first 16 hex characters of HMAC-SHA256 with
 * the day's salt (its 64-hex text) as the key.
 *
 * @example
 * keyedHash(salt, 'app1-analytics-prod\n203.0.113.7'); // '3b9d…' (16 hex)
 */
export function keyedHash(salt: string, message: string): string {
  return createHmac('sha256', salt).update(message).digest('hex').slice(0, 16);
}

/**
 * Per-app, per-day identifiers: both include the bucket, so no identifier is shared across apps, and
 * both are keyed by the day's random salt, so they cannot be linked across days or recomputed once
 * that salt is destroyed. No raw IP is ever stored or logged.
 */
export interface IpHasher {
  /** `keyedHash(salt, bucket + "\n" + ip)`: the same IP in the same app on the same UTC day. */
  ipHash(salt: string, bucket: string, ip: string): string;
  /** `keyedHash(salt, bucket + "\n" + ip + "\n" + user agent)`: unique visitors per app and day (as Plausible counts them). */
  visitorId(salt: string, bucket: string, ip: string, userAgent: string): string;
}

/**
 * Creates the hasher of one handler instance. The events of a batch share one IP and usually one
 * user agent, and each HMAC costs 4-8 µs, so each hash remembers its last answer. Bucket names and
 * IPs hold no newline, so the messages are unambiguous.
 *
 * @example
 * const hasher = createIpHasher();
 * hasher.ipHash(salt, 'app1-analytics-prod', '203.0.113.7'); // 16 hex, that app and day only
 */
export function createIpHasher(): IpHasher {
  const lastOf = () => {
    let lastSalt = '';
    let lastMessage: string | undefined;
    let lastHash = '';
    return (salt: string, message: string): string => {
      if (salt !== lastSalt || message !== lastMessage) {
        lastHash = keyedHash(salt, message);
        lastSalt = salt;
        lastMessage = message;
      }
      return lastHash;
    };
  };
  const ipHash = lastOf();
  const visitorHash = lastOf();
  return {
    ipHash: (salt, bucket, ip) => ipHash(salt, `${bucket}\n${ip}`),
    visitorId: (salt, bucket, ip, userAgent) => visitorHash(salt, `${bucket}\n${ip}\n${userAgent}`),
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
 * `ip` and `visitorId`: hashes keyed by the day's salt, of the bucket and the client IP (see
 * `clientIp`), the visitor's also of the user agent. The raw IP never reaches the stored row.
 *
 * @example
 * ipHashEnricher.create({ hasher, userAgent: 'parsed', trustCdnHeaders: false })(input).ip; // 'a1b2c3d4e5f60718'
 */
export const ipHashEnricher: Enricher<'ip' | 'visitorId'> = {
  name: 'ip hash',
  fills: ['ip', 'visitorId'],
  reads: [VIEWER_ADDRESS, 'User-Agent', 'Origin'],
  create:
    ({ hasher }) =>
    (input) => ({
      ip: hasher.ipHash(input.context.salt, input.bucket, input.context.clientIp),
      visitorId: hasher.visitorId(
        input.context.salt,
        input.bucket,
        input.context.clientIp,
        input.userAgent ?? '',
      ),
    }),
};
