import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandlerConfig } from '@analytics-tracker/schema';
import { afterAll, beforeAll, vi } from 'vitest';
import type { FunctionUrlEvent } from '../src/function-url.js';
import { createMemorySaltVault } from '../src/memory-salt-vault.js';
import { createSaltSource, type SaltSource } from '../src/salt-source.js';
import batchFixture from './events/batch-base64.json' with { type: 'json' };
import seedFixture from './events/seed-track.json' with { type: 'json' };

/** Recorded Function URL events (payload 2.0). */
export const fixtures = {
  seedTrack: seedFixture as FunctionUrlEvent,
  batchBase64: batchFixture as FunctionUrlEvent,
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

/** Parses a JSON response body. */
export const bodyOf = (result: { body: string }): Record<string, unknown> => JSON.parse(result.body);

/**
 * Every JSON line the handler writes from now on (its log lines on stdout and stderr, its EMF
 * documents on stdout), parsed; `vi.restoreAllMocks()` stops the capture.
 *
 * @example
 * const lines = captureOutput();
 * await handler(event);
 * vi.restoreAllMocks();
 * lines.find((line) => line.message === 'request');
 */
export function captureOutput(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const capture = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return lines;
}

/**
 * Serves `server` on a free loopback port for the tests of the calling file (listening before the
 * first, closed with its connections after the last); `.url` is its address once listening.
 *
 * @example
 * const s3 = serveDuringTests(createServer(answer));
 * createSignedS3Store({ endpoint: s3.url, forcePathStyle: true, region, credentials });
 */
export function serveDuringTests(server: Server): { readonly url: string } {
  const served = { url: '' };
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  return served;
}
