/**
 * The signed store on the wire, against a loopback endpoint that answers as S3 does: the request S3
 * receives (its signature recomputed by botocore, AWS's Python SDK, an independent SigV4
 * implementation; its payload hash by `openssl`), how S3's answers come back as errors the service
 * maps, and which failures are retried.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { describe, expect, it } from 'vitest';
import { bodyOf, config, memorySalts, serveDuringTests } from '../test/helpers.js';
import { UnsupportedEndpointError } from './aws-endpoints.js';
import { createHandler } from './create-handler.js';
import { silentObserver } from './observability.js';
import { S3RequestError } from './s3-request-error.js';
import { createSignedS3Store, type SignedS3StoreOptions } from './signed-s3-store.js';

interface Seen {
  method: string | undefined;
  /** The path exactly as it arrived (still percent-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  socket: Socket;
}
const seen: Seen[] = [];
/** What the endpoint answers next (in order); then 200 with an ETag. */
const script: ((response: ServerResponse) => void)[] = [];

const endpoint = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    seen.push({
      method: request.method,
      url: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks),
      socket: request.socket,
    });
    const next = script.shift();
    if (next) return next(response);
    response.writeHead(200, { etag: '"e"', 'content-length': '0' }).end();
  });
});

// S3's documented error bodies: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
const s3Error = (status: number, code: string, message: string) => (response: ServerResponse) =>
  response
    .writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'REQ123' })
    .end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>REQ123</RequestId><HostId>h</HostId></Error>`,
    );
const bodiless = (status: number) => (response: ServerResponse) =>
  response.writeHead(status, { 'content-length': '0' }).end();

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const store = (options: SignedS3StoreOptions = {}) =>
  createSignedS3Store({
    endpoint: served.url,
    forcePathStyle: true,
    region: 'eu-west-3',
    credentials,
    env: {},
    ...options,
  });
const object = (key = 'analytics/year=2025/month=12/day=17/e-1.json') => ({
  bucket: 'app1-analytics',
  key,
  body: '{"page":"/"}\n',
  contentType: 'application/json',
});

const served = serveDuringTests(endpoint);

/** botocore's S3 SigV4 signature (`S3SigV4Auth`) of each request as the endpoint received it. */
function botocoreSignatures(
  requests: { seen: Seen; sessionToken: string | undefined }[],
): string[] | undefined {
  const python = `
import json, sys
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
for d in json.load(sys.stdin):
    request = AWSRequest(method=d['method'], url=d['url'], data=bytes.fromhex(d['body']), headers=d['headers'])
    request.context['timestamp'] = d['headers']['x-amz-date']
    auth = S3SigV4Auth(Credentials(d['ak'], d['sk'], d['token']), 's3', 'eu-west-3')
    print(auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request))
