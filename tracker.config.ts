/**
 * The platform team's one configuration file: read by every command (npm run synth,
 * offline, query, dashboard, sql:generate) through one loader. Edit it, then `npm run synth` and `terraform apply`.
 * Every option is validated by `TrackerConfigSchema` (packages/schema); see the README's
 * configuration reference for all of them and their defaults.
 */
import { defineConfig } from '@analytics-tracker/schema';

export default defineConfig({
  // List of allowed S3 buckets (supports wildcards), as in the system we replace.
  allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],

  // CORS origin ('*' for all, or a comma list of origins).
  corsOrigin: '*',

  // Function and API naming.
  functionPrefix: 'mycompany',
  apiName: 'mycompany-analytics-api',

  enableMetrics: true,
  lambdaTimeout: 10,

  // One entry per app: its bucket, its Athena table (`<name>_events`), and optionally the
  // browser origins allowed to send to it.
  apps: [
    { name: 'app1', bucket: 'app1-analytics-prod' },
    { name: 'app2', bucket: 'app2-analytics-staging' },
  ],
});
