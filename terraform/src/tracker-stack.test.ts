import type { TrackerConfig } from '@analytics-tracker/schema';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Testing } from 'cdktf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACCOUNT_ID_REF,
  parseStack,
  resourcesOf,
  stubBundleDir,
  testConfig,
  tfRef,
} from '../test/fixtures.js';
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
          ORIGIN_VERIFY_PARAMETER: '/mycompany-analytics-api/origin-verify-secret',
          TRUST_CDN_HEADERS: 'true',
        },
      },
    });
    // The origin secret is not in the environment (GetFunctionConfiguration shows it): it is an SSM
    // SecureString only the function's role may read.
    const stack = parseStack(json);
    // Two functions (the tracker and the salt rotation): the tracker's is the one with the environment.
    const lambda = stack.resource.aws_lambda_function?.tracker as { environment: { variables: object } };
    expect(lambda.environment.variables).not.toHaveProperty('ORIGIN_VERIFY_SECRET');
    expect(stack.resource.aws_ssm_parameter?.origin_verify).toMatchObject({
      name: '/mycompany-analytics-api/origin-verify-secret',
      type: 'SecureString',
      value: tfRef('var.origin_verify_secret'),
    });
    const policy = JSON.parse(String(stack.resource.aws_iam_role_policy?.tracker_read_secret?.policy));
    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadOwnSecretParameter',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: `arn:aws:ssm:us-east-1:${ACCOUNT_ID_REF}:parameter/mycompany-analytics-api/origin-verify-secret`,
      },
    ]);
  });

  it('without CloudFront, has no distribution, no origin secret and does not trust CDN headers', () => {
    const stack = parseStack(synthStack());
    const lambda = resourcesOf(stack, 'aws_lambda_function')[0] as { environment: { variables: object } };

    expect(resourcesOf(stack, 'aws_cloudfront_distribution')).toEqual([]);
    expect(stack.variable ?? {}).toEqual({});
    expect(lambda.environment.variables).not.toHaveProperty('TRUST_CDN_HEADERS');
    expect(lambda.environment.variables).not.toHaveProperty('ORIGIN_VERIFY_SECRET');
    expect(lambda.environment.variables).not.toHaveProperty('ORIGIN_VERIFY_PARAMETER');
    expect(resourcesOf(stack, 'aws_ssm_parameter')).toEqual([]);
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
    expect(outputs.ApiEndpoint?.value).toBe(`${tfRef('aws_lambda_function_url.tracker.function_url')}track`);
    expect(outputs.AllowedBuckets?.value).toEqual([
      'app1-analytics-prod',
      'app2-analytics-staging',
      '*-analytics',
    ]);
    expect(outputs.GlueTables?.value).toEqual([
      tfRef('aws_glue_catalog_table.app1_events.name'),
      tfRef('aws_glue_catalog_table.app2_events.name'),
    ]);
  });

  it('sends events through the custom domain when CloudFront is on', () => {
    const json = synthStack(withCloudFront());

    expect(json).toHaveResource(CloudfrontDistribution);
    expect(parseStack(json).output?.ApiEndpoint?.value).toBe('https://analytics.example.com/track');
  });

  it('imports what adopt names: an app bucket, the log group, the Glue database and only the tables that exist', () => {
    const config = testConfig({
      apps: [
        { name: 'web', bucket: 'web-analytics', adoptBucket: true, adoptTable: true },
        { name: 'api', bucket: 'api-analytics' },
      ],
      adopt: { logGroup: true, glueCatalog: true },
    });
    const stack = parseStack(synthStack(config)) as ReturnType<typeof parseStack> & {
      import?: { to: string; id: string }[];
    };

    // The import ids are the original tracker's resources, as its README names them.
    expect(stack.import).toEqual(
      expect.arrayContaining([
        { to: 'aws_s3_bucket.app_web', id: 'web-analytics' },
        { to: 'aws_cloudwatch_log_group.tracker', id: '/aws/lambda/mycompany-analytics-tracker' },
        { to: 'aws_glue_catalog_database.analytics', id: `${ACCOUNT_ID_REF}:analytics_db` },
        { to: 'aws_glue_catalog_table.web_events', id: `${ACCOUNT_ID_REF}:analytics_db:web_events` },
      ]),
    );
    // api is a new app: its table does not exist, so it is created, not imported.
    expect(stack.import).toHaveLength(4);
    // Only adopted (or created) buckets are managed: api-analytics stays the team's own.
    expect(resourcesOf(stack, 'aws_s3_bucket').map((bucket) => bucket.bucket)).toContain('web-analytics');
    expect(resourcesOf(stack, 'aws_s3_bucket').map((bucket) => bucket.bucket)).not.toContain('api-analytics');
  });

  it("with an environment, imports the original's unscoped names and keeps new resources scoped", () => {
    const config = testConfig({
      environment: 'prod',
      apps: [{ name: 'web', bucket: 'web-analytics', adoptTable: true }],
      adopt: { logGroup: true, glueCatalog: true },
    });
    const stack = parseStack(synthStack(config)) as ReturnType<typeof parseStack> & {
      import?: { to: string; id: string }[];
    };

    // The original tracker never had "-prod" or "_prod" names: these are the ones that exist.
    expect(stack.import).toEqual([
      { to: 'aws_cloudwatch_log_group.tracker', id: '/aws/lambda/mycompany-analytics-tracker' },
      { to: 'aws_glue_catalog_database.analytics', id: `${ACCOUNT_ID_REF}:analytics_db` },
      { to: 'aws_glue_catalog_table.web_events', id: `${ACCOUNT_ID_REF}:analytics_db:web_events` },
    ]);
    expect(stack.resource.aws_lambda_function?.tracker).toMatchObject({
      function_name: 'mycompany-analytics-tracker-prod',
      logging_config: { log_group: tfRef('aws_cloudwatch_log_group.tracker.name') },
    });
    expect(stack.resource.aws_cloudwatch_log_group?.tracker).toMatchObject({
      name: '/aws/lambda/mycompany-analytics-tracker',
    });
    expect(stack.resource.aws_glue_catalog_database?.analytics).toMatchObject({ name: 'analytics_db' });
    // New resources stay scoped: the workgroup and the role never collide with another environment.
    expect(stack.resource.aws_iam_role?.tracker).toMatchObject({
      name: 'mycompany-analytics-tracker-prod-role',
    });
  });

  it('imports nothing by default', () => {
    expect(parseStack(synthStack())).not.toHaveProperty('import');
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
    expect(Object.keys(parseStack(synthStack()).resource.aws_cloudwatch_metric_alarm ?? {}).sort()).toEqual([
      'duration',
      'errors',
      'events_lost',
      'storage_denied',
      'throttles',
      'url_5xx',
    ]);
    expect(
      resourcesOf(
        parseStack(synthStack(testConfig({ enableMetrics: false }))),
        'aws_cloudwatch_metric_alarm',
      ),
    ).toEqual([]);
  });
});

