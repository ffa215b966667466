import { type PolicyDocument, policyDocument } from './policy-document.js';

/** Everything the compaction function touches, as names and ARNs (Terraform references allowed). */
export interface CompactionScope {
  region: string;
  accountId: string;
  workgroup: string;
  database: string;
  /** Each app's bucket and its two tables. */
  apps: { bucket: string; rawTable: string; compactedTable: string }[];
  /** The workgroup's results bucket and prefix (`results/`). */
  results: { bucketArn: string; prefix: string };
  /** Customer-managed keys of the event buckets and results (none with SSE-S3). */
  kmsKeyArns: readonly string[];
}

/**
 * The compaction function's permissions, each scoped to what one `INSERT INTO` of one app's day needs:
 * run queries in the tracker's workgroup only; read the Glue database and the two tables of each app
 * (and register partitions of the compacted tables only); read raw JSON under `analytics/`; read,
 * write and delete only under `compacted/` (the day it replaces); list the buckets only under those
 * two prefixes; write query results only under the workgroup's results prefix.
 *
 * @example
 * compactionPolicy({ region: 'us-east-1', accountId, workgroup: 'mycompany-analytics-api-workgroup', … });
 */
export function compactionPolicy(scope: CompactionScope): PolicyDocument {
  const glue = (path: string) => `arn:aws:glue:${scope.region}:${scope.accountId}:${path}`;
  const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
  return policyDocument([
    {
      Sid: 'RunQueriesInTrackerWorkgroup',
      Effect: 'Allow',
      Action: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
      ],
      Resource: `arn:aws:athena:${scope.region}:${scope.accountId}:workgroup/${scope.workgroup}`,
    },
    {
      Sid: 'ReadTrackerTables',
      Effect: 'Allow',
      Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
      Resource: [
        glue('catalog'),
        glue(`database/${scope.database}`),
        ...scope.apps.flatMap((app) => [
          glue(`table/${scope.database}/${app.rawTable}`),
          glue(`table/${scope.database}/${app.compactedTable}`),
        ]),
      ],
    },
    {
      // INSERT INTO registers the partition it writes; only the compacted tables may gain one.
      Sid: 'RegisterCompactedPartitions',
      Effect: 'Allow',
      Action: ['glue:BatchCreatePartition', 'glue:CreatePartition'],
      Resource: [
        glue('catalog'),
        glue(`database/${scope.database}`),
        ...scope.apps.map((app) => glue(`table/${scope.database}/${app.compactedTable}`)),
      ],
    },
    {
      Sid: 'ListOnlyTrackerPrefixes',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: scope.apps.map((app) => bucketArn(app.bucket)),
      Condition: { StringLike: { 's3:prefix': ['analytics/*', 'compacted/*'] } },
    },
    {
      Sid: 'LocateEventBuckets',
      Effect: 'Allow',
      Action: 's3:GetBucketLocation',
      Resource: scope.apps.map((app) => bucketArn(app.bucket)),
    },
    {
      Sid: 'ReadRawEvents',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: scope.apps.map((app) => `${bucketArn(app.bucket)}/analytics/*`),
    },
    {
      Sid: 'ReplaceCompactedDays',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      Resource: scope.apps.map((app) => `${bucketArn(app.bucket)}/compacted/*`),
    },
    {
      Sid: 'WriteQueryResults',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      Resource: `${scope.results.bucketArn}/${scope.results.prefix}*`,
    },
    {
      Sid: 'LocateResultsBucket',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket'],
      Resource: scope.results.bucketArn,
    },
    ...(scope.kmsKeyArns.length === 0
      ? []
      : [
          {
            Sid: 'UseEventBucketKeysThroughS3',
            Effect: 'Allow' as const,
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: [...scope.kmsKeyArns],
            Condition: { StringEquals: { 'kms:ViaService': `s3.${scope.region}.amazonaws.com` } },
          },
        ]),
  ]);
}
