import type { TrackerConfig } from '@analytics-tracker/schema';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Construct } from 'constructs';
import { tlsOnlyBucketPolicy } from '../iam/tls-only-bucket-policy.js';

/**
 * What happens to objects over time: event buckets move to Intelligent-Tiering (analytics data is
 * read rarely after the first weeks); scratch buckets such as Athena results expire.
 */
export type BucketLifecycle =
  | { kind: 'intelligent-tiering'; prefix: string }
  | { kind: 'expire'; days: number };

/** One bucket to create and lock down. */
export interface SecureBucketProps {
  bucket: string;
  /** Encryption (SSE-S3 or KMS) and versioning, from the config's `buckets`. */
  settings: TrackerConfig['buckets'];
  lifecycle: BucketLifecycle;
  /** Let `terraform destroy` delete a non-empty bucket (only for disposable data). */
  forceDestroy?: boolean;
}

/**
 * An S3 bucket locked down the same way every time: public access blocked, ACLs disabled, SSE
 * (S3-managed by default, KMS optional), a TLS-only bucket policy, a lifecycle rule, optional versioning.
 *
 * @example
 * new SecureBucket(stack, 'app1-bucket', {
 *   bucket: 'app1-analytics-prod',
 *   settings: config.buckets,
 *   lifecycle: { kind: 'intelligent-tiering', prefix: 'analytics/' },
 * });
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const { settings } = props;
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucket,
      forceDestroy: props.forceDestroy ?? false,
    });
    const bucket = this.bucket.id;

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        settings.encryption === 'KMS'
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                ...(settings.kmsKeyArn === undefined ? {} : { kmsMasterKeyId: settings.kmsKeyArn }),
              },
              // One data key per bucket instead of per object: far fewer (billed) KMS calls.
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    new S3BucketPolicy(this, 'tls-only-policy', {
      bucket,
      policy: JSON.stringify(tlsOnlyBucketPolicy(this.bucket.arn)),
      // S3 rejects bucket policies while the public access block is still being applied.
      dependsOn: [publicAccessBlock],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [lifecycleRule(props.lifecycle)],
    });
    if (settings.versioning) {
      new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    }
  }
}

function lifecycleRule(lifecycle: BucketLifecycle) {
  const abortIncompleteMultipartUpload = [{ daysAfterInitiation: 7 }];
  if (lifecycle.kind === 'expire') {
    return {
      id: 'expire',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ days: lifecycle.days }],
      abortIncompleteMultipartUpload,
    };
  }
  return {
    id: 'intelligent-tiering',
    status: 'Enabled',
    filter: [{ prefix: lifecycle.prefix }],
    // Day 0: Intelligent-Tiering itself moves objects between tiers by access; S3 skips objects
    // under 128 KB, which would cost more to monitor than they save.
    transition: [{ days: 0, storageClass: 'INTELLIGENT_TIERING' }],
    abortIncompleteMultipartUpload,
  };
}
