import type { ParsedEventFields, StoredRow, UserAgentMode } from '@analytics-tracker/schema';
import type { Deadline } from './deadline.js';
import type { IpHasher } from './ip-hash.js';

/** What the server knows about a request, independent of its body. */
export interface RequestContext {
  /** Server time of the request: partitions, `serverTimestamp` and the IP-hash day come from it. */
  now: Date;
  /** Client IP: used for hashing only, never stored or logged. */
  clientIp: string;
  /** Request headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** When the invocation must stop waiting on S3 and SSM (Lambda); absent offline and in tests. */
  deadline?: Deadline | undefined;
}

/** A request's context once the salt of its UTC day is known (the service reads it before enriching). */
export interface SaltedContext extends RequestContext {
  /** The salt of `now`'s UTC day: the key of `ip` and `visitorId`. */
  salt: string;
}

/** What every enricher is given for one event. */
export interface EnrichInput {
  event: ParsedEventFields;
  bucket: string;
  context: SaltedContext;
  /** The visitor's user agent (see `visitorUserAgent`), or null. */
  userAgent: string | null;
  /** UTC day of `context.now`, `YYYY-MM-DD`. */
  day: string;
}

/** Server-side settings enrichers need; `createHandler` builds them from the config. */
export interface EnricherDeps {
  hasher: IpHasher;
  /**
   * What is kept of the visitor's user agent: `parsed` keeps the device fields (and a crawler's
   * string), `full` every whole string (a fingerprinting risk), `none` only device type and bot flag.
   */
  userAgent: UserAgentMode;
  /** Read location and client IP from CloudFront viewer headers (only behind CloudFront). */
  trustCdnHeaders: boolean;
}

/**
 * One enrichment step, declared once: the stored fields it fills and the request headers it reads
 * (canonical names, as CloudFront lists them). `enrich.ts` composes the steps, and terraform forwards
 * through CloudFront exactly the headers they declare. `create` builds a step with its own caches,
 * so two handlers never share state.
 *
 * @example
 * const geo: Enricher<'location'> = { name: 'geo', fills: ['location'], reads: ['CloudFront-Viewer-Country'], create: () => (input) => ({ location }) };
 */
export interface Enricher<K extends keyof StoredRow> {
  readonly name: string;
  readonly fills: readonly K[];
  readonly reads: readonly string[];
  create(deps: EnricherDeps): (input: EnrichInput) => Pick<StoredRow, K>;
}

/**
 * A request header by its canonical name (`CloudFront-Viewer-Country`), from the lower-cased headers.
 *
 * @example
 * headerValue({ 'user-agent': 'curl/8.5.0' }, 'User-Agent'); // 'curl/8.5.0'
 */
export function headerValue(headers: RequestContext['headers'], name: string): string | undefined {
  return headers[name.toLowerCase()];
}
