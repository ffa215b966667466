import { type PolicyDocument, type PolicyStatement, policyDocument } from './policy-document.js';

/** Where the salts are, as IAM needs it. */
export interface SaltLocation {
  /** e.g. `/mycompany/analytics-tracker/salts` (see `saltParameterPath`). */
  path: string;
  region: string;
  accountId: string;
  /** The customer-managed key of the SecureStrings, when one is used. */
  kmsKeyArn?: string | undefined;
}

const pathArn = (where: SaltLocation) =>
  `arn:aws:ssm:${where.region}:${where.accountId}:parameter${where.path}`;

/**
 * The ARN of every daily salt parameter (`<path>/*`), and nothing else in Parameter Store.
 *
 * @example
 * saltParametersArn({ path: '/mycompany/analytics-tracker/salts', region: 'us-east-1', accountId: '123456789012' });
 * // 'arn:aws:ssm:us-east-1:123456789012:parameter/mycompany/analytics-tracker/salts/*'
 */
export function saltParametersArn(where: SaltLocation): string {
  return `${pathArn(where)}/*`;
}

const viaSsm = (where: SaltLocation) => ({
  StringEquals: { 'kms:ViaService': `ssm.${where.region}.amazonaws.com` },
});

/**
 * The tracker's access to the salts: read one parameter under the salt path (`ssm:GetParameter`),
 * plus `kms:Decrypt` through SSM when a customer-managed key is used (the `aws/ssm` key needs no grant).
 * It can neither list, write nor delete salts.
 *
 * @example
 * new IamRolePolicy(scope, 'read-salts', { role, policy: JSON.stringify(readSaltsPolicy(where)) });
 */
export function readSaltsPolicy(where: SaltLocation): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadDailySalts',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: saltParametersArn(where),
    },
  ];
  if (where.kmsKeyArn) {
    statements.push({
      Sid: 'DecryptDailySalts',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: where.kmsKeyArn,
      Condition: viaSsm(where),
    });
  }
  return policyDocument(statements);
}

/**
 * The rotation function's access: list the salt path (names only, no decryption), create and delete
 * parameters under it, and nothing else; plus `kms:Encrypt` through SSM with a customer-managed key.
 * It asks for names only; with a customer-managed key it also cannot decrypt (no `kms:Decrypt`).
 *
 * @example
 * new IamRolePolicy(scope, 'rotate-salts', { role, policy: JSON.stringify(rotateSaltsPolicy(where)) });
 */
export function rotateSaltsPolicy(where: SaltLocation): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: 'ListDailySalts', Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: pathArn(where) },
    {
      Sid: 'CreateAndDestroyDailySalts',
      Effect: 'Allow',
      Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      Resource: saltParametersArn(where),
    },
  ];
  if (where.kmsKeyArn) {
    statements.push({
      Sid: 'EncryptDailySalts',
      Effect: 'Allow',
      Action: 'kms:Encrypt',
      Resource: where.kmsKeyArn,
      Condition: viaSsm(where),
    });
  }
  return policyDocument(statements);
}

/**
 * The trust policy that lets EventBridge Scheduler, for schedules of this account only, assume the
 * role that invokes the rotation function.
 *
 * @example
 * new IamRole(scope, 'scheduler-role', { assumeRolePolicy: JSON.stringify(schedulerAssumeRolePolicy(accountId)) });
 */
export function schedulerAssumeRolePolicy(accountId: string): PolicyDocument {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}
