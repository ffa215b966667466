import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID_REF,
  onlyResource,
  parseStack,
  resourcesOf,
  stubBundleDir,
  testConfig,
  tfRef,
} from '../../test/fixtures.js';
import { BundleMissingError } from '../errors.js';
import type { PolicyDocument } from '../iam/policy-document.js';
import { TrackerFunction } from './tracker-function.js';

function synthFunction(config = testConfig(), bundleDir = stubBundleDir()): string {
  return Testing.synthScope((scope) => {
    new TrackerFunction(scope, 'function', {
      config,
      bundleDir,
      accountId: ACCOUNT_ID_REF,
      secrets: {},
    });
  });
}

function rolePolicies(json: string): Record<string, PolicyDocument> {
  return Object.fromEntries(
    resourcesOf(parseStack(json), 'aws_iam_role_policy').map((policy) => [
      String(policy.name),
      JSON.parse(String(policy.policy)) as PolicyDocument,
    ]),
  );
}

describe('TrackerFunction', () => {
  it('runs the bundle on nodejs22.x arm64 with memory, timeout and reserved concurrency from the config', () => {
    const json = synthFunction(testConfig({ memorySize: 512, lambdaTimeout: 15, reservedConcurrency: 20 }));

    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'mycompany-analytics-tracker',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      memory_size: 512,
      timeout: 15,
      reserved_concurrent_executions: 20,
    });
  });

  it('reserves 50 concurrent executions by default (the documented cap), and none with null', () => {
    const byDefault = onlyResource(parseStack(synthFunction()), 'aws_lambda_function');
    const unreserved = onlyResource(
      parseStack(synthFunction(testConfig({ reservedConcurrency: null }))),
      'aws_lambda_function',
    );

    expect(byDefault.reserved_concurrent_executions).toBe(50);
    expect(unreserved).not.toHaveProperty('reserved_concurrent_executions');
  });

  it('sets the handler environment the handler reads: where the daily salts are, no secret', () => {
    expect(synthFunction()).toHaveResourceWithProperties(LambdaFunction, {
      environment: {
        variables: {
          ALLOWED_BUCKETS: 'app1-analytics-prod,app2-analytics-staging,*-analytics',
          CORS_ORIGINS: '*',
          BUCKET_ORIGINS: JSON.stringify({ 'app1-analytics-prod': ['https://app1.example.com'] }),
          SALT_PARAMETER_PATH: '/mycompany/analytics-tracker/salts',
          STORE_USER_AGENT: 'parsed',
          ENABLE_METRICS: 'true',
          METRICS_NAMESPACE: 'AnalyticsTracker',
          STAGE_NAMES: 'prod',
          PARTITION_TIME_ZONE: 'UTC',
          EXPECTED_BUCKET_OWNER: ACCOUNT_ID_REF,
        },
      },
    });
  });

  it('turns on source maps only when the bundle ships one', () => {
    const withMap = parseStack(synthFunction(testConfig(), stubBundleDir({ withSourceMap: true })));
    const withoutMap = parseStack(synthFunction());

    const environment = (stack: typeof withMap) =>
      (onlyResource(stack, 'aws_lambda_function').environment as { variables: Record<string, string> })
        .variables;
    expect(environment(withMap).NODE_OPTIONS).toBe('--enable-source-maps');
    expect(environment(withoutMap)).not.toHaveProperty('NODE_OPTIONS');
  });

  it('creates its log group with the configured retention and logs there', () => {
    const json = synthFunction(testConfig({ logRetentionDays: 90 }));

    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/mycompany-analytics-tracker',
      retention_in_days: 90,
    });
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      logging_config: {
        log_format: 'JSON',
        log_group: tfRef('aws_cloudwatch_log_group.tracker.name'),
      },
    });
  });

  it('may PutObject under analytics/ of each allowed bucket and nothing else on S3', () => {
    const policies = rolePolicies(synthFunction());

    expect(Object.keys(policies).sort()).toEqual(['put-analytics-events', 'write-own-logs']);
    expect(policies['put-analytics-events']).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PutEventsInAllowedBuckets',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [
            'arn:aws:s3:::app1-analytics-prod/analytics/*',
            'arn:aws:s3:::app2-analytics-staging/analytics/*',
            'arn:aws:s3:::*-analytics/analytics/*',
          ],
          Condition: { StringEquals: { 'aws:ResourceAccount': ACCOUNT_ID_REF } },
        },
      ],
    });
  });

  it('may write logs only to its own log group, and has no managed policies', () => {
    const json = synthFunction();
    const policies = rolePolicies(json);

    expect(policies['write-own-logs']?.Statement).toEqual([
      {
        Sid: 'WriteOwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${tfRef('aws_cloudwatch_log_group.tracker.arn')}:*`,
      },
    ]);
    expect(resourcesOf(parseStack(json), 'aws_iam_role_policy_attachment')).toEqual([]);
    const role = resourcesOf(parseStack(json), 'aws_iam_role')[0];
    expect(role).not.toHaveProperty('managed_policy_arns');
  });

  it('may use the buckets’ KMS key and each app’s own key, only through S3 in its region', () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const appKey = 'arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab';
    const policies = rolePolicies(
      synthFunction(
        testConfig({
          buckets: { encryption: 'KMS', kmsKeyArn: keyArn },
          apps: [{ name: 'legacy', bucket: 'legacy-analytics', kmsKeyArn: appKey }],
        }),
      ),
    );

    expect(policies['encrypt-analytics-events']?.Statement).toEqual([
      {
        Sid: 'EncryptEventObjects',
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: [keyArn, appKey],
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  it('has no KMS permission when no bucket uses a customer-managed key', () => {
    expect(Object.keys(rolePolicies(synthFunction()))).not.toContain('encrypt-analytics-events');
  });

  it('refuses to synthesize without a built bundle, and says how to build it', () => {
    const emptyDir = stubBundleDir();
    const missing = `${emptyDir}/nothing-here`;

    expect(() => synthFunction(testConfig(), missing)).toThrow(BundleMissingError);
    expect(() => synthFunction(testConfig(), missing)).toThrow(
      /npm run build -w @analytics-tracker\/handler/,
    );
  });
});
