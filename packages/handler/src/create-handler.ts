import { timingSafeEqual } from 'node:crypto';
import {
  type BatchResponse,
  type HandlerConfig,
  handlerConfigFromEnv,
  isPlainObject,
  type TrackResponse,
} from '@analytics-tracker/schema';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createBucketAllowlist } from './bucket-allowlist.js';
import type { RequestContext } from './enrich.js';
import { ForbiddenError, RETRY_AFTER_SECONDS, RequestShapeError, TrackerError } from './errors.js';
import type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';
import { toFunctionUrlResult, toHttpRequest } from './function-url.js';
import {
  corsHeaders,
  decodeBody,
  errorResponse,
  type HttpRequest,
  type HttpResponse,
  json,
  parseJson,
} from './http.js';
import { createIpHasher } from './ip-hash.js';
import { createPowertoolsObserver, type Observer, type RequestLog } from './observability.js';
import { createS3Store } from './s3-store.js';
import { createTrackerService, type TrackerService } from './service.js';
import type { EventStore } from './store.js';
import { appRouter } from './trpc-router.js';

/** Everything the handler depends on; each has a production default. */
export interface HandlerOptions {
  /** Default: `handlerConfigFromEnv(process.env)`. */
  config?: HandlerConfig;
  /** Default: S3 through `@aws-sdk/client-s3`. */
  store?: EventStore;
  /** Default: `() => new Date()`. */
  clock?: () => Date;
  /** Default: Powertools logs, and EMF metrics when `config.enableMetrics`. */
  observer?: Observer;
}

/** A Function URL handler. */
export type FunctionUrlHandler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

type Outcome = { response: HttpResponse; log: Partial<RequestLog> };

const NOT_FOUND = new RequestShapeError(
  'NOT_FOUND',
  'Not Found',
  'Unknown path; send events to POST /track',
  'not_found',
);
const METHOD_NOT_ALLOWED = new RequestShapeError(
  'METHOD_NOT_ALLOWED',
  'Method Not Allowed',
  'Use POST to send events',
  'method_not_allowed',
);
const VIA_CDN_ONLY = new ForbiddenError(
  "Requests must come through the tracker's CloudFront distribution",
  'origin_verify',
);

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Client IP for hashing: CloudFront's `cloudfront-viewer-address` (`ip:port`) when trusted, else the peer. */
function clientIp(request: HttpRequest, trustCdnHeaders: boolean): string {
  const viewer = trustCdnHeaders ? request.headers['cloudfront-viewer-address'] : undefined;
  if (!viewer) return request.sourceIp;
  const colon = viewer.lastIndexOf(':');
  return colon > 0 ? viewer.slice(0, colon).replace(/^\[|\]$/g, '') : viewer;
}

