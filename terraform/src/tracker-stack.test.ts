import type { TrackerConfig } from '@analytics-tracker/schema';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Testing } from 'cdktf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseStack, resourcesOf, stubBundleDir, testConfig, tfRef } from '../test/fixtures.js';
import { TrackerStack } from './tracker-stack.js';

function synthStack(config: TrackerConfig = testConfig()): string {
  return Testing.synth(new TrackerStack(Testing.app(), 'test', { config, bundleDir: stubBundleDir() }));
}

const withCloudFront = () =>
  testConfig({
    cloudfront: {
      enabled: true,
      domainName: 'analytics.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b4b1a0e-0000-4000-8000-000000000000',
    },
  });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('TrackerStack', () => {
  it('never writes a secret value into the synthesized JSON', () => {
    const secret = 'do-not-leak-4f1c9e2a7b3d5e6f';
    vi.stubEnv('ORIGIN_VERIFY_SECRET', secret);
    vi.stubEnv('TF_VAR_origin_verify_secret', secret);

    for (const json of [synthStack(), synthStack(withCloudFront())]) {
      expect(json).not.toContain(secret);
      const variables = parseStack(json).variable ?? {};
      for (const variable of Object.values(variables)) {
        expect(variable).toMatchObject({ sensitive: true, nullable: false });
        expect(variable).not.toHaveProperty('default');
      }
    }
  });

  it('passes secrets to the function only as sensitive variable references', () => {
    const json = synthStack(withCloudFront());

    expect(Object.keys(parseStack(json).variable ?? {}).sort()).toEqual(['origin_verify_secret']);
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      environment: {
        variables: {
          ORIGIN_VERIFY_SECRET: tfRef('var.origin_verify_secret'),
          TRUST_CDN_HEADERS: 'true',
        },
      },
    });
  });

  it('without CloudFront, has no distribution, no origin secret and does not trust CDN headers', () => {
    const stack = parseStack(synthStack());
    const lambda = resourcesOf(stack, 'aws_lambda_function')[0] as { environment: { variables: object } };

    expect(resourcesOf(stack, 'aws_cloudfront_distribution')).toEqual([]);
    expect(stack.variable ?? {}).toEqual({});
    expect(lambda.environment.variables).not.toHaveProperty('TRUST_CDN_HEADERS');
    expect(lambda.environment.variables).not.toHaveProperty('ORIGIN_VERIFY_SECRET');
  });

  it('outputs the endpoint, function, buckets, Glue database and tables', () => {
    const outputs = parseStack(synthStack()).output ?? {};

    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiEndpoint',
        'FunctionName',
        'FunctionArn',
        'AllowedBuckets',
        'GlueDatabase',
        'GlueTables',
        'AthenaWorkgroup',
      ]),
    );
    expect(outputs.ApiEndpoint?.value).toBe(
      `${tfRef('aws_lambda_function_url.api_url_1A644F34.function_url')}track`,
    );
    expect(outputs.AllowedBuckets?.value).toEqual([
      'app1-analytics-prod',
      'app2-analytics-staging',
      '*-analytics',
    ]);
    expect(outputs.GlueTables?.value).toEqual([
      expect.stringContaining('aws_glue_catalog_table.glue_table-app1'),
      expect.stringContaining('aws_glue_catalog_table.glue_table-app2'),
    ]);
  });

  it('sends events through the custom domain when CloudFront is on', () => {
    const json = synthStack(withCloudFront());

    expect(json).toHaveResource(CloudfrontDistribution);
    expect(parseStack(json).output?.ApiEndpoint?.value).toBe('https://analytics.example.com/track');
  });

  it('creates and locks down buckets only for apps with createBucket', () => {
    const config = testConfig({
      apps: [
        { name: 'web', bucket: 'web-analytics', createBucket: true },
        { name: 'legacy', bucket: 'legacy-analytics' },
      ],
      athena: { resultsLocation: 's3://shared-results/tracker/' },
    });
    const json = synthStack(config);

    expect(json).toHaveResourceWithProperties(S3Bucket, { bucket: 'web-analytics' });
    expect(resourcesOf(parseStack(json), 'aws_s3_bucket').map((bucket) => bucket.bucket)).toEqual([
      'web-analytics',
    ]);
  });

  it('adds alarms only when metrics are enabled', () => {
    expect(resourcesOf(parseStack(synthStack()), 'aws_cloudwatch_metric_alarm')).toHaveLength(3);
    expect(
      resourcesOf(
        parseStack(synthStack(testConfig({ enableMetrics: false }))),
        'aws_cloudwatch_metric_alarm',
      ),
    ).toEqual([]);
  });
});
