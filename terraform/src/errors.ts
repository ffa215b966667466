/**
 * Base class of every error `terraform/` throws, with a stable `code` for scripts and tests.
 *
 * @example
 * try { synthTracker(options); } catch (error) { if (error instanceof InfraError) console.error(error.code); }
 */
export class InfraError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'InfraError';
    this.code = code;
  }
}

/**
 * A Lambda bundle is missing: the handler was not built before synth.
 *
 * @example
 * throw new BundleMissingError('/repo/packages/handler/dist/lambda/tracker/index.mjs');
 */
export class BundleMissingError extends InfraError {
  constructor(entry: string) {
    super(
      'BUNDLE_MISSING',
      `No Lambda bundle at ${entry}. Build it first: npm run build -w @analytics-tracker/handler`,
    );
    this.name = 'BundleMissingError';
  }
}

/**
 * The tracker config cannot be deployed as written (e.g. CloudFront domain without a certificate).
 *
 * @example
 * throw new InvalidInfraConfigError('cloudfront.domainName needs cloudfront.certificateArn');
 */
export class InvalidInfraConfigError extends InfraError {
  constructor(message: string) {
    super('INVALID_INFRA_CONFIG', message);
    this.name = 'InvalidInfraConfigError';
  }
}
