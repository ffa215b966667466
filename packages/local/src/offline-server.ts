import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createFileSaltVault,
  createHandler,
  createSaltSource,
  type EventStore,
  type Observer,
  silentObserver,
} from '@analytics-tracker/handler';
import {
  type HandlerConfig,
  handlerConfigFromEnv,
  handlerConfigFromTracker,
  handlerEnv,
  parseTrackerConfig,
  type TrackerConfig,
} from '@analytics-tracker/schema';
import { FUNCTION_URL_MAX_PAYLOAD, toFunctionUrlEvent } from './function-url-event.js';
import { createOfflineStore } from './offline-store.js';
import { OFFLINE_HEADER } from './port-hint.js';
import { consoleObserver } from './request-log.js';
import { startS3Server } from './s3-server.js';
import { type TryItRequest, tryItRequest } from './try-it.js';

/** Options of `startOffline`; every one has a default fit for `npm run offline`. */
export interface OfflineOptions {
  /** HTTP port of the tracker (default 3000; 0 picks a free one). */
  port?: number;
  /** Port of the embedded S3 server (default 4569; 0 picks a free one). */
  s3Port?: number;
  /** Where objects and the daily salts (`salts.json`) live (default `.data`). */
  dataDir?: string;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * The platform team's config (`tracker.config.ts`), mapped to the handler exactly as terraform maps
   * it for Lambda; its buckets are created in the embedded S3. Default: no bucket allowed.
   */
  config?: TrackerConfig;
  /** Overrides the allowed buckets, as `ALLOWED_BUCKETS` would in the Lambda environment. */
  allowedBuckets?: string[];
  /** Largest accepted body in bytes, as `MAX_BODY_BYTES` would in the Lambda environment. */
  maxBodyBytes?: number;
  /** No request log. */
  quiet?: boolean;
  /** Where request logs go (default: one line per request on stdout, or nothing when `quiet`). */
  observer?: Observer;
  /** Server clock (default `new Date()`): tests replay events on chosen days. */
  clock?: () => Date;
  /** Wraps the S3 store, e.g. to inject failures in reliability tests. */
  wrapStore?: (store: EventStore) => EventStore;
  /**
   * The Lambda's environment variables, read exactly as the Lambda reads them; each one set overrides
   * what the config maps to (see `HANDLER_VARIABLES`). `npm run offline` passes its own environment,
   * so the original tracker's `ALLOWED_BUCKETS` and `CORS_ORIGINS` work verbatim. Default: none.
   */
  env?: Record<string, string | undefined>;
}

/**
 * The handler variables `npm run offline` honours from its environment, as the Lambda does: the
 * original tracker's `ALLOWED_BUCKETS` and `CORS_ORIGINS` (alias `CORS_ORIGIN`), and ours.
 *
 * @example
 * HANDLER_VARIABLES.includes('CORS_ORIGINS'); // true
 */
export const HANDLER_VARIABLES = [
  'ALLOWED_BUCKETS',
  'CORS_ORIGINS',
  'CORS_ORIGIN',
  'BUCKET_ORIGINS',
  'MAX_BODY_BYTES',
  'STAGE_NAMES',
  'PARTITION_TIME_ZONE',
] as const;

/** A running offline tracker. */
export interface OfflineServer {
  /** `http://127.0.0.1:<port>`: send events to `${url}/track`. */
  url: string;
  /** The embedded S3 endpoint. */
  s3Endpoint: string;
  dataDir: string;
  allowedBuckets: string[];
  /** A bucket and `Origin` these settings accept: what the banner's "Try it" sends. */
  tryIt: TryItRequest;
  /** Stops the HTTP server and the S3 server. */
  stop(): Promise<void>;
}

/** Starting the offline tracker failed (e.g. a port in use); `message` says what to do. */
export class OfflineStartError extends Error {
  override name = 'OfflineStartError';
  constructor(
    message: string,
    /** Which server could not start, when a port was the problem. */
    readonly server?: 'HTTP' | 'S3',
    readonly port?: number,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= FUNCTION_URL_MAX_PAYLOAD) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > FUNCTION_URL_MAX_PAYLOAD ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function listen(server: Server, port: number, host: string, what: 'HTTP' | 'S3'): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new OfflineStartError(
              `${what} port ${port} is already in use: stop the other process or pick another port`,
              what,
              port,
            )
          : error,
      );
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** s3rver reports a busy port as an unhandled 'error' event (a crash), so the port is tried first. */
async function ensurePortFree(port: number, host: string, what: 'HTTP' | 'S3'): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, host, what);
  await new Promise((resolve) => probe.close(resolve));
}

/** The header CloudFront adds to every origin request when it fronts the Function URL. */
const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Where `npm run offline` keeps its daily salts: `<dataDir>/salts.json` (mode 600).
 *
 * @example
 * saltsFile('.data'); // '.data/salts.json'
 */
