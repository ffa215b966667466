import { type HandlerConfig, isPlainObject } from '@analytics-tracker/schema';
import type { RequestContext } from './enricher.js';
import { RequestShapeError } from './errors.js';
import { decodeBody, type HttpRequest, type HttpResponse, json, parseJson } from './http.js';
import { type BucketCounts, countsOf } from './request-counts.js';
import type { TrackerService } from './service.js';

/** What a route answers, with the counts the request's log line and metrics are built from. */
export interface RouteOutcome {
  response: HttpResponse;
  counts: BucketCounts[];
}

/** 405 for anything but POST (with `Allow: POST, OPTIONS`). */
export const METHOD_NOT_ALLOWED = new RequestShapeError(
  'METHOD_NOT_ALLOWED',
  'Method Not Allowed',
  'Use POST to send events',
  'method_not_allowed',
);

/**
 * `POST /track`: the original tracker's single event, or a batch when the body has `events`.
 *
 * @example
 * const { response } = await trackRoute(request, context, service, config);
 */
export async function trackRoute(
  request: HttpRequest,
  context: RequestContext,
  service: TrackerService,
  config: Pick<HandlerConfig, 'maxBodyBytes'>,
): Promise<RouteOutcome> {
  if (request.method !== 'POST') throw METHOD_NOT_ALLOWED;
  const body = parseJson(decodeBody(request, config.maxBodyBytes));
  const isBatch = isPlainObject(body) && Array.isArray(body.events);
  const result = isBatch ? await service.trackBatch(body, context) : await service.track(body, context);
  return { response: json(200, result), counts: [countsOf(result)] };
}
