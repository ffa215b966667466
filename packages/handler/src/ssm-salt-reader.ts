import type { SaltVault } from './salt-vault.js';
import { createSsmGetParameter, type SsmGetParameter, type SsmGetParameterOptions } from './ssm-parameter.js';

/** Where the tracker reads its salts in Parameter Store, and how it reaches SSM. */
export interface SsmSaltReaderOptions extends SsmGetParameterOptions {
  /** The path the rotation writes to, without a trailing slash; each salt is `<path>/<YYYY-MM-DD>`. */
  path: string;
  /** The reader to use (default: `createSsmGetParameter` with the options above). */
  getParameter?: SsmGetParameter;
}

const READ_ONLY = (what: string) =>
  Promise.reject(
    new Error(
      `The tracker only reads salts (its role allows ssm:GetParameter only); ${what} is the rotation function's work`,
    ),
  );

/**
 * The tracker's view of the SSM salts: `read` only, with one `GetParameter` (`ssm-parameter.ts`),
 * so a cold start does not load `@aws-sdk/client-ssm`. The salts it reads are the SecureStrings the
 * rotation function writes with `createSsmSaltVault` (same path, same names). Listing, creating and
 * removing reject: in AWS the tracker's role may not do them, and `createSaltSource` never asks
 * unless `rotate` is on, which it is not in AWS.
 *
 * @example
 * createHandler({ salts: createSaltSource(createSsmSaltReader({ path: '/mycompany/analytics-tracker/salts' })) });
 */
export function createSsmSaltReader(options: SsmSaltReaderOptions): SaltVault {
  const { path: rawPath, getParameter: given, ...clientOptions } = options;
  const getParameter = given ?? createSsmGetParameter(clientOptions);
  const path = rawPath.replace(/\/+$/, '');
  return {
    location: `SSM Parameter Store ${path}/`,
    read: (day, readOptions) => getParameter(`${path}/${day}`, readOptions),
    days: () => READ_ONLY('listing salts'),
    createIfAbsent: () => READ_ONLY('creating a salt'),
    remove: () => READ_ONLY('destroying a salt'),
  };
}
