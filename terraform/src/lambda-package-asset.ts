import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LambdaPackage } from '@analytics-tracker/handler';
import { App, AssetType, TerraformAsset } from 'cdktf';
import type { Construct } from 'constructs';
import { writeDeterministicZip } from './bundle-archive.js';
import { BundleMissingError } from './errors.js';

/**
 * One function's deployment package as a Terraform asset: the zip of its own folder of the handler
 * build (`<bundleDir>/<folder>`: its entry and the chunks that entry can load, nothing of the other
 * functions), byte for byte the same for the same files (see bundle-archive.ts: CDKTF's own archive
 * embeds file times, and the offline provider mirror has no `archive` provider). Throws
 * `BundleMissingError` when the entry was not built.
 *
 * @example
 * const bundle = lambdaPackageAsset(this, bundleDir, LAMBDA_PACKAGES.tracker, 'mycompany-analytics-tracker');
 * new LambdaFunction(this, 'lambda', { filename: bundle.path, handler: LAMBDA_PACKAGES.tracker.handler, … });
 */
export function lambdaPackageAsset(
  scope: Construct,
  bundleDir: string,
  lambda: LambdaPackage,
  functionName: string,
): TerraformAsset {
  const folder = join(bundleDir, lambda.folder);
  if (!existsSync(join(folder, lambda.entry))) throw new BundleMissingError(join(folder, lambda.entry));
  const zipFile = join(App.of(scope).outdir, 'bundles', `${functionName}.zip`);
  writeDeterministicZip(folder, zipFile);
  return new TerraformAsset(scope, 'bundle', { path: zipFile, type: AssetType.FILE });
}
