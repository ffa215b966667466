/**
 * The handler answers inside the Lambda invocation's time, whatever S3 and SSM do: given Lambda's
 * `context`, every wait is cut to `getRemainingTimeInMillis()` less a margin, so the caller gets the
 * README's 503 with `Retry-After`, the request's log line and the `EventsRejected` metric, and not
 * Lambda's timeout (a Function URL 502, no line, no metric). Real loopback servers that never answer,
 * real timeouts, small budgets; the log and EMF lines are read back from what the handler writes.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandler, type FunctionUrlHandler } from '../src/create-handler.js';
import type { FunctionUrlEvent } from '../src/function-url.js';
import { silentObserver } from '../src/observability.js';
import { createSaltSource } from '../src/salt-source.js';
import { createSignedS3Store } from '../src/signed-s3-store.js';
import { createSsmSaltReader } from '../src/ssm-salt-reader.js';
import { type FaultyS3, startFaultyS3 } from './faulty-s3.js';
import { bodyOf, captureOutput, config, memorySalts } from './helpers.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const region = 'us-east-1';

/** The README's 503 bodies (root README, "Errors"; packages/handler/README.md for the salt). */
const STORAGE_503 = {
  error: 'Service Unavailable',
  message:
    'The event store is temporarily unavailable; the events may not have been stored. Retry the same request later: each event is stored once.',
};
const SALT_503 = {
  error: 'Service Unavailable',
  message: 'The tracker cannot hash visitors right now; nothing was stored. Retry the same request later.',
};

/** A Lambda context as the runtime gives it: the time left falls as the clock runs. */
function lambdaContext(remainingMs: number) {
  const end = performance.now() + remainingMs;
  return { getRemainingTimeInMillis: () => Math.max(0, Math.floor(end - performance.now())) };
}

/**
 * Calls the handler with a Lambda context of `remainingMs`, capturing what it writes: its answer, the
 * wall time the call took, when it started, and its output lines.
 */
async function invokeWithin(handler: FunctionUrlHandler, event: FunctionUrlEvent, remainingMs: number) {
  const lines = captureOutput();
  try {
    const started = performance.now();
    const result = await handler(event, lambdaContext(remainingMs));
    return { result, elapsed: performance.now() - started, started, lines };
  } finally {
    vi.restoreAllMocks();
  }
}

/** The `EventsRejected` EMF values written, by reason. */
const rejectedMetrics = (lines: Record<string, unknown>[]) =>
  lines
    .filter((line) => line._aws !== undefined && 'EventsRejected' in line)
    .map((line) => ({ reason: line.reason, value: line.EventsRejected }));

/** A loopback SSM (JSON 1.1) that leaves its first `silent` requests unanswered, then gives a salt. */
async function startSlowSsm(silent: number) {
  const received: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push(performance.now());
      if (received.length <= silent) return; // read, never answered
      const { Name } = JSON.parse(body) as { Name: string };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: 'ab'.repeat(32) } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function silentS3(): Promise<FaultyS3> {
  const s3 = await startFaultyS3(['no-answer', 'no-answer', 'no-answer']);
  closers.push(() => s3.close());
  return s3;
}

const storeAt = (endpoint: string) =>
  createSignedS3Store({ endpoint, forcePathStyle: true, region, credentials, env: {} });

const metricsConfig = { ...config, enableMetrics: true, metricsNamespace: 'AnalyticsTracker' };

