import { CORS_POLICY, type ErrorResponse, hasLoneSurrogate } from '@analytics-tracker/schema';
import {
  MISSING_BUCKET,
  RETRY_AFTER_SECONDS,
  RequestShapeError,
  TrackerError,
  ValidationError,
} from './errors.js';

/** A request as the core sees it: decoded once from the Function URL event. */
export interface HttpRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The raw body as sent (base64 when `isBase64Encoded`). */
  body: string;
  isBase64Encoded: boolean;
  /** Query string without `?` (tRPC's `batch=1`). */
  rawQueryString: string;
  /** Address of the peer; used for hashing only. */
  sourceIp: string;
  requestId: string;
}

/** A response before it becomes a Function URL result. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];

/**
 * Decodes the body to text, enforcing the size limit (413) and content type (415).
 * `text/plain` lets browsers skip the CORS preflight; `application/x-www-form-urlencoded` is what
 * `curl -d` sends without `-H`, as in the seed's multi-tenant examples; the body is JSON either way.
 *
 * @example
 * decodeBody(request, 512 * 1024); // '{"bucket":"…"}'
 */
export function decodeBody(request: HttpRequest, maxBytes: number): string {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType && !JSON_TYPES.includes(contentType)) {
    throw new RequestShapeError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Unsupported Media Type',
      `Content-Type ${contentType} is not supported; send JSON as application/json or text/plain`,
      'unsupported_media_type',
    );
  }
  // Base64 inflates by 4/3: refuse before decoding anything that cannot fit.
  // A UTF-8 body has at least as many bytes as UTF-16 code units.
  const rawLimit = request.isBase64Encoded ? Math.ceil((maxBytes * 4) / 3) + 4 : maxBytes;
  const tooLarge = () =>
    new RequestShapeError(
      'PAYLOAD_TOO_LARGE',
      'Payload Too Large',
      `The request body exceeds ${maxBytes} bytes; send fewer events per batch`,
      'payload_too_large',
    );
  if (request.body.length > rawLimit) throw tooLarge();
  if (!request.isBase64Encoded) {
    // Text as Lambda gave it: measured, not copied twice. Encoding to UTF-8 and back only changes a
    // string with a lone surrogate (each becomes U+FFFD), so only such a string takes that way.
    if (Buffer.byteLength(request.body, 'utf8') > maxBytes) throw tooLarge();
    return hasLoneSurrogate(request.body) ? Buffer.from(request.body, 'utf8').toString('utf8') : request.body;
  }
  const bytes = Buffer.from(request.body, 'base64');
  if (bytes.length > maxBytes) throw tooLarge();
  return bytes.toString('utf8');
}

/**
 * Parses JSON text; malformed JSON is a 400, never a 500. An absent or empty body is the original
 * tracker's `Missing required field: bucket`, the string its clients match on.
 *
 * @example
 * parseJson('{"a":1}'); // { a: 1 }
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw MISSING_BUCKET;
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    throw new ValidationError(
      'Invalid JSON',
      `The request body is not valid JSON${detail}`,
      undefined,
      'invalid_json',
    );
  }
}

/**
 * Whether a request from `origin` may send events: always under `*`; otherwise only from a listed
 * origin, and never without one (the original tracker's rule for `CORS_ORIGINS`).
 *
 * @example
 * originAllowed(['https://a.example'], undefined); // false
 */
export function originAllowed(allowed: readonly string[], origin: string | undefined): boolean {
  return allowed.includes('*') || (origin !== undefined && allowed.includes(origin));
}

/**
 * CORS headers for a response: `*`, or the request's origin when it is in the configured list.
 *
 * @example
 * corsHeaders(['*'], 'https://a.example'); // { 'access-control-allow-origin': '*', … }
 */
export function corsHeaders(allowed: readonly string[], origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'access-control-allow-methods': [...CORS_POLICY.allowMethods, 'OPTIONS'].join(', '),
    'access-control-allow-headers': CORS_POLICY.allowHeaders.join(', '),
    'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(', '),
    'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
  };
  if (allowed.includes('*')) {
    headers['access-control-allow-origin'] = '*';
  } else {
    headers.vary = 'Origin';
    if (origin && allowed.includes(origin)) headers['access-control-allow-origin'] = origin;
  }
  return headers;
}

/**
 * A JSON response.
 *
 * @example
 * json(200, { status: 'ok' });
 */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The response for any error: expected ones with their status and body; anything else is a bug
 * and becomes one opaque 500 (details go to the log, never to the caller).
 *
 * @example
 * errorResponse(new ForbiddenError('…', 'bucket_not_allowed')).statusCode; // 403
 */
export function errorResponse(error: unknown): HttpResponse {
  if (error instanceof TrackerError) {
    const body: ErrorResponse = { error: error.error, message: error.message };
    if (error.issues) body.issues = error.issues;
    const headers: Record<string, string> = {};
    if (error.status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
    if (error.code === 'METHOD_NOT_ALLOWED') headers.allow = 'POST, OPTIONS';
    return json(error.status, body, headers);
  }
  return json(500, { error: 'Internal Server Error', message: 'An unexpected error occurred' });
}
