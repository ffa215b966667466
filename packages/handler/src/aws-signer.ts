import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { NodeSha256 } from './node-sha256.js';

/**
 * The credentials in the environment, read as the SDK's `fromEnv` reads them (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`, `AWS_CREDENTIAL_SCOPE`,
 * `AWS_ACCOUNT_ID`), and only where the SDK's default chain would use them first: both keys set and no
 * `AWS_PROFILE` (a named profile takes precedence over environment keys in the chain).
 */
function environmentCredentials(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (env.AWS_PROFILE || !accessKeyId || !secretAccessKey) return undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
    ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
    ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
  };
}

/**
 * The AWS SDK's default credential chain with its first link read here: environment keys, as Lambda
 * gives them, without loading anything; otherwise the full node chain
 * (`@aws-sdk/credential-provider-node`: profiles and shared files, SSO, web identity, container and
 * instance metadata), imported on first need from `aws-sdk-chains.ts`, which the Lambda build bundles
 * apart, so the SDK core code the chain loads is not compiled at a cold start. The chain is made once
 * and keeps its own cache.
 *
 * @example
 * const credentials = envFirstCredentialChain();
 * await credentials(); // { accessKeyId: 'ASIA…', secretAccessKey: '…', sessionToken: '…' } in Lambda
 */
export function envFirstCredentialChain(env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentityProvider {
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (identityProperties) => {
    const fromEnvironment = environmentCredentials(env);
    if (fromEnvironment) return fromEnvironment;
    chain ??= import('./aws-sdk-chains.js').then(({ defaultProvider }) => defaultProvider());
    return (await chain)(identityProperties);
  };
}

/**
 * The region as the SDK's chain finds it: `AWS_REGION` (always set in Lambda), else the shared config
 * files, whose reader is imported only then.
 */
async function defaultRegion(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.AWS_REGION) return env.AWS_REGION;
  const { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } = await import(
    './aws-sdk-chains.js'
  );
  return loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)();
}

/** What a signer needs; region and credentials default to the AWS SDK's chains. */
export interface AwsSignerOptions {
  /** The signing name: `s3`, `ssm`. */
  service: string;
  /** Default: the SDK's region chain (`AWS_REGION`, then the shared config files). */
  region?: string | undefined;
  /** Default: the SDK's credential chain, environment first (`envFirstCredentialChain`; in Lambda, the environment). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** S3 signs the path as sent; every other service encodes it once more. */
  uriEscapePath: boolean;
}

/** The region in use and a SigV4 signer for it. */
export interface AwsSigner {
  region: string;
  signer: SignatureV4;
  /**
   * Fetches the credentials again, past the chain's cache (`forceRefresh`), for the next signature:
   * after AWS refused them as expired or unknown. Fixed credentials stay as they are.
   */
  refreshCredentials(): Promise<void>;
}

/**
 * A SigV4 signer made on first use (the region lookup may read files) and kept; the tracker's one way
 * to sign the requests it sends without an SDK client (S3 `PutObject`, SSM `GetParameter`). A failed
 * region or credential lookup is not kept: the next call tries again.
 *
 * @example
 * const signerFor = lazyAwsSigner({ service: 'ssm', uriEscapePath: true });
 * const { region, signer } = await signerFor();
 */
export function lazyAwsSigner(options: AwsSignerOptions): () => Promise<AwsSigner> {
  let setup: Promise<AwsSigner> | undefined;
  return () => {
    setup ??= (async () => {
      const region = options.region || (await defaultRegion(process.env));
      const credentials = options.credentials ?? envFirstCredentialChain();
      const signer = new SignatureV4({
        service: options.service,
        region,
        credentials,
        sha256: NodeSha256,
        uriEscapePath: options.uriEscapePath,
      });
      const refreshCredentials = async () => {
        if (typeof credentials === 'function') await credentials({ forceRefresh: true });
      };
      return { region, signer, refreshCredentials };
    })().catch((error: unknown) => {
      setup = undefined;
      throw error;
    });
    return setup;
  };
}
