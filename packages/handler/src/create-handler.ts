import { timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_STAGE_NAMES,
  EMPTY_ALLOWED_BUCKETS,
  type HandlerConfig,
  handlerConfigFromEnv,
  hasLoneSurrogate,
  LONE_SURROGATE_MESSAGE,
} from '@analytics-tracker/schema';
import { createBucketAllowlist } from './bucket-allowlist.js';
import { type InvocationContext, invocationDeadline } from './deadline.js';
import type { RequestContext } from './enricher.js';
import {
  ForbiddenError,
  ORIGIN_NOT_ALLOWED,
  RequestShapeError,
  SaltUnavailableError,
  TrackerError,
  ValidationError,
} from './errors.js';
import type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';
import { toFunctionUrlResult, toHttpRequest } from './function-url.js';
import { corsHeaders, errorResponse, type HttpRequest, originAllowed } from './http.js';
import { clientIp, createIpHasher } from './ip-hash.js';
import { createLogObserver, type Observer } from './observability.js';
import { createPartitioner } from './partition-day.js';
import { failed, refused, totals } from './request-counts.js';
import { createSaltSource, type SaltSource } from './salt-source.js';
import { createTrackerService } from './service.js';
import { createSignedS3Store } from './signed-s3-store.js';
import { createSsmSaltReader } from './ssm-salt-reader.js';
import { withoutStage } from './stage-path.js';
import type { EventStore } from './store.js';
import { StorageRefusedError } from './store-failure.js';
import { type RouteOutcome, trackRoute } from './track-route.js';

/** Everything the handler depends on; each has a production default. */
export interface HandlerOptions {
  /** Default: `handlerConfigFromEnv(process.env)`. */
  config?: HandlerConfig;
  /**
   * Default: S3, one signed `PutObject` per object without `@aws-sdk/client-s3` (`createSignedS3Store`,
   * with the expected bucket owner when configured). `createS3Store({ client })` writes through an SDK client.
   */
  store?: EventStore;
  /** Default: `() => new Date()`. */
  clock?: () => Date;
  /** Default: JSON log lines, and EMF metrics when `config.enableMetrics` (`createLogObserver`). */
  observer?: Observer;
  /**
   * The daily salts of `ip` and `visitorId`. Default: SSM Parameter Store under
   * `config.saltParameterPath`, cached per instance for 5 minutes. With neither, `createHandler` throws
   * `MissingSaltSourceError`: the tracker never runs with a weaker key.
   */
  salts?: SaltSource;
}

/**
 * Thrown by `createHandler` when it has no salt source: no `salts` option and no
 * `SALT_PARAMETER_PATH`. A Lambda whose init throws answers no request, which is the point.
 *
 * @example
 * createHandler({ config: { ...config, saltParameterPath: undefined } }); // throws MissingSaltSourceError
 */
export class MissingSaltSourceError extends Error {
  override name = 'MissingSaltSourceError';
  constructor() {
    super(
      'No salt source: set SALT_PARAMETER_PATH to the SSM path of the daily salts (Terraform sets it), ' +
        'or pass `salts` to createHandler. The tracker does not start without one, so it never hashes visitors with a weaker key.',
    );
  }
}

function defaultSalts(config: HandlerConfig): SaltSource {
  const path = config.saltParameterPath;
  if (!path) throw new MissingSaltSourceError();
  // One signed GetParameter per day and TTL, with the SDK parts the S3 client already loads.
  return createSaltSource(createSsmSaltReader({ path }));
}

/**
 * A Function URL handler. Given Lambda's context, it stops waiting on S3 and SSM in time to answer,
 * log and count before the invocation's timeout (`invocationDeadline`); without one (tests, offline)
 * only the limits per attempt apply.
 */
export type FunctionUrlHandler = (
  event: FunctionUrlEvent,
  context?: InvocationContext,
) => Promise<FunctionUrlResult>;

const NOT_FOUND = new RequestShapeError(
  'NOT_FOUND',
  'Not Found',
  'Unknown path; send events to POST /track',
  'not_found',
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

/**
 * Headers reach stored rows (`User-Agent`, CloudFront's city) and hashes: one holding a lone UTF-16
 * surrogate is refused like a body field, by name (a bad name itself is not echoed).
 */
function refuseMalformedHeaders(headers: HttpRequest['headers']): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!hasLoneSurrogate(name) && !hasLoneSurrogate(value)) continue;
    const path = hasLoneSurrogate(name) ? 'headers' : `headers.${name}`;
    throw new ValidationError('Invalid header', `${path}: ${LONE_SURROGATE_MESSAGE}`, [
      { path, message: LONE_SURROGATE_MESSAGE },
    ]);
  }
}

