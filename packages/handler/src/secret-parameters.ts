import { createSsmGetParameter, type SsmGetParameter } from './ssm-parameter.js';

/** Reads one SecureString parameter, decrypted. */
export interface ParameterReader {
  get(name: string): Promise<string>;
}

/**
 * The production reader: SSM Parameter Store's `GetParameter`, signed with the AWS SDK's parts
 * (`ssm-parameter.ts`). The request function is a parameter so tests point it at another endpoint
 * without module mocks.
 *
 * @example
 * const reader = createSsmParameterReader();
 * await reader.get('/mycompany-analytics-api/origin-verify-secret');
 */
export function createSsmParameterReader(
  getParameter: SsmGetParameter = createSsmGetParameter(),
): ParameterReader {
  return {
    async get(name) {
      const value = await getParameter(name);
      if (value === undefined) throw new Error(`SSM parameter ${name} does not exist or has no value`);
      return value;
    },
  };
}

/** Secrets the environment may name by parameter (`<NAME>_PARAMETER`) instead of holding them. */
const PARAMETER_SECRETS = [{ parameter: 'ORIGIN_VERIFY_PARAMETER', secret: 'ORIGIN_VERIFY_SECRET' }] as const;

/** Fewest estimated bits of entropy a secret must have: `openssl rand -hex 32` has about 250. */
export const MIN_SECRET_BITS = 96;

/**
 * Why `secret` is too weak to guard anything, or `undefined`: its Shannon entropy, estimated from its
 * own characters, is under `MIN_SECRET_BITS` ("changeme-changeme" or a repeated character are).
 *
 * @example
 * secretStrengthProblem('aaaaaaaaaaaaaaaaaaaa'); // 'has about 0 bits of entropy; …'
 * secretStrengthProblem('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'); // undefined
 */
export function secretStrengthProblem(secret: string): string | undefined {
  const counts = new Map<string, number>();
  for (const character of secret) counts.set(character, (counts.get(character) ?? 0) + 1);
  const length = [...secret].length;
  let bitsPerCharacter = 0;
  for (const count of counts.values()) bitsPerCharacter -= (count / length) * Math.log2(count / length);
  const bits = Math.round(bitsPerCharacter * length);
  return bits >= MIN_SECRET_BITS
    ? undefined
    : `has about ${bits} bits of entropy; at least ${MIN_SECRET_BITS} are needed (generate one with: openssl rand -hex 32)`;
}

/**
 * Replaces each `<NAME>_PARAMETER` in the environment by the secret it names, read once at init (the
 * Lambda keeps it for the container's life), so the secret is in neither the function's configuration
 * (`GetFunctionConfiguration`) nor its Terraform environment. Refuses to start, with the parameter's
 * name, when the parameter cannot be read or holds a weak secret.
 *
 * @example
 * const env = await resolveSecretParameters(process.env, createSsmParameterReader());
 * export const handler = createHandler({ config: handlerConfigFromEnv(env) });
 */
export async function resolveSecretParameters(
  env: Record<string, string | undefined>,
  reader: ParameterReader,
): Promise<Record<string, string | undefined>> {
  const resolved = { ...env };
  for (const { parameter, secret } of PARAMETER_SECRETS) {
    const name = env[parameter];
    if (name === undefined || name === '') continue;
    const value = await reader.get(name).catch((cause: unknown) => {
      throw new Error(`${parameter}: cannot read SSM parameter ${name}`, { cause });
    });
    const problem = secretStrengthProblem(value);
    if (problem !== undefined) throw new Error(`${parameter}: the secret in ${name} ${problem}`);
    resolved[secret] = value;
    delete resolved[parameter];
  }
  return resolved;
}