export function saltsFile(dataDir: string): string {
  return join(dataDir, 'salts.json');
}

/**
 * The handler configuration Lambda would run for this config: the schema's one mapping, written as
 * the Lambda environment, overridden by the variables set in `options.env`, and read back by the
 * Lambda's own reader (which refuses, before any server starts, what the Lambda would refuse). With `cloudfront.enabled` the
 * offline server plays CloudFront: it holds the origin-verify secret and adds it to every request, so
 * the `cloudfront-viewer-*` headers a request carries are trusted, as behind CloudFront. Without it,
 * those headers are ignored, as by a bare Function URL.
 */
function lambdaConfig(options: OfflineOptions): { config: HandlerConfig; originVerifySecret?: string } {
  const tracker = options.config ?? parseTrackerConfig({ allowedBuckets: [] });
  const originVerifySecret = tracker.cloudfront.enabled ? randomBytes(24).toString('hex') : undefined;
  const env = handlerEnv(handlerConfigFromTracker(tracker, originVerifySecret ? { originVerifySecret } : {}));
  if (options.allowedBuckets) env.ALLOWED_BUCKETS = options.allowedBuckets.join(',');
  if (options.maxBodyBytes) env.MAX_BODY_BYTES = String(options.maxBodyBytes);
  const given = options.env ?? {};
  const overrides = HANDLER_VARIABLES.filter((name) => given[name] !== undefined);
  // Either CORS name replaces the config's origins (and the two are then not read as a conflict).
  if (overrides.some((name) => name.startsWith('CORS_ORIGIN'))) delete env.CORS_ORIGINS;
  for (const name of overrides) env[name] = given[name] ?? '';
  return { config: handlerConfigFromEnv(env), ...(originVerifySecret ? { originVerifySecret } : {}) };
}

/**
 * Runs the whole ingestion path on one machine: the same handler as in Lambda, configured through
 * the same mapping and environment reader, fed Function URL v2.0 events built from real HTTP
 * requests, writing with the same S3 client to an embedded S3-protocol server (s3rver) under
 * `<dataDir>/s3`.
 *
 * @example
 * const offline = await startOffline({ port: 0, s3Port: 0, dataDir: tmp, allowedBuckets: ['app1-analytics-prod'], quiet: true });
 * await fetch(`${offline.url}/track`, { method: 'POST', body: JSON.stringify(event) });
 * await offline.stop();
 */
export async function startOffline(options: OfflineOptions = {}): Promise<OfflineServer> {
  const dataDir = options.dataDir ?? '.data';
  const host = options.host ?? '127.0.0.1';
  const { config, originVerifySecret } = lambdaConfig(options);
  const allowedBuckets = config.allowedBuckets;
  const exactBuckets = [
    ...new Set([
      ...allowedBuckets.filter((bucket) => !bucket.includes('*')),
      ...(options.config?.apps ?? []).map((app) => app.bucket),
    ]),
  ];
  const s3Port = options.s3Port ?? 4569;
  await ensurePortFree(s3Port, '127.0.0.1', 'S3');
  const s3 = await startS3Server({ dataDir, port: s3Port, buckets: exactBuckets });
  const baseStore = createOfflineStore(s3.endpoint);
  const handler = createHandler({
    config,
    store: options.wrapStore ? options.wrapStore(baseStore) : baseStore,
    // The same rotation as the scheduled function in AWS, over a local file: each new day gets a
    // random salt (and the next day too), and the salts of ended days are destroyed.
    salts: createSaltSource(createFileSaltVault(saltsFile(dataDir)), { rotate: true }),
    ...(options.clock ? { clock: options.clock } : {}),
    observer: options.observer ?? (options.quiet ? silentObserver : consoleObserver()),
  });
  const server = createServer(async (request, response) => {
    // Says "an offline tracker, this pid" to a second one that finds this port busy.
    response.setHeader(OFFLINE_HEADER, String(process.pid));
    try {
      const body = await readBody(request);
      if (body === undefined) {
        response.writeHead(413, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ message: `Request must be smaller than ${FUNCTION_URL_MAX_PAYLOAD} bytes` }),
        );
        return;
      }
      const event = toFunctionUrlEvent(request, body);
      if (originVerifySecret) event.headers[ORIGIN_VERIFY_HEADER] = originVerifySecret;
      const result = await handler(event);
      response.writeHead(result.statusCode, result.headers);
      response.end(result.body);
    } catch {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
  let address: AddressInfo;
  try {
    address = await listen(server, options.port ?? 3000, host, 'HTTP');
  } catch (error) {
    await s3.close();
    throw error;
  }
  return {
    url: `http://${host}:${address.port}`,
    s3Endpoint: s3.endpoint,
    dataDir,
    allowedBuckets,
    tryIt: tryItRequest(config, exactBuckets),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await s3.close();
    },
  };
}
