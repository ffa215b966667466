import fc from 'fast-check';

/** One hostile request: everything a caller controls, plus the client IP the server will see. */
export interface HostileRequest {
  method: string;
  path: string;
  rawQueryString: string;
  headers: Record<string, string>;
  /** The body as sent on the wire (text, or bytes when `binary`). */
  body: string;
  base64: boolean;
  sourceIp: string;
  /** IPs the server sees as the client's: none of them may be stored or logged. */
  clientIps: string[];
}

const ALLOWED = ['app1-analytics-prod', 'app2-analytics-staging'];

/** Bucket values an attacker would try: allowed, pattern-allowed, refused, traversal, wrong types. */
const bucket = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ALLOWED) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}-analytics$/) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'other-bucket',
      '../app1-analytics-prod',
      'app1-analytics-prod/../other',
      'app1-analytics-prod/analytics',
      'APP1-ANALYTICS-PROD',
      'xn--evil-analytics',
      '192.168.1.1',
      `${'a'.repeat(70)}-analytics`,
      'evil..analytics',
      '-analytics',
      'app1-analytics-prod\u0000',
      '',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string(), fc.constant(null), fc.integer(), fc.array(fc.string()), fc.constant({})),
  },
);

const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
);

/** JSON objects that may use prototype keys anywhere, built as own data properties. */
const hostileObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 12 })), fc.jsonValue({ maxDepth: 3 })), {
    maxLength: 6,
  })
  .map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  });

const isoTimestamp = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const text = (maxLength: number) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }));

/** A valid event carrying hostile values where the schema allows them, and server fields it must not set. */
const validEvent = fc.record(
  {
    eventType: fc.constantFrom('page_view', 'signup', '__proto__', 'constructor'),
    timestamp: isoTimestamp,
    eventId: fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
    page: fc.constantFrom(
      '/p?utm_source=a&utm_medium=b',
      'javascript:alert(1)',
      '//evil/x',
      '/a?__proto__[x]=1',
    ),
    referrer: fc.webUrl(),
    userAgent: fc.constantFrom(
      'Googlebot/2.1',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)',
      'curl/8.0',
    ),
    sessionId: fc.string({ maxLength: 40 }),
    metadata: hostileObject,
    ip: fc.constantFrom('1.2.3.4', 'spoofed'),
    serverTimestamp: fc.constant('1999-01-01T00:00:00Z'),
    visitorId: fc.constant('spoofed-visitor'),
  },
  { requiredKeys: ['eventType', 'timestamp'] },
);

/** An event with each field valid, hostile or of the wrong type. */
const fuzzEvent = fc.record(
  {
    eventType: fc.oneof(fc.constantFrom('page_view', 'signup'), text(140), fc.integer()),
    timestamp: fc.oneof(isoTimestamp, fc.string(), fc.constant('2025-12-17T12:00:00+05:00')),
    eventId: fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
      fc.constantFrom('../../../etc/passwd', '..%2F..%2Fother', 'a/b/c/d/e/f/g', 'x'.repeat(200), 'short'),
      fc.string(),
    ),
    page: fc.oneof(
      fc.constantFrom('/p?utm_source=a&utm_medium=b', 'javascript:alert(1)', '//evil/x'),
      text(2100),
    ),
    referrer: fc.oneof(fc.webUrl(), text(50)),
    userAgent: fc.oneof(fc.constantFrom('Googlebot/2.1', 'Mozilla/5.0 (iPhone)'), text(1100)),
    sessionId: text(300),
    userId: text(40),
    fromWebsite: text(40),
    viewport: fc.oneof(
      fc.record({ width: fc.integer(), height: fc.integer() }),
      fc.record({ width: fc.double(), height: fc.string() }),
    ),
    metadata: fc.oneof(hostileObject, fc.jsonValue({ maxDepth: 8 })),
    ip: fc.constantFrom('1.2.3.4', 'spoofed'),
    serverTimestamp: fc.constant('1999-01-01T00:00:00Z'),
    visitorId: fc.constant('spoofed-visitor'),
    device: fc.constant({ is_bot: false }),
  },
  { requiredKeys: ['eventType', 'timestamp'] },
);

const event = fc.oneof({ weight: 3, arbitrary: validEvent }, { weight: 1, arbitrary: fuzzEvent });

/** Bodies, before encoding: single events, batches, arbitrary JSON, prototype-key injections, junk. */
const bodyValue = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(bucket, event).map(([b, e]) => ({ ...e, bucket: b })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(bucket, fc.array(fc.oneof(event, fc.jsonValue({ maxDepth: 2 })), { maxLength: 30 }))
      .map(([b, events]) => ({ bucket: b, events })),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: hostileObject },
);

