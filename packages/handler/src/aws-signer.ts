import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { NodeSha256 } from './node-sha256.js';

/** What a signer needs; region and credentials default to the AWS SDK's chains. */
export interface AwsSignerOptions {
  /** The signing name: `s3`, `ssm`. */
  service: string;
  /** Default: the SDK's region chain (`AWS_REGION`, then the shared config files). */
  region?: string | undefined;
  /** Default: the SDK's credential chain (`@aws-sdk/credential-provider-node`; in Lambda, the environment). */
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
      const region =
        options.region || (await loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)());
      const credentials = options.credentials ?? defaultProvider();
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
