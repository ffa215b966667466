import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OfflineOptions, type OfflineServer, startOffline } from '@analytics-tracker/local';

/** An offline tracker over its own temporary data folder. */
export interface TempOffline extends OfflineServer {
  /** Stops both servers and removes the data folder. */
  cleanup(): Promise<void>;
}

/**
 * Starts the offline tracker on free ports over a fresh temporary data folder, quiet unless an
 * observer is given: the setup every reliability test shares.
 *
 * @example
 * const offline = await startTempOffline('tracker-load', { allowedBuckets: [TEST_BUCKET] });
 * afterAll(() => offline.cleanup());
 */
export async function startTempOffline(
  name: string,
  options: Omit<OfflineOptions, 'port' | 's3Port' | 'dataDir'> = {},
): Promise<TempOffline> {
  const dataDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const offline = await startOffline({ quiet: true, ...options, port: 0, s3Port: 0, dataDir });
  return {
    ...offline,
    async cleanup() {
      await offline.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
