import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_PACKAGES } from '@analytics-tracker/handler';
import { allowedBucketPatterns, deploymentNames, type TrackerConfig } from '@analytics-tracker/schema';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { awsEndpointEnvironment } from '../aws-endpoint-environment.js';
import { handlerEnvironment } from '../handler-environment.js';
import {
  kmsEncryptPolicy,
  lambdaAssumeRolePolicy,
  logsPolicy,
  readParameterPolicy,
} from '../iam/function-role-policies.js';
import { s3WritePolicy } from '../iam/s3-write-policy.js';
import { lambdaPackageAsset } from '../lambda-package-asset.js';

/** What the function needs: the config, where the esbuild bundle is, and secret references. */
export interface TrackerFunctionProps {
  config: TrackerConfig;
  /** The handler build (packages/handler/dist/lambda): the tracker's package is its `tracker/` folder. */
  bundleDir: string;
  secrets: {
    /** Reference to the sensitive `origin_verify_secret` variable; only with CloudFront. */
    originVerifySecret?: string;
  };
  /** The deploying account (a Terraform reference), for the wildcard-bucket condition. */
  accountId: string;
}

/**
 * The tracker Lambda (nodejs22.x on arm64) from the handler bundle, its log group with retention, and
 * a role that may only write events to the allowed buckets' `analytics/` prefix and its own logs.
 *
 * @example
 * const fn = new TrackerFunction(stack, 'function', { config, bundleDir, secrets, accountId });
 * fn.lambda.functionName; // 'mycompany-analytics-tracker'
 */
export class TrackerFunction extends Construct {
  readonly lambda: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: TrackerFunctionProps) {
    super(scope, id);
    const { config, bundleDir } = props;
    const trackerDir = join(bundleDir, LAMBDA_PACKAGES.tracker.folder);
    const names = deploymentNames(config);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: config.logRetentionDays,
      // The original's logs: a destroy, or a change that replaces it, must not delete them.
      ...(config.adopt.logGroup ? { lifecycle: { preventDestroy: true } } : {}),
    });
    this.logGroup.overrideLogicalId('tracker');
    // The original tracker's log group, under its own name even with an environment (deploymentNames):
    // import it rather than fail on "already exists"; the function logs there (loggingConfig below).
    if (config.adopt.logGroup) this.logGroup.importFrom(names.logGroup);

    this.role = new IamRole(this, 'role', {
      name: names.role,
      description: 'Runs the analytics tracker: writes events to the allowed buckets and logs.',
      assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    });
    this.role.overrideLogicalId('tracker');
    new IamRolePolicy(this, 'logs-policy', {
      name: 'write-own-logs',
      role: this.role.id,
      policy: JSON.stringify(logsPolicy(this.logGroup.arn)),
    }).overrideLogicalId('tracker_logs');
    const s3Policy = s3WritePolicy(allowedBucketPatterns(config), props.accountId);
    if (s3Policy) {
      new IamRolePolicy(this, 's3-write-policy', {
        name: 'put-analytics-events',
        role: this.role.id,
        policy: JSON.stringify(s3Policy),
      }).overrideLogicalId('tracker_put_events');
    }
    const kmsPolicy = kmsEncryptPolicy(eventKmsKeys(config), config.region);
    if (kmsPolicy) {
      new IamRolePolicy(this, 'kms-policy', {
        name: 'encrypt-analytics-events',
        role: this.role.id,
        policy: JSON.stringify(kmsPolicy),
      }).overrideLogicalId('tracker_kms');
    }

    const originVerifyParameter =
      props.secrets.originVerifySecret === undefined
        ? undefined
        : this.originVerifyParameter(
            names.apiScope,
            props.secrets.originVerifySecret,
            props.accountId,
            config.region,
          );

    // The tracker's folder only: the other functions' files are never loaded by it.
    const bundle = lambdaPackageAsset(this, bundleDir, LAMBDA_PACKAGES.tracker, names.function);
    this.lambda = new LambdaFunction(this, 'lambda', {
      functionName: names.function,
      description: 'Analytics tracker: validates events and writes them to S3.',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: LAMBDA_PACKAGES.tracker.handler,
      filename: bundle.path,
      sourceCodeHash: Fn.filebase64sha256(bundle.path),
      role: this.role.arn,
      memorySize: config.memorySize,
      timeout: config.lambdaTimeout,
      ...(config.reservedConcurrency === null
        ? {}
        : { reservedConcurrentExecutions: config.reservedConcurrency }),
      environment: {
        variables: {
          ...handlerEnvironment(
            config,
            {
              ...(originVerifyParameter === undefined ? {} : { originVerifyParameter }),
            },
            {
              sourceMaps: existsSync(join(trackerDir, `${LAMBDA_PACKAGES.tracker.entry}.map`)),
              accountId: props.accountId,
            },
          ),
          ...awsEndpointEnvironment(config),
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      // The log group must exist first, or Lambda creates one without retention.
      dependsOn: [this.logGroup],
    });
    this.lambda.overrideLogicalId('tracker');
  }

  /**
   * The origin-verify secret as an SSM SecureString the function alone may read (at start), instead of
   * a plain environment variable anyone with `lambda:GetFunctionConfiguration` can read.
   */
  private originVerifyParameter(scope: string, secret: string, accountId: string, region: string): string {
    const name = `/${scope}/origin-verify-secret`;
    const parameter = new SsmParameter(this, 'origin-verify-parameter', {
      name,
      description: 'x-origin-verify value CloudFront sends; the tracker refuses requests without it',
      type: 'SecureString',
      value: secret,
    });
    parameter.overrideLogicalId('origin_verify');
    new IamRolePolicy(this, 'read-secret-policy', {
      name: 'read-origin-verify-secret',
      role: this.role.id,
      policy: JSON.stringify(readParameterPolicy(`arn:aws:ssm:${region}:${accountId}:parameter${name}`)),
    }).overrideLogicalId('tracker_read_secret');
    return name;
  }
}

/** Every customer-managed key an event bucket encrypts with: the shared one and each app's own. */
function eventKmsKeys(config: TrackerConfig): string[] {
  const shared =
    config.buckets.encryption === 'KMS' && config.buckets.kmsKeyArn ? [config.buckets.kmsKeyArn] : [];
  const own = config.apps.flatMap((app) => (app.kmsKeyArn === undefined ? [] : [app.kmsKeyArn]));
  return [...new Set([...shared, ...own])];
}
