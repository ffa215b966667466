/**
 * The Function URL event (payload 2.0) the handler reads. Declared here by shape, so the test kit
 * depends on no package; the handler's `FunctionUrlEvent` accepts it as is.
 */
export interface TestFunctionUrlEvent {
  version: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    requestId: string;
    http: { method: string; path: string; sourceIp: string };
  };
}

/** What a test varies in a request; every field has a default. */
export interface FunctionUrlEventOptions {
  /** Default `/track`. */
  path?: string;
  /** Default `POST`. */
  method?: string;
  rawQueryString?: string;
  /** Added to `DEFAULT_HEADERS` (JSON content type, a non-browser user agent). */
  headers?: Record<string, string>;
  /** Send exactly `headers`, without the defaults (e.g. hostile requests with no content type). */
  replaceHeaders?: boolean;
  /** The peer address Lambda reports (default `198.51.100.23`, a documentation address). */
  sourceIp?: string;
  /** Base64-encode the body, as Lambda does for binary content types. */
  base64?: boolean;
  requestId?: string;
}

/** Headers of a request unless a test says otherwise. */
export const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'user-agent': 'vitest',
};

/**
 * A Lambda Function URL event (payload 2.0) as AWS delivers it: `body` is sent as is when a string,
 * JSON-encoded otherwise, and left out when undefined.
 *
 * @example
 * await handler(functionUrlEvent(seedBody));
 * await handler(functionUrlEvent('{', { headers: { 'content-type': 'text/plain' } }));
 */
export function functionUrlEvent(
  body?: unknown,
  options: FunctionUrlEventOptions = {},
): TestFunctionUrlEvent {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const path = options.path ?? '/track';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.rawQueryString ?? '',
    headers: options.replaceHeaders ? { ...options.headers } : { ...DEFAULT_HEADERS, ...options.headers },
    ...(text === undefined ? {} : { body: options.base64 ? Buffer.from(text).toString('base64') : text }),
    isBase64Encoded: options.base64 === true,
    requestContext: {
      requestId: options.requestId ?? 'req-1',
      http: { method: options.method ?? 'POST', path, sourceIp: options.sourceIp ?? '198.51.100.23' },
    },
  };
}