const POLLUTERS = [
  '{"__proto__":{"polluted":"yes","bucket":"app1-analytics-prod"},',
  '{"constructor":{"prototype":{"polluted":"yes"}},',
  '{"__proto__":{"__proto__":{"polluted":"yes"}},"metadata":{"__proto__":{"polluted":"yes"}},',
];

/** The body text: JSON of `bodyValue`, sometimes with prototype keys spliced in, or not JSON at all. */
const bodyText = fc.oneof(
  { weight: 8, arbitrary: bodyValue.map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...POLLUTERS), bodyValue).map(([prefix, value]) => {
      const json = JSON.stringify(value) ?? 'null';
      return json.startsWith('{') && json.length > 2 ? prefix + json.slice(1) : `${prefix.slice(0, -1)}}`;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', ' ', '{', '[1,', 'null', '"x"', '{"bucket":'),
    ),
  },
  // Around the body limit (the tests configure 16 KiB).
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 15_000, max: 40_000 })
      .map(
        (size) =>
          `{"bucket":"app1-analytics-prod","eventType":"x","timestamp":"2025-12-17T12:00:00Z","page":"${'p'.repeat(size)}"}`,
      ),
  },
);

const contentType = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'application/json',
      'text/plain',
      'text/plain;charset=UTF-8',
      'APPLICATION/JSON; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'text/html',
      'application/octet-stream',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,30}$/) },
);

const octet = fc.integer({ min: 1, max: 254 });
const hextet = fc.integer({ min: 1, max: 0xffff }).map((n) => n.toString(16));
/**
 * Client IPs: IPv4 without zero octets and IPv6 in the documentation prefix, so a match in a log or
 * stored row can only be the IP itself, never a timestamp or version number that happens to look like one.
 */
const clientIp = fc.oneof(
  fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.')),
  fc.tuple(hextet, hextet, hextet).map(([a, b, c]) => `2001:db8:${a}:${b}::${c}`),
);

const printable = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);

/**
 * Hostile requests for the handler: bodies, headers, content types, encodings, sizes, methods and
 * paths, each carrying one or two client IPs that must never be stored or logged.
 *
 * @example
 * fc.assert(fc.asyncProperty(hostileRequest, async (request) => { … }), { numRuns: 10_000 });
 */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    method: fc.oneof(
      { weight: 9, arbitrary: fc.constant('POST') },
      fc.constantFrom('GET', 'PUT', 'OPTIONS', 'DELETE', 'post', 'HEAD'),
    ),
    path: fc.oneof(
      { weight: 8, arbitrary: fc.constant('/track') },
      fc.constantFrom(
        '/trpc/track',
        '/trpc/trackBatch',
        '/trpc/track,trackBatch',
        '/',
        '/track/',
        '/TRACK',
        '/trpc/',
      ),
      fc.stringMatching(/^\/[\x21-\x7e]{0,20}$/),
    ),
    rawQueryString: fc.constantFrom('', '', 'batch=1', 'input=%7B%7D'),
    body: bodyText,
    base64: fc.boolean(),
    contentType: fc.option(contentType, { freq: 3 }),
    contentEncoding: fc.option(fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-unknown')),
    origin: fc.option(fc.constantFrom('https://app2.example.com', 'https://evil.example', 'null')),
    userAgent: fc.option(printable),
    country: fc.option(fc.oneof(fc.constantFrom('DE', '%E2%82%AC', '%ZZ'), printable)),
    sourceIp: clientIp,
    viewerIp: fc.option(clientIp),
    forwardedFor: fc.option(clientIp),
  })
  .map((r) => {
    const headers: Record<string, string> = {};
    if (r.contentType !== null) headers['Content-Type'] = r.contentType;
    if (r.contentEncoding !== null) headers['content-encoding'] = r.contentEncoding;
    if (r.origin !== null) headers.origin = r.origin;
    if (r.userAgent !== null) headers['user-agent'] = r.userAgent;
    if (r.country !== null) headers['cloudfront-viewer-country'] = r.country;
    if (r.viewerIp !== null) headers['cloudfront-viewer-address'] = `${r.viewerIp}:443`;
    if (r.forwardedFor !== null) headers['x-forwarded-for'] = `${r.forwardedFor}, ${r.sourceIp}`;
    const clientIps = [r.sourceIp, r.viewerIp, r.forwardedFor].filter((ip): ip is string => ip !== null);
    return {
      method: r.method,
      path: r.path,
      rawQueryString: r.rawQueryString,
      headers,
      body: r.body,
      base64: r.base64,
      sourceIp: r.sourceIp,
      clientIps,
    };
  });
