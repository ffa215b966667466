import { type PolicyDocument, policyDocument } from './policy-document.js';

/**
 * A bucket policy that refuses every request not made over TLS.
 *
 * @example
 * tlsOnlyBucketPolicy('arn:aws:s3:::app1-analytics-prod');
 */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);
}
