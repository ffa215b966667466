import { describe, expect, it } from 'vitest';
import { s3WritePolicy } from './s3-write-policy.js';

describe('s3WritePolicy', () => {
  it('grants only s3:PutObject under analytics/, and limits wildcard buckets to the deploying account', () => {
    const policy = s3WritePolicy(['app1-analytics-prod', '*-analytics', 'analytics-*'], '123456789012');

    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PutEventsInListedBuckets',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: ['arn:aws:s3:::app1-analytics-prod/analytics/*'],
        },
        {
          Sid: 'PutEventsInPatternBuckets',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: ['arn:aws:s3:::*-analytics/analytics/*', 'arn:aws:s3:::analytics-*/analytics/*'],
          Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } },
        },
      ],
    });
  });

  it('has no account condition when every bucket is named exactly', () => {
    const policy = s3WritePolicy(['web-analytics'], '123456789012');

    expect(policy?.Statement).toEqual([
      {
        Sid: 'PutEventsInListedBuckets',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: ['arn:aws:s3:::web-analytics/analytics/*'],
      },
    ]);
  });

  it('returns no policy when no bucket is allowed (IAM refuses an empty policy)', () => {
    expect(s3WritePolicy([], '123456789012')).toBeUndefined();
  });
});