describe("the handler answers inside the invocation's time", () => {
  it('S3 never answers, 1,500 ms left: 503 with Retry-After before 1,500 ms, logged and counted', async () => {
    const s3 = await silentS3();
    const handler = createHandler({
      config: metricsConfig,
      salts: memorySalts(),
      store: storeAt(s3.endpoint),
    });
    const { result, elapsed, started, lines } = await invokeWithin(
      handler,
      functionUrlEvent(seedBody),
      1_500,
    );

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(bodyOf(result)).toEqual(STORAGE_503);
    // Without the deadline the store would wait 2 s for its first attempt alone.
    expect(elapsed).toBeLessThan(1_500);
    expect(s3.attempts.length).toBeGreaterThanOrEqual(1);
    for (const attempt of s3.attempts) expect(attempt.at - started).toBeLessThan(1_500);
    expect(s3.objects.size).toBe(0);
    // The request's one log line, and the metric the `…-events-lost` alarm reads.
    const requestLines = lines.filter((line) => line.message === 'request');
    expect(requestLines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        route: '/track',
        status: 503,
        reasons: { storage_unavailable: 1 },
      }),
    ]);
    expect(lines.some((line) => line.message === 'storage failed')).toBe(true);
    expect(rejectedMetrics(lines)).toEqual([{ reason: 'storage_unavailable', value: 1 }]);
  });

  it("SSM answers only its third attempt and S3 never answers (the review's case): 503 inside the budget", async () => {
    const s3 = await silentS3();
    const ssm = await startSlowSsm(2);
    closers.push(() => ssm.close());
    // SSM's time per attempt scaled down with the budget (2 s of a 10 s timeout in AWS).
    const salts = createSaltSource(
      createSsmSaltReader({
        path: '/mycompany/analytics-tracker/salts',
        endpoint: ssm.endpoint,
        region,
        credentials,
        timeoutMs: 300,
      }),
    );
    const handler = createHandler({ config: metricsConfig, salts, store: storeAt(s3.endpoint) });
    const { result, elapsed, lines } = await invokeWithin(handler, functionUrlEvent(seedBody), 2_000);

    expect(ssm.received).toHaveLength(3);
    expect(s3.attempts.length).toBeGreaterThanOrEqual(1);
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(bodyOf(result)).toEqual(STORAGE_503);
    expect(elapsed).toBeLessThan(2_000);
    expect(lines.filter((line) => line.message === 'request')).toEqual([
      expect.objectContaining({ status: 503, reasons: { storage_unavailable: 1 } }),
    ]);
    expect(rejectedMetrics(lines)).toEqual([{ reason: 'storage_unavailable', value: 1 }]);
  });

  it('SSM never answers, 1,000 ms left: the salt 503 before 1,000 ms, counted as salt_unavailable', async () => {
    const s3 = await silentS3();
    const ssm = await startSlowSsm(Number.POSITIVE_INFINITY);
    closers.push(() => ssm.close());
    // SSM's own limits (2 s per attempt, 3 attempts) are left as in production.
    const salts = createSaltSource(
      createSsmSaltReader({ path: '/salts', endpoint: ssm.endpoint, region, credentials }),
    );
    const handler = createHandler({ config: metricsConfig, salts, store: storeAt(s3.endpoint) });
    const { result, elapsed, lines } = await invokeWithin(handler, functionUrlEvent(seedBody), 1_000);

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(bodyOf(result)).toEqual(SALT_503);
    expect(elapsed).toBeLessThan(1_000);
    expect(s3.attempts).toEqual([]); // nothing is written without a salt
    expect(lines.filter((line) => line.message === 'request')).toEqual([
      expect.objectContaining({ status: 503, reasons: { salt_unavailable: 1 } }),
    ]);
    expect(rejectedMetrics(lines)).toEqual([{ reason: 'salt_unavailable', value: 1 }]);
  });

  it('the tRPC route gets the same deadline: 503 SERVICE_UNAVAILABLE before 1,500 ms', async () => {
    const s3 = await silentS3();
    const handler = createHandler({
      config: metricsConfig,
      salts: memorySalts(),
      store: storeAt(s3.endpoint),
    });
    const event = functionUrlEvent(seedBody);
    event.rawPath = '/trpc/track';

    const { result, elapsed, lines } = await invokeWithin(handler, event, 1_500);

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(elapsed).toBeLessThan(1_500);
    expect(rejectedMetrics(lines)).toEqual([{ reason: 'storage_unavailable', value: 1 }]);
  });

  it('without a context (tests, offline) the limits per attempt apply as before', async () => {
    const s3 = await startFaultyS3(['no-answer']);
    closers.push(() => s3.close());
    const store = createSignedS3Store({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region,
      credentials,
      env: {},
      timeoutMs: 300,
    });
    const handler = createHandler({ config, salts: memorySalts(), store, observer: silentObserver });

    const started = performance.now();
    const result = await handler(functionUrlEvent(seedBody));

    // The first attempt ran its whole 300 ms, the retry stored the event.
    expect(result.statusCode).toBe(200);
    expect(s3.attempts.map((attempt) => attempt.outcome)).toEqual(['no-answer', 'stored']);
    expect((s3.attempts[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(300);
  });
});
