/**
 * When the salt or the write fails, the events that were not stored are counted where the README says:
 * the request's log line names the bucket with `accepted`/`rejected`, and `EventsRejected` is emitted
 * per bucket and reason, one per event, beside the request's other rejected events. The expected
 * counts are those of what each test sends; the lines are read back from what the handler writes.
 */
import { failingStore, functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../src/create-handler.js';
import { SaltUnavailableError } from '../src/errors.js';
import { S3RequestError } from '../src/s3-request-error.js';
import { captureOutput, config, memorySalts } from './helpers.js';

const metricsConfig = { ...config, enableMetrics: true, metricsNamespace: 'AnalyticsTracker' };
const { bucket } = seedBody;

afterEach(() => {
  vi.restoreAllMocks();
});

const requestLine = (lines: Record<string, unknown>[]) => lines.find((line) => line.message === 'request');
const rejectedMetrics = (lines: Record<string, unknown>[]) =>
  lines
    .filter((line) => line._aws !== undefined && 'EventsRejected' in line)
    .map((line) => ({ bucket: line.bucket, reason: line.reason, value: line.EventsRejected }))
    .sort((a, b) => String(a.reason).localeCompare(String(b.reason)));

/** A batch of `valid` good events and `invalid` events without a timestamp. */
function batch(valid: number, invalid: number) {
  const { bucket: _bucket, ...event } = seedBody;
  const events = [
    ...Array.from({ length: valid }, (_, i) => ({ ...event, eventId: `lost-event-${i}-abc` })),
    ...Array.from({ length: invalid }, () => ({ eventType: 'page_view' })),
  ];
  return functionUrlEvent({ bucket, events });
}

const deniedStore = {
  async put(): Promise<void> {
    throw new S3RequestError('AccessDenied', 'Access Denied', { httpStatusCode: 403 });
  },
};
const noSalt = {
  saltFor: async (): Promise<string> => {
    throw new SaltUnavailableError('the salt of the day could not be read');
  },
};

describe('events a failure kept from being stored are counted under their bucket', () => {
  it.each([
    ['S3 fails after its retries', { store: failingStore, salts: memorySalts() }, 503, 'storage_unavailable'],
    ['S3 denies the write', { store: deniedStore, salts: memorySalts() }, 403, 'bucket_access_denied'],
    ['the salt cannot be read', { store: failingStore, salts: noSalt }, 503, 'salt_unavailable'],
  ] as const)(
    '%s: a batch of 3 good and 1 bad event counts 3 lost and 1 invalid',
    async (_name, deps, status, reason) => {
      const lines = captureOutput();
      const handler = createHandler({ config: metricsConfig, ...deps });
      const result = await handler(batch(3, 1));
      vi.restoreAllMocks();

      expect(result.statusCode).toBe(status);
      expect(requestLine(lines)).toMatchObject({
        status,
        bucket,
        accepted: 0,
        rejected: 4,
        reasons: { [reason]: 3, invalid_event: 1 },
      });
      expect(rejectedMetrics(lines)).toEqual(
        [
          { bucket, reason: 'invalid_event', value: 1 },
          { bucket, reason, value: 3 },
        ].sort((a, b) => a.reason.localeCompare(b.reason)),
      );
    },
  );

  it('a single event lost to a failed write is one rejected event of its bucket', async () => {
    const lines = captureOutput();
    const handler = createHandler({ config: metricsConfig, store: failingStore, salts: memorySalts() });
    const result = await handler(functionUrlEvent(seedBody));
    vi.restoreAllMocks();

    expect(result.statusCode).toBe(503);
    expect(requestLine(lines)).toMatchObject({ bucket, accepted: 0, rejected: 1 });
    expect(rejectedMetrics(lines)).toEqual([{ bucket, reason: 'storage_unavailable', value: 1 }]);
  });

  it('through tRPC too: the lost events are counted under their bucket', async () => {
    const lines = captureOutput();
    const handler = createHandler({ config: metricsConfig, store: failingStore, salts: memorySalts() });
    const event = functionUrlEvent(seedBody);
    event.rawPath = '/trpc/track';
    event.requestContext.http.path = '/trpc/track';
    const result = await handler(event);
    vi.restoreAllMocks();

    expect(result.statusCode).toBe(503);
    expect(rejectedMetrics(lines)).toEqual([{ bucket, reason: 'storage_unavailable', value: 1 }]);
  });

  it('a request refused before its events are read stays one anonymous request (no attacker-chosen bucket)', async () => {
    const lines = captureOutput();
    const handler = createHandler({ config: metricsConfig, store: failingStore, salts: memorySalts() });
    const result = await handler(functionUrlEvent({ ...seedBody, bucket: 'someone-elses-bucket' }));
    vi.restoreAllMocks();

    expect(result.statusCode).toBe(403);
    expect(rejectedMetrics(lines)).toEqual([{ bucket: 'none', reason: 'bucket_not_allowed', value: 1 }]);
  });
});
