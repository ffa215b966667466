import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A running embedded S3-protocol server. */
export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Folder holding `<bucket>/<key>._S3rver_object` files. */
  directory: string;
  close(): Promise<void>;
}

/**
 * Starts s3rver on loopback, storing under `<dataDir>/s3`, with the given buckets created.
 * Credentials are s3rver's fixed `S3RVER`/`S3RVER`.
 *
 * @example
 * const s3 = await startS3Server({ dataDir: '.data', port: 4569, buckets: ['app1-analytics-prod'] });
 */
export async function startS3Server(options: {
  dataDir: string;
  port: number;
  buckets: string[];
}): Promise<S3Server> {
  const directory = join(options.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  // Loaded here, not at the top: s3rver brings a web framework and lodash, which a command that only
  // reads the stored files (npm run query) should not pay for at start-up.
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    close: () => server.close(),
  };
}
