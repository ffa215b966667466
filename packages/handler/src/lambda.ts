import { handlerConfigFromEnv } from '@analytics-tracker/schema';
import { createHandler } from './create-handler.js';
import { createSsmParameterReader, resolveSecretParameters } from './secret-parameters.js';

// Once per container, at init: secrets named by SSM parameter are read before the first request.
const env = await resolveSecretParameters(process.env, createSsmParameterReader());

/**
 * The Lambda entry (`index.handler` in the bundle): configuration from the environment (secrets from
 * SSM Parameter Store where it names a parameter), events to S3. Lambda's `context` bounds every wait
 * on S3 and SSM (its remaining time less `RESPONSE_MARGIN_MS`), so a failing dependency ends in the
 * 503 with `Retry-After`, logged and counted, not in Lambda's timeout.
 *
 * @example
 * // Function URL → handler(event, context) → { statusCode: 200, body: '{"status":"ok",…}' }
 */
export const handler = createHandler({ config: handlerConfigFromEnv(env) });
