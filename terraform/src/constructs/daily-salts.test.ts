import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID_REF,
  parseStack,
  resourcesOf,
  stubBundleDir,
  testConfig,
  tfRef,
} from '../../test/fixtures.js';
import { BundleMissingError } from '../errors.js';
import type { PolicyDocument } from '../iam/policy-document.js';
import { DailySalts } from './daily-salts.js';

const TRACKER_ROLE = 'mycompany-analytics-tracker-role';
// AWS's ARN format for SSM parameters: arn:aws:ssm:<region>:<account>:parameter/<path without its leading />.
const SALTS_ARN = `arn:aws:ssm:us-east-1:${ACCOUNT_ID_REF}:parameter/mycompany/analytics-tracker/salts/*`;
const CMK = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synthSalts(config = testConfig(), bundleDir = stubBundleDir()): string {
  return Testing.synthScope((scope) => {
    new DailySalts(scope, 'salts', {
      config,
      bundleDir,
      accountId: ACCOUNT_ID_REF,
      trackerRoleName: TRACKER_ROLE,
    });
  });
}

/** A reference to the one rotation function, as Terraform renders it (`${aws_lambda_function.<id>.<attribute>}`). */
function rotationRef(json: string, attribute: string): string {
  const [id] = Object.keys(parseStack(json).resource.aws_lambda_function ?? {});
  return tfRef(`aws_lambda_function.${id}.${attribute}`);
}

/** Each inline role policy by name, with the role it is attached to. */
function policies(json: string): Record<string, { role: unknown; document: PolicyDocument }> {
  return Object.fromEntries(
    resourcesOf(parseStack(json), 'aws_iam_role_policy').map((policy) => [
      String(policy.name),
      { role: policy.role, document: JSON.parse(String(policy.policy)) as PolicyDocument },
    ]),
  );
}

describe('DailySalts', () => {
  it('lets the tracker read salts under its path and nothing else: no list, no write, no delete', () => {
    const read = policies(synthSalts())['read-daily-salts'];

    expect(read?.role).toBe(TRACKER_ROLE);
    expect(read?.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadDailySalts', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: SALTS_ARN },
      ],
    });
  });

  it('lets the rotation function list, create and delete under the path: no GetParameter, no kms with aws/ssm', () => {
    const rotate = policies(synthSalts())['rotate-daily-salts'];

    expect(rotate?.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ListDailySaltNames', Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' },
        {
          Sid: 'CreateAndDestroyDailySalts',
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
          Resource: SALTS_ARN,
        },
      ],
    });
    expect(JSON.stringify(rotate?.document)).not.toContain('ssm:GetParameter');
    expect(JSON.stringify(rotate?.document)).not.toContain('kms:');
  });

  it('with a customer-managed key, adds kms:Decrypt (tracker) and kms:Encrypt (rotation), through SSM only', () => {
    const json = synthSalts(testConfig({ saltKmsKeyArn: CMK }));
    const all = policies(json);
    const viaSsm = { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } };

    expect(all['read-daily-salts']?.document.Statement[1]).toEqual({
      Sid: 'DecryptDailySalts',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: CMK,
      Condition: viaSsm,
    });
    expect(all['rotate-daily-salts']?.document.Statement[2]).toEqual({
      Sid: 'EncryptDailySalts',
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: CMK,
      Condition: viaSsm,
    });
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      environment: {
        variables: { SALT_PARAMETER_PATH: '/mycompany/analytics-tracker/salts', SALT_KMS_KEY_ID: CMK },
      },
    });
  });

  it('runs the rotation entry of the bundle, hourly at :05 UTC, through a role that may only invoke it', () => {
    const json = synthSalts();
    const rotationArn = rotationRef(json, 'arn');

    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'mycompany-analytics-salt-rotation',
      handler: 'rotate-salts.handler',
      runtime: 'nodejs22.x',
      environment: { variables: { SALT_PARAMETER_PATH: '/mycompany/analytics-tracker/salts' } },
    });
    expect(json).toHaveResourceWithProperties(SchedulerSchedule, {
      schedule_expression: 'cron(5 * * * ? *)',
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
      target: { arn: rotationArn },
    });
    expect(policies(json)['invoke-salt-rotation']?.document.Statement).toEqual([
      { Sid: 'InvokeSaltRotation', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: rotationArn },
    ]);
    const schedulerRole = resourcesOf(parseStack(json), 'aws_iam_role').find(
      (role) => role.name === 'mycompany-analytics-salt-rotation-scheduler',
    );
    expect(JSON.parse(String(schedulerRole?.assume_role_policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID_REF } },
        },
      ],
    });
  });

  it('rotates once at deploy, and never makes a salt a Terraform value (no SSM parameter resource)', () => {
    const json = synthSalts();
    const stack = parseStack(json);

    expect(resourcesOf(stack, 'aws_lambda_invocation')).toEqual([
      expect.objectContaining({ function_name: rotationRef(json, 'function_name') }),
    ]);
    expect(resourcesOf(stack, 'aws_ssm_parameter')).toEqual([]);
  });

  it('refuses a bundle without the rotation entry, saying how to build it', () => {
    const bundleDir = stubBundleDir();
    rmSync(join(bundleDir, 'rotate-salts/rotate-salts.mjs'));

    expect(() => synthSalts(testConfig(), bundleDir)).toThrow(BundleMissingError);
  });
});
