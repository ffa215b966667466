import { handlerConfigFromEnv } from '@analytics-tracker/schema';
import { createHandler } from './create-handler.js';
import { createSsmParameterReader, resolveSecretParameters } from './secret-parameters.js';

// Once per container, at init: secrets named by SSM parameter are read before the first request.
const env = await resolveSecretParameters(process.env, createSsmParameterReader());

/**
 * The Lambda entry (`index.handler` in the bundle): configuration from the environment (secrets from
 * SSM Parameter Store where it names a parameter), events to S3.
 *
 * @example
 * // Function URL → handler(event) → { statusCode: 200, body: '{"status":"ok",…}' }
 */
export const handler = createHandler({ config: handlerConfigFromEnv(env) });