describe('endpoints: FIPS and dual-stack for every function', () => {
  // The AWS SDK's documented switches (AWS SDKs and Tools reference: "Dual-stack and FIPS endpoints").
  const environments = (json: string) =>
    resourcesOf(parseStack(json), 'aws_lambda_function').map(
      (fn) => (fn.environment as { variables: Record<string, string> }).variables,
    );

  it('sets AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT on the tracker, rotation and compaction', () => {
    const json = synthStack(
      testConfig({ region: 'us-gov-west-1', endpoints: { fips: true, dualStack: true } }),
    );

    const all = environments(json);
    expect(all).toHaveLength(3);
    for (const variables of all)
      expect(variables).toMatchObject({ AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' });
  });

  it('sets neither by default', () => {
    for (const variables of environments(synthStack())) {
      expect(variables).not.toHaveProperty('AWS_USE_FIPS_ENDPOINT');
      expect(variables).not.toHaveProperty('AWS_USE_DUALSTACK_ENDPOINT');
    }
  });

  it('stops synth for FIPS in China, where S3 has no FIPS endpoint', () => {
    expect(() => synthStack(testConfig({ region: 'cn-north-1', endpoints: { fips: true } }))).toThrow(
      /endpoints.fips: S3 has no FIPS endpoint in China/,
    );
  });
});
