import { gunzipSync } from 'node:zlib';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../src/create-handler.js';
import { RETRY_AFTER_SECONDS } from '../src/errors.js';
import type { Observer, RequestLog } from '../src/observability.js';
import { createSignedS3Store } from '../src/signed-s3-store.js';
import { type FaultyS3, type S3Attempt, type S3Fault, startFaultyS3 } from './faulty-s3.js';
import { bodyOf, config, memorySalts } from './helpers.js';

// Faults are injected on the wire, below the store: the store is the production one
// (createSignedS3Store, the Lambda's default: its 2 s per attempt, 3 attempts, the SDK's standard
// retry mode), only pointed at a loopback S3 that throttles, fails, resets or goes silent.

/** The production store's own attempts (the SDK's standard mode): a retried write is at most this many PUTs. */
const SDK_ATTEMPTS = 3;

let s3: FaultyS3 | undefined;
afterEach(async () => {
  await s3?.close();
  s3 = undefined;
});

function capture(): Observer & { logs: RequestLog[]; errors: string[] } {
  const logs: RequestLog[] = [];
  const errors: string[] = [];
  return { logs, errors, request: (log) => logs.push(log), error: (message) => errors.push(message) };
}

async function trackerAgainst(script: readonly S3Fault[]) {
  s3 = await startFaultyS3(script);
  const observer = capture();
  const store = createSignedS3Store({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return { s3, observer, handler: createHandler({ config, store, observer, salts: memorySalts() }) };
}

type Outcome = S3Attempt['outcome'];

describe('S3 faults below the store', () => {
  it.each<[string, S3Fault[], Outcome]>([
    ['a throttled write (503 SlowDown)', ['throttle'], 'stored'],
    ['two 500 InternalErrors in a row', ['server-error', 'server-error'], 'stored'],
    ['a reset connection', ['reset'], 'stored'],
    ['a request never answered (nothing stored)', ['no-answer'], 'stored'],
    // The retry of a write that landed meets S3's first-wins refusal (412): the object is there.
    ['a write that lands but is never answered', ['timeout-after-write'], 'already-stored'],
  ])(
    'stores the event once after %s, through the store retries',
    { timeout: 20_000 },
    async (_label, faults, last) => {
      const { s3, handler, observer } = await trackerAgainst(faults);

      const result = await handler(functionUrlEvent(seedBody));

      expect(result.statusCode).toBe(200);
      const { key } = bodyOf(result) as { key: string };
      // Every attempt was a PUT of the same object (the key does not change on retry)...
      expect(s3.attempts.map(({ at: _at, ...attempt }) => attempt)).toEqual([
        ...faults.map((outcome) => ({ bucket: seedBody.bucket, key, outcome })),
        { bucket: seedBody.bucket, key, outcome: last },
      ]);
      // ...so exactly one object exists, holding the event that was sent.
      expect([...s3.objects.keys()]).toEqual([`${seedBody.bucket}/${key}`]);
      const row = JSON.parse(s3.objects.get(`${seedBody.bucket}/${key}`)?.body.toString('utf8') ?? '{}');
      expect(row).toMatchObject({
        eventType: seedBody.eventType,
        page: seedBody.page,
        timestamp: seedBody.timestamp,
      });
      expect(observer.logs.map((log) => [log.status, log.accepted, log.rejected])).toEqual([[200, 1, 0]]);
    },
  );

  it.each<[string, S3Fault]>([
    ['500 InternalError', 'server-error'],
    ['no answer at all', 'no-answer'],
  ])(
    'answers 503 with Retry-After once the store has spent its attempts on %s, and says so in the log',
    { timeout: 20_000 },
    async (_label, fault) => {
      const { s3, handler, observer } = await trackerAgainst(Array(SDK_ATTEMPTS).fill(fault));

      const result = await handler(functionUrlEvent(seedBody));

      expect(result.statusCode).toBe(503);
      expect(result.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      expect(s3.attempts.map((attempt) => attempt.outcome)).toEqual(Array(SDK_ATTEMPTS).fill(fault));
      expect(s3.objects.size).toBe(0);
      // The lost event is visible: an error line, and a request line giving the refusal's reason.
      expect(observer.errors).toEqual(['storage failed']);
      expect(observer.logs).toMatchObject([
        { status: 503, accepted: 0, reasons: { storage_unavailable: 1 } },
      ]);
    },
  );

  it('stores a batch as one gzip object after throttling and a reset', async () => {
    const { s3, handler } = await trackerAgainst(['throttle', 'reset']);
    const events = Array.from({ length: 25 }, (_, index) => ({
      eventType: 'page_view',
      timestamp: '2025-12-17T12:00:00.000Z',
      page: `/batch/${index}`,
    }));

    const result = await handler(functionUrlEvent({ bucket: seedBody.bucket, events }));

    expect(result.statusCode).toBe(200);
    const { key, accepted } = bodyOf(result) as { key: string; accepted: string[] };
    expect(accepted).toHaveLength(events.length);
    expect(s3.attempts.map((attempt) => [attempt.key, attempt.outcome])).toEqual([
      [key, 'throttle'],
      [key, 'reset'],
      [key, 'stored'],
    ]);
    const stored = s3.objects.get(`${seedBody.bucket}/${key}`);
    expect(stored?.contentEncoding).toBe('gzip');
    const lines = gunzipSync(stored?.body ?? Buffer.alloc(0))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lines.map((line) => JSON.parse(line).page)).toEqual(events.map((event) => event.page));
  });
});
