import { describe, expect, it } from 'vitest';
import { handlerConfigFromEnv, handlerConfigFromTracker, handlerEnv } from './handler-config.js';
import { allowedBucketPatterns, bucketOrigins, defineConfig, tableName } from './tracker-config.js';

describe('defineConfig', () => {
  const config = defineConfig({
    allowedBuckets: ['app1-analytics-prod', '*-analytics'],
    apps: [
      { name: 'app1', bucket: 'app1-analytics-prod' },
      { name: 'shop', bucket: 'shop-events-prod', allowedOrigins: ['https://shop.example.com'] },
    ],
  });

  it("fills the seed's defaults", () => {
    expect(config).toMatchObject({
      corsOrigin: '*',
      stageNames: ['prod'],
      partitionTimeZone: 'UTC',
      enableMetrics: true,
      lambdaTimeout: 10,
      glueDatabase: 'analytics_db',
    });
  });

  it('derives the handler allow-list, per-bucket origins and table names', () => {
    expect(allowedBucketPatterns(config)).toEqual(['app1-analytics-prod', '*-analytics', 'shop-events-prod']);
    expect(bucketOrigins(config)).toEqual({ 'shop-events-prod': ['https://shop.example.com'] });
    expect(config.apps.map(tableName)).toEqual(['app1_events', 'shop_events']);
  });

  it('explains what is wrong', () => {
    expect(() => defineConfig({ allowedBuckets: ['Bad Bucket'], lambdaTimeout: 0 })).toThrow(
      /allowedBuckets.*\n?.*|lambdaTimeout/,
    );
    expect(() =>
      defineConfig({ allowedBuckets: [], apps: [{ name: 'App-1', bucket: 'b-analytics' }] }),
    ).toThrow(/app name must match/);
  });

  it("takes an app's IANA time zone for the dashboard, and refuses one that is not a zone", () => {
    const app = (timeZone: string) => ({ name: 'app1', bucket: 'app1-analytics-prod', timeZone });
    expect(defineConfig({ apps: [app('Europe/Berlin')] }).apps[0]?.timeZone).toBe('Europe/Berlin');
    expect(config.apps[0]?.timeZone).toBeUndefined();
    expect(() => defineConfig({ apps: [app('Mars/Olympus')] })).toThrow(/timeZone must be an IANA time zone/);
    expect(() => defineConfig({ apps: [app("UTC' OR 1=1")] })).toThrow(/timeZone/);
  });

  it('keeps raw JSON 30 days by default, and refuses a retention under a week or not whole days', () => {
    expect(config.compaction.rawRetentionDays).toBe(30);
    expect(defineConfig({ compaction: { rawRetentionDays: 7 } }).compaction.rawRetentionDays).toBe(7);
    expect(() => defineConfig({ compaction: { rawRetentionDays: 6 } })).toThrow(
      /compaction\.rawRetentionDays must be at least 7/,
    );
    expect(() => defineConfig({ compaction: { rawRetentionDays: 7.5 } })).toThrow(/rawRetentionDays/);
  });
});

