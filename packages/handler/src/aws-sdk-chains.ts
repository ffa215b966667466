/**
 * The AWS SDK's full credential chain and region chain, in a module of their own: `aws-signer.ts`
 * imports this file only when the environment lacks what Lambda always sets (keys, `AWS_REGION`), and
 * the Lambda build (`scripts/build.ts`) bundles it apart from the tracker, so none of the SDK core code
 * these chains load is compiled at a cold start.
 *
 * @example
 * const { defaultProvider } = await import('./aws-sdk-chains.js');
 * const credentials = await defaultProvider()();
 */
export { defaultProvider } from '@aws-sdk/credential-provider-node';
export { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
