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
 * and nothing else (no ACLs, reads or lists). Wildcard patterns could match buckets of any account, so
 * they are limited to the deploying account with `aws:ResourceAccount`. Returns `undefined` when no
 * bucket is allowed (an IAM policy needs at least one statement).
 *
 * @example
 * s3WritePolicy(['app1-analytics-prod', '*-analytics'], '123456789012');
 * // { Version, Statement: [ {Sid: 'PutEventsInListedBuckets', …}, {Sid: 'PutEventsInPatternBuckets', Condition: …} ] }
 */
export function s3WritePolicy(
  bucketPatterns: readonly string[],
  accountId: string,
): PolicyDocument | undefined {
  const exact = bucketPatterns.filter((pattern) => !pattern.includes('*'));
  const wildcard = bucketPatterns.filter((pattern) => pattern.includes('*'));
  const statements: PolicyStatement[] = [];
  if (exact.length > 0) {
    statements.push({
      Sid: 'PutEventsInListedBuckets',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: exact.map(analyticsObjectsArn),
    });
  }
  if (wildcard.length > 0) {
    statements.push({
      Sid: 'PutEventsInPatternBuckets',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: wildcard.map(analyticsObjectsArn),
      Condition: { StringEquals: { 'aws:ResourceAccount': accountId } },
    });
  }
  return statements.length > 0 ? policyDocument(statements) : undefined;
}
