import type { TrackerConfig } from '@analytics-tracker/schema';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { tlsOnlyBucketPolicy } from '../iam/tls-only-bucket-policy.js';

/**
 * What happens to objects over time: event buckets move to Intelligent-Tiering (analytics data is
 * read rarely after the first weeks); scratch buckets such as Athena results expire.
 */
export type BucketLifecycle =
  | { kind: 'intelligent-tiering'; prefix: string }
  | { kind: 'expire'; days: number };

/**
 * The key prefix a rule of this lifecycle may act on: the tracker's own `analytics/` in event buckets
 * (an adopted bucket may hold a team's other data beside it), the whole bucket for scratch buckets.
 *
 * @example
 * lifecyclePrefix({ kind: 'intelligent-tiering', prefix: 'analytics/' }); // 'analytics/'
 */
function lifecyclePrefix(lifecycle: BucketLifecycle): string {
  return lifecycle.kind === 'intelligent-tiering' ? lifecycle.prefix : '';
}

/** Days a replaced or deleted object version is kept in a versioned bucket before S3 expires it. */
export const NONCURRENT_VERSION_DAYS = 30;

/** One bucket to create (or adopt) and lock down. */
export interface SecureBucketProps {
  /** Terraform address name of every resource of the bucket (`aws_s3_bucket.<address>`, …). */
  address: string;
  bucket: string;
  /** Encryption (SSE-S3 or KMS) and versioning, from the config's `buckets`. */
  settings: TrackerConfig['buckets'];
  lifecycle: BucketLifecycle;
  /** Let `terraform destroy` delete a non-empty bucket (only for disposable data). */
  forceDestroy?: boolean;
  /**
   * Events live here: Terraform refuses to destroy the bucket (`prevent_destroy`) and its policy
   * denies deleting it or any stored event version.
   */
  protect?: boolean;
  /** The bucket exists already: a Terraform `import` block takes it over instead of creating it. */
  adopt?: boolean;
}

/**
 * An S3 bucket locked down the same way every time: public access blocked, ACLs disabled, SSE
 * (S3-managed by default, KMS optional), a TLS-only bucket policy (plus delete protection for event
 * buckets), a lifecycle rule, optional versioning whose old versions expire. An adopted bucket is
 * imported and then gets the same settings, which replace its own (the plan shows each).
 *
 * @example
 * new SecureBucket(stack, 'app1-bucket', {
 *   address: 'app_app1',
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
    // Readable addresses (`aws_s3_bucket.app_web`) for plans, imports and `terraform state` commands;
    // set before any reference to the resource is taken, or references keep the generated id.
    const named = <T extends TerraformResource>(resource: T): T => {
      resource.overrideLogicalId(props.address);
      return resource;
    };
    this.bucket = named(
      new S3Bucket(this, 'bucket', {
        bucket: props.bucket,
        forceDestroy: props.forceDestroy ?? false,
        ...(props.protect ? { lifecycle: { preventDestroy: true } } : {}),
      }),
    );
    if (props.adopt) this.bucket.importFrom(props.bucket);
    const bucket = this.bucket.id;

    named(
      new S3BucketOwnershipControls(this, 'ownership', {
        bucket,
        rule: { objectOwnership: 'BucketOwnerEnforced' },
      }),
    );
    const publicAccessBlock = named(
      new S3BucketPublicAccessBlock(this, 'public-access-block', {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
    );
    named(
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
      }),
    );
    named(
      new S3BucketPolicy(this, 'tls-only-policy', {
        bucket,
        // The ARN from the name, not the bucket's computed `arn`: the plan then shows the whole policy.
        policy: JSON.stringify(
          tlsOnlyBucketPolicy(`arn:aws:s3:::${props.bucket}`, { protect: props.protect ?? false }),
        ),
        // S3 rejects bucket policies while the public access block is still being applied.
        dependsOn: [publicAccessBlock],
      }),
    );
    named(
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        bucket,
        rule: [
          lifecycleRule(props.lifecycle),
          ...(settings.versioning ? [noncurrentVersionsRule(lifecyclePrefix(props.lifecycle))] : []),
        ],
      }),
    );
    if (settings.versioning) {
      named(
        new S3BucketVersioningA(this, 'versioning', {
          bucket,
          versioningConfiguration: { status: 'Enabled' },
        }),
      );
    }
  }
}

/**
 * Old versions would otherwise be kept (and billed) forever: S3 expires them, and the markers left.
 * Only under `prefix`: versioning is bucket-wide, but the versions of a team's other data in an
 * adopted bucket are theirs to keep.
 */
function noncurrentVersionsRule(prefix: string) {
  return {
    id: 'expire-noncurrent-versions',
    status: 'Enabled',
    filter: [{ prefix }],
    noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
    expiration: [{ expiredObjectDeleteMarker: true }],
  };
}

function lifecycleRule(lifecycle: BucketLifecycle) {
  const abortIncompleteMultipartUpload = [{ daysAfterInitiation: 7 }];
  if (lifecycle.kind === 'expire') {
    return {
      id: 'expire',
      status: 'Enabled',
      filter: [{ prefix: lifecyclePrefix(lifecycle) }],
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
