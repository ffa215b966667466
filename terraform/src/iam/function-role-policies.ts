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

/**
 * Lets the function read one SSM parameter, decrypted (SecureString with the account's `aws/ssm` key,
 * whose key policy already allows use through SSM): the secret it loads at start, nothing else.
 *
 * @example
 * readParameterPolicy('arn:aws:ssm:us-east-1:123456789012:parameter/mycompany-analytics-api/origin-verify-secret');
 */
export function readParameterPolicy(parameterArn: string): PolicyDocument {
  return policyDocument([
    { Sid: 'ReadOwnSecretParameter', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: parameterArn },
  ]);
}
