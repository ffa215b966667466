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
 * Lets the function encrypt objects with the buckets' customer-managed KMS key (only when one is set).
 *
 * @example
 * kmsEncryptPolicy('arn:aws:kms:us-east-1:123456789012:key/abcd');
 */
export function kmsEncryptPolicy(kmsKeyArn: string): PolicyDocument {
  return policyDocument([
    { Sid: 'EncryptEventObjects', Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: kmsKeyArn },
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
