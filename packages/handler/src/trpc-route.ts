import {
  type BatchResponse,
  type HandlerConfig,
  MAX_EVENTS_PER_BATCH,
  type TrackResponse,
} from '@analytics-tracker/schema';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestContext } from './enricher.js';
import {
  RETRY_AFTER_SECONDS,
  RequestShapeError,
  SaltUnavailableError,
  TrackerError,
  ValidationError,
} from './errors.js';
import { decodeBody, type HttpRequest } from './http.js';
import type { Observer } from './observability.js';
import { countsOf, failed, refused } from './request-counts.js';
import type { TrackerService } from './service.js';
import { StorageRefusedError } from './store-failure.js';
import { METHOD_NOT_ALLOWED, type RouteOutcome } from './track-route.js';
import { appRouter } from './trpc-router.js';

/**
 * Most procedure calls in one tRPC batch request. Each call is at least one S3 write, so an
 * unbounded batch would let one small request cause thousands of writes; the REST route writes one.
 */
export const MAX_TRPC_BATCH = 10;

/** 413 for a tRPC call whose events no longer fit in the request's budget. */
function overBudget(spent: number, wanted: number): RequestShapeError {
  return new RequestShapeError(
    'PAYLOAD_TOO_LARGE',
    'Too Many Events',
    `This request already carries ${spent} events and this call ${wanted} more; ` +
      `one request may carry at most ${MAX_EVENTS_PER_BATCH} events in all, as one batch does`,
    'event_budget',
  );
}

function fetchRequest(request: HttpRequest, body: string): Request {
  const query = request.rawQueryString ? `?${request.rawQueryString}` : '';
  try {
    return new Request(`http://localhost${request.path}${query}`, {
      method: 'POST',
      headers: request.headers,
      body,
    });
  } catch {
    // Header values a fetch Request refuses (e.g. characters above U+00FF) are the caller's mistake.
    throw new ValidationError(
      'Invalid request',
      'The request has a header or path that cannot be read',
      undefined,
    );
  }
}

/**
 * `/trpc/*`: the tRPC router over the same service. Every result and failure is counted, so tRPC
 * traffic shows in the log line and metrics like REST traffic; bugs and storage failures are logged.
 *
 * @example
 * const { response } = await trpcRoute(request, context, service, config, observer);
 */
export async function trpcRoute(
  request: HttpRequest,
  context: RequestContext,
  service: TrackerService,
  config: Pick<HandlerConfig, 'maxBodyBytes'>,
  observer: Observer,
): Promise<RouteOutcome> {
  if (request.method !== 'POST') throw METHOD_NOT_ALLOWED;
  const body = decodeBody(request, config.maxBodyBytes);
  const counts: RouteOutcome['counts'] = [];
  // One budget for every call of the request: ten trackBatch calls must not store ten batches' worth.
  let spent = 0;
  const spend = (events: number): void => {
    if (spent + events > MAX_EVENTS_PER_BATCH) throw overBudget(spent, events);
    spent += events;
  };
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: fetchRequest(request, body),
    router: appRouter,
    maxBatchSize: MAX_TRPC_BATCH,
    createContext: () => ({
      service,
      request: context,
      record: (result: TrackResponse | BatchResponse) => counts.push(countsOf(result)),
      spend,
      requestBytes: Buffer.byteLength(body),
    }),
    responseMeta: ({ errors }) =>
      errors.some((error) => error.code === 'SERVICE_UNAVAILABLE')
        ? { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } }
        : {},
    onError: ({ error }) => {
      const cause = error.cause;
      counts.push(cause instanceof TrackerError ? failed(cause) : refused(error.code.toLowerCase()));
      if (error.code === 'INTERNAL_SERVER_ERROR') observer.error('unhandled error', cause ?? error);
      if (cause instanceof SaltUnavailableError)
        observer.error(`salt unavailable: ${cause.detail}`, cause.cause);
      else if (cause instanceof StorageRefusedError)
        observer.error(`storage refused: ${cause.detail}`, cause.cause);
      else if (error.code === 'SERVICE_UNAVAILABLE')
        observer.error('storage failed', cause instanceof TrackerError ? cause.cause : cause);
    },
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { response: { statusCode: response.status, headers, body: await response.text() }, counts };
}
