/**
 * `GetParameter` on the wire, against a loopback endpoint that answers as SSM does (JSON 1.1): what is
 * sent, how SSM's answers and failures come back, and a signature that botocore (AWS's Python SDK, an
 * independent SigV4 implementation shipped with moto on this machine image) recomputes byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineIn } from './deadline.js';
import { createSsmGetParameter, SsmRequestError } from './ssm-parameter.js';

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
/** What the endpoint answers next (in order); then 200 with the parameter. */
const script: ((response: ServerResponse, name: string) => void)[] = [];

const endpoint = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  request.on('end', () => {
    seen.push({ headers: request.headers, body });
    const { Name } = JSON.parse(body) as { Name: string };
    const next = script.shift();
    if (next) return next(response, Name);
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: `value of ${Name}` } }));
  });
});

const answer = (status: number, body: object) => (response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
};

let url = '';
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const client = (options: { maxAttempts?: number; timeoutMs?: number; sessionToken?: string } = {}) =>
  createSsmGetParameter({
    endpoint: url,
    region: 'eu-west-3',
    credentials: { ...credentials, ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}) },
    maxAttempts: options.maxAttempts ?? 3,
    timeoutMs: options.timeoutMs ?? 2_000,
  });

beforeAll(async () => {
  endpoint.listen(0, '127.0.0.1');
  await once(endpoint, 'listening');
  url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
});
afterAll(() => {
  endpoint.close();
});

/** botocore's SigV4 signature of a request as the endpoint received it, over the headers it says it signed. */
function botocoreSignature(request: Seen, sessionToken?: string): string | undefined {
  const authorization = String(request.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const python = `
import json, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
d = json.load(sys.stdin)
request = AWSRequest(method='POST', url=d['url'] + '/', data=d['body'].encode(), headers=d['headers'])
request.context['timestamp'] = d['headers']['x-amz-date']
auth = SigV4Auth(Credentials(d['ak'], d['sk'], d['token']), 'ssm', 'eu-west-3')
print(auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request))
`;
  const run = spawnSync('python3', ['-c', python], {
    input: JSON.stringify({
      url,
      body: request.body,
      headers,
      ak: credentials.accessKeyId,
      sk: credentials.secretAccessKey,
      token: sessionToken ?? null,
    }),
    encoding: 'utf8',
  });
  return run.status === 0 ? run.stdout.trim() : undefined;
}
const botocoreAvailable = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const NEEDS_BOTOCORE = botocoreAvailable
  ? ''
  : ' (skipped: needs botocore, apt-get install -y python3-botocore)';

describe('createSsmGetParameter', () => {
  it('sends one GetParameter, decrypted, in the SSM JSON protocol, and returns the value', async () => {
    const before = seen.length;
    expect(await client()('/app/salts/2025-12-17')).toBe('value of /app/salts/2025-12-17');
    expect(seen).toHaveLength(before + 1);
    const request = seen.at(-1);
    expect(request?.headers['x-amz-target']).toBe('AmazonSSM.GetParameter');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(request?.body ?? '')).toEqual({ Name: '/app/salts/2025-12-17', WithDecryption: true });
    // SigV4 for SSM in the client's region, with the access key given.
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-3\/ssm\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it.skipIf(!botocoreAvailable)(
    `signs as AWS does: botocore recomputes the same signature, with and without a session token${NEEDS_BOTOCORE}`,
    async () => {
      for (const sessionToken of [undefined, 'IQoJb3JpZ2luX2VjEXAMPLETOKEN']) {
        await client(sessionToken ? { sessionToken } : {})('/app/secret');
        const request = seen.at(-1);
        if (!request) throw new Error('no request seen');
        if (sessionToken) expect(request.headers['x-amz-security-token']).toBe(sessionToken);
        const signature = /Signature=([0-9a-f]{64})$/.exec(String(request.headers.authorization))?.[1];
        expect(signature).toBeDefined();
        expect(botocoreSignature(request, sessionToken)).toBe(signature);
      }
    },
    60_000, // botocore takes seconds to import on a busy machine
  );

  it('answers undefined for ParameterNotFound, in either of the forms SSM names its errors', async () => {
    script.push(answer(400, { __type: 'ParameterNotFound', message: 'Parameter /gone not found.' }));
    expect(await client()('/gone')).toBeUndefined();
    script.push(answer(400, { __type: 'com.amazonaws.ssm#ParameterNotFound', message: 'not found' }));
    expect(await client()('/gone')).toBeUndefined();
  });

  it('throws what SSM refused, named as SSM names it, without retrying', async () => {
    const before = seen.length;
    script.push(
      answer(400, { __type: 'AccessDeniedException', message: 'not authorized to perform ssm:GetParameter' }),
    );
    const failure = client()('/forbidden');
    await expect(failure).rejects.toBeInstanceOf(SsmRequestError);
    await expect(failure).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'not authorized to perform ssm:GetParameter',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(seen).toHaveLength(before + 1);
  });

  it('retries throttling and 5xx, as the SDK does, and gives up after the attempts allowed', async () => {
    const before = seen.length;
    script.push(answer(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }));
    script.push(answer(500, { __type: 'InternalServerError', message: 'oops' }));
    expect(await client()('/busy')).toBe('value of /busy');
    expect(seen).toHaveLength(before + 3);

    script.push(...[1, 2, 3].map(() => answer(503, { message: 'unavailable' })));
    await expect(client()('/down')).rejects.toMatchObject({
      name: 'HTTP 503',
      $metadata: { httpStatusCode: 503, attempts: 3 },
    });
    expect(seen).toHaveLength(before + 6);
  });

  it('gives up on an endpoint that never answers, after its time per attempt', async () => {
    script.push(() => {}); // the request is read, never answered
    await expect(client({ maxAttempts: 1, timeoutMs: 200 })('/silent')).rejects.toMatchObject({
      name: 'NetworkingError',
      message: 'no answer from SSM within 200 ms',
    });
  });

  it("with a deadline, cuts the attempt to it and starts none after (the invocation's time)", async () => {
    const before = seen.length;
    script.push(() => {}); // read, never answered
    const started = performance.now();
    const failure = client()('/late', { deadline: deadlineIn(300) });
    await expect(failure).rejects.toMatchObject({
      name: 'NetworkingError',
      message: expect.stringMatching(/^no answer from SSM within (2\d\d|300) ms$/),
    });
    // 2 s per attempt and 3 attempts otherwise.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen).toHaveLength(before + 1);

    await expect(client()('/none', { deadline: deadlineIn(20) })).rejects.toMatchObject({
      name: 'TimeoutError',
      $metadata: { attempts: 0 },
    });
    expect(seen).toHaveLength(before + 1);
  });
});
