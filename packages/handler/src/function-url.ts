import type { HttpRequest, HttpResponse } from './http.js';

/**
 * The parts of a Lambda Function URL event (payload format 2.0) the handler reads. API Gateway
 * HTTP API v2 events have the same shape and are accepted as-is.
 */
export interface FunctionUrlEvent {
  version: string;
  routeKey?: string;
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    requestId?: string;
    /** API Gateway HTTP API stage; its name prefixes `rawPath` unless it is `$default`. */
    stage?: string;
    http: { method: string; path?: string; sourceIp: string; userAgent?: string };
  };
}

/** A Function URL result (payload format 2.0). */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/**
 * Turns a Function URL event into the plain request the core reads: header names lower-cased, once.
 *
 * @example
 * toHttpRequest(event).path; // '/track'
 */
export function toHttpRequest(event: FunctionUrlEvent): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const stage = event.requestContext.stage;
  let path = event.rawPath || event.requestContext.http.path || '/';
  // API Gateway HTTP APIs put a named stage in the path (`/prod/track`, as the original tracker's URL).
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) path = path.slice(stage.length + 1);
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path,
    rawQueryString: event.rawQueryString ?? '',
    headers,
    body: event.body ?? '',
    isBase64Encoded: event.isBase64Encoded === true,
    sourceIp: event.requestContext.http.sourceIp,
    requestId: event.requestContext.requestId ?? '',
  };
}

/**
 * Turns the core's response back into a Function URL result.
 *
 * @example
 * toFunctionUrlResult({ statusCode: 204, headers: {}, body: '' });
 */
export function toFunctionUrlResult(response: HttpResponse): FunctionUrlResult {
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: false,
  };
}
