import { type PolicyDocument, type PolicyStatement, policyDocument } from './policy-document.js';

/** The only prefix the handler writes under; the role can write nowhere else. */
export const ANALYTICS_PREFIX = 'analytics/';

/**
 * The ARN of the objects the tracker may write in a bucket (or bucket pattern).
 *
 * @example
 * analyticsObjectsArn('app1-analytics-prod'); // 'arn:aws:s3:::app1-analytics-prod/analytics/*'
 */
export function analyticsObjectsArn(bucketPattern: string): string {
  return `arn:aws:s3:::${bucketPattern}/${ANALYTICS_PREFIX}*`;
}

/**
 * The function role's S3 permissions: `s3:PutObject` on `<bucket>/analytics/*` of each allowed bucket
 * and nothing else (no ACLs, reads or lists), and only in buckets the deploying account owns
 * (`aws:ResourceAccount`): a `*` pattern could otherwise match buckets of any account, and an exact
 * name that was deleted could be re-created by someone else. The handler also sends
 * `ExpectedBucketOwner`. Returns `undefined` when no bucket is allowed (IAM refuses an empty policy).
 *
 * @example
 * s3WritePolicy(['app1-analytics-prod', '*-analytics'], '123456789012');
 * // { Version, Statement: [{ Sid: 'PutEventsInAllowedBuckets', Action: 's3:PutObject', Resource: [...], Condition: … }] }
 */
export function s3WritePolicy(
  bucketPatterns: readonly string[],
  accountId: string,
): PolicyDocument | undefined {
  if (bucketPatterns.length === 0) return undefined;
  const statement: PolicyStatement = {
    Sid: 'PutEventsInAllowedBuckets',
    Effect: 'Allow',
    Action: 's3:PutObject',
    Resource: bucketPatterns.map(analyticsObjectsArn),
    Condition: { StringEquals: { 'aws:ResourceAccount': accountId } },
  };
  return policyDocument([statement]);
}