`;
  const input = requests.map(({ seen: request, sessionToken }) => {
    const signed = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))?.[1]?.split(';') ?? [];
    return {
      method: request.method,
      url: `${served.url}${request.url}`,
      body: request.body.toString('hex'),
      headers: Object.fromEntries(signed.map((name) => [name, String(request.headers[name])])),
      ak: credentials.accessKeyId,
      sk: credentials.secretAccessKey,
      token: sessionToken ?? null,
    };
  });
  const run = spawnSync('python3', ['-c', python], { input: JSON.stringify(input), encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim().split('\n') : undefined;
}
const botocoreAvailable = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const NEEDS_BOTOCORE = botocoreAvailable
  ? ''
  : ' (skipped: needs botocore, apt-get install -y python3-botocore)';

const openssl = (body: Buffer) =>
  spawnSync('openssl', ['dgst', '-sha256', '-r'], { input: body, encoding: 'utf8' }).stdout.split(' ')[0];

const ODD_KEYS = [
  'analytics/year=2025/month=12/day=17/e-1-abc.json',
  'analytics/a key with spaces.json',
  'analytics/plus+and=equals&.json',
  "analytics/unicodé/日本語/😀/!'()*~.json",
];

describe('createSignedS3Store on the wire', () => {
  it('sends one first-wins PUT with the content headers and the payload hash S3 checks', async () => {
    const before = seen.length;
    await store({ expectedBucketOwner: '123456789012' }).put({
      ...object('analytics/b-1.ndjson.gz'),
      body: new Uint8Array([0x1f, 0x8b, 8, 0]),
      contentType: 'application/x-ndjson',
      contentEncoding: 'gzip',
    });
    expect(seen).toHaveLength(before + 1);
    const request = seen.at(-1);
    expect(request?.method).toBe('PUT');
    expect(request?.url).toBe('/app1-analytics/analytics/b-1.ndjson.gz');
    expect(request?.body).toEqual(Buffer.from([0x1f, 0x8b, 8, 0]));
    expect(request?.headers).toMatchObject({
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
      'content-length': '4',
      'if-none-match': '*',
      'x-amz-expected-bucket-owner': '123456789012',
      'x-amz-content-sha256': openssl(Buffer.from([0x1f, 0x8b, 8, 0])),
    });
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-3\/s3\/aws4_request, SignedHeaders=content-encoding;content-length;content-type;host;if-none-match;x-amz-content-sha256;x-amz-date;x-amz-expected-bucket-owner, Signature=[0-9a-f]{64}$/,
    );
  });

  it.skipIf(!botocoreAvailable)(
    `signs as AWS does: botocore recomputes each signature, for odd keys, with and without a session token, owner and encoding${NEEDS_BOTOCORE}`,
    async () => {
      const sent: { seen: Seen; sessionToken: string | undefined }[] = [];
      for (const key of ODD_KEYS) {
        for (const sessionToken of [undefined, 'IQoJb3JpZ2luX2VjEXAMPLETOKEN']) {
          const variant = sent.length % 2 === 0;
          await store({
            credentials: { ...credentials, ...(sessionToken ? { sessionToken } : {}) },
            ...(variant ? { expectedBucketOwner: '123456789012' } : {}),
          }).put({ ...object(key), ...(variant ? { contentEncoding: 'gzip' } : {}) });
          const request = seen.at(-1);
          if (!request) throw new Error('no request seen');
          expect(request.headers['x-amz-security-token']).toBe(sessionToken);
          expect(request.headers['x-amz-content-sha256']).toBe(openssl(request.body));
          sent.push({ seen: request, sessionToken });
        }
      }
      const signatures = sent.map(
        ({ seen: request }) => /Signature=([0-9a-f]{64})$/.exec(String(request.headers.authorization))?.[1],
      );
      expect(signatures.every((signature) => signature !== undefined)).toBe(true);
      expect(botocoreSignatures(sent)).toEqual(signatures);
      // The key arrived encoded once per segment: decoding the path gives back the bucket and the key.
      expect(sent.map(({ seen: request }) => decodeURIComponent(request.url))).toEqual(
        ODD_KEYS.flatMap((key) => [`/app1-analytics/${key}`, `/app1-analytics/${key}`]),
      );
    },
    60_000, // botocore takes seconds to import on a busy machine
  );

  it('keeps the connection alive: consecutive writes share one socket', async () => {
    const writer = store();
    const before = seen.length;
    await writer.put(object('analytics/k-1.json'));
    await writer.put(object('analytics/k-2.json'));
    const [first, second] = seen.slice(before);
    expect(first?.socket).toBe(second?.socket);
  });

  it('reads its endpoint from AWS_ENDPOINT_URL_S3 before AWS_ENDPOINT_URL', async () => {
    const before = seen.length;
    await createSignedS3Store({
      region: 'eu-west-3',
      credentials,
      forcePathStyle: true,
      env: { AWS_ENDPOINT_URL_S3: served.url, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    }).put(object());
    expect(seen).toHaveLength(before + 1);
  });

  it('refuses to start with an endpoint that is not an http(s) URL', () => {
    expect(() => createSignedS3Store({ endpoint: 'not a url', region: 'us-east-1', credentials })).toThrow(
      TypeError,
    );
    expect(() =>
      createSignedS3Store({
        region: 'us-east-1',
        credentials,
        env: { AWS_ENDPOINT_URL_S3: 'ftp://s3.local' },
      }),
    ).toThrow('S3 endpoint must be http or https: ftp:');
  });

  it.each([
    ['AWS_USE_FIPS_ENDPOINT', 'true'],
    ['AWS_USE_DUALSTACK_ENDPOINT', 'TRUE'],
  ])('refuses to start when %s=%s comes with a custom endpoint, as the SDK does', (variable, value) => {
    expect(() =>
      createSignedS3Store({
        region: 'us-east-1',
        credentials,
        env: { [variable]: value, AWS_ENDPOINT_URL_S3: 'https://s3-fips.us-east-1.amazonaws.com' },
      }),
    ).toThrow(UnsupportedEndpointError);
    expect(() =>
      createSignedS3Store({ region: 'us-east-1', credentials, env: { [variable]: value } }),
    ).not.toThrow();
  });
});

describe("S3's refusals, shaped as the SDK's errors", () => {
  it.each<[string, (response: ServerResponse) => void, object]>([
    [
      'AccessDenied',
      s3Error(403, 'AccessDenied', 'Access Denied'),
      {
        name: 'AccessDenied',
        message: 'Access Denied',
        $metadata: { httpStatusCode: 403, requestId: 'REQ123' },
      },
    ],
    [
      'NoSuchBucket',
      s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist'),
      { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } },
    ],
    [
      'PreconditionFailed',
      s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'),
      { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } },
    ],
    // S3's Date (this server's, which agrees with ours) leaves nothing to correct: one attempt, as the SDK.
    [
      'RequestTimeTooSkewed',
      s3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      ),
      { name: 'RequestTimeTooSkewed', $metadata: { httpStatusCode: 403 } },
    ],
    ['a bodiless 403 (a proxy)', bodiless(403), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }],
    ['a bodiless 412', bodiless(412), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } }],
    [
      '501 NotImplemented',
      s3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented'),
      { name: 'NotImplemented', $metadata: { httpStatusCode: 501 } },
    ],
  ])(
    '%s: rejected after one attempt, named and numbered as S3 answered',
    async (_label, answer, expected) => {
      const before = seen.length;
      script.push(answer);
      const failure = store().put(object());
      await expect(failure).rejects.toBeInstanceOf(S3RequestError);
      await expect(failure).rejects.toMatchObject({
        ...expected,
        $metadata: { ...('$metadata' in expected ? (expected.$metadata as object) : {}), attempts: 1 },
      });
      expect(seen).toHaveLength(before + 1);
    },
  );

  it('retries throttling and 5xx as the SDK does, and reports the attempts spent when they all fail', async () => {
    const before = seen.length;
    script.push(s3Error(503, 'SlowDown', 'Please reduce your request rate.'), bodiless(502));
    await store().put(object());
    expect(seen).toHaveLength(before + 3);

    script.push(...[1, 2, 3].map(() => s3Error(500, 'InternalError', 'We encountered an internal error.')));
    await expect(store().put(object())).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500, attempts: 3 },
    });
    expect(seen).toHaveLength(before + 6);
  });

  it('retries a refused connection (nothing listening) and reports it as a network failure', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(store({ endpoint: `http://127.0.0.1:${port}` }).put(object())).rejects.toMatchObject({
      name: 'NetworkingError',
      message: expect.stringContaining('ECONNREFUSED'),
      $metadata: { attempts: 3 },
    });
  });

  it('gives up on an endpoint that never answers, after its time per attempt', async () => {
    script.push(
      () => {},
      () => {},
    ); // read, never answered
    await expect(store({ timeoutMs: 200, maxAttempts: 2 }).put(object())).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'no answer from S3 within 200 ms',
      $metadata: { attempts: 2 },
    });
  });

  it.each<[string, (response: ServerResponse) => void, number, string | undefined]>([
    [
      'a bodiless 403 is a deployment error (403, bucket_access_denied)',
      bodiless(403),
      403,
      'bucket_access_denied',
    ],
    ['a bodiless 412 is an object already stored (200)', bodiless(412), 200, undefined],
    [
      "NoSuchBucket is the sender's mistake (403, bucket_not_found)",
      s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist'),
      403,
      'bucket_not_found',
    ],
  ])('through the handler, %s', async (_label, answer, status, reason) => {
    const reasons: Record<string, number>[] = [];
    const handler = createHandler({
      config,
      salts: memorySalts(),
      store: store(),
      observer: {
        ...silentObserver,
        request: (log) => reasons.push(...log.counts.map((count) => count.reasons)),
      },
    });
    script.push(answer);
    const result = await handler(functionUrlEvent(seedBody));
    expect(result.statusCode).toBe(status);
    if (status === 200) expect(bodyOf(result)).toMatchObject({ status: 'ok' });
    expect(reasons).toEqual(reason ? [{ [reason]: 1 }] : [{}]);
  });
});
