import { createHandler } from './create-handler.js';

/**
 * The Lambda entry (`index.handler` in the bundle): configuration from the environment, events to S3.
 *
 * @example
 * // Function URL → handler(event) → { statusCode: 200, body: '{"status":"ok",…}' }
 */
export const handler = createHandler();
