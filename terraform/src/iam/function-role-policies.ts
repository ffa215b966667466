import { type PolicyDocument, policyDocument } from './policy-document.js';

/**
 * The function role's logging permissions, scoped to its own log group (which Terraform creates, so
 * `logs:CreateLogGroup` is not granted).
 *
 * @example
 * logsPolicy('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/mycompany-analytics-tracker');
 */
export function logsPolicy(logGroupArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: 'WriteOwnLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${logGroupArn}:*`,
    },
  ]);
}

/**
 * Lets the function encrypt objects with the event buckets' customer-managed KMS keys (the shared
 * `buckets.kmsKeyArn` and each app's own), only through S3 in the stack's region: without it a PUT to
 * a bucket whose default encryption uses its own key fails with AccessDenied. `undefined` without keys.
 *
 * @example
 * kmsEncryptPolicy(['arn:aws:kms:us-east-1:123456789012:key/abcd'], 'us-east-1');
 */
export function kmsEncryptPolicy(kmsKeyArns: readonly string[], region: string): PolicyDocument | undefined {
  if (kmsKeyArns.length === 0) return undefined;
  return policyDocument([
    {
      Sid: 'EncryptEventObjects',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: [...kmsKeyArns],
      Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
    },
  ]);
}

/**
 * The trust policy that lets Lambda assume the function's role.
 *
 * @example
 * new IamRole(scope, 'role', { assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()) });
 */
export function lambdaAssumeRolePolicy(): PolicyDocument {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ]);
}
