import type { HandlerConfig } from '@analytics-tracker/schema';
import type { FunctionUrlEvent } from '../src/function-url.js';
import batchFixture from './events/batch-base64.json' with { type: 'json' };
import seedFixture from './events/seed-track.json' with { type: 'json' };

/** Recorded Function URL events (payload 2.0). */
export const fixtures = {
  seedTrack: seedFixture as FunctionUrlEvent,
  batchBase64: batchFixture as FunctionUrlEvent,
};

export const SECRET = 'test-secret-0123456789abcdef';

export const config: HandlerConfig = {
  allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],
  corsOrigins: ['*'],
  bucketOrigins: { 'app2-analytics-staging': ['https://app2.example.com'] },
  ipHashSecret: SECRET,
  maxBodyBytes: 64 * 1024,
  enableMetrics: false,
  metricsNamespace: 'Test',
  trustCdnHeaders: false,
};

/** Parses a JSON response body. */
export const bodyOf = (result: { body: string }): Record<string, unknown> => JSON.parse(result.body);
