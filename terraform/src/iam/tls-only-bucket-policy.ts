import { type PolicyDocument, type PolicyStatement, policyDocument } from './policy-document.js';

/**
 * A bucket policy that refuses every request not made over TLS and, for buckets holding events
 * (`protect`), refuses deleting the bucket or any stored version under `analytics/` to everyone,
 * as the original tracker's deny-delete policy did. S3's own lifecycle expiry is not a request and
 * still runs. To really delete, an administrator first removes the statement (see README).
 *
 * @example
 * tlsOnlyBucketPolicy('arn:aws:s3:::app1-analytics-prod', { protect: true });
 */
export function tlsOnlyBucketPolicy(bucketArn: string, options: { protect?: boolean } = {}): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
  if (options.protect) {
    statements.push(
      {
        Sid: 'DenyBucketDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteBucket',
        Resource: bucketArn,
      },
      {
        Sid: 'DenyEventVersionDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObjectVersion',
        Resource: `${bucketArn}/analytics/*`,
      },
    );
  }
  return policyDocument(statements);
}
