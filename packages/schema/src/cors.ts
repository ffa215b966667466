/**
 * The CORS policy, in one place: the handler sends it (and answers preflights offline), and
 * terraform/ gives the same to the Function URL, which answers preflights itself in AWS.
 * Browsers send events as `text/plain` (no preflight) or JSON with `content-type`; a 503's
 * `Retry-After` is exposed so clients on other origins can honour it.
 *
 * @example
 * CORS_POLICY.allowHeaders; // ['content-type']
 */
export const CORS_POLICY = {
  allowMethods: ['POST'],
  allowHeaders: ['content-type'],
  exposeHeaders: ['retry-after'],
  maxAgeSeconds: 86_400,
} as const;
