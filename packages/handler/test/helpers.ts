import type { HandlerConfig } from '@analytics-tracker/schema';
import type { FunctionUrlEvent } from '../src/function-url.js';
import { createMemorySaltVault } from '../src/memory-salt-vault.js';
import { createSaltSource, type SaltSource } from '../src/salt-source.js';
import type { EventStore, StoredObject } from '../src/store.js';
import batchFixture from './events/batch-base64.json' with { type: 'json' };
import seedFixture from './events/seed-track.json' with { type: 'json' };

/** Recorded Function URL events (payload 2.0). */
export const fixtures = {
  seedTrack: seedFixture as FunctionUrlEvent,
  batchBase64: batchFixture as FunctionUrlEvent,
};

/** The seed README's curl body, with its missing comma fixed. */
export const seedBody = {
  bucket: 'app1-analytics-prod',
  eventType: 'page_view',
  timestamp: '2025-12-17T12:00:00.000Z',
  page: '/articles/my-post',
  userAgent: 'Mozilla/5.0...',
  viewport: { width: 1920, height: 1080 },
  sessionId: 'abc123',
  referrer: 'https://google.com',
  fromWebsite: 'LinkedIn',
};

export const config: HandlerConfig = {
  allowedBuckets: ['app1-analytics-prod', 'app2-analytics-staging', '*-analytics'],
  corsOrigins: ['*'],
  bucketOrigins: { 'app2-analytics-staging': ['https://app2.example.com'] },
  userAgent: 'parsed',
  maxBodyBytes: 64 * 1024,
  enableMetrics: false,
  metricsNamespace: 'Test',
  trustCdnHeaders: false,
};

/**
 * Real daily salts in memory, rotated as the handler asks for days (what `npm run offline` does over a
 * file). `vault.salts` shows what is left.
 */
export function memorySalts(): SaltSource & { vault: ReturnType<typeof createMemorySaltVault> } {
  const vault = createMemorySaltVault();
  return { vault, ...createSaltSource(vault, { rotate: true }) };
}

/** A store that keeps what it is given (for assertions on keys and bodies). */
export function recordingStore(): EventStore & { objects: StoredObject[] } {
  const objects: StoredObject[] = [];
  return {
    objects,
    async put(object) {
      objects.push(object);
    },
  };
}

/** A store that fails every write, as S3 does after the SDK's retries are spent. */
export const failingStore: EventStore = {
  async put() {
    throw Object.assign(new Error('SlowDown: Please reduce your request rate.'), { name: 'SlowDown' });
  },
};

/** A Function URL event for `body` (a string is sent as is). */
export function urlEvent(
  body: unknown,
  options: {
    path?: string;
    method?: string;
    headers?: Record<string, string>;
    sourceIp?: string;
    base64?: boolean;
  } = {},
): FunctionUrlEvent {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const path = options.path ?? '/track';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'vitest', ...options.headers },
    body: options.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 === true,
    requestContext: {
      requestId: 'req-1',
      http: { method: options.method ?? 'POST', path, sourceIp: options.sourceIp ?? '198.51.100.23' },
    },
  };
}

/** Parses a JSON response body. */
export const bodyOf = (result: { body: string }): Record<string, unknown> => JSON.parse(result.body);
