import { LAMBDA_PACKAGES } from '@analytics-tracker/handler';
import { deploymentNames, saltParameterPath, type TrackerConfig } from '@analytics-tracker/schema';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation/index.js';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { awsEndpointEnvironment } from '../aws-endpoint-environment.js';
import { lambdaAssumeRolePolicy, logsPolicy } from '../iam/function-role-policies.js';
import { policyDocument } from '../iam/policy-document.js';
import {
  readSaltsPolicy,
  rotateSaltsPolicy,
  type SaltLocation,
  schedulerAssumeRolePolicy,
} from '../iam/salt-policies.js';
import { lambdaPackageAsset } from '../lambda-package-asset.js';

/** The bundle file of the rotation function (in its own folder of the build, `rotate-salts/`). */
export const ROTATION_ENTRY: string = LAMBDA_PACKAGES.rotateSalts.entry;

/** Hourly at :05 UTC: the first run after midnight destroys the day that ended; later runs heal a missed one. */
export const ROTATION_SCHEDULE = 'cron(5 * * * ? *)';

/** What the salts need: the config, the bundle, the account, and the tracker role that reads them. */
export interface DailySaltsProps {
  config: TrackerConfig;
  /** The handler build (packages/handler/dist/lambda): the rotation's package is its `rotate-salts/` folder. */
  bundleDir: string;
  /** The deploying account (a Terraform reference). */
  accountId: string;
  /** Name of the tracker function's role: it gets read access to the salts, and nothing more. */
  trackerRoleName: string;
}

/**
 * Random daily salts for the tracker's `ip` and `visitorId` hashes: SSM SecureStrings under
 * `/<functionPrefix>/analytics-tracker/salts/<YYYY-MM-DD>`, made and destroyed by a small rotation
 * function that EventBridge Scheduler runs hourly (and Terraform once at deploy, so salts exist before
 * the first event). Terraform never holds a salt: the parameters are not Terraform resources, so no
 * value reaches the plan or the state, and a destroyed salt stays destroyed.
 *
 * Least privilege: the tracker may only `ssm:GetParameter` under the path; the rotation function may
 * only list the path and put/delete under it (it lists names with DescribeParameters, which never returns values; with a customer-managed
 * key it cannot decrypt at all); the scheduler may only invoke it.
 *
 * @example
 * new DailySalts(stack, 'salts', { config, bundleDir, accountId, trackerRoleName: tracker.role.name });
 */
export class DailySalts extends Construct {
  readonly path: string;
  readonly rotation: LambdaFunction;
  readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: DailySaltsProps) {
    super(scope, id);
    const { config, bundleDir } = props;
    this.path = saltParameterPath(config);
    // From deploymentNames, where the config schema checks each against its AWS rule.
    const names = deploymentNames(config).saltRotation;
    const name = names.function;
    const where: SaltLocation = {
      path: this.path,
      region: config.region,
      accountId: props.accountId,
      kmsKeyArn: config.saltKmsKeyArn,
    };

    new IamRolePolicy(this, 'tracker-read-salts', {
      name: 'read-daily-salts',
      role: props.trackerRoleName,
      policy: JSON.stringify(readSaltsPolicy(where)),
    });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: config.logRetentionDays,
    });
    const role = new IamRole(this, 'role', {
      name: names.role,
      description: 'Rotates the analytics tracker daily salts: creates and deletes them.',
      assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    });
    const policies = [
      new IamRolePolicy(this, 'logs-policy', {
        name: 'write-own-logs',
        role: role.id,
        policy: JSON.stringify(logsPolicy(logGroup.arn)),
      }),
      new IamRolePolicy(this, 'rotate-policy', {
        name: 'rotate-daily-salts',
        role: role.id,
        policy: JSON.stringify(rotateSaltsPolicy(where)),
      }),
    ];

    // Its own folder of the build only (lambda-package-asset.ts), zipped as the tracker's is.
    const bundle = lambdaPackageAsset(this, bundleDir, LAMBDA_PACKAGES.rotateSalts, name);
    this.rotation = new LambdaFunction(this, 'lambda', {
      functionName: name,
      description: 'Creates today and tomorrow analytics salts and destroys the salts of ended days.',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: LAMBDA_PACKAGES.rotateSalts.handler,
      filename: bundle.path,
      sourceCodeHash: Fn.filebase64sha256(bundle.path),
      role: role.arn,
      memorySize: 128,
      timeout: 30,
      environment: {
        variables: {
          SALT_PARAMETER_PATH: this.path,
          ...(config.saltKmsKeyArn ? { SALT_KMS_KEY_ID: config.saltKmsKeyArn } : {}),
          ...awsEndpointEnvironment(config),
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      dependsOn: [logGroup],
    });

    const schedulerRole = new IamRole(this, 'scheduler-role', {
      name: names.schedulerRole,
      description: 'Lets EventBridge Scheduler run the analytics salt rotation, and nothing else.',
      assumeRolePolicy: JSON.stringify(schedulerAssumeRolePolicy(props.accountId)),
    });
    new IamRolePolicy(this, 'scheduler-policy', {
      name: 'invoke-salt-rotation',
      role: schedulerRole.id,
      policy: JSON.stringify(
        policyDocument([
          {
            Sid: 'InvokeSaltRotation',
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: this.rotation.arn,
          },
        ]),
      ),
    });
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name,
      description: 'Hourly: salts for today and tomorrow exist, salts of ended days are destroyed.',
      scheduleExpression: ROTATION_SCHEDULE,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.rotation.arn,
        roleArn: schedulerRole.arn,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 900 },
      },
    });

    // Once at deploy, so today's salt exists before the first event (its result holds days, never a salt).
    new LambdaInvocation(this, 'first-rotation', {
      functionName: this.rotation.functionName,
      input: JSON.stringify({ source: 'terraform-apply' }),
      dependsOn: policies,
    });
  }
}
