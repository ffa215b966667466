import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it, vi } from 'vitest';
import { bodyOf, captureOutput, config, memorySalts, serveDuringTests } from '../test/helpers.js';
import { createHandler } from './create-handler.js';
import { deadlineIn } from './deadline.js';
import { createSignedS3Store, type SignedS3StoreOptions } from './signed-s3-store.js';

/** How the endpoint answers a request (all requests until changed). */
type Answer = (headers: IncomingHttpHeaders, response: ServerResponse) => void;
let answer: Answer = (_headers, response) => response.writeHead(200, { 'content-length': '0' }).end();
const seen: IncomingHttpHeaders[] = [];

const endpoint = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    seen.push(request.headers);
    answer(request.headers, response);
  });
});

const served = serveDuringTests(endpoint);

const xml = (code: string, message: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>R1</RequestId><HostId>h</HostId></Error>`;
const refuse =
  (status: number, code: string, message: string, headers: Record<string, string> = {}, extra = '') =>
  (_headers: IncomingHttpHeaders, response: ServerResponse) =>
    response
      .writeHead(status, { 'content-type': 'application/xml', ...headers })
      .end(xml(code, message, extra));
const ok = (_headers: IncomingHttpHeaders, response: ServerResponse) =>
  response.writeHead(200, { 'content-length': '0' }).end();

const keyIdOf = (headers: IncomingHttpHeaders) =>
  /Credential=([^/]+)\//.exec(String(headers.authorization))?.[1];
/** `x-amz-date` (`20261130T172000Z`) as epoch ms. */
const amzDate = (headers: IncomingHttpHeaders) =>
  Date.parse(
    String(headers['x-amz-date']).replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    ),
  );

const fixed = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const store = (options: SignedS3StoreOptions = {}) =>
  createSignedS3Store({
    endpoint: served.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: fixed,
    env: {},
    ...options,
  });
const object = {
  bucket: 'app1-analytics-prod',
  key: 'analytics/e-1.json',
  body: '{}\n',
  contentType: 'application/json',
};

/** A credential provider as the SDK's chain: cached, fetched again when asked to `forceRefresh`. */
function rotatingCredentials(sets: AwsCredentialIdentity[]) {
  let index = 0;
  const provider = async (options?: Record<string, unknown>) => {
    if (options?.forceRefresh === true) index = Math.min(index + 1, sets.length - 1);
    const current = sets[index];
    if (!current) throw new Error('no credentials');
    return current;
  };
  return provider;
}

/** The handler over `store`, with every log line it writes (the real log observer's output), parsed. */
async function throughHandler(writer = store()) {
  const lines = captureOutput();
  try {
    const handler = createHandler({
      config: { ...config, enableMetrics: true },
      salts: memorySalts(),
      store: writer,
    });
    const result = await handler(functionUrlEvent(seedBody));
    return { result, lines };
  } finally {
    vi.restoreAllMocks();
  }
}

const reasonsOf = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => line.message === 'request').map((line) => line.reasons);

/** The README's answers. */
const STORAGE_503 = {
  error: 'Service Unavailable',
  message:
    'The event store is temporarily unavailable; the events may not have been stored. Retry the same request later: each event is stored once.',
};
const OTHER_REGION_403 = {
  error: 'Forbidden',
  message:
    "The tracker may not write to this bucket (it is in another AWS region than the tracker's); nothing was stored. The deployment must be fixed: retrying will not help",
};

describe('credentials S3 refused: fetched again, retried once, then a 503', () => {
  it.each([
    [400, 'ExpiredToken', 'The provided token has expired.'],
    [400, 'TokenRefreshRequired', 'The provided token must be refreshed.'],
    [400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.'],
    [403, 'InvalidAccessKeyId', 'The AWS access key ID that you provided does not exist in our records.'],
  ])(
    '%s %s: the retry is signed with the fresh credentials and stores the event',
    async (status, code, message) => {
      const credentials = rotatingCredentials([
        { accessKeyId: 'AKIDOLD', secretAccessKey: 'old', sessionToken: 'old-token' },
        { accessKeyId: 'AKIDNEW', secretAccessKey: 'new', sessionToken: 'new-token' },
      ]);
      answer = (headers, response) =>
        keyIdOf(headers) === 'AKIDOLD'
          ? refuse(status, code, message)(headers, response)
          : ok(headers, response);
      const before = seen.length;

      await store({ credentials }).put(object);

      const sent = seen.slice(before);
      expect(sent.map(keyIdOf)).toEqual(['AKIDOLD', 'AKIDNEW']);
      expect(sent.map((headers) => headers['x-amz-security-token'])).toEqual(['old-token', 'new-token']);
    },
  );

  it.each([
    [400, 'ExpiredToken', 'The provided token has expired.'],
    [403, 'InvalidAccessKeyId', 'The AWS access key ID that you provided does not exist in our records.'],
  ])(
    '%s %s that fresh credentials do not fix: 503 with Retry-After (clients retry), not a 403',
    async (status, code, message) => {
      answer = refuse(status, code, message);
      const before = seen.length;

      const { result, lines } = await throughHandler();

      expect(seen.length - before).toBe(2); // the first attempt, and one after fetching the credentials again
      expect(result.statusCode).toBe(503);
      expect(result.headers['retry-after']).toBe('2');
      expect(bodyOf(result)).toEqual(STORAGE_503);
      expect(reasonsOf(lines)).toEqual([{ storage_unavailable: 1 }]);
      expect(lines.find((line) => line.message === 'storage failed')).toMatchObject({
        error: { name: code },
      });
    },
  );
});

describe("a clock S3 finds wrong: corrected from S3's Date, as the SDK does", () => {
  // S3 refuses a request more than 15 minutes from its own time (RequestTimeTooSkewed); this one's
  // clock runs 20 minutes ahead of the machine's.
  const AHEAD_MS = 20 * 60_000;
  const skewedS3: Answer = (headers, response) => {
    const s3Now = Date.now() + AHEAD_MS;
    const date = new Date(s3Now).toUTCString();
    if (Math.abs(amzDate(headers) - s3Now) > 15 * 60_000) {
      const times = `<RequestTime>${headers['x-amz-date']}</RequestTime><ServerTime>${new Date(s3Now).toISOString()}</ServerTime>`;
      const message = "The difference between the request time and the server's time is too large.";
      refuse(403, 'RequestTimeTooSkewed', message, { date }, times)(headers, response);
      return;
    }
    response.writeHead(200, { 'content-length': '0', date }).end();
  };

  it("RequestTimeTooSkewed: one retry signed on S3's time stores it; the store keeps the offset", async () => {
    answer = skewedS3;
    const writer = store();
    const before = seen.length;

    await writer.put(object);
    await writer.put({ ...object, key: 'analytics/e-2.json' });

    const sent = seen.slice(before);
    // Refused, retried and accepted; the next write is signed on S3's time from the start.
    expect(sent).toHaveLength(3);
    const skew = sent.map((headers) => amzDate(headers) - Date.now());
    expect(Math.abs(skew[0] ?? 0)).toBeLessThan(60_000);
    expect(Math.abs((skew[1] ?? 0) - AHEAD_MS)).toBeLessThan(60_000);
    expect(Math.abs((skew[2] ?? 0) - AHEAD_MS)).toBeLessThan(60_000);
  });

  it('a skew S3 gives no time for, or a SignatureDoesNotMatch with clocks that agree: one attempt, then a 503', async () => {
    answer = (headers, response) => {
      response.sendDate = false; // no Date: nothing to correct the clock from
      refuse(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      )(headers, response);
    };
    let before = seen.length;
    const skewed = await throughHandler();
    expect(seen.length - before).toBe(1);
    expect(skewed.result.statusCode).toBe(503);
    expect(skewed.result.headers['retry-after']).toBe('2');
    expect(reasonsOf(skewed.lines)).toEqual([{ storage_unavailable: 1 }]);

    // S3's Date agrees with ours: nothing for the SDK to correct, and a retry would sign the same way.
    answer = refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
    before = seen.length;
    const mismatch = await throughHandler();
    expect(seen.length - before).toBe(1);
    expect(mismatch.result.statusCode).toBe(503);
    expect(bodyOf(mismatch.result)).toEqual(STORAGE_503);
    expect(reasonsOf(mismatch.lines)).toEqual([{ storage_unavailable: 1 }]);
  });
});

describe('a bucket in another region: a deployment error, answered 403 with the region in the log', () => {
  it.each<[string, Answer]>([
    [
      '301 PermanentRedirect (x-amz-bucket-region)',
      refuse(
        301,
        'PermanentRedirect',
        'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
        { 'x-amz-bucket-region': 'eu-west-1' },
        '<Endpoint>app1-analytics-prod.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>app1-analytics-prod</Bucket>',
      ),
    ],
    [
      '400 AuthorizationHeaderMalformed (<Region>)',
      refuse(
        400,
        'AuthorizationHeaderMalformed',
        "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
        {},
        '<Region>eu-west-1</Region>',
      ),
    ],
  ])('%s: one attempt, 403, counted for the storage-denied alarm', async (_label, refusal) => {
    answer = refusal;
    const before = seen.length;

    const { result, lines } = await throughHandler();

    expect(seen.length - before).toBe(1);
    expect(result.statusCode).toBe(403);
    expect(result.headers['retry-after']).toBeUndefined();
    expect(bodyOf(result)).toEqual(OTHER_REGION_403);
    expect(reasonsOf(lines)).toEqual([{ bucket_access_denied: 1 }]);
    const logged = lines.find((line) => String(line.message).startsWith('storage refused'));
    expect(logged?.message).toContain('eu-west-1');
    // The client's IP is never in what is written.
    expect(JSON.stringify(lines)).not.toContain(functionUrlEvent(seedBody).requestContext.http.sourceIp);
  });
});

describe("the invocation's deadline, at the store", () => {
  it('starts no attempt with too little time left', async () => {
    const before = seen.length;
    await expect(store().put(object, { deadline: deadlineIn(20) })).rejects.toMatchObject({
      name: 'TimeoutError',
      $metadata: { attempts: 0 },
    });
    expect(seen).toHaveLength(before);
  });

  it('cuts an attempt to the time left, and starts no other after it', async () => {
    answer = () => {}; // read, never answered
    const started = performance.now();
    const failure = store().put(object, { deadline: deadlineIn(400) });
    await expect(failure).rejects.toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 1 } });
    const elapsed = performance.now() - started;
    // The store's own limit is 2 s per attempt and 3 attempts.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(1_000);
    endpoint.closeAllConnections();
  });
});
