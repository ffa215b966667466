import type { LocationInfo } from '@analytics-tracker/schema';
import { type Enricher, headerValue, type RequestContext } from './enricher.js';

const VIEWER_COUNTRY = 'CloudFront-Viewer-Country';
const VIEWER_CITY = 'CloudFront-Viewer-City';
const VIEWER_REGION = 'CloudFront-Viewer-Country-Region';

const NO_LOCATION: LocationInfo = { country: null, city: null, region: null };

function decoded(headers: RequestContext['headers'], name: string): string | null {
  const value = headerValue(headers, name);
  if (!value) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Location from CloudFront's viewer headers; all null when absent.
 *
 * @example
 * locationFromHeaders({ 'cloudfront-viewer-country': 'DE' }); // { country: 'DE', city: null, region: null }
 */
export function locationFromHeaders(headers: RequestContext['headers']): LocationInfo {
  return {
    country: decoded(headers, VIEWER_COUNTRY),
    city: decoded(headers, VIEWER_CITY),
    region: decoded(headers, VIEWER_REGION),
  };
}

/**
 * `location`, from CloudFront's viewer headers, and only behind CloudFront (`trustCdnHeaders`):
 * anywhere else a client could write them itself.
 *
 * @example
 * geoEnricher.create({ hasher, trustCdnHeaders: true })(input).location.country; // 'DE'
 */
export const geoEnricher: Enricher<'location'> = {
  name: 'geo',
  fills: ['location'],
  reads: [VIEWER_COUNTRY, VIEWER_CITY, VIEWER_REGION],
  create: ({ trustCdnHeaders }) =>
    trustCdnHeaders
      ? (input) => ({ location: locationFromHeaders(input.context.headers) })
      : () => ({ location: NO_LOCATION }),
};
