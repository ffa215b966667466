/**
 * Config fields a platform team's review found accepted by synth and refused by AWS at apply: KMS keys
 * given by alias, and the options that leave an adopted bucket's lifecycle and policy alone.
 */
import { describe, expect, it } from 'vitest';
import { configProblem as problem } from '../test/config-problem.js';
import { defineConfig, type TrackerConfigInput } from './tracker-config.js';

const base: TrackerConfigInput = { apps: [{ name: 'app1', bucket: 'app1-analytics-prod' }] };

// Key ARNs in the format of the AWS KMS developer guide ("Key ARN"): a key id, or a multi-Region key's
// `mrk-` id, in the aws, aws-cn and aws-us-gov partitions.
const KEY_ARNS = [
  'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
  'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
];
// What the guide calls alias name and alias ARN: IAM never matches a key by either.
const ALIASES = ['alias/analytics-events', 'arn:aws:kms:us-east-1:111122223333:alias/analytics-events'];
const NOT_KEYS = [
  '1234abcd-12ab-34cd-56ef-1234567890ab', // a bare key id
  'arn:aws:kms:us-east-1:1111222233:key/1234abcd-12ab-34cd-56ef-1234567890ab', // 10-digit account
  'arn:aws:s3:::app1-analytics-prod',
];

describe('KMS keys are accepted by key ARN only', () => {
  const fields: [string, (arn: string) => TrackerConfigInput][] = [
    ['buckets.kmsKeyArn', (arn) => ({ ...base, buckets: { encryption: 'KMS', kmsKeyArn: arn } })],
    [
      'kmsKeyArn',
      (arn) => ({
        apps: [{ name: 'app1', bucket: 'app1-analytics-prod', adoptBucket: true, kmsKeyArn: arn }],
      }),
    ],
    ['saltKmsKeyArn', (arn) => ({ ...base, saltKmsKeyArn: arn })],
  ];

  for (const [field, config] of fields) {
    it(`${field}: accepts key ARNs of every partition`, () => {
      for (const arn of KEY_ARNS) expect(problem(config(arn))).toBeUndefined();
    });

    it(`${field}: refuses an alias, saying why it cannot work and how to find the key ARN`, () => {
      for (const alias of ALIASES) {
        const message = problem(config(alias));
        expect(message).toContain(`${field} must be a KMS key ARN`);
        expect(message).toContain('An alias');
        expect(message).toContain('aws kms describe-key --key-id alias/');
      }
    });

    it(`${field}: refuses what is not a key ARN at all`, () => {
      for (const value of NOT_KEYS)
        expect(problem(config(value))).toContain(`${field} must be a KMS key ARN`);
    });
  }
});

describe("leaving an adopted bucket's lifecycle and policy alone", () => {
  it('manages both by default', () => {
    const [app] = defineConfig({
      apps: [{ name: 'app1', bucket: 'app1-analytics-prod', adoptBucket: true }],
    }).apps;
    expect(app?.manageLifecycle).toBe(true);
    expect(app?.managePolicy).toBe(true);
  });

  it('accepts manageLifecycle: false and managePolicy: false on an adopted bucket', () => {
    const [app] = defineConfig({
      apps: [
        {
          name: 'app1',
          bucket: 'app1-analytics-prod',
          adoptBucket: true,
          manageLifecycle: false,
          managePolicy: false,
        },
      ],
    }).apps;
    expect(app?.manageLifecycle).toBe(false);
    expect(app?.managePolicy).toBe(false);
  });

  it('refuses them on a created bucket, which has no one else’s rules to keep', () => {
    for (const option of [{ manageLifecycle: false }, { managePolicy: false }]) {
      const message = problem({
        apps: [{ name: 'app1', bucket: 'app1-analytics-prod', createBucket: true, ...option }],
      });
      expect(message).toContain('they need adoptBucket');
    }
  });
});
