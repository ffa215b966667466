import { enricherHeaders } from './enrich.js';

/**
 * Headers the handler reads before enrichment: `Content-Type` (how the body is decoded) and `Origin`
 * (CORS, and the per-bucket origin check).
 */
const ROUTING_HEADERS = ['Content-Type', 'Origin'];

/**
 * Every request header the handler reads, in canonical case: its own and the enrichers' declared
 * ones. A CDN in front must forward these (terraform derives CloudFront's list from it), so a new
 * enricher that reads a header can never be silently starved of it.
 *
 * @example
 * requestHeadersRead(); // ['Content-Type', 'Origin', 'User-Agent', 'CloudFront-Viewer-Country', …]
 */
export function requestHeadersRead(): string[] {
  return [...new Set([...ROUTING_HEADERS, ...enricherHeaders()])];
}
