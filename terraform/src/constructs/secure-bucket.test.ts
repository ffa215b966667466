import type { TrackerConfig } from '@analytics-tracker/schema';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { onlyResource, parseStack, resourcesOf } from '../../test/fixtures.js';
import type { PolicyDocument } from '../iam/policy-document.js';
import { SecureBucket } from './secure-bucket.js';

function synthBucket(
  settings: TrackerConfig['buckets'] = { encryption: 'SSE_S3', versioning: false },
  options: { protect?: boolean; adopt?: boolean } = {},
): string {
  return Testing.synthScope((scope) => {
    new SecureBucket(scope, 'app1', {
      address: 'app_app1',
      bucket: 'app1-analytics-prod',
      settings,
      lifecycle: { kind: 'intelligent-tiering', prefix: 'analytics/' },
      ...options,
    });
  });
}

const policyOf = (json: string) =>
  JSON.parse(String(onlyResource(parseStack(json), 'aws_s3_bucket_policy').policy)) as PolicyDocument;

describe('SecureBucket', () => {
  it('blocks every kind of public access and disables ACLs', () => {
    const json = synthBucket();

    expect(json).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'app1-analytics-prod',
      force_destroy: false,
    });
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  it('encrypts with S3-managed keys by default', () => {
    expect(synthBucket()).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
  });

  it('encrypts with the configured KMS key and a bucket key when KMS is chosen', () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    expect(
      synthBucket({ encryption: 'KMS', kmsKeyArn: keyArn, versioning: false }),
    ).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  it('refuses every request that is not over TLS', () => {
    expect(policyOf(synthBucket()).Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::app1-analytics-prod', 'arn:aws:s3:::app1-analytics-prod/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('protects an event bucket: Terraform will not destroy it, and its policy denies deleting it or event versions', () => {
    const json = synthBucket(undefined, { protect: true });

    expect(onlyResource(parseStack(json), 'aws_s3_bucket')).toMatchObject({
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(policyOf(json).Statement.slice(1)).toEqual([
      {
        Sid: 'DenyBucketDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteBucket',
        Resource: 'arn:aws:s3:::app1-analytics-prod',
      },
      {
        Sid: 'DenyEventVersionDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObjectVersion',
        Resource: 'arn:aws:s3:::app1-analytics-prod/analytics/*',
      },
    ]);
  });

  it('adopts an existing bucket with an import block, under a readable address', () => {
    const stack = parseStack(synthBucket(undefined, { adopt: true })) as ReturnType<typeof parseStack> & {
      import?: { to: string; id: string }[];
    };

    expect(stack.import).toEqual([{ to: 'aws_s3_bucket.app_app1', id: 'app1-analytics-prod' }]);
    expect(Object.keys(stack.resource.aws_s3_bucket_policy ?? {})).toEqual(['app_app1']);
  });

  it('moves events to Intelligent-Tiering', () => {
    expect(synthBucket()).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        {
          id: 'intelligent-tiering',
          status: 'Enabled',
          filter: [{ prefix: 'analytics/' }],
          transition: [{ days: 0, storage_class: 'INTELLIGENT_TIERING' }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    });
  });

  it('turns versioning on only when asked, and then expires noncurrent versions under analytics/ only', () => {
    expect(resourcesOf(parseStack(synthBucket()), 'aws_s3_bucket_versioning')).toEqual([]);
    const versioned = synthBucket({ encryption: 'SSE_S3', versioning: true });
    expect(versioned).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(onlyResource(parseStack(versioned), 'aws_s3_bucket_lifecycle_configuration').rule).toContainEqual({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      // An adopted bucket may keep a team's other data beside analytics/: their old versions stay.
      filter: [{ prefix: 'analytics/' }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      expiration: [{ expired_object_delete_marker: true }],
    });
  });
});
