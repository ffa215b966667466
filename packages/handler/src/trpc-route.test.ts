import { failingStore, functionUrlEvent, recordingStore, seedBody } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { bodyOf, config } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import type { RequestLog } from './observability.js';
import type { EventStore } from './store.js';
import { MAX_TRPC_BATCH } from './trpc-route.js';

function setup(store: EventStore = recordingStore()) {
  const logs: RequestLog[] = [];
  const errors: { message: string; error: unknown }[] = [];
  const handler = createHandler({
    config,
    store,
    observer: {
      request: (log) => logs.push(log),
      error: (message, error) => errors.push({ message, error }),
    },
  });
  return { handler, logs, errors };
}

const event = (i: number) => ({ ...seedBody, eventId: `trpc-event-${String(i).padStart(4, '0')}` });

/** A tRPC batch request (httpBatchLink's wire format): `/trpc/a,b?batch=1` with inputs keyed by index. */
function batchCall(procedures: string[], inputs: unknown[], headers: Record<string, string> = {}) {
  const request = functionUrlEvent(Object.fromEntries(inputs.map((input, i) => [String(i), input])), {
    path: `/trpc/${procedures.join(',')}`,
    headers,
  });
  return { ...request, rawQueryString: 'batch=1' };
}

describe('/trpc', () => {
  it('counts what each call stored, per bucket, on the one log line of the request', async () => {
    const { handler, logs } = setup();
    const result = await handler(
      batchCall(
        ['track', 'trackBatch'],
        [event(1), { bucket: 'my-app-analytics', events: [event(2), event(3), { eventType: 'x' }] }],
      ),
    );
    expect(result.statusCode).toBe(200);
    expect(logs.at(-1)).toMatchObject({
      route: '/trpc',
      bucket: 'app1-analytics-prod,my-app-analytics',
      accepted: 3,
      rejected: 1,
      counts: [
        { bucket: 'app1-analytics-prod', accepted: 1, rejected: 0, reasons: {} },
        { bucket: 'my-app-analytics', accepted: 2, rejected: 1, reasons: { invalid_event: 1 } },
      ],
    });
  });

  it(`refuses a batch of more than ${MAX_TRPC_BATCH} calls before writing anything`, async () => {
    const store = recordingStore();
    const { handler } = setup(store);
    const calls = Array.from({ length: MAX_TRPC_BATCH + 1 }, (_, i) => event(i));
    const result = await handler(
      batchCall(
        calls.map(() => 'track'),
        calls,
      ),
    );
    expect(result.statusCode).toBe(400);
    expect(store.objects).toHaveLength(0);
    const within = Array.from({ length: MAX_TRPC_BATCH }, (_, i) => event(i));
    expect(
      (
        await handler(
          batchCall(
            within.map(() => 'track'),
            within,
          ),
        )
      ).statusCode,
    ).toBe(200);
    expect(store.objects).toHaveLength(MAX_TRPC_BATCH);
  });

  it('logs storage failures, answers 503 with Retry-After, and counts the refusal', async () => {
    const { handler, logs, errors } = setup(failingStore);
    const result = await handler(functionUrlEvent(event(1), { path: '/trpc/track' }));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(errors).toEqual([
      { message: 'storage failed', error: expect.objectContaining({ name: 'SlowDown' }) },
    ]);
    expect(logs.at(-1)).toMatchObject({ status: 503, reasons: { storage_unavailable: 1 } });
  });

  it.each(['GET', 'PUT', 'TRACE', 'CONNECT'])('answers %s with 405, not a 500', async (method) => {
    const { handler } = setup();
    const result = await handler(functionUrlEvent('', { path: '/trpc/track', method }));
    expect(result.statusCode).toBe(405);
  });

  it('answers 400, not a 500, to header values a fetch Request cannot hold', async () => {
    const { handler } = setup();
    const result = await handler(
      functionUrlEvent(event(1), { path: '/trpc/track', headers: { 'x-note': 'price €5' } }),
    );
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      error: 'Invalid request',
      message: 'The request has a header or path that cannot be read',
    });
  });
});
