import { recordingStore, seedBody, functionUrlEvent as urlEvent } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { bodyOf, config, memorySalts } from '../test/helpers.js';
import { createHandler, MissingSaltSourceError } from './create-handler.js';
import { createMemorySaltVault } from './memory-salt-vault.js';
import { type RequestLog, silentObserver } from './observability.js';
import { createSaltSource } from './salt-source.js';
import type { SaltVault } from './salt-vault.js';

const NOW = new Date('2025-12-17T12:00:01.000Z');

describe('createHandler fails closed without salts', () => {
  it('does not start without a salt source, and says what to set', () => {
    expect(() => createHandler({ config, store: recordingStore() })).toThrow(MissingSaltSourceError);
    expect(() => createHandler({ config, store: recordingStore() })).toThrow(
      /set SALT_PARAMETER_PATH to the SSM path of the daily salts/,
    );
  });

  it('starts with SALT_PARAMETER_PATH (the SSM source is read on the first event, not at start)', () => {
    const handler = createHandler({
      config: { ...config, saltParameterPath: '/mycompany/analytics-tracker/salts' },
      store: recordingStore(),
      observer: silentObserver,
    });
    expect(handler).toBeTypeOf('function');
  });
});

describe('an unavailable salt', () => {
  function setup(vault: SaltVault) {
    const store = recordingStore();
    const logs: RequestLog[] = [];
    const errors: string[] = [];
    const handler = createHandler({
      config,
      store,
      salts: createSaltSource(vault),
      clock: () => NOW,
      observer: { request: (log) => logs.push(log), error: (message) => errors.push(message) },
    });
    return { handler, store, logs, errors };
  }

  it('refuses the event with 503 and Retry-After, stores nothing, and counts and logs why', async () => {
    const { handler, store, logs, errors } = setup(createMemorySaltVault());
    const result = await handler(urlEvent(seedBody));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('2');
    expect(bodyOf(result)).toEqual({
      error: 'Service Unavailable',
      message:
        'The tracker cannot hash visitors right now; nothing was stored. Retry the same request later.',
    });
    expect(store.objects).toEqual([]);
    expect(logs.at(-1)).toMatchObject({ status: 503, reasons: { salt_unavailable: 1 } });
    expect(errors).toEqual([
      'salt unavailable: no salt for 2025-12-17 in memory: is the salt rotation function running?',
    ]);
  });

  it('refuses a batch the same way, and through tRPC', async () => {
    const { handler, store, logs } = setup(createMemorySaltVault());
    const batch = await handler(
      urlEvent({ bucket: 'app1-analytics-prod', events: [{ eventType: 'x', timestamp: NOW.toISOString() }] }),
    );
    expect(batch.statusCode).toBe(503);
    const trpc = await handler(
      urlEvent(seedBody, { path: '/trpc/track', headers: { 'content-type': 'application/json' } }),
    );
    expect(trpc.statusCode).toBe(503);
    expect(trpc.headers['retry-after']).toBe('2');
    expect(store.objects).toEqual([]);
    expect(logs.map((log) => log.reasons)).toEqual([{ salt_unavailable: 1 }, { salt_unavailable: 1 }]);
  });

  it('still answers 400 to an invalid event without reading a salt', async () => {
    const { handler } = setup(createMemorySaltVault());
    const result = await handler(urlEvent({ bucket: 'app1-analytics-prod', eventType: 'x' }));
    expect(result.statusCode).toBe(400);
  });

  it('stores the event once the salt exists', async () => {
    const salts = memorySalts();
    const store = recordingStore();
    const handler = createHandler({ config, store, salts, clock: () => NOW, observer: silentObserver });
    expect((await handler(urlEvent(seedBody))).statusCode).toBe(200);
    expect(store.objects).toHaveLength(1);
  });
});
