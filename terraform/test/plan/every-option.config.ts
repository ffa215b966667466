/**
 * A tracker config with every option on, as a platform team running staging next to prod in
 * eu-west-1 would write it: CloudFront with a domain and WAF, KMS, versioning, a created bucket, an
 * adopted bucket with its own key, an adopted bucket shared with other teams whose lifecycle and policy
 * are left alone, the original tracker's log group, Glue database and one app's table
 * adopted (the other apps are new: their tables are created), and an alarm email. `every-option.tftest.hcl` asserts the plan of exactly this config.
 */
import { defineConfig } from '@analytics-tracker/schema';

export default defineConfig({
  environment: 'staging',
  region: 'eu-west-1',
  allowedBuckets: ['acme-partner-analytics', '*-analytics'],
  corsOrigin: 'https://www.example.com',
  functionPrefix: 'acme',
  apiName: 'acme-analytics-api',
  enableMetrics: true,
  lambdaTimeout: 15,
  memorySize: 512,
  reservedConcurrency: 20,
  logRetentionDays: 90,
  // IPv6 clients' networks: every function reaches S3, SSM and Athena over dual-stack endpoints.
  endpoints: { dualStack: true },
  glueDatabase: 'acme_analytics',
  apps: [
    {
      name: 'web',
      bucket: 'acme-web-analytics',
      createBucket: true,
      allowedOrigins: ['https://www.example.com', 'https://shop.example.com'],
    },
    {
      name: 'legacy',
      bucket: 'acme-legacy-analytics',
      adoptBucket: true,
      adoptTable: true,
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      allowedOrigins: ['https://legacy.example.com'],
    },
    { name: 'mobile', bucket: 'acme-mobile-analytics' },
    // Shared with other teams: their lifecycle rules and bucket policy stay theirs (S3 replaces both whole).
    {
      name: 'archive',
      bucket: 'acme-shared-archive',
      adoptBucket: true,
      manageLifecycle: false,
      managePolicy: false,
    },
  ],
  adopt: { logGroup: true, glueCatalog: true },
  athena: { bytesScannedCutoffPerQuery: 1024 ** 3 },
  buckets: {
    encryption: 'KMS',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    versioning: true,
  },
  cloudfront: {
    enabled: true,
    domainName: 'analytics.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b4b1a0e-0000-4000-8000-000000000000',
    rateLimit: 500,
  },
  alarms: { email: 'oncall@example.com' },
});
