/**
 * Credentials as the deployed tracker finds them, through its build as deployed (`scripts/build.ts`):
 * from the environment, as Lambda gives them, without the SDK's full chain (its chunk deleted before
 * the run); and, with no keys in the environment, from a shared credentials file through that chain.
 * Each request the loopback S3 / SSM received is checked by botocore (AWS's Python SDK, an independent
 * SigV4 implementation) with the secret the test chose.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionUrlEvent, seedBody } from '@analytics-tracker/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'deployed-credentials-'));
const built = join(work, 'lambda');
const SALT_PATH = '/credentials-test/analytics-tracker/salts';
const REGION = 'eu-west-3';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
const received: Received[] = [];
let server: Server;
let endpoint = '';

beforeAll(async () => {
  const build = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'packages/handler/scripts/build.ts'),
      '--outdir',
      built,
    ],
    { cwd: work, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  // One loopback server for both services: SSM GetParameter (the day's salt) and S3 PutObject.
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (request.headers['x-amz-target'] === 'AmazonSSM.GetParameter') {
        const { Name } = JSON.parse(body.toString('utf8')) as { Name: string };
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: 'c'.repeat(64) } }));
        return;
      }
      response.writeHead(200, { etag: '"e"' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
});

/** The tracker's folder of the build, copied to a fresh folder the test may change. */
function trackerCopy(): string {
  const dir = mkdtempSync(join(work, 'tracker-'));
  cpSync(join(built, 'tracker'), dir, { recursive: true });
  return dir;
}

/** Runs the entry in a fresh `node` with exactly `env` (plus the endpoints and the tracker's config). */
async function storeOneEvent(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ statusCode: number; body: string }> {
  const event = functionUrlEvent(seedBody);
  const code = `const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
    (await import('node:fs')).writeSync(3, JSON.stringify(await handler(${JSON.stringify(event)})));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env: {
      PATH: process.env.PATH,
      HOME: work, // no ~/.aws of the machine running the tests
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ALLOWED_BUCKETS: seedBody.bucket,
      SALT_PARAMETER_PATH: SALT_PATH,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let report = '';
  let errors = '';
  child.stdio[3]?.on('data', (chunk: Buffer) => {
    report += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (exitCode !== 0) throw new Error(`the entry failed (${exitCode}): ${errors}`);
  return JSON.parse(report);
}

/**
 * botocore's signature for each request as received (`S3SigV4Auth` for S3, `SigV4Auth` for SSM), with
 * the given secret and session token, beside the signature the request carried.
 */
function botocoreCheck(
  requests: Received[],
  secret: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): { sent: string; botocore: string }[] {
  const python = `
import json, sys
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
for d in json.load(sys.stdin):
    request = AWSRequest(method=d['method'], url=d['url'], data=bytes.fromhex(d['body']), headers=d['headers'])
    request.context['timestamp'] = d['headers']['x-amz-date']
    credentials = Credentials(d['ak'], d['sk'], d['token'])
    auth = SigV4Auth(credentials, 'ssm', d['region']) if d['ssm'] else S3SigV4Auth(credentials, 's3', d['region'])
    print(auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request))
`;
  const input = requests.map((request) => {
    const signed = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))?.[1]?.split(';') ?? [];
    return {
      method: request.method,
      url: `${endpoint}${request.url}`,
      body: request.body.toString('hex'),
      headers: Object.fromEntries(signed.map((name) => [name, String(request.headers[name])])),
      ak: secret.accessKeyId,
      sk: secret.secretAccessKey,
      token: secret.sessionToken ?? null,
      region: REGION,
      ssm: request.headers['x-amz-target'] !== undefined,
    };
  });
  const run = spawnSync('python3', ['-c', python], { input: JSON.stringify(input), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`botocore: ${run.stderr}`);
  const ours = requests.map(
    (request) => /Signature=([0-9a-f]{64})/.exec(String(request.headers.authorization))?.[1] ?? '',
  );
  return run.stdout
    .trim()
    .split('\n')
    .map((botocore, index) => ({ sent: ours[index] ?? '', botocore }));
}

const botocoreAvailable = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
const NEEDS_BOTOCORE = botocoreAvailable
  ? ''
  : ' (skipped: needs botocore, apt-get install -y python3-botocore)';
const accessKeyOf = (request: Received) =>
  /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1];

describe.skipIf(!botocoreAvailable)(`credentials of the deployed tracker${NEEDS_BOTOCORE}`, () => {
  it('signs with the environment keys as Lambda sets them, without the SDK chain (its chunk deleted)', async () => {
    const dir = trackerCopy();
    rmSync(join(dir, 'chunks/aws-sdk-chains.mjs'));
    const lambdaKeys = {
      accessKeyId: 'ASIAENVIRONMENTKEY01',
      secretAccessKey: 'env/Secret+Key/From/The/Lambda/Environment1',
      sessionToken: 'IQoJb3JpZ2luX2VjEnvironmentSessionToken==',
    };

    const result = await storeOneEvent(dir, {
      AWS_ACCESS_KEY_ID: lambdaKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: lambdaKeys.secretAccessKey,
      AWS_SESSION_TOKEN: lambdaKeys.sessionToken,
    });

    expect(result.statusCode).toBe(200);
    // The salt read, then the write: both signed with the environment's keys and token.
    expect(received.map((request) => request.method)).toEqual(['POST', 'PUT']);
    expect(received.map(accessKeyOf)).toEqual([lambdaKeys.accessKeyId, lambdaKeys.accessKeyId]);
    expect(received.map((request) => request.headers['x-amz-security-token'])).toEqual([
      lambdaKeys.sessionToken,
      lambdaKeys.sessionToken,
    ]);
    // botocore is checked where python3 has it (the signature checks of src/signed-s3-store.test.ts too).
    if (botocoreAvailable)
      for (const { sent, botocore } of botocoreCheck(received, lambdaKeys)) expect(sent).toBe(botocore);
  }, 60_000);

  it('with no keys in the environment, signs with those of a shared credentials file (the SDK chain)', async () => {
    const fileKeys = {
      accessKeyId: 'AKIDFROMSHAREDFILE01',
      secretAccessKey: 'file/Secret+Key/From/The/Shared/File0001',
    };
    const credentialsFile = join(work, 'credentials');
    writeFileSync(
      credentialsFile,
      `[default]\naws_access_key_id = ${fileKeys.accessKeyId}\naws_secret_access_key = ${fileKeys.secretAccessKey}\n`,
    );
    const configFile = join(work, 'config');
    writeFileSync(configFile, '');

    const result = await storeOneEvent(trackerCopy(), {
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_CONFIG_FILE: configFile,
    });

    expect(result.statusCode).toBe(200);
    expect(received.map(accessKeyOf)).toEqual([fileKeys.accessKeyId, fileKeys.accessKeyId]);
    expect(received.map((request) => request.headers['x-amz-security-token'])).toEqual([
      undefined,
      undefined,
    ]);
    if (botocoreAvailable) {
      for (const { sent, botocore } of botocoreCheck(received, fileKeys)) expect(sent).toBe(botocore);
      // Not vacuous: botocore with another secret disagrees.
      const [wrong] = botocoreCheck(received.slice(1), { ...fileKeys, secretAccessKey: 'another-secret' });
      expect(wrong?.botocore).not.toBe(wrong?.sent);
    }
  }, 60_000);
});
