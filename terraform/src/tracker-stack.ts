import {
  type AppConfig,
  allowedBucketPatterns,
  deploymentNames,
  type TrackerConfig,
} from '@analytics-tracker/schema';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Fn, Op, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { TrackerAthena } from './constructs/athena-workgroup.js';
import { CloudFrontFrontDoor } from './constructs/cloudfront-front-door.js';
import { DailySalts } from './constructs/daily-salts.js';
import { EdgeFirewall } from './constructs/edge-firewall.js';
import { FunctionAlarms } from './constructs/function-alarms.js';
import { TrackerFunctionUrl } from './constructs/function-url.js';
import { GlueCatalog } from './constructs/glue-catalog.js';
import { SecureBucket } from './constructs/secure-bucket.js';
import { TrackerFunction } from './constructs/tracker-function.js';
import { ANALYTICS_PREFIX } from './iam/s3-write-policy.js';

/**
 * Shortest secret Terraform accepts: 32 characters, so that `openssl rand -hex 32`-style secrets of 16
 * hex characters (64 bits) cannot pass the plan and then be refused by the Lambda, which requires
 * 96 bits of estimated entropy at start (`MIN_SECRET_BITS`); 32 hex characters carry 128.
 */
export const MIN_SECRET_LENGTH = 32;

/** What the stack deploys. */
export interface TrackerStackProps {
  /** The validated `tracker.config.ts`. */
  config: TrackerConfig;
  /** Folder with the esbuild bundle (`index.mjs` exporting `handler`). */
  bundleDir: string;
}

/**
 * The whole tracker as one Terraform stack: a thin composition of the constructs (function, Function
 * URL, optional CloudFront, app buckets, Glue, Athena, alarms) plus the secret variables and outputs.
 * Secrets are sensitive Terraform variables, so their values never appear in the synthesized JSON.
 *
 * @example
 * const app = new App({ outdir: 'cdktf.out' });
 * new TrackerStack(app, 'analytics-tracker', { config, bundleDir: 'packages/handler/dist/lambda' });
 * app.synth();
 */
