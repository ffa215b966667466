/**
 * A second implementation as the expectation: `@aws-sdk/client-s3`'s `PutObject` for the same object,
 * captured by a request handler before it leaves the process, must be the request the signed store
 * sends: method, host, path (bucket addressing and key encoding) and every header S3 acts on.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpResponse } from '@smithy/core/protocols';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { createSignedS3Store } from './signed-s3-store.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** The headers compared: those S3 acts on for this PutObject. */
const COMPARED = [
  'host',
  'content-type',
  'content-encoding',
  'content-length',
  'if-none-match',
  'x-amz-expected-bucket-owner',
  'x-amz-content-sha256',
] as const;

interface Sent {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string | undefined>;
}

const pick = (headers: Record<string, string>): Sent['headers'] => {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return Object.fromEntries(COMPARED.map((name) => [name, lower[name]]));
};

interface Case {
  bucket: string;
  key: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  expectedBucketOwner?: string;
  contentEncoding?: string;
  body: string | Uint8Array;
}

async function viaSdk(input: Case): Promise<Sent> {
  const seen: HttpRequest[] = [];
  const client = new S3Client({
    region: input.region,
    credentials,
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(input.forcePathStyle ? { forcePathStyle: true } : {}),
    requestHandler: {
      handle: async (request: HttpRequest) => {
        seen.push(request);
        return { response: new HttpResponse({ statusCode: 200, headers: {} }) };
      },
    },
  });
  await client.send(
    new PutObjectCommand({
      Bucket: input.bucket,
      Key: input.key,
      Body: input.body,
      ContentType: 'application/json',
      IfNoneMatch: '*',
      ...(input.contentEncoding ? { ContentEncoding: input.contentEncoding } : {}),
      ...(input.expectedBucketOwner ? { ExpectedBucketOwner: input.expectedBucketOwner } : {}),
    }),
  );
  const request = seen[0];
  if (!request) throw new Error('the SDK sent nothing');
  const port = request.port ? `:${request.port}` : '';
  return {
    method: request.method,
    host: `${request.hostname}${port}`,
    path: request.path,
    headers: pick({ ...request.headers, host: `${request.hostname}${port}` }),
  };
}

async function viaSignedStore(input: Case): Promise<Sent> {
  const seen: Sent[] = [];
  const store = createSignedS3Store({
    region: input.region,
    credentials,
    env: {},
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    ...(input.forcePathStyle ? { forcePathStyle: true } : {}),
    ...(input.expectedBucketOwner ? { expectedBucketOwner: input.expectedBucketOwner } : {}),
    send: async (target, headers) => {
      seen.push({ method: 'PUT', host: target.host, path: target.path, headers: pick(headers) });
      return { ok: true };
    },
  });
  await store.put({
    bucket: input.bucket,
    key: input.key,
    body: input.body,
    contentType: 'application/json',
    ...(input.contentEncoding ? { contentEncoding: input.contentEncoding } : {}),
  });
  const request = seen[0];
  if (!request) throw new Error('the store sent nothing');
  return request;
}

const KEY = 'analytics/year=2025/month=12/day=17/e-1-abc.json';
const ODD_KEYS = [
  'analytics/a key with spaces.json',
  'analytics/plus+and=equals&amp;.json',
  "analytics/unicodé/日本語/emoji-😀/!'()*~.json",
  'analytics//double/slash/%25already-encoded%20.json',
];

describe('the signed store sends what @aws-sdk/client-s3 sends for the same PutObject', () => {
  it.each<[string, Case]>([
    [
      'virtual-hosted (S3 endpoint of the region)',
      { bucket: 'app1-analytics', key: KEY, region: 'eu-west-3', body: '{"a":1}\n' },
    ],
    ['us-east-1', { bucket: 'app1-analytics', key: KEY, region: 'us-east-1', body: '{"a":1}\n' }],
    [
      'China (amazonaws.com.cn)',
      { bucket: 'app1-analytics', key: KEY, region: 'cn-north-1', body: '{"a":1}\n' },
    ],
    [
      'a bucket with dots (path-style over TLS)',
      { bucket: 'analytics.example.com', key: KEY, region: 'eu-west-1', body: '{}\n' },
    ],
    [
      'forcePathStyle',
      { bucket: 'app1-analytics', key: KEY, region: 'eu-west-1', forcePathStyle: true, body: '{}\n' },
    ],
    [
      'a custom endpoint, path-style',
      {
        bucket: 'app1-analytics',
        key: KEY,
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4569',
        forcePathStyle: true,
        body: '{}\n',
      },
    ],
    [
      'a custom IP endpoint, without forcePathStyle',
      {
        bucket: 'app1-analytics',
        key: KEY,
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4569',
        body: '{}\n',
      },
    ],
    [
      'a custom host name endpoint (virtual-hosted on it)',
      {
        bucket: 'app1-analytics',
        key: KEY,
        region: 'us-east-1',
        endpoint: 'https://s3.internal.example:8443',
        body: '{}\n',
      },
    ],
    [
      'gzip batch with the expected owner',
      {
        bucket: 'app1-analytics',
        key: 'analytics/year=2025/month=12/day=17/b-1.ndjson.gz',
        region: 'eu-west-3',
        expectedBucketOwner: '123456789012',
        contentEncoding: 'gzip',
        body: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      },
    ],
    ...ODD_KEYS.map((key): [string, Case] => [
      `key ${JSON.stringify(key)}`,
      { bucket: 'app1-analytics', key, region: 'eu-west-3', body: 'é\n' },
    ]),
  ])('%s', async (_label, input) => {
    const sdk = await viaSdk(input);
    const ours = await viaSignedStore(input);
    expect(ours).toEqual(sdk);
    // Not vacuous: the headers S3 acts on were all sent by the SDK.
    expect(sdk.headers['if-none-match']).toBe('*');
    expect(sdk.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });
});