describe('handlerConfigFromEnv', () => {
  it('reads the seed variables and ours', () => {
    const config = handlerConfigFromEnv({
      ALLOWED_BUCKETS: ' app1-analytics-prod, *-analytics ,',
      CORS_ORIGIN: 'https://a.example,https://b.example',
      BUCKET_ORIGINS: '{"app1-analytics-prod":["https://a.example"]}',
      SALT_PARAMETER_PATH: '/mycompany/analytics-tracker/salts',
      STORE_USER_AGENT: 'full',
      ENABLE_METRICS: 'true',
      MAX_BODY_BYTES: '65536',
    });
    expect(config).toEqual({
      allowedBuckets: ['app1-analytics-prod', '*-analytics'],
      corsOrigins: ['https://a.example', 'https://b.example'],
      bucketOrigins: { 'app1-analytics-prod': ['https://a.example'] },
      saltParameterPath: '/mycompany/analytics-tracker/salts',
      userAgent: 'full',
      maxBodyBytes: 65536,
      enableMetrics: true,
      metricsNamespace: 'AnalyticsTracker',
      trustCdnHeaders: false,
    });
  });

  it('defaults to any CORS origin', () => {
    expect(handlerConfigFromEnv({ ALLOWED_BUCKETS: 'a-analytics' })).toMatchObject({ corsOrigins: ['*'] });
  });

  it.each([
    ['unset', {}],
    ['empty', { ALLOWED_BUCKETS: '' }],
    ['only commas and spaces', { ALLOWED_BUCKETS: ' , ' }],
  ])('refuses to start with ALLOWED_BUCKETS %s, saying the original accepted every bucket', (_name, env) => {
    expect(() => handlerConfigFromEnv(env)).toThrow(
      /ALLOWED_BUCKETS is empty\. The original tracker accepted every bucket/,
    );
  });

  it("reads the original's CORS_ORIGINS (plural), and CORS_ORIGIN as its alias", () => {
    const base = { ALLOWED_BUCKETS: 'a-analytics' };
    expect(handlerConfigFromEnv({ ...base, CORS_ORIGINS: 'https://naeemgitonga.com' }).corsOrigins).toEqual([
      'https://naeemgitonga.com',
    ]);
    expect(
      handlerConfigFromEnv({ ...base, CORS_ORIGIN: 'https://a.example, https://b.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(
      handlerConfigFromEnv({ ...base, CORS_ORIGINS: 'https://a.example', CORS_ORIGIN: 'https://a.example' })
        .corsOrigins,
    ).toEqual(['https://a.example']);
    expect(() =>
      handlerConfigFromEnv({ ...base, CORS_ORIGINS: 'https://a.example', CORS_ORIGIN: '*' }),
    ).toThrow(/CORS_ORIGINS and CORS_ORIGIN are both set and differ/);
  });

  it('reads stage names and the partition time zone, and refuses unknown zones', () => {
    const base = { ALLOWED_BUCKETS: 'a-analytics' };
    expect(handlerConfigFromEnv(base)).not.toHaveProperty('stageNames');
    expect(handlerConfigFromEnv({ ...base, STAGE_NAMES: 'prod, dev' }).stageNames).toEqual(['prod', 'dev']);
    expect(handlerConfigFromEnv({ ...base, STAGE_NAMES: '' }).stageNames).toEqual([]);
    expect(() => handlerConfigFromEnv({ ...base, STAGE_NAMES: 'a/b' })).toThrow(/stage names/);
    expect(handlerConfigFromEnv({ ...base, PARTITION_TIME_ZONE: 'America/New_York' }).partitionTimeZone).toBe(
      'America/New_York',
    );
    expect(() => handlerConfigFromEnv({ ...base, PARTITION_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /PARTITION_TIME_ZONE must be an IANA time zone/,
    );
  });

  it('keeps only the parsed user agent unless told otherwise (full is a fingerprinting risk)', () => {
    expect(handlerConfigFromEnv({ ALLOWED_BUCKETS: 'a-analytics' }).userAgent).toBe('parsed');
    expect(() => handlerConfigFromEnv({ ALLOWED_BUCKETS: 'a-analytics', STORE_USER_AGENT: 'raw' })).toThrow(
      /userAgent/,
    );
  });

  it('refuses a salt path that is not an SSM path, and malformed JSON, with a readable error', () => {
    expect(() =>
      handlerConfigFromEnv({ ALLOWED_BUCKETS: 'a-analytics', SALT_PARAMETER_PATH: 'salts' }),
    ).toThrow(/SALT_PARAMETER_PATH must be an SSM path/);
    expect(() => handlerConfigFromEnv({ BUCKET_ORIGINS: '{' })).toThrow(/BUCKET_ORIGINS must be JSON/);
  });
});

describe('the one config path: tracker.config.ts → handler config → Lambda environment → handler config', () => {
  const tracker = defineConfig({
    allowedBuckets: ['*-analytics'],
    corsOrigin: 'https://a.example, https://b.example',
    enableMetrics: false,
    apps: [{ name: 'shop', bucket: 'shop-events-prod', allowedOrigins: ['https://shop.example.com'] }],
    cloudfront: { enabled: true },
  });
  const deployment = {
    originVerifySecret: 'origin-verify-secret-0123',
    expectedBucketOwner: '123456789012',
  };

  it('maps the config file to what the handler runs, field by field', () => {
    expect(handlerConfigFromTracker(tracker, deployment)).toEqual({
      allowedBuckets: ['*-analytics', 'shop-events-prod'],
      // The app's own site too: the Function URL answers preflights with this list, and the handler
      // refuses an Origin missing from it, so shop.example.com could not send otherwise.
      corsOrigins: ['https://a.example', 'https://b.example', 'https://shop.example.com'],
      bucketOrigins: { 'shop-events-prod': ['https://shop.example.com'] },
      saltParameterPath: '/analytics/analytics-tracker/salts',
      userAgent: 'parsed',
      maxBodyBytes: 512 * 1024,
      enableMetrics: false,
      metricsNamespace: 'AnalyticsTracker',
      trustCdnHeaders: true,
      stageNames: ['prod'],
      partitionTimeZone: 'UTC',
      originVerifySecret: 'origin-verify-secret-0123',
      expectedBucketOwner: '123456789012',
    });
  });

  it("carries the stage names and the partition zone to the Lambda, and CORS under the original's name", () => {
    const migrating = handlerConfigFromTracker(
      defineConfig({
        allowedBuckets: ['app1-analytics-prod'],
        corsOrigin: 'https://naeemgitonga.com',
        stageNames: [],
        partitionTimeZone: 'America/New_York',
      }),
    );
    expect(handlerEnv(migrating)).toMatchObject({
      CORS_ORIGINS: 'https://naeemgitonga.com',
      STAGE_NAMES: '',
      PARTITION_TIME_ZONE: 'America/New_York',
    });
    expect(handlerConfigFromEnv(handlerEnv(migrating))).toEqual(migrating);
  });

  it('reads back from the environment exactly what was written to it', () => {
    const mapped = handlerConfigFromTracker(tracker, deployment);
    expect(handlerConfigFromEnv(handlerEnv(mapped))).toEqual(mapped);
    const bare = handlerConfigFromTracker(
      defineConfig({ allowedBuckets: ['app1-analytics-prod'], userAgent: 'full', functionPrefix: 'shop' }),
    );
    expect(handlerEnv(bare)).toMatchObject({
      SALT_PARAMETER_PATH: '/shop/analytics-tracker/salts',
      STORE_USER_AGENT: 'full',
    });
    expect(handlerConfigFromEnv(handlerEnv(bare))).toEqual(bare);
  });

  it('trusts CDN headers only behind CloudFront with an origin secret to prove it', () => {
    const withoutSecret = handlerConfigFromTracker(tracker, { expectedBucketOwner: '123456789012' });
    expect(withoutSecret.trustCdnHeaders).toBe(false);
    expect(handlerEnv(withoutSecret)).not.toHaveProperty('TRUST_CDN_HEADERS');
    const noCloudFront = defineConfig({ allowedBuckets: [] });
    expect(handlerConfigFromTracker(noCloudFront, deployment)).toMatchObject({ trustCdnHeaders: false });
    expect(handlerConfigFromTracker(noCloudFront, deployment)).not.toHaveProperty('originVerifySecret');
  });
});
