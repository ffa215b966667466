import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OFFLINE_HEADER } from './port-hint.js';

/** A running embedded S3-protocol server. */
export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Folder holding `<bucket>/<key>._S3rver_object` files. */
  directory: string;
  close(): Promise<void>;
}

// S3's documented answer to a conditional PUT whose key already exists (PutObject, "If-None-Match").
const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
  '<Message>At least one of the pre-conditions you specified did not hold</Message>' +
  '<Condition>If-None-Match</Condition></Error>';

/** The part of a Koa context the check reads and writes (s3rver is a Koa app; no Koa types here). */
interface RequestContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  get(header: string): string;
  set(header: string, value: string): void;
  status: number;
  type: string;
  body: unknown;
}

/** The bucket and key of a path-style object request (`/<bucket>/<key>`), or undefined. */
function objectOf(path: string): { bucket: string; key: string } | undefined {
  const slash = path.indexOf('/', 1);
  if (slash < 0 || slash === path.length - 1) return undefined;
  return { bucket: decodeURIComponent(path.slice(1, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
}

/**
 * Makes s3rver honour `If-None-Match: *` on PutObject as S3 does (s3rver ignores it): a write to a
 * key that exists answers 412 PreconditionFailed and changes nothing. Writes to one key are
 * serialised, so two concurrent first writes cannot both pass the check. Without this a local retry
 * would rewrite a stored object (with a later `serverTimestamp`) where S3 keeps the first copy.
 */
function firstWinsWrites(store: { existsObject(bucket: string, key: string): Promise<boolean> }) {
  const writing = new Map<string, Promise<void>>();
  return async (ctx: RequestContext, next: () => Promise<void>): Promise<void> => {
    const object = ctx.method === 'PUT' && ctx.get('if-none-match') === '*' ? objectOf(ctx.path) : undefined;
    if (!object || ctx.get('x-amz-copy-source') || ctx.query.uploadId !== undefined) return next();
    const id = `${object.bucket}/${object.key}`;
    while (writing.has(id)) await writing.get(id);
    let release = () => {};
    writing.set(id, new Promise<void>((resolve) => (release = resolve)));
    try {
      if (await store.existsObject(object.bucket, object.key)) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = PRECONDITION_FAILED;
        return;
      }
      await next();
    } finally {
      writing.delete(id);
      release();
    }
  };
}

/**
 * Starts s3rver on loopback, storing under `<dataDir>/s3`, with the given buckets created.
 * Credentials are s3rver's fixed `S3RVER`/`S3RVER`. Conditional writes (`If-None-Match: *`) are
 * first-wins, as on S3.
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
  // Koa composes its middleware when the server starts: put the check in front of s3rver's router.
  const app = server as unknown as { middleware: unknown[]; store: Parameters<typeof firstWinsWrites>[0] };
  app.middleware.unshift(firstWinsWrites(app.store));
  // Outermost: says "an offline tracker, this pid" to a second one that finds this port busy.
  app.middleware.unshift(async (ctx: RequestContext, next: () => Promise<void>) => {
    ctx.set(OFFLINE_HEADER, String(process.pid));
    await next();
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    close: () => server.close(),
  };
}