export class TrackerStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: TrackerStackProps) {
    super(scope, id);
    const { config } = props;
    const names = deploymentNames(config);
    const tags = {
      Application: 'analytics-tracker',
      Api: config.apiName,
      ManagedBy: 'cdktf',
      ...(config.environment === undefined ? {} : { Environment: config.environment }),
    };

    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags }] });
    // CloudFront's web ACL must live in us-east-1, whatever the stack's region.
    const usEast1 =
      config.cloudfront.enabled && config.region !== 'us-east-1'
        ? new AwsProvider(this, 'aws-us-east-1', {
            region: 'us-east-1',
            alias: 'us_east_1',
            defaultTags: [{ tags }],
          })
        : undefined;
    const accountId = new DataAwsCallerIdentity(this, 'current').accountId;

    const originVerifySecret = config.cloudfront.enabled
      ? secretVariable(
          this,
          'origin_verify_secret',
          'Value CloudFront sends in x-origin-verify; the function refuses requests without it.',
        )
      : undefined;

    const tracker = new TrackerFunction(this, 'function', {
      config,
      bundleDir: props.bundleDir,
      accountId,
      secrets: originVerifySecret === undefined ? {} : { originVerifySecret: originVerifySecret.stringValue },
    });
    new DailySalts(this, 'salts', {
      config,
      bundleDir: props.bundleDir,
      accountId,
      trackerRoleName: tracker.role.name,
    });
    const functionUrl = new TrackerFunctionUrl(this, 'api', {
      config,
      functionName: tracker.lambda.functionName,
      functionArn: tracker.lambda.arn,
    });
    const frontDoor =
      originVerifySecret === undefined
        ? undefined
        : new CloudFrontFrontDoor(this, 'cdn', {
            config,
            functionUrl: functionUrl.url.functionUrl,
            originVerifySecret: originVerifySecret.stringValue,
            webAclArn: new EdgeFirewall(this, 'waf', {
              name: names.apiScope,
              rateLimit: config.cloudfront.rateLimit,
              ...(usEast1 === undefined ? {} : { provider: usEast1 }),
            }).webAcl.arn,
          });

    for (const app of config.apps.filter((candidate) => candidate.createBucket || candidate.adoptBucket)) {
      new SecureBucket(this, `bucket-${app.name}`, {
        address: `app_${app.name}`,
        bucket: app.bucket,
        settings: eventBucketSettings(config, app),
        lifecycle: { kind: 'intelligent-tiering', prefix: ANALYTICS_PREFIX },
        protect: true,
        adopt: app.adoptBucket,
        manageLifecycle: app.manageLifecycle,
        managePolicy: app.managePolicy,
      });
    }
    const glue = new GlueCatalog(this, 'glue', { config, accountId });
    const athena = new TrackerAthena(this, 'athena', { config, accountId });
    const alarms = config.enableMetrics
      ? new FunctionAlarms(this, 'alarms', {
          functionName: tracker.lambda.functionName,
          timeoutSeconds: config.lambdaTimeout,
          metricsNamespace: names.metricsNamespace,
          topicName: names.alarmTopic,
          ...(config.alarms.email === undefined ? {} : { email: config.alarms.email }),
        })
      : undefined;

    const baseUrl = frontDoor?.endpoint ?? functionUrl.url.functionUrl;
    output(this, 'ApiEndpoint', `${baseUrl}track`, 'POST events here (single or batch).');
    output(this, 'ApiBaseUrl', baseUrl, 'Base URL: /track for JSON, /trpc for @trpc/client.');
    output(this, 'FunctionUrl', functionUrl.url.functionUrl, 'The Lambda Function URL itself.');
    output(this, 'FunctionName', tracker.lambda.functionName, 'The tracker Lambda function.');
    output(this, 'FunctionArn', tracker.lambda.arn, 'The tracker Lambda function ARN.');
    output(
      this,
      'AllowedBuckets',
      allowedBucketPatterns(config),
      'Buckets (and patterns) the tracker writes to.',
    );
    output(this, 'GlueDatabase', glue.database.name, 'Glue/Athena database.');
    output(
      this,
      'GlueTables',
      glue.tables.map((table) => table.name),
      'One table per app.',
    );
    output(this, 'AthenaWorkgroup', athena.workgroup.name, 'Run queries in this workgroup.');
    output(this, 'AthenaResultsLocation', athena.resultsLocation, 'Where Athena writes query results.');
    if (alarms?.topic) {
      output(this, 'AlarmTopicArn', alarms.topic.arn, 'SNS topic every alarm notifies (confirm the email).');
    }
    if (frontDoor) {
      output(
        this,
        'CloudFrontDomain',
        frontDoor.distribution.domainName,
        'Point the custom domain (CNAME/alias) here.',
      );
    }
  }
}

/** An event bucket's encryption: the app's own KMS key when it has one, else the shared settings. */
function eventBucketSettings(config: TrackerConfig, app: AppConfig): TrackerConfig['buckets'] {
  return app.kmsKeyArn === undefined
    ? config.buckets
    : { ...config.buckets, encryption: 'KMS', kmsKeyArn: app.kmsKeyArn };
}

function secretVariable(scope: Construct, name: string, description: string): TerraformVariable {
  const variable = new TerraformVariable(scope, name, {
    type: 'string',
    description,
    sensitive: true,
    nullable: false,
  });
  variable.addValidation({
    condition: Op.gte(Fn.lengthOf(variable.value), MIN_SECRET_LENGTH),
    errorMessage: `${name} must be at least ${MIN_SECRET_LENGTH} characters (generate one with: openssl rand -hex 32).`,
  });
  return variable;
}

function output(scope: Construct, name: string, value: string | string[], description: string): void {
  new TerraformOutput(scope, name, { value, description });
}
