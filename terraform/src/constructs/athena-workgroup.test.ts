import type { TrackerConfigInput } from '@analytics-tracker/schema';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID_REF, parseStack, resourcesOf, testConfig, tfRef } from '../../test/fixtures.js';
import { TrackerAthena } from './athena-workgroup.js';

function synthAthena(athena?: TrackerConfigInput['athena']): string {
  return Testing.synthScope((scope) => {
    new TrackerAthena(scope, 'athena', {
      config: testConfig(athena === undefined ? {} : { athena }),
      accountId: ACCOUNT_ID_REF,
    });
  });
}

describe('TrackerAthena', () => {
  it('limits bytes scanned per query and enforces the results location', () => {
    expect(synthAthena({ bytesScannedCutoffPerQuery: 1024 ** 3 })).toHaveResourceWithProperties(
      AthenaWorkgroup,
      {
        name: 'mycompany-analytics-api-workgroup',
        configuration: {
          bytes_scanned_cutoff_per_query: 1024 ** 3,
          enforce_workgroup_configuration: true,
          result_configuration: {
            output_location: `s3://${tfRef('aws_s3_bucket.athena_results.bucket')}/results/`,
            encryption_configuration: { encryption_option: 'SSE_S3' },
          },
        },
      },
    );
  });

  it('creates a locked-down results bucket, named per account and region, when none is configured', () => {
    expect(synthAthena()).toHaveResourceWithProperties(S3Bucket, {
      bucket: `mycompany-athena-results-${ACCOUNT_ID_REF}-us-east-1`,
      force_destroy: true,
    });
  });

  it('encrypts results with the buckets’ KMS key when there is one, in the workgroup and the bucket alike', () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const json = Testing.synthScope((scope) => {
      new TrackerAthena(scope, 'athena', {
        config: testConfig({ buckets: { encryption: 'KMS', kmsKeyArn: keyArn } }),
        accountId: ACCOUNT_ID_REF,
      });
    });

    expect(json).toHaveResourceWithProperties(AthenaWorkgroup, {
      configuration: {
        result_configuration: {
          encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: keyArn },
        },
      },
    });
    const encryption = resourcesOf(parseStack(json), 'aws_s3_bucket_server_side_encryption_configuration')[0];
    expect(encryption?.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('uses the configured results location and workgroup name, creating no bucket', () => {
    const json = synthAthena({ workgroup: 'analysts', resultsLocation: 's3://shared-results/tracker/' });

    expect(json).toHaveResourceWithProperties(AthenaWorkgroup, {
      name: 'analysts',
      configuration: { result_configuration: { output_location: 's3://shared-results/tracker/' } },
    });
    expect(resourcesOf(parseStack(json), 'aws_s3_bucket')).toEqual([]);
  });
});