const routeName = (path: string) =>
  path.startsWith('/trpc/') ? '/trpc' : path === '/track' ? '/track' : 'other';

/**
 * Creates the Function URL handler: `POST /track` (single events and batches), `/trpc/*`
 * (tRPC `track`, `trackBatch`), `OPTIONS` for CORS; 404/405/413/415 for wrong requests, 503 with
 * `Retry-After` when storage fails, and one opaque 500 for bugs.
 *
 * @example
 * export const handler = createHandler(); // production: config from env, S3 store
 * const local = createHandler({ config, store: createSignedS3Store({ endpoint, forcePathStyle: true }) });
 */
export function createHandler(options: HandlerOptions = {}): FunctionUrlHandler {
  const config = options.config ?? handlerConfigFromEnv(process.env);
  // A handler that can store nothing is a deployment mistake: stop here, not with a 403 per request.
  if (config.allowedBuckets.length === 0) throw new Error(EMPTY_ALLOWED_BUCKETS);
  const stageNames = config.stageNames ?? DEFAULT_STAGE_NAMES;
  const observer =
    options.observer ??
    createLogObserver({ enableMetrics: config.enableMetrics, namespace: config.metricsNamespace });
  const clock = options.clock ?? (() => new Date());
  const salts = options.salts ?? defaultSalts(config);
  const service = createTrackerService({
    config,
    allowlist: createBucketAllowlist(config.allowedBuckets),
    store:
      options.store ??
      createSignedS3Store(
        config.expectedBucketOwner ? { expectedBucketOwner: config.expectedBucketOwner } : {},
      ),
    salts,
    hasher: createIpHasher(),
    userAgent: config.userAgent,
    trustCdnHeaders: config.trustCdnHeaders,
    partition: createPartitioner(config.partitionTimeZone),
  });

  // The tRPC router and its server are loaded on the first `/trpc` request only: most traffic is
  // `POST /track`, and a cold start should not pay for code it never runs.
  let trpc: Promise<typeof import('./trpc-route.js')> | undefined;
  const loadTrpc = () => {
    trpc ??= import('./trpc-route.js').catch((error: unknown) => {
      trpc = undefined; // a failed load is retried by the next request, not remembered
      throw error;
    });
    return trpc;
  };

  async function route(request: HttpRequest, context: RequestContext): Promise<RouteOutcome> {
    if (request.method === 'OPTIONS')
      return { response: { statusCode: 204, headers: {}, body: '' }, counts: [] };
    refuseMalformedHeaders(request.headers);
    if (
      config.originVerifySecret &&
      !sameSecret(request.headers['x-origin-verify'], config.originVerifySecret)
    ) {
      throw VIA_CDN_ONLY;
    }
    if (!originAllowed(config.corsOrigins, request.headers.origin)) throw ORIGIN_NOT_ALLOWED;
    if (request.path === '/track') return trackRoute(request, context, service, config);
    if (request.path.startsWith('/trpc/')) {
      const { trpcRoute } = await loadTrpc();
      return trpcRoute(request, context, service, config, observer);
    }
    throw NOT_FOUND;
  }

  return async (event, invocation) => {
    const started = performance.now();
    const deadline = invocationDeadline(invocation);
    const request = withoutStage(toHttpRequest(event), stageNames);
    let outcome: RouteOutcome;
    try {
      const context: RequestContext = {
        now: clock(),
        clientIp: clientIp(request.headers, request.sourceIp, config.trustCdnHeaders),
        headers: request.headers,
        deadline,
      };
      outcome = await route(request, context);
    } catch (error) {
      if (!(error instanceof TrackerError)) observer.error('unhandled error', error);
      else if (error.code === 'STORAGE_UNAVAILABLE') observer.error('storage failed', error.cause);
      else if (error instanceof SaltUnavailableError)
        observer.error(`salt unavailable: ${error.detail}`, error.cause);
      else if (error instanceof StorageRefusedError)
        observer.error(`storage refused: ${error.detail}`, error.cause);
      outcome = {
        response: errorResponse(error),
        counts: [error instanceof TrackerError ? failed(error) : refused('internal_error')],
      };
    }
    const response = outcome.response;
    Object.assign(response.headers, corsHeaders(config.corsOrigins, request.headers.origin));
    observer.request({
      requestId: request.requestId,
      method: request.method,
      route: routeName(request.path),
      status: response.statusCode,
      ...totals(outcome.counts),
      counts: outcome.counts,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return toFunctionUrlResult(response);
  };
}
