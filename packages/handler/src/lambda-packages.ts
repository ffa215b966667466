/** One Lambda function's deployment package: the folder the build writes and Terraform zips. */
export interface LambdaPackage {
  /** Folder under the bundle folder (packages/handler/dist/lambda) holding this function's files only. */
  folder: string;
  /** The entry file in that folder. */
  entry: string;
  /** Lambda's `handler` setting: `<entry without .mjs>.handler`. */
  handler: string;
}

/**
 * Where `npm run build -w @analytics-tracker/handler` puts each Lambda function, one folder each, so a
 * function's zip holds its entry and the chunks that entry can load, and nothing of the others (the
 * compaction's S3 client is not deployed with the tracker). Terraform zips `<bundleDir>/<folder>`.
 *
 * @example
 * join('packages/handler/dist/lambda', LAMBDA_PACKAGES.tracker.folder, LAMBDA_PACKAGES.tracker.entry);
 * // 'packages/handler/dist/lambda/tracker/index.mjs'
 */
export const LAMBDA_PACKAGES = {
  tracker: { folder: 'tracker', entry: 'index.mjs', handler: 'index.handler' },
  rotateSalts: { folder: 'rotate-salts', entry: 'rotate-salts.mjs', handler: 'rotate-salts.handler' },
  compactDays: { folder: 'compact-days', entry: 'compact-days.mjs', handler: 'compact-days.handler' },
} as const satisfies Record<string, LambdaPackage>;
