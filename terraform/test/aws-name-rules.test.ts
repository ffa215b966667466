/**
 * Every name the synthesized stack gives AWS, at the longest `functionPrefix` the config accepts,
 * checked against the AWS rule of its resource type. The config is what stops a name AWS would refuse;
 * this proves, at the Terraform it generates, that nothing it lets through (the salt rotation's names
 * included) is refused at apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TrackerConfigInput } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import { synthTracker } from '../src/synth.js';
import { parseStack, stubBundleDir, tempDir } from './fixtures.js';

// Each rule from the AWS API reference of the call that creates the resource (CreateFunction,
// CreateRole, CreateSchedule, CreateLogGroup, CreateStack, CreateWorkGroup, Athena's database names,
// CreateTopic, PutMetricAlarm, CreateWebACL, OriginRequestPolicyConfig, S3 bucket naming rules).
const AWS_RULES: Record<string, { key: string; rule: RegExp }> = {
  aws_lambda_function: { key: 'function_name', rule: /^[a-zA-Z0-9_-]{1,64}$/ },
  aws_iam_role: { key: 'name', rule: /^[\w+=,.@-]{1,64}$/ },
  aws_scheduler_schedule: { key: 'name', rule: /^[0-9a-zA-Z._-]{1,64}$/ },
  aws_cloudwatch_log_group: { key: 'name', rule: /^[.\-_/#A-Za-z0-9]{1,512}$/ },
  aws_cloudformation_stack: { key: 'name', rule: /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/ },
  aws_athena_workgroup: { key: 'name', rule: /^[a-zA-Z0-9._-]{1,128}$/ },
  aws_glue_catalog_database: { key: 'name', rule: /^[a-z0-9_]{1,255}$/ },
  aws_sns_topic: { key: 'name', rule: /^[a-zA-Z0-9_-]{1,256}$/ },
  aws_cloudwatch_metric_alarm: { key: 'alarm_name', rule: /^.{1,255}$/ },
  aws_wafv2_web_acl: { key: 'name', rule: /^[\w-]{1,128}$/ },
  aws_cloudfront_origin_request_policy: { key: 'name', rule: /^[a-zA-Z0-9_-]{1,128}$/ },
  aws_s3_bucket: { key: 'bucket', rule: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/ },
};

/** A config with every named resource on (CloudFront, WAF, alarm topic), and the given prefix. */
const configWith = (functionPrefix: string, environment?: string): TrackerConfigInput => ({
  functionPrefix,
  ...(environment === undefined ? {} : { environment }),
  apiName: 'mycompany-analytics-api',
  apps: [{ name: 'app1', bucket: 'app1-analytics-prod', createBucket: true }],
  cloudfront: { enabled: true },
  alarms: { email: 'oncall@example.com' },
  // A results bucket made from the prefix has its own remedy (resultsLocation): not under test here.
  athena: { resultsLocation: 's3://results/tracker/' },
});

/** The longest `functionPrefix` the config accepts, found by asking it (not from its constant). */
function longestAcceptedPrefix(environment?: string): number {
  for (let length = 64; length > 0; length--) {
    try {
      defineConfig(configWith('a'.repeat(length), environment));
      return length;
    } catch {
      // refused: one shorter
    }
  }
  return 0;
}

/** `[type, name]` of every literal name in the stack whose resource type has a rule above. */
function namesIn(stackDir: string): [string, string][] {
  const stack = parseStack(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  return Object.entries(stack.resource).flatMap(([type, resources]) => {
    const rule = AWS_RULES[type];
    if (rule === undefined) return [];
    return Object.values(resources)
      .map((resource) => resource[rule.key])
      .filter((name): name is string => typeof name === 'string' && !name.includes('${'))
      .map((name): [string, string] => [type, name]);
  });
}

describe('at the longest functionPrefix the config accepts, AWS accepts every generated name', () => {
  for (const environment of [undefined, 'staging', 'abcdefghijklmnop']) {
    it(`environment ${environment ?? '(none)'}`, () => {
      const length = longestAcceptedPrefix(environment);
      expect(length).toBeGreaterThan(0);
      const { stackDir } = synthTracker({
        config: defineConfig(configWith('a'.repeat(length), environment)),
        bundleDir: stubBundleDir(),
        outdir: join(tempDir('aws-names-'), 'cdktf.out'),
      });
      const names = namesIn(stackDir);
      // The salt rotation's and the compaction's functions, roles and schedules are among them.
      expect(names.filter(([type]) => type === 'aws_scheduler_schedule')).toHaveLength(2);
      expect(names.filter(([type]) => type === 'aws_lambda_function')).toHaveLength(3);
      const refused = names.filter(([type, name]) => !AWS_RULES[type]?.rule.test(name));
      expect(refused).toEqual([]);
      // One more character, and some name would be refused: the limit is the longest name's, not lower.
      const longer = configWith('a'.repeat(length + 1), environment);
      expect(() => defineConfig(longer)).toThrow(/64 characters/);
    }, 60_000);
  }
});
