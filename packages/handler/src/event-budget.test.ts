import { gunzipSync } from 'node:zlib';
import { functionUrlEvent, recordingStore } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { config, memorySalts } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import type { RequestLog } from './observability.js';

// The documented per-request limit (README: "Up to 500 events for one bucket"), written out here.
const PER_REQUEST = 500;

function setup() {
  const store = recordingStore();
  const logs: RequestLog[] = [];
  const handler = createHandler({
    config: { ...config, maxBodyBytes: 1024 * 1024 },
    salts: memorySalts(),
    store,
    observer: { request: (log) => logs.push(log), error() {} },
  });
  const storedRows = () =>
    store.objects.flatMap((object) =>
      (typeof object.body === 'string' ? object.body : gunzipSync(object.body).toString()).trim().split('\n'),
    );
  return { handler, logs, storedRows };
}

const events = (call: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    eventId: `budget-${call}-${String(i).padStart(4, '0')}`,
    eventType: 'page_view',
    timestamp: '2025-12-17T12:00:00Z',
  }));

/** httpBatchLink's wire format: `/trpc/a,b?batch=1`, inputs keyed by index. */
function batchCall(inputs: unknown[]) {
  const request = functionUrlEvent(Object.fromEntries(inputs.map((input, i) => [String(i), input])), {
    path: `/trpc/${inputs.map(() => 'trackBatch').join(',')}`,
  });
  return { ...request, rawQueryString: 'batch=1' };
}

describe('one event budget per request', () => {
  it('stores at most 500 events from one tRPC request of 10 trackBatch calls × 500 events; the rest get a 413', async () => {
    const { handler, logs, storedRows } = setup();
    const inputs = Array.from({ length: 10 }, (_, call) => ({
      bucket: 'app1-analytics-prod',
      events: events(call, PER_REQUEST),
    }));
    const result = await handler(batchCall(inputs));
    expect(storedRows()).toHaveLength(PER_REQUEST);
    const answers = JSON.parse(result.body) as {
      result?: unknown;
      error?: { data: { httpStatus: number } };
    }[];
    expect(answers.filter((answer) => answer.result)).toHaveLength(1);
    expect(answers.filter((answer) => answer.error?.data.httpStatus === 413)).toHaveLength(9);
    expect(logs.at(-1)).toMatchObject({ accepted: PER_REQUEST, reasons: { event_budget: 9 } });
  });

  it('lets calls share the budget: 5 calls × 100 events are all stored', async () => {
    const { handler, storedRows } = setup();
    const inputs = Array.from({ length: 5 }, (_, call) => ({
      bucket: 'app1-analytics-prod',
      events: events(call, 100),
    }));
    expect((await handler(batchCall(inputs))).statusCode).toBe(200);
    expect(storedRows()).toHaveLength(500);
  });
});

describe('rejection lists cannot make a response much larger than its request', () => {
  it('answers 499 tiny invalid events and one valid one within three times the request size, counting all 499', async () => {
    const { handler, logs } = setup();
    const body = JSON.stringify({
      bucket: 'app1-analytics-prod',
      events: [...events(0, 1), ...Array.from({ length: 499 }, () => ({}))],
    });
    const result = await handler(functionUrlEvent(body));
    expect(result.statusCode).toBe(200);
    expect(Buffer.byteLength(result.body)).toBeLessThanOrEqual(3 * Buffer.byteLength(body));
    const answer = JSON.parse(result.body) as { rejected: { index: number }[]; rejectedNotListed?: number };
    expect(answer.rejected.length + (answer.rejectedNotListed ?? 0)).toBe(499);
    expect(answer.rejected[0]?.index).toBe(1);
    expect(logs.at(-1)).toMatchObject({ accepted: 1, rejected: 499 });
  });

  it('answers a batch of 500 invalid events with a short 400 naming the first ones', async () => {
    const { handler } = setup();
    const body = JSON.stringify({
      bucket: 'app1-analytics-prod',
      events: Array.from({ length: 500 }, () => ({})),
    });
    const result = await handler(functionUrlEvent(body));
    expect(result.statusCode).toBe(400);
    expect(Buffer.byteLength(result.body)).toBeLessThanOrEqual(3 * Buffer.byteLength(body));
    const answer = JSON.parse(result.body) as { issues: { path: string }[] };
    expect(answer.issues[0]?.path).toBe('events.0.eventType');
  });
});
