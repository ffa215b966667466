import { describe, expect, it } from 'vitest';
import { s3WritePolicy } from './s3-write-policy.js';

describe('s3WritePolicy', () => {
  it('grants only s3:PutObject under analytics/ of each allowed bucket, in buckets the deploying account owns', () => {
    const policy = s3WritePolicy(['app1-analytics-prod', '*-analytics', 'analytics-*'], '123456789012');

    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PutEventsInAllowedBuckets',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [
            'arn:aws:s3:::app1-analytics-prod/analytics/*',
            'arn:aws:s3:::*-analytics/analytics/*',
            'arn:aws:s3:::analytics-*/analytics/*',
          ],
          Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } },
        },
      ],
    });
  });

  it('returns no policy when no bucket is allowed (IAM refuses an empty policy)', () => {
    expect(s3WritePolicy([], '123456789012')).toBeUndefined();
  });
});
