import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { S3ObjectTarget } from './s3-object-url.js';
import { type S3RequestError, s3AnswerError } from './s3-request-error.js';

/** Time limits of one attempt, in ms. */
export interface S3AttemptLimits {
  /** From sending to the whole answer (the SDK's `requestTimeout` with `throwOnRequestTimeout`). */
  timeoutMs: number;
  /** For a new connection to be made (the SDK's `connectionTimeout`); a kept-alive one is already made. */
  connectionTimeoutMs: number;
}

/** The keep-alive connections of one store, one pool per protocol, as the SDK's request handler keeps. */
export interface S3Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

/**
 * Connection pools for a store's lifetime: TLS handshakes are paid once per connection, not per PUT.
 *
 * @example
 * const agents = createS3Agents();
 */
export function createS3Agents(): S3Agents {
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
  };
}

/**
 * What the attempt ended with: S3's answer (with its `Date` header, S3's clock), or the error of a
 * failed one.
 */
export type S3AttemptResult = { ok: true; date?: string } | { ok: false; error: S3RequestError | Error };

const timeoutError = (message: string) => Object.assign(new Error(message), { name: 'TimeoutError' });

/**
 * One signed PUT on the wire: resolves `{ ok: true }` on a 2xx, an `S3RequestError` built from S3's
 * answer otherwise, or the network error (`TimeoutError` when a limit ran out: the request is then
 * abandoned, its connection closed). Never rejects.
 *
 * @example
 * await putOnce(target, signedHeaders, body, agents, { timeoutMs: 2_000, connectionTimeoutMs: 1_000 });
 */
export function putOnce(
  target: S3ObjectTarget,
  headers: Record<string, string>,
  body: Buffer,
  agents: S3Agents,
  limits: S3AttemptLimits,
): Promise<S3AttemptResult> {
  const tls = target.protocol === 'https:';
  return new Promise((resolve) => {
    let connectTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const done = (result: S3AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(connectTimer);
      resolve(result);
    };
    const outgoing = (tls ? httpsRequest : httpRequest)(
      {
        method: 'PUT',
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        ...(target.port === undefined ? {} : { port: target.port }),
        path: target.path,
        headers,
        agent: tls ? agents.https : agents.http,
      },
      (response: IncomingMessage) => onAnswer(response, done),
    );
    const deadline = setTimeout(
      () => outgoing.destroy(timeoutError(`no answer from S3 within ${limits.timeoutMs} ms`)),
      limits.timeoutMs,
    );
    outgoing.on('socket', (socket) => {
      if (!socket.connecting) return; // a kept-alive connection
      connectTimer = setTimeout(
        () => outgoing.destroy(timeoutError(`no connection to S3 within ${limits.connectionTimeoutMs} ms`)),
        limits.connectionTimeoutMs,
      );
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    outgoing.on('error', (error) => done({ ok: false, error }));
    outgoing.end(body);
  });
}

function onAnswer(response: IncomingMessage, done: (result: S3AttemptResult) => void): void {
  const status = response.statusCode ?? 0;
  response.on('error', (error) => done({ ok: false, error }));
  const header = (name: string) => {
    const value = response.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (status >= 200 && status < 300) {
    response.resume(); // read to the end, so the connection goes back to the pool
    const date = header('date');
    response.on('end', () => done(date === undefined ? { ok: true } : { ok: true, date }));
    return;
  }
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => {
    done({
      ok: false,
      error: s3AnswerError(status, Buffer.concat(chunks).toString('utf8'), {
        requestId: header('x-amz-request-id'),
        date: header('date'),
        bucketRegion: header('x-amz-bucket-region'),
      }),
    });
  });
}
