import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@analytics-tracker/handler';
import { type OfflineServer, readStoredRows, startOffline } from '@analytics-tracker/local';
import type { StoredRow } from '@analytics-tracker/schema';

/** A real offline tracker (HTTP server + s3rver) in a temp dir, with a switch to make storage fail. */
export interface TestTracker {
  server: OfflineServer;
  /** When true, every S3 write fails, so the tracker answers 503 with Retry-After. */
  storageDown: boolean;
  rows(bucket: string): Promise<StoredRow[]>;
  stop(): Promise<void>;
}

export async function startTestTracker(buckets: string[]): Promise<TestTracker> {
  const dataDir = await mkdtemp(join(tmpdir(), 'client-test-'));
  const control = { storageDown: false };
  const server = await startOffline({
    port: 0,
    s3Port: 0,
    dataDir,
    allowedBuckets: buckets,
    quiet: true,
    wrapStore: (store: EventStore): EventStore => ({
      put: (object) => (control.storageDown ? Promise.reject(new Error('storage down')) : store.put(object)),
    }),
  });
  return {
    server,
    get storageDown() {
      return control.storageDown;
    },
    set storageDown(value: boolean) {
      control.storageDown = value;
    },
    rows: (bucket) => readStoredRows(dataDir, bucket),
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` passes (deliveries are asynchronous); fails with the last assertion error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