function summary(result: TrackResponse | BatchResponse): Partial<RequestLog> {
  if ('eventId' in result) return { bucket: result.bucket, accepted: 1 };
  const reasons: Record<string, number> = {};
  for (const { error } of result.rejected) {
    const reason = error.toLowerCase().replaceAll(' ', '_');
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return {
    bucket: result.bucket,
    accepted: result.accepted.length,
    rejected: result.rejected.length,
    reasons,
  };
}

async function trackRoute(
  request: HttpRequest,
  context: RequestContext,
  service: TrackerService,
  config: HandlerConfig,
): Promise<Outcome> {
  if (request.method !== 'POST') throw METHOD_NOT_ALLOWED;
  const body = parseJson(decodeBody(request, config.maxBodyBytes));
  const isBatch = isPlainObject(body) && Array.isArray(body.events);
  const result = isBatch ? await service.trackBatch(body, context) : await service.track(body, context);
  return { response: json(200, result), log: summary(result) };
}

async function trpcRoute(
  request: HttpRequest,
  context: RequestContext,
  service: TrackerService,
  config: HandlerConfig,
): Promise<Outcome> {
  const body = request.method === 'POST' ? decodeBody(request, config.maxBodyBytes) : undefined;
  const query = request.rawQueryString ? `?${request.rawQueryString}` : '';
  const fetchRequest = new Request(`http://localhost${request.path}${query}`, {
    method: request.method,
    headers: request.headers,
    ...(body !== undefined ? { body } : {}),
  });
  let log: Partial<RequestLog> = {};
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: fetchRequest,
    router: appRouter,
    createContext: () => ({ service, request: context }),
    responseMeta: ({ errors }) =>
      errors.some((error) => error.code === 'SERVICE_UNAVAILABLE')
        ? { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }
        : {},
    onError: ({ error }) => {
      const cause = error.cause;
      log =
        cause instanceof TrackerError ? { reasons: { [cause.reason]: 1 } } : { reasons: { [error.code]: 1 } };
    },
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { response: { statusCode: response.status, headers, body: await response.text() }, log };
}

/**
 * Creates the Function URL handler: `POST /track` (single events and batches), `/trpc/*`
 * (tRPC `track`, `trackBatch`), `OPTIONS` for CORS; 404/405/413/415 for wrong requests, 503 with
 * `Retry-After` when storage fails, and one opaque 500 for bugs.
 *
 * @example
 * export const handler = createHandler(); // production: config from env, S3 store
 * const local = createHandler({ config, store: createS3Store({ clientConfig: { endpoint } }) });
 */
export function createHandler(options: HandlerOptions = {}): FunctionUrlHandler {
  const config = options.config ?? handlerConfigFromEnv(process.env);
  const observer =
    options.observer ??
    createPowertoolsObserver({ enableMetrics: config.enableMetrics, namespace: config.metricsNamespace });
  const clock = options.clock ?? (() => new Date());
  const service = createTrackerService({
    config,
    allowlist: createBucketAllowlist(config.allowedBuckets),
    store: options.store ?? createS3Store(),
    hasher: createIpHasher(config.ipHashSecret),
    trustCdnHeaders: config.trustCdnHeaders,
  });
  if (!config.ipHashSecret) {
    observer.error(
      'IP_HASH_SECRET is not set: using a random per-instance key (visitor counts will be inflated)',
      undefined,
    );
  }

  async function route(request: HttpRequest, context: RequestContext): Promise<Outcome> {
    if (request.method === 'OPTIONS')
      return { response: { statusCode: 204, headers: {}, body: '' }, log: {} };
    if (
      config.originVerifySecret &&
      !sameSecret(request.headers['x-origin-verify'], config.originVerifySecret)
    ) {
      throw VIA_CDN_ONLY;
    }
    if (request.path === '/track') return trackRoute(request, context, service, config);
    if (request.path.startsWith('/trpc/')) return trpcRoute(request, context, service, config);
    throw NOT_FOUND;
  }

  return async (event) => {
    const started = performance.now();
    const request = toHttpRequest(event);
    let outcome: Outcome;
    try {
      const context: RequestContext = {
        now: clock(),
        clientIp: clientIp(request, config.trustCdnHeaders),
        headers: request.headers,
      };
      outcome = await route(request, context);
    } catch (error) {
      if (!(error instanceof TrackerError) || error.code === 'STORAGE_UNAVAILABLE') {
        observer.error(
          error instanceof TrackerError ? 'storage failed' : 'unhandled error',
          error instanceof TrackerError ? error.cause : error,
        );
      }
      const reasons = error instanceof TrackerError ? { [error.reason]: 1 } : { internal_error: 1 };
      outcome = { response: errorResponse(error), log: { reasons } };
    }
    const response = outcome.response;
    Object.assign(response.headers, corsHeaders(config.corsOrigins, request.headers.origin));
    observer.request({
      requestId: request.requestId,
      method: request.method,
      route: request.path.startsWith('/trpc/') ? '/trpc' : request.path === '/track' ? '/track' : 'other',
      status: response.statusCode,
      bucket: undefined,
      accepted: 0,
      rejected: 0,
      reasons: {},
      ...outcome.log,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return toFunctionUrlResult(response);
  };
}
