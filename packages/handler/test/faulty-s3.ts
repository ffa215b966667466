import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the loopback S3 does with one request. Each fault is one S3 (or network) behaviour the
 * SDK must handle with its own retries.
 */
export type S3Fault =
  /** 503 `SlowDown`: S3 throttling. Nothing stored. */
  | 'throttle'
  /** 500 `InternalError`. Nothing stored. */
  | 'server-error'
  /** The connection is reset after the request arrived. Nothing stored. */
  | 'reset'
  /** The object is stored, then no response ever comes: the client times out on a write that landed. */
  | 'timeout-after-write'
  /** The request is read, nothing is stored, and no response ever comes. */
  | 'no-answer';

/** One PUT the server received: which object, and what it did with it. */
export interface S3Attempt {
  bucket: string;
  key: string;
  /** `already-stored`: a first-wins write (`If-None-Match: *`) to a key that exists, refused with 412. */
  outcome: S3Fault | 'stored' | 'already-stored';
  /** When the request arrived (`performance.now()`). */
  at: number;
}

/** A running loopback S3 that fails the first requests as scripted, then behaves. */
export interface FaultyS3 {
  endpoint: string;
  attempts: S3Attempt[];
  /** Stored objects by `bucket/key`: body bytes and the headers S3 would keep. */
  objects: Map<
    string,
    { body: Buffer; contentType: string | undefined; contentEncoding: string | undefined }
  >;
  close(): Promise<void>;
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>faulty-s3</RequestId></Error>`;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Starts an S3-protocol server on loopback (path-style `PUT /<bucket>/<key>`) whose first
 * requests fail as `script` says, one fault per request in order; every later request is stored
 * and answered 200 with an ETag, or, as S3 does, 412 `PreconditionFailed` when it asks `If-None-Match: *`
 * and the key exists. Faults happen on the wire, below the store, so its own retry strategy
 * (attempts, backoff, timeouts) is what the test exercises.
 *
 * @example
 * const s3 = await startFaultyS3(['throttle', 'reset']); // third attempt succeeds
 */
export async function startFaultyS3(script: readonly S3Fault[]): Promise<FaultyS3> {
  const pending = [...script];
  const attempts: S3Attempt[] = [];
  const objects: FaultyS3['objects'] = new Map();
  const sockets = new Set<Socket>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://s3.local');
    const [, bucket = '', ...keyParts] = url.pathname.split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    const at = performance.now();
    const body = await readBody(request);
    if (request.method !== 'PUT') {
      response
        .writeHead(405, { 'content-type': 'application/xml' })
        .end(errorXml('MethodNotAllowed', 'PUT only'));
      return;
    }
    const fault = pending.shift();
    const exists = objects.has(`${bucket}/${key}`);
    if (!fault && exists && request.headers['if-none-match'] === '*') {
      attempts.push({ bucket, key, outcome: 'already-stored', at });
      response
        .writeHead(412, { 'content-type': 'application/xml' })
        .end(errorXml('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'));
      return;
    }
    attempts.push({ bucket, key, outcome: fault ?? 'stored', at });
    const store = () =>
      objects.set(`${bucket}/${key}`, {
        body,
        contentType: request.headers['content-type'],
        contentEncoding: request.headers['content-encoding'],
      });
    switch (fault) {
      case 'throttle':
        response
          .writeHead(503, { 'content-type': 'application/xml' })
          .end(errorXml('SlowDown', 'Please reduce your request rate.'));
        return;
      case 'server-error':
        response
          .writeHead(500, { 'content-type': 'application/xml' })
          .end(errorXml('InternalError', 'We encountered an internal error. Please try again.'));
        return;
      case 'reset':
        request.socket.resetAndDestroy();
        return;
      case 'timeout-after-write':
        store(); // the object landed; the answer never comes
        return;
      case 'no-answer':
        return;
      default:
        store();
        response.writeHead(200, { etag: `"${attempts.length}"`, 'content-length': '0' }).end();
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    attempts,
    objects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
