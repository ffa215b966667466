import type { FunctionUrlEvent } from '@analytics-tracker/handler';

/** What a test varies in a Function URL request. */
export interface RequestShape {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Sent as is when a string; JSON-encoded otherwise. */
  body?: unknown;
  base64?: boolean;
  sourceIp?: string;
}

/**
 * A Lambda Function URL event (payload 2.0), as AWS delivers it to the handler.
 *
 * @example
 * await handler(functionUrlEvent({ body: { bucket: 'app1-analytics-prod', eventType: 'x', timestamp } }));
 */
export function functionUrlEvent(shape: RequestShape = {}): FunctionUrlEvent {
  const path = shape.path ?? '/track';
  const text =
    shape.body === undefined
      ? undefined
      : typeof shape.body === 'string'
        ? shape.body
        : JSON.stringify(shape.body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: shape.headers ?? { 'content-type': 'application/json' },
    ...(text === undefined ? {} : { body: shape.base64 ? Buffer.from(text).toString('base64') : text }),
    isBase64Encoded: shape.base64 === true,
    requestContext: {
      requestId: 'reliability',
      http: { method: shape.method ?? 'POST', path, sourceIp: shape.sourceIp ?? '198.51.100.23' },
    },
  };
}
