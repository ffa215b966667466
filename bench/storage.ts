import { createTracker } from '@analytics-tracker/client';
import {
  createHandler,
  createMemorySaltVault,
  createSaltSource,
  type EventStore,
  type StoredObject,
  silentObserver,
} from '@analytics-tracker/handler';
import {
  handlerConfigFromEnv,
  handlerConfigFromTracker,
  handlerEnv,
  parseTrackerConfig,
} from '@analytics-tracker/schema';
import { BENCH_BUCKET, browserEvent, requestBody } from './lib/events.js';

const EVENTS = 1000;

/** S3 writes and stored bytes for 1,000 events sent one way. */
export interface StorageFigures {
  eventsPerRequest: number;
  putsPer1000Events: number;
  storedBytesPerEvent: number;
}

/** Singles, batches of 20 and 50, and the browser client's own batching (its default batch size). */
export interface StorageResults {
  single: StorageFigures;
  batch20: StorageFigures;
  batch50: StorageFigures;
  client: StorageFigures;
}

function countingStore(): EventStore & { objects: StoredObject[] } {
  const objects: StoredObject[] = [];
  return {
    objects,
    async put(object) {
      objects.push(object);
    },
  };
}

function handlerWith(store: EventStore) {
  return createHandler({
    // The Lambda's own config path: config file → mapping → environment → the Lambda's reader.
    config: handlerConfigFromEnv(
      handlerEnv(
        handlerConfigFromTracker(
          parseTrackerConfig({ allowedBuckets: [BENCH_BUCKET], enableMetrics: false, userAgent: 'full' }),
        ),
      ),
    ),
    store,
    salts: createSaltSource(createMemorySaltVault(), { rotate: true }),
    observer: silentObserver,
  });
}

function figures(objects: readonly StoredObject[], eventsPerRequest: number): StorageFigures {
  const bytes = objects.reduce((sum, object) => sum + Buffer.byteLength(object.body), 0);
  return {
    eventsPerRequest,
    putsPer1000Events: (objects.length * 1000) / EVENTS,
    storedBytesPerEvent: bytes / EVENTS,
  };
}

async function direct(size: number): Promise<StorageFigures> {
  const store = countingStore();
  const handler = handlerWith(store);
  for (let request = 0; request < EVENTS / size; request++) {
    const result = await handler(browserEvent(requestBody(request * size, size), request));
    if (result.statusCode !== 200) throw new Error(`handler answered ${result.statusCode}`);
  }
  return figures(store.objects, size);
}

/** 1,000 events through `@analytics-tracker/client` with its defaults, its fetch answered by the handler in process. */
async function viaClient(): Promise<StorageFigures> {
  const store = countingStore();
  const handler = handlerWith(store);
  let requests = 0;
  const tracker = createTracker({
    endpoint: 'https://tracker.example',
    bucket: BENCH_BUCKET,
    fetch: async (_url, init) => {
      const result = await handler(browserEvent(String(init.body), requests++));
      return new Response(result.body, { status: result.statusCode, headers: result.headers });
    },
  });
  for (let index = 0; index < EVENTS; index++) {
    if (index % 4 === 3) await tracker.track('signup', { plan: 'pro', seats: 5 });
    else await tracker.pageView(`/articles/post-${index % 40}?utm_source=newsletter&utm_medium=email`);
  }
  await tracker.flush();
  // One tracker per bucket: without destroy() the next round's createTracker would get this one back,
  // still bound to this round's store.
  tracker.destroy();
  if (tracker.stats().queued !== 0) throw new Error('the client did not send every event');
  // A client that sends nothing has nothing queued either: no request at all is a loss, not 0 PUTs.
  if (requests === 0 || store.objects.length === 0)
    throw new Error('the client sent no event to the handler');
  return figures(store.objects, EVENTS / Math.max(1, requests));
}

/**
 * Counts S3 PUTs and stored bytes per event for the same 1,000 events sent as singles, as batches,
 * and through the browser client's batching.
 *
 * @example
 * const { client } = await measureStorage();
 * client.putsPer1000Events; // 40 with the default batch size of 25
 */
export async function measureStorage(): Promise<StorageResults> {
  return {
    single: await direct(1),
    batch20: await direct(20),
    batch50: await direct(50),
    client: await viaClient(),
  };
}
