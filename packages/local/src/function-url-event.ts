import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

/** Lambda Function URLs refuse payloads above 6 MB before the function runs. */
export const FUNCTION_URL_MAX_PAYLOAD = 6 * 1024 * 1024;

const TEXT_TYPES = [
  'application/json',
  'application/xml',
  'application/javascript',
  'application/x-www-form-urlencoded',
];

/** Lambda passes text bodies as they are and base64-encodes everything else. */
function isTextBody(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' || type.startsWith('text/') || TEXT_TYPES.includes(type);
}

/**
 * Turns a Node HTTP request and its body into the Function URL v2.0 event Lambda would deliver:
 * real headers (lower-case, repeated ones joined by commas), the peer address as `sourceIp`,
 * the query string, and base64 for non-text bodies.
 *
 * @example
 * const event = toFunctionUrlEvent(req, await readBody(req));
 */
export function toFunctionUrlEvent(request: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const text = isTextBody(headers['content-type']);
  const now = new Date();
  const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'offline',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'offline',
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
    },
  };
}
